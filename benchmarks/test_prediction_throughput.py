"""Prediction throughput of DeepMotifClassifier.predict_proba vs a bare eval-mode PyTorch loop.

The default DeMo model of GATA1_K562 (``conftest.default_model``, cached) predicts
4,096 one-hot training sequences of 101 bp, both strands (the strand wrapper averages
them), with ``predict_proba`` at ``predict_batch_size`` 128, 256, 1,024 and 4,096.  The
bare loop is what a PyTorch user writes: the same module in ``eval()`` mode under
``torch.no_grad()`` (and the classifier's autocast type, bfloat16 on CPUs with native
bfloat16), the same batches sliced from one tensor, ``softmax``, concatenated into one
array.  Each setting is timed in every one of several rounds; a round times
``predict_proba`` at every batch size, then the bare loop at every batch size, each
block after a short untimed call and in an order that rotates from round to round,
so that no setting always follows the bare loop's slow large batches.  Every ratio is
taken within a round (the settings it compares ran seconds apart) and the median over
rounds is reported: this shared machine's speed drifts by 15 % or more within a
minute, so a best-of-rounds figure for each setting compared settings measured at
different moments (``predict_proba`` at 128 once came out 14 % faster than the bare
loop doing the same work).

Targets (asserted, on the medians): ``predict_proba`` at least 0.9 times the bare
loop's rate at batch sizes 128 and 1,024; batches of 1,024 not slower than batches of
128 (within 5 %); and the default ``predict_batch_size`` within 5 % of the batch size
with the highest median rate, which is how the default was chosen.  Results go to
``benchmarks/results/prediction_throughput.md``.
"""

import os
import time

import numpy as np
import torch

from sklearn_demotif import DeepMotifClassifier
from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.encoding import one_hot_encode

EXPERIMENT = "GATA1_K562_GATA-1_USC"
N_SEQUENCES = int(os.environ.get("DEMOTIF_PREDICT_N", 4096))
BATCH_SIZES = (128, 256, 1024, 4096)
ROUNDS = 7


def _bare_loop(module, X, batch_size, device, autocast_dtype=None):
    module.eval()
    inputs = torch.from_numpy(X)
    start = time.perf_counter()
    with torch.no_grad(), torch.autocast(
        torch.device(device).type, dtype=autocast_dtype or torch.float32,
        enabled=autocast_dtype is not None,
    ):
        parts = [
            torch.softmax(
                module(inputs[first : first + batch_size].to(device)).float(), dim=1
            ).cpu()
            for first in range(0, len(inputs), batch_size)
        ]
        proba = torch.cat(parts).numpy()
    return time.perf_counter() - start, proba


def _predict_proba(classifier, X, batch_size):
    classifier.set_params(predict_batch_size=batch_size)
    start = time.perf_counter()
    proba = classifier.predict_proba(X)
    return time.perf_counter() - start, proba


def test_predict_proba_keeps_up_with_a_bare_loop(default_model, results_dir):
    pipeline, data, _ = default_model(EXPERIMENT)
    classifier = pipeline[-1]
    default_batch_size = classifier.predict_batch_size
    X = one_hot_encode(data.X_train[:N_SEQUENCES])
    device = classifier.device_
    # The bare loop runs at the classifier's precision; bfloat16 rounds differently for
    # different batch sizes, float32 agrees to the last digits.
    dtype = classifier.net_.autocast_dtype
    tolerance = {"rtol": 1e-4, "atol": 1e-6} if dtype is None else {"rtol": 0, "atol": 2e-2}
    seconds = {(kind, size): [] for kind in ("bare", "ours") for size in BATCH_SIZES}
    probabilities = {}
    try:
        for round_index in range(ROUNDS):
            shift = round_index % len(BATCH_SIZES)
            sizes = BATCH_SIZES[shift:] + BATCH_SIZES[:shift]
            _predict_proba(classifier, X[:256], 128)
            for size in sizes:
                elapsed, probabilities["ours", size] = _predict_proba(classifier, X, size)
                seconds["ours", size].append(elapsed)
            _bare_loop(classifier.module_, X[:256], 128, device, dtype)
            for size in sizes:
                elapsed, probabilities["bare", size] = _bare_loop(
                    classifier.module_, X, size, device, dtype
                )
                seconds["bare", size].append(elapsed)
            for size in sizes:
                np.testing.assert_allclose(
                    probabilities["ours", size], probabilities["bare", size], **tolerance
                )
    finally:
        classifier.set_params(predict_batch_size=default_batch_size)
    rounds = [
        {key: len(X) / times[index] for key, times in seconds.items()} for index in range(ROUNDS)
    ]
    rate = {key: np.median([rates[key] for rates in rounds]) for key in seconds}
    ratio = {
        size: np.median([rates["ours", size] / rates["bare", size] for rates in rounds])
        for size in BATCH_SIZES
    }
    fastest = max(BATCH_SIZES, key=lambda size: rate["ours", size])
    of_fastest = {
        size: np.median([rates["ours", size] / rates["ours", fastest] for rates in rounds])
        for size in BATCH_SIZES
    }
    large_vs_small = {
        kind: np.median([rates[kind, 1024] / rates[kind, 128] for rates in rounds])
        for kind in ("ours", "bare")
    }
    where = (
        torch.cuda.get_device_name() if device.startswith("cuda")
        else f"CPU, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs"
    )
    lines = [
        "# Prediction throughput: predict_proba vs a bare eval-mode loop",
        "",
        f"- model: default DeMo of {EXPERIMENT} (cached), {len(X):,} sequences of "
        f"{X.shape[2]} bp, both strands; device: {where}",
        f"- medians over {ROUNDS} rounds (rotating order), every ratio taken within a round; "
        f"load average (1 min) now {os.getloadavg()[0]:.2f}",
        "",
        "| batch size | bare loop seq/s | predict_proba seq/s | ratio | of the fastest |",
        "|---|---|---|---|---|",
        *(
            f"| {size:,}{' (default)' if size == default_batch_size else ''} "
            f"| {rate['bare', size]:,.0f} | {rate['ours', size]:,.0f} | {ratio[size]:.2f} "
            f"| {of_fastest[size]:.2f} |"
            for size in BATCH_SIZES
        ),
        "",
        f"Fastest predict_proba batch size: {fastest:,}; default {default_batch_size:,} runs "
        f"at {of_fastest[default_batch_size]:.2f} of it.  "
        f"1,024 vs 128: {large_vs_small['ours']:.2f} (predict_proba), "
        f"{large_vs_small['bare']:.2f} (bare loop).",
    ]
    report = "\n".join(lines) + "\n"
    write_atomically(results_dir / "prediction_throughput.md", report)
    print("\n" + report)
    assert ratio[128] >= 0.9 and ratio[1024] >= 0.9, report
    assert large_vs_small["ours"] >= 0.95, report
    assert of_fastest[default_batch_size] >= 0.95, report
    assert DeepMotifClassifier().predict_batch_size == default_batch_size
