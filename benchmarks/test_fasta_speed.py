"""FASTA reading time per megabase for one long record: it must stay flat (linear growth).

Genome input makes long records the normal case (a chromosome is one record).  The
benchmark writes single-record FASTA files of 1, 4 and 16 Mb, wrapped at 60
columns, reads each with :func:`sklearn_demotif.io.read_fasta` (best of three) in a
fresh Python process, so that what the suite ran before (a process that trained
models reads 16 Mb more slowly: 2.11 times the time per Mb of 1 Mb, against 1.22
alone) does not count, and reports the seconds per Mb in
``benchmarks/results/fasta_speed.md``.  Target: the
time per Mb at 16 Mb is at most 1.5 times that at 1 Mb (a quadratic parser gives
about 16 times).
"""

import json
import subprocess
import sys

import numpy as np

from sklearn_demotif._atomic import write_atomically

SIZES_MB = (1, 4, 16)
LINE_WIDTH = 60
#: Run in a fresh process: the best of three reads of one file, as JSON.
_TIMER = """
import json, sys, time
from sklearn_demotif.io import read_fasta
times = []
for _ in range(3):
    start = time.perf_counter()
    _, sequences = read_fasta(sys.argv[1])
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": min(times), "length": len(sequences[0])}))
"""


def _write_record(path, megabases, rng):
    sequence = "".join(rng.choice(list("ACGT"), size=megabases * 1_000_000))
    lines = [sequence[i : i + LINE_WIDTH] for i in range(0, len(sequence), LINE_WIDTH)]
    path.write_text(">chrTest\n" + "\n".join(lines) + "\n")
    return len(sequence)


def _best_time(path):
    result = subprocess.run(
        [sys.executable, "-c", _TIMER, str(path)], capture_output=True, text=True, check=True
    )
    measured = json.loads(result.stdout)
    return measured["seconds"], measured["length"]


def test_fasta_reading_time_per_megabase_is_flat(tmp_path, results_dir):
    rng = np.random.RandomState(0)
    rows = []
    for megabases in SIZES_MB:
        path = tmp_path / f"record_{megabases}mb.fa"
        length = _write_record(path, megabases, rng)
        seconds, read_length = _best_time(path)
        assert read_length == length
        rows.append((megabases, seconds, seconds / megabases))
    growth = rows[-1][2] / rows[0][2]
    table = ["| record | seconds | seconds per Mb |", "|---|---|---|"]
    table += [f"| {mb} Mb | {seconds:.3f} | {per_mb:.4f} |" for mb, seconds, per_mb in rows]
    report = (
        "# FASTA reading speed (one record, 60-column lines)\n\n"
        + "\n".join(table)
        + f"\n\nTime per Mb at {SIZES_MB[-1]} Mb / at {SIZES_MB[0]} Mb: **{growth:.2f}** "
        "(target <= 1.5; 1.0 is perfectly linear).\n"
    )
    write_atomically(results_dir / "fasta_speed.md", report)
    print(report)
    assert growth <= 1.5, report
