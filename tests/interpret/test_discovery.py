"""find_motifs: every motif a model uses, from three views, merged, trimmed and named."""

import numpy as np
import pandas as pd
import pytest

from sklearn_demotif.interpret import find_motifs, motif_table
from sklearn_demotif.interpret.discovery import site_overlap

#: Two JASPAR motifs, each planted in its own half of the positives.
PLANTED = ("MA0139", "MA0138")  # CTCF, REST
METHODS_ARGUMENT = ("seqlets",)
FAST = {"n_restarts": 8, "n_steps": 300, "max_sequences": 1000, "verbose": 0}


@pytest.fixture(scope="module")
def two_motifs(planted_model):
    # 15 epochs: after 8, find_motifs returned one of the two planted motifs only.
    pipeline, X, y, _ = planted_model(PLANTED, max_epochs=15)
    return pipeline, X, y, find_motifs(pipeline, X, y, random_state=0, **FAST)


def test_both_planted_motifs_are_among_the_first_three(two_motifs):
    *_, motifs = two_motifs
    named = [motif.metadata["jaspar"] for motif in motifs[:3]]
    for matrix_id in PLANTED:
        own = [match for match in named if match["id"].split(".")[0] == matrix_id]
        assert own and own[0]["q_value"] < 1e-3, (matrix_id, named)


def test_every_motif_is_a_trimmed_core_with_its_evidence(two_motifs):
    *_, motifs = two_motifs
    assert 2 <= len(motifs) <= 10
    for rank, motif in enumerate(motifs, start=1):
        metadata = motif.metadata
        assert motif.name == f"motif {rank}" and 4 <= motif.width <= 30
        assert set(metadata["methods"]) <= {"class_optimization", "filters", "seqlets"}
        assert metadata["support"] > metadata["negative_support"] >= 0
        assert metadata["enrichment"] > 1 and metadata["enrichment_p"] < 1e-3
        assert -1.5 < metadata["centrality"] <= 1 and 0.5 < metadata["auc"] <= 1
        assert {"id", "name", "q_value", "p_value"} <= set(metadata["jaspar"])
        assert np.isfinite(metadata["effect"]) and metadata["effect_sem"] >= 0
    information = [motif.metadata["site_information"] for motif in motifs]
    assert information == sorted(information, reverse=True)


def test_planted_motifs_raise_the_log_odds_when_inserted(two_motifs):
    *_, motifs = two_motifs
    planted = [m for m in motifs[:3] if m.metadata["jaspar"]["id"].split(".")[0] in PLANTED]
    assert planted and all(m.metadata["effect"] > 3 * m.metadata["effect_sem"] for m in planted)


def test_motif_table_has_an_effect_column(two_motifs):
    *_, motifs = two_motifs
    table = motif_table(motifs)
    assert {"effect", "effect_sem"} <= set(table.columns)
    assert table["effect"].tolist() == [motif.metadata["effect"] for motif in motifs]
    assert motif_table([]).columns.tolist() == table.columns.tolist()


def test_views_agree_on_the_planted_motifs(two_motifs):
    *_, motifs = two_motifs
    assert max(len(motif.metadata["methods"]) for motif in motifs[:2]) >= 2


def test_without_labels_the_models_calls_and_shuffles_are_used(two_motifs):
    pipeline, X, _, _ = two_motifs
    motifs = find_motifs(
        pipeline, X[:600], methods=("seqlets",), random_state=0, compare=False, verbose=0
    )
    assert motifs and motifs[0].metadata["jaspar"] is None
    assert motifs[0].metadata["enrichment_p"] is None and motifs[0].metadata["enrichment"] > 1


def test_bad_arguments_are_named(two_motifs):
    pipeline, X, y, _ = two_motifs
    with pytest.raises(ValueError, match="methods"):
        find_motifs(pipeline, X, y, methods=("modisco",))
    with pytest.raises(ValueError, match="'max_motifs' parameter of find_motifs"):
        find_motifs(pipeline, X, y, max_motifs=0)
    with pytest.raises(TypeError, match="positional"):
        find_motifs(pipeline, X, y, METHODS_ARGUMENT)
    with pytest.raises(ValueError, match="y has 3 labels"):
        find_motifs(pipeline, X[:5], y[:3])
    with pytest.raises(ValueError, match="at least 10 bound sequences"):
        find_motifs(pipeline, X[:40], np.zeros(40, int))


def test_site_overlap_counts_sequences_where_sites_meet():
    first = pd.DataFrame({"sequence": [0, 1, 2], "start": [10, 10, 50], "end": [20, 20, 60]})
    second = pd.DataFrame({"sequence": [0, 1, 3], "start": [15, 30, 10], "end": [25, 40, 20]})
    assert site_overlap(first, second) == 0.5  # sequences 0 and 1 hold both; 0 overlaps
    assert site_overlap(first, second.iloc[:0]) == 0.0


def test_labels_the_model_does_not_know_are_named_with_its_classes():
    from sklearn.pipeline import make_pipeline

    from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    from sklearn_demotif.datasets import make_motif_dataset

    X, y = make_motif_dataset("MA0139", n_samples=40, length=30, random_state=0)
    model = make_pipeline(
        OneHotDNA(), DeepMotifClassifier(n_filters=4, max_epochs=1, random_state=0, verbose=0)
    ).fit(X, y)
    with pytest.raises(ValueError, match=r"y holds labels the model does not know: 'bound', "
                                         r"'unbound'; its classes are 0, 1"):
        find_motifs(model, X, np.where(y == 1, "bound", "unbound"), verbose=0)
    with pytest.raises(ValueError, match=r"does not know: 2; its classes are 0, 1"):
        find_motifs(model, X, np.where(y == 1, 1, 2), verbose=0)
