"""Time to accuracy: the defaults against the settings they replaced, in one run.

On the four quick experiments (GATA1_K562, MYC_H1-hESC, ELK1_GM12878, GABPA_GM12878)
plus CTCFL_K562, the default ``DeepMotifClassifier(random_state=0)`` (pooling by 3,
dropout 0.1 after pooling, weights averaged over about an epoch, up to 15 epochs, stop
3 epochs after the best validation AUC) and
``DeepMotifClassifier(random_state=0, **LEGACY_SETTINGS)`` (the 0.2 defaults: pooling
by 2, dropout 0.3 before pooling, up to 30 epochs, stop 5 epochs after the best
validation loss, no averaging) are trained on all of each training set and scored by
ROC AUC on its test set, with :func:`~sklearn_demotif.benchmark.run_experiment` in
this process, one experiment after the other (after a short warm-up fit of each), the
order of the two alternating between experiments.

Targets (asserted): the defaults' median test AUC not lower than the old settings'
(the delta is reported) and their total training wall time at most 0.5 times the old
settings' (the ratio and the epochs per experiment are reported).  Results go to
``benchmarks/results/time_to_accuracy.md``; the default models are kept for the
motif benchmark (``conftest.default_model``).

It trains ten models on up to 22,066 sequences (about 28 minutes on 2 CPU cores), so
it runs only when asked: ``DEMOTIF_BENCH_TTA=1`` or ``DEMOTIF_BENCH=full``.
"""

import os
import time

import numpy as np
import pytest
import torch

from sklearn_demotif import DeepMotifClassifier
from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.benchmark import run_experiment
from sklearn_demotif.classifier import LEGACY_SETTINGS
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode

EXPERIMENTS = [
    "GATA1_K562_GATA-1_USC",
    "MYC_H1-hESC_c-Myc_Stanford",
    "ELK1_GM12878_ELK1_(1277-1)_Stanford",
    "GABPA_GM12878_GABP_HudsonAlpha",
    "CTCFL_K562_CTCFL_(SC-98982)_HudsonAlpha",
]
SETTINGS = {"new defaults": {}, "old settings": dict(LEGACY_SETTINGS)}

pytestmark = pytest.mark.skipif(
    os.environ.get("DEMOTIF_BENCH_TTA") != "1" and os.environ.get("DEMOTIF_BENCH") != "full",
    reason="takes about 28 minutes; set DEMOTIF_BENCH_TTA=1 (or DEMOTIF_BENCH=full)",
)


def _warm_up():
    """One short fit of each setting, so that neither timed run pays the process's first use."""
    X, y = make_motif_dataset("MA0035", n_samples=512, length=101, random_state=0)
    for params in SETTINGS.values():
        classifier = DeepMotifClassifier(**{**params, "max_epochs": 2}, random_state=0, verbose=0)
        classifier.fit(one_hot_encode(X), y)


def test_the_defaults_reach_the_old_accuracy_in_half_the_time(data_home, results_dir):
    _warm_up()
    rows = {setting: {} for setting in SETTINGS}
    start = time.perf_counter()
    for index, name in enumerate(EXPERIMENTS):
        order = list(SETTINGS) if index % 2 == 0 else list(SETTINGS)[::-1]
        for setting in order:
            new = setting == "new defaults"
            (row,) = run_experiment(
                name, data_home=data_home, models=("demo",), random_state=0,
                model_params={"demo": SETTINGS[setting]},
                model_dir=results_dir / "models" if new else None,
            )
            rows[setting][name] = row
    wall = time.perf_counter() - start

    def total(setting, column):
        return sum(row[column] for row in rows[setting].values())

    median = {s: float(np.median([r["auc"] for r in rows[s].values()])) for s in SETTINGS}
    delta = median["new defaults"] - median["old settings"]
    ratio = total("new defaults", "train_seconds") / total("old settings", "train_seconds")
    lines = [
        "# Time to accuracy: the defaults vs the 0.2 settings (LEGACY_SETTINGS)",
        "",
        "- new: the defaults, `DeepMotifClassifier(random_state=0)`; old: "
        f"`DeepMotifClassifier(random_state=0, **LEGACY_SETTINGS)` = {LEGACY_SETTINGS}",
        f"- trained on all of each training set, test AUC; CPU, {torch.get_num_threads()} "
        f"threads, {os.cpu_count()} CPUs; {wall:.0f} s wall in all; load average (1 min) now "
        f"{os.getloadavg()[0]:.2f}",
        "",
        "| experiment | n_train | epochs new / old | train s new / old | AUC new | AUC old "
        "| Δ AUC |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in EXPERIMENTS:
        new, old = rows["new defaults"][name], rows["old settings"][name]
        lines.append(
            f"| {name} | {new['n_train']:,} | {new['n_epochs']} / {old['n_epochs']} "
            f"| {new['train_seconds']:.0f} / {old['train_seconds']:.0f} | {new['auc']:.4f} "
            f"| {old['auc']:.4f} | {new['auc'] - old['auc']:+.4f} |"
        )
    lines += [
        "",
        f"- median test AUC: new {median['new defaults']:.4f}, old {median['old settings']:.4f}"
        f", Δ {delta:+.4f} (target: not lower)",
        f"- total training time: new {total('new defaults', 'train_seconds'):.0f} s, old "
        f"{total('old settings', 'train_seconds'):.0f} s, ratio **{ratio:.2f}** (target <= 0.5)",
        f"- epochs: new {total('new defaults', 'n_epochs')}, old "
        f"{total('old settings', 'n_epochs')}",
    ]
    report = "\n".join(lines) + "\n"
    write_atomically(results_dir / "time_to_accuracy.md", report)
    print("\n" + report)
    assert delta >= 0, report
    assert ratio <= 0.5, report
