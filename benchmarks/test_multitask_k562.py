"""One multi-task DeMo model on five K562 experiments against five single-task models.

The five K562 experiments of the 16-experiment comparison (ARID3A, CTCFL, GABPA, GATA1,
REST) are trained as ONE ``DeepMotifClassifier`` with default hyperparameters: the
training X is the concatenation of the five training sets, and ``y`` has one column per
experiment, holding a sequence's own label in its experiment's column and NaN (unknown,
left out of the loss) in the others.  Each task is scored by its test ROC AUC on its own
experiment's test set and compared with that experiment's single-task default model
(``conftest.default_model``: trained once, or loaded from the fitted-model cache, whose
recorded training time is the single-task time).

Writes ``benchmarks/results/multitask_k562.md`` (per task: single AUC, multi AUC, delta;
the median delta; total training times) and asserts the claim of issue 27: median delta
>= 0.

Opt-in: ``DEMOTIF_BENCH_MULTITASK=1``; the multi-task model sees about 105,000 training
sequences.  ``DEMOTIF_BENCH_MULTITASK_SUBSET=N`` checks the machinery quickly: N training
sequences drawn from each experiment, both kinds of model trained afresh on them (no
cache), at most ``DEMOTIF_BENCH_MULTITASK_EPOCHS`` epochs (default 2), results written to
``multitask_k562_subset.md`` and no claim asserted.
"""

import os
import time

import numpy as np
import pytest

from sklearn_demotif._atomic import write_atomically

#: The K562 experiments of the 16-experiment comparison.
K562_EXPERIMENTS = [
    "ARID3A_K562_ARID3A_(sc-8821)_Stanford",
    "CTCFL_K562_CTCFL_(SC-98982)_HudsonAlpha",
    "GABPA_K562_GABP_HudsonAlpha",
    "GATA1_K562_GATA-1_USC",
    "REST_K562_NRSF_HudsonAlpha",
]

pytestmark = pytest.mark.skipif(
    os.environ.get("DEMOTIF_BENCH_MULTITASK") != "1",
    reason="opt-in: set DEMOTIF_BENCH_MULTITASK=1 to train one multi-task model on the "
    "five K562 experiments (DEMOTIF_BENCH_MULTITASK_SUBSET=N for a quick check)",
)


def stacked_labels(label_sets):
    """``(n, n_tasks)`` labels: each block of rows labelled in its own column, NaN elsewhere.

    Examples
    --------
    >>> stacked_labels([[1, 0], [1]]).tolist()
    [[1.0, nan], [0.0, nan], [nan, 1.0]]
    """
    total = sum(len(labels) for labels in label_sets)
    stacked = np.full((total, len(label_sets)), np.nan)
    start = 0
    for task, labels in enumerate(label_sets):
        stacked[start:start + len(labels), task] = labels
        start += len(labels)
    return stacked


def _subset(data, n_sequences, seed):
    """A seeded draw of ``n_sequences`` training sequences of an experiment (all if fewer)."""
    from sklearn.utils import Bunch

    rows = np.random.RandomState(seed).permutation(len(data.y_train))[:n_sequences]
    return Bunch(**{
        **data,
        "X_train": [data.X_train[row] for row in rows],
        "y_train": np.asarray(data.y_train)[rows],
    })


def _pipeline(**params):
    from sklearn.pipeline import Pipeline

    from sklearn_demotif import DeepMotifClassifier, OneHotDNA

    return Pipeline(
        [("onehot", OneHotDNA()), ("clf", DeepMotifClassifier(random_state=0, verbose=0,
                                                              **params))]
    )


def _single_task_models(experiments, default_model, subset, epochs):
    """Per experiment: ``(pipeline, data, train_seconds)`` of its single-task model."""
    from sklearn_demotif.datasets import load_experiment

    models = {}
    for seed, name in enumerate(experiments):
        if not subset:
            pipeline, data, info = default_model(name)
            models[name] = (pipeline, data, info["train_seconds"], info.get("device", "?"))
            continue
        data = _subset(load_experiment(name), subset, seed)
        pipeline = _pipeline(max_epochs=epochs)
        start = time.perf_counter()
        pipeline.fit(data.X_train, data.y_train)
        models[name] = (pipeline, data, time.perf_counter() - start, pipeline[-1].device_)
    return models


def _report(rows, multi_seconds, single_seconds, multi_device, single_devices, subset, epochs,
            multi_epochs):
    deltas = [row["delta"] for row in rows]
    lines = [
        "# One multi-task model on five K562 experiments" + (" (subset)" if subset else ""),
        "",
        "- command: `DEMOTIF_BENCH_MULTITASK=1 pytest benchmarks/test_multitask_k562.py`"
        + (f" with DEMOTIF_BENCH_MULTITASK_SUBSET={subset} (training sequences per "
           f"experiment), DEMOTIF_BENCH_MULTITASK_EPOCHS={epochs} (max_epochs of every "
           "model): a check of the machinery, not of the claim" if subset else ""),
        "- multi-task: one `DeepMotifClassifier(random_state=0)` with default "
        "hyperparameters on the five training sets stacked, unknown labels NaN (masked)",
        "- single-task: the default model of each experiment"
        + (" trained on the same subset" if subset else " (benchmarks' fitted-model cache)"),
        f"- devices: multi-task {multi_device}; single-task {', '.join(sorted(single_devices))}",
        "",
        "| task | experiment | test sequences | single AUC | multi AUC | delta | single epochs |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['task']} | {row['experiment']} | {row['n_test']} | {row['single']:.4f} | "
            f"{row['multi']:.4f} | {row['delta']:+.4f} | {row['single_epochs']} |"
        )
    lines += [
        "",
        f"- median delta (multi - single): {np.median(deltas):+.4f}",
        f"- training time: multi-task {multi_seconds:.0f} s ({multi_epochs} epochs), "
        "single-task total "
        f"{single_seconds:.0f} s (ratio {multi_seconds / single_seconds:.2f})",
        "",
    ]
    return "\n".join(lines)


def test_one_multitask_model_matches_five_single_task_models(default_model, results_dir):
    from sklearn.metrics import roc_auc_score

    subset = int(os.environ.get("DEMOTIF_BENCH_MULTITASK_SUBSET", "0"))
    epochs = int(os.environ.get("DEMOTIF_BENCH_MULTITASK_EPOCHS", "2"))
    singles = _single_task_models(K562_EXPERIMENTS, default_model, subset, epochs)
    tasks = [name.split("_")[0] for name in K562_EXPERIMENTS]
    datasets = [singles[name][1] for name in K562_EXPERIMENTS]

    X_train = [sequence for data in datasets for sequence in data.X_train]
    y_train = stacked_labels([np.asarray(data.y_train, dtype=float) for data in datasets])
    multi = _pipeline(task_names=tasks, **({"max_epochs": epochs} if subset else {}))
    start = time.perf_counter()
    multi.fit(X_train, y_train)
    multi_seconds = time.perf_counter() - start

    rows = []
    for task, name in enumerate(K562_EXPERIMENTS):
        single, data, _, _ = singles[name]
        single_auc = roc_auc_score(data.y_test, single.predict_proba(data.X_test)[:, 1])
        multi_auc = roc_auc_score(data.y_test, multi.predict_proba(data.X_test)[:, task])
        rows.append({
            "task": tasks[task], "experiment": name, "n_test": len(data.y_test),
            "single": single_auc, "multi": multi_auc, "delta": multi_auc - single_auc,
            "single_epochs": single[-1].n_epochs_,
        })
    single_seconds = sum(singles[name][2] for name in K562_EXPERIMENTS)
    report = _report(
        rows, multi_seconds, single_seconds, multi[-1].device_,
        {singles[name][3] for name in K562_EXPERIMENTS}, subset, epochs, multi[-1].n_epochs_,
    )
    stem = "multitask_k562_subset" if subset else "multitask_k562"
    write_atomically(results_dir / f"{stem}.md", report)
    print(report)
    if not subset:
        median_delta = float(np.median([row["delta"] for row in rows]))
        assert median_delta >= 0, f"median delta {median_delta:+.4f} < 0:\n{report}"
