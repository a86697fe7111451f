"""The default precision against float32 on this CPU: accuracy, training time, prediction rate.

``precision="auto"`` (the default) trains and predicts under bfloat16 autocast on a
CPU that computes bfloat16 natively (AVX-512 BF16 or AMX BF16) and in float32
elsewhere.  On the four quick experiments (GATA1_K562, MYC_H1-hESC, ELK1_GM12878,
GABPA_GM12878) plus CTCFL_K562, ``DeepMotifClassifier(random_state=0)`` and
``DeepMotifClassifier(random_state=0, precision="float32")`` are trained on all of each
training set with :func:`~sklearn_demotif.benchmark.run_experiment` in this process,
one experiment after the other (after a short warm-up fit of each), the order of the
two alternating between experiments, and scored by ROC AUC on the test set.  Then
both CTCFL_K562 models predict 4,096 test sequences (both strands) with
``predict_proba`` in alternating rounds; the ratio of the rates is taken within each
round and the median over rounds reported.

Targets (asserted) where the CPU has native bfloat16: median test-AUC difference
(default minus float32) at least -0.001 (each difference is reported), total training
time at most 0.75 times float32's, prediction rate at least 2 times float32's.  On a
CPU without it the two settings are the same computation: the benchmark says so and
asserts that the default is not slower (training time within 10 %, prediction rate at
least 0.9 times).  The output names the CPU and its bfloat16 features.  Results go to
``benchmarks/results/cpu_precision.md``; the default models are kept in the
fitted-model cache for the other benchmarks (``conftest.default_model``), the float32
ones in ``benchmarks/results/models-float32/``.

It trains ten models (about 15 minutes on 2 CPU cores with bfloat16), so it runs only
when asked: ``DEMOTIF_BENCH_PRECISION=1`` or ``DEMOTIF_BENCH=full``.
"""

import os
import platform
import time

import numpy as np
import pytest
import torch

from sklearn_demotif import DeepMotifClassifier
from sklearn_demotif._atomic import write_atomically
from sklearn_demotif._training import NATIVE_BFLOAT16_FEATURES, cpu_has_native_bfloat16
from sklearn_demotif.benchmark import load_fitted_model, run_experiment
from sklearn_demotif.datasets import load_experiment, make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode

EXPERIMENTS = [
    "GATA1_K562_GATA-1_USC",
    "MYC_H1-hESC_c-Myc_Stanford",
    "ELK1_GM12878_ELK1_(1277-1)_Stanford",
    "GABPA_GM12878_GABP_HudsonAlpha",
    "CTCFL_K562_CTCFL_(SC-98982)_HudsonAlpha",
]
SETTINGS = {"default": {}, "float32": {"precision": "float32"}}
N_PREDICT = 4096
ROUNDS = 7

pytestmark = pytest.mark.skipif(
    os.environ.get("DEMOTIF_BENCH_PRECISION") != "1" and os.environ.get("DEMOTIF_BENCH") != "full",
    reason="takes about 15 minutes; set DEMOTIF_BENCH_PRECISION=1 (or DEMOTIF_BENCH=full)",
)


def describe_cpu():
    """The CPU's name and its bfloat16 features, as torch reports them."""
    name = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            name = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                name,
            )
    except OSError:
        pass
    try:
        features = torch._C._cpu._get_cpu_capability()
    except (AttributeError, RuntimeError):
        features = {}
    flags = ", ".join(
        f"{flag} {'yes' if features.get(flag) else 'no'}" for flag in NATIVE_BFLOAT16_FEATURES
    )
    return (
        f"{name}; torch CPU capability {torch.backends.cpu.get_cpu_capability()}; {flags}; "
        f"native bfloat16: {'yes' if cpu_has_native_bfloat16() else 'no'}"
    )


def _warm_up():
    """One short fit of each setting, so that neither timed run pays the process's first use."""
    X, y = make_motif_dataset("MA0035", n_samples=512, length=101, random_state=0)
    for params in SETTINGS.values():
        classifier = DeepMotifClassifier(**params, max_epochs=2, random_state=0, verbose=0)
        classifier.fit(one_hot_encode(X), y)


def _prediction_rates(models, X):
    """Median over rounds of each setting's rate relative to float32's, and the rates."""
    rates = {setting: [] for setting in models}
    for index in range(ROUNDS):
        order = list(models) if index % 2 == 0 else list(models)[::-1]
        for setting in order:
            classifier = models[setting]
            classifier.predict_proba(X[:256])
            start = time.perf_counter()
            classifier.predict_proba(X)
            rates[setting].append(len(X) / (time.perf_counter() - start))
    ratios = np.array(rates["default"]) / np.array(rates["float32"])
    return float(np.median(ratios)), {s: float(np.median(r)) for s, r in rates.items()}


def test_the_default_precision_is_faster_at_the_same_accuracy(data_home, results_dir):
    native = cpu_has_native_bfloat16()
    _warm_up()
    caches = {"default": results_dir / "models", "float32": results_dir / "models-float32"}
    rows = {setting: {} for setting in SETTINGS}
    start = time.perf_counter()
    for index, name in enumerate(EXPERIMENTS):
        order = list(SETTINGS) if index % 2 == 0 else list(SETTINGS)[::-1]
        for setting in order:
            (row,) = run_experiment(
                name, data_home=data_home, models=("demo",), random_state=0,
                model_params={"demo": SETTINGS[setting]}, model_dir=caches[setting],
            )
            rows[setting][name] = row
    wall = time.perf_counter() - start

    last = EXPERIMENTS[-1]
    models = {}
    for setting, params in SETTINGS.items():
        classifier = DeepMotifClassifier(random_state=0, verbose=0, **params)
        fitted, _ = load_fitted_model(caches[setting], last, "demo", classifier)
        models[setting] = fitted[-1]
    data = load_experiment(last, data_home=data_home)
    X_predict = one_hot_encode(np.resize(data.X_test, N_PREDICT))
    speedup, rates = _prediction_rates(models, X_predict)

    def total(setting, column):
        return sum(row[column] for row in rows[setting].values())

    deltas = {
        name: rows["default"][name]["auc"] - rows["float32"][name]["auc"] for name in EXPERIMENTS
    }
    median_delta = float(np.median(list(deltas.values())))
    ratio = total("default", "train_seconds") / total("float32", "train_seconds")
    lines = [
        "# The default precision against float32 on this CPU",
        "",
        f"- CPU: {describe_cpu()}",
        f"- default: `DeepMotifClassifier(random_state=0)` (precision='auto', here "
        f"{'bfloat16 autocast' if native else 'float32'}); float32: the same with "
        "`precision='float32'`",
        "- trained on all of each training set, test AUC; "
        f"{torch.get_num_threads()} torch threads, "
        f"{os.cpu_count()} CPUs; {wall:.0f} s wall in all; load average (1 min) now "
        f"{os.getloadavg()[0]:.2f}",
        "",
        "| experiment | n_train | epochs default / float32 | train s default / float32 "
        "| AUC default | AUC float32 | Δ AUC |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in EXPERIMENTS:
        new, old = rows["default"][name], rows["float32"][name]
        lines.append(
            f"| {name} | {new['n_train']:,} | {new['n_epochs']} / {old['n_epochs']} "
            f"| {new['train_seconds']:.0f} / {old['train_seconds']:.0f} | {new['auc']:.4f} "
            f"| {old['auc']:.4f} | {deltas[name]:+.4f} |"
        )
    lines += [
        "",
        f"- median test-AUC Δ (default − float32): {median_delta:+.4f} (target ≥ −0.001)",
        f"- total training time: default {total('default', 'train_seconds'):.0f} s, float32 "
        f"{total('float32', 'train_seconds'):.0f} s, ratio **{ratio:.2f}** "
        f"(target {'≤ 0.75' if native else '≤ 1.10: no native bfloat16, the same computation'})",
        f"- prediction ({N_PREDICT:,} sequences, both strands, {last}): default "
        f"{rates['default']:,.0f} seq/s, float32 {rates['float32']:,.0f} seq/s, median ratio "
        f"over {ROUNDS} rounds **{speedup:.2f}x** (target {'≥ 2' if native else '≥ 0.9'})",
    ]
    report = "\n".join(lines) + "\n"
    write_atomically(results_dir / "cpu_precision.md", report)
    print("\n" + report)
    assert median_delta >= -0.001, report
    if native:
        assert ratio <= 0.75, report
        assert speedup >= 2, report
    else:
        assert ratio <= 1.10, report
        assert speedup >= 0.9, report
