"""scan_genome: throughput against decision_function, and memory that stays flat with length.

Throughput: the default DeMo network (``DeepMotifClassifier()``, trained one
epoch: speed depends on the architecture, not the weights) scores the same
number of windows two ways, alternating rounds after a warm-up, median of the
rounds: ``scan_genome`` over a region of a synthetic genome (reading the
FASTA, cutting and encoding the windows, stride 10) and
``decision_function`` on the same windows cut and one-hot encoded
beforehand.  Target: scan_genome's windows per second >= 0.8 of
decision_function's.

Memory: fresh Python processes scan 1 Mb and 10 Mb of one chromosome with a
small network, each reporting its own peak resident memory (``VmHWM`` of
``/proc/self/status``; Linux),
two ways: ``write_bedgraph(path, iter_genome_scan(...))``, the streaming path
``demotif scan`` takes, and ``scan_genome`` (a DataFrame of every window, which
grows with the regions by design: 32 bytes a window).  Target: the streaming
path's peak memory at 10 Mb within 20 % of its peak at 1 Mb.

``DEMOTIF_BENCH=quick`` (default) scores 4,096 windows and scans with stride
100 for the memory test; ``DEMOTIF_BENCH=full`` scores 32,768 windows and
scans with stride 10 (a million windows at 10 Mb).  Results go to
``benchmarks/results/genome_scan_<device>.md``.
"""

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.classifier import resolve_device
from sklearn_demotif.datasets import make_genome_dataset, make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret import scan_genome
from sklearn_demotif.io import Genome

ROUNDS = 3
WIDTH = 101

_MEMORY_SCRIPT = """
import json, pickle, sys, tempfile
from sklearn_demotif.interpret import iter_genome_scan, scan_genome, write_bedgraph
model_path, genome, region, stride, how = sys.argv[1:6]
with open(model_path, "rb") as handle:
    model = pickle.load(handle)
if how == "stream":
    path = write_bedgraph(tempfile.mktemp(suffix=".bedGraph"),
                          iter_genome_scan(model, genome, region, stride=int(stride), verbose=0),
                          step=int(stride))
    n_windows = sum(1 for _ in open(path))
    path.unlink()
else:
    n_windows = len(scan_genome(model, genome, region, stride=int(stride), verbose=0))
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, i.e. the forking parent's peak.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"peak_mb": peak, "n_windows": n_windows}))
"""


def _mode():
    mode = os.environ.get("DEMOTIF_BENCH", "quick")
    if mode not in ("quick", "full"):
        pytest.fail(f"DEMOTIF_BENCH must be 'quick' or 'full', got {mode!r}")
    return mode


def _fitted(device, **params):
    X, y = make_motif_dataset("MA0138", n_samples=512, length=WIDTH, random_state=0)
    classifier = DeepMotifClassifier(max_epochs=1, validation_fraction=None, device=device,
                                     random_state=0, verbose=0, **params)
    return Pipeline([("onehot", OneHotDNA()), ("clf", classifier)]).fit(X, y)


def _device_name(device):
    if device.startswith("cuda"):
        return torch.cuda.get_device_name()
    return f"CPU ({torch.get_num_threads()} threads)"


def _synchronized(function, device):
    start = time.perf_counter()
    result = function()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - start, result


def test_scan_genome_keeps_pace_with_decision_function(tmp_path, results_dir):
    n_windows = 32_768 if _mode() == "full" else 4_096
    device = resolve_device("auto")
    stride = 10
    length = (n_windows - 1) * stride + WIDTH
    # The synthetic chromosome's N gap sits in its middle: the region stays before it.
    files = make_genome_dataset(tmp_path, n_chromosomes=1,
                                chromosome_length=2 * (length + 20_000), n_peaks=10,
                                n_variants=1, random_state=0)
    region = f"chr1:10000-{10_000 + length}"
    model = _fitted(device)
    classifier = model[-1]
    genome = Genome(files.genome)
    windows = [genome.fetch("chr1", start, start + WIDTH)
               for start in range(10_000, 10_000 + length - WIDTH + 1, stride)]
    X = one_hot_encode(windows)
    assert len(X) == n_windows

    def scan():
        return scan_genome(model, genome, region, stride=stride, verbose=0)

    def baseline():
        return classifier.decision_function(X)

    scan(), baseline()  # warm-up
    scan_times, baseline_times = [], []
    for _ in range(ROUNDS):
        seconds, track = _synchronized(scan, device)
        scan_times.append(seconds)
        seconds, scores = _synchronized(baseline, device)
        baseline_times.append(seconds)
    np.testing.assert_allclose(track["score"], scores, rtol=1e-4, atol=1e-5)
    scan_rate = n_windows / np.median(scan_times)
    baseline_rate = n_windows / np.median(baseline_times)
    ratio = scan_rate / baseline_rate
    report = (
        f"## scan_genome throughput ({_mode()})\n\n"
        "| device | windows | decision_function windows/s (pre-cut one-hot) | "
        "scan_genome windows/s (from the FASTA) | ratio |\n|---|---|---|---|---|\n"
        f"| {_device_name(device)} | {n_windows} | {baseline_rate:.0f} | {scan_rate:.0f} | "
        f"{ratio:.3f} |\n"
    )
    _write(results_dir, device, "throughput", report)
    assert ratio >= 0.8, f"scan_genome runs at {ratio:.2f}x decision_function's rate"


def _peak_memory(model_path, genome, region, stride, how):
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, str(model_path), str(genome), region,
         str(stride), how],
        capture_output=True, text=True, timeout=1800,
        env={**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_scanning_10_mb_needs_no_more_memory_than_1_mb(tmp_path, results_dir):
    stride = 10 if _mode() == "full" else 100
    files = make_genome_dataset(tmp_path, n_chromosomes=1, chromosome_length=10_020_000,
                                n_peaks=10, n_variants=1, random_state=0)
    model = _fitted("cpu", n_filters=16, highway_units=8, n_highway_layers=1)
    model_path = tmp_path / "model.pkl"
    model_path.write_bytes(pickle.dumps(model))
    rows, peaks = [], {}
    for how in ("stream", "dataframe"):
        for megabases in (1, 10):
            region = f"chr1:10000-{10_000 + megabases * 1_000_000}"
            start = time.perf_counter()
            measured = _peak_memory(model_path, files.genome, region, stride, how)
            seconds = time.perf_counter() - start
            peaks[how, megabases] = measured["peak_mb"]
            rows.append(f"| {how} | {megabases} Mb | {measured['n_windows']} | "
                        f"{measured['peak_mb']:.0f} | {seconds:.0f} |")
    stream_ratio = peaks["stream", 10] / peaks["stream", 1]
    frame_ratio = peaks["dataframe", 10] / peaks["dataframe", 1]
    report = (
        f"## scan_genome peak memory ({_mode()}, stride {stride}, small network, 1 thread)\n\n"
        "| path | region | windows | peak RSS (MB) | seconds |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + f"\n\nstreaming (write_bedgraph(iter_genome_scan(...)), as demotif scan): 10 Mb / "
        f"1 Mb = {stream_ratio:.3f}; scan_genome DataFrame: {frame_ratio:.3f}\n"
    )
    _write(results_dir, "cpu", "memory", report)
    assert stream_ratio <= 1.2, f"streaming 10 Mb takes {stream_ratio:.2f}x the memory of 1 Mb"


def _write(results_dir, device, part, report):
    path = results_dir / f"genome_scan_{device.split(':')[0]}_{part}.md"
    write_atomically(path, report)
    print("\n" + report)
    return Path(path)
