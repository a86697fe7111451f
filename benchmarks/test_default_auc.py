"""Default DeMo pipeline vs DeepBind's published DeepBind* test AUC on real experiments.

Trains ``Pipeline([("onehot", OneHotDNA()), ("clf", DeepMotifClassifier(random_state=0))])``
with default settings on each experiment's training data (DeepBind-format positives
get seeded dinucleotide shuffles as negatives) and scores the held-out test set.
Runs GATA1_K562 (7,148 training sequences; CTCFL_K562 and the other full-size
experiments are in the full DeepBind comparison).  Results go to
``benchmarks/results/default_auc.md``.
"""

import pytest
from sklearn.metrics import roc_auc_score

from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.datasets import read_published_aucs

EXPERIMENTS = ["GATA1_K562_GATA-1_USC"]
_rows = []


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_default_pipeline_beats_published_deepbind_star(
    name, default_model, data_home, results_dir
):
    pipeline, data, info = default_model(name)
    auc = roc_auc_score(data.y_test, pipeline.predict_proba(data.X_test)[:, 1])
    published = read_published_aucs(data_home).loc[name, "deepbind_star_auc"]
    _rows.append(
        f"| {name} | {len(data.y_train)} | {auc:.4f} | {published:.4f} | {auc - published:+.4f} "
        f"| {info['n_epochs']} | {info['train_seconds']:.0f} | {info['device']} |"
    )
    table = "\n".join(
        [
            "| experiment | n_train | DeMo AUC | DeepBind* AUC | delta | epochs | train s "
            "| device |",
            "|---|---|---|---|---|---|---|---|",
            *_rows,
        ]
    )
    write_atomically(results_dir / "default_auc.md", table + "\n")
    print("\n" + table)
    assert auc > published
