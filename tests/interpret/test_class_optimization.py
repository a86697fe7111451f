"""Class optimization: ``optimize_class``, ``motif_`` and the restarts' stability."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from sklearn_demotif import DeepMotifClassifier
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret import optimize_class, restart_stability
from sklearn_demotif.motifs import (
    PWM,
)
from sklearn_demotif.motifs._jaspar import fetch_jaspar_collection, fetch_jaspar_motif


@pytest.fixture(scope="module")
def small_classifier(make_tiny_classifier):
    X, y = make_motif_dataset("MA0035.4", n_samples=300, length=40, random_state=0)
    labels = np.where(y == 1, "bound", "unbound")
    return make_tiny_classifier().fit(one_hot_encode(X), labels)


def test_motif_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        DeepMotifClassifier().motif_()


def test_motif_of_an_unknown_class_raises_naming_the_classes(small_classifier):
    with pytest.raises(ValueError, match=r"'yes' is not one of the classes \['bound', 'unbound'\]"):
        small_classifier.motif_(target="yes")


def test_motif_is_a_training_length_pwm_with_its_restarts_recorded(small_classifier):
    pwm = small_classifier.motif_(target="unbound", n_restarts=3, n_steps=30, random_state=0)
    assert pwm.matrix.shape == (4, small_classifier.sequence_length_)
    np.testing.assert_allclose(pwm.matrix.sum(axis=0), 1.0)
    assert pwm.metadata["target"] == "unbound"
    probabilities = pwm.metadata["restart_probabilities"]
    assert len(probabilities) == 3
    assert pwm.metadata["probability"] == max(probabilities)
    assert 0.0 <= pwm.metadata["stability"] <= 1.0


def test_motif_is_reproducible_and_leaves_the_network_in_its_mode(small_classifier):
    module = small_classifier.module_
    module.train()
    first = small_classifier.motif_(n_restarts=2, n_steps=10, random_state=3)
    assert module.training
    module.eval()
    second = optimize_class(small_classifier, n_restarts=2, n_steps=10, random_state=3)
    assert not module.training
    np.testing.assert_array_equal(first.matrix, second.matrix)


def test_optimisation_raises_the_target_probability(small_classifier):
    short = small_classifier.motif_(n_restarts=4, n_steps=1, l2=0.0, random_state=0)
    longer = small_classifier.motif_(n_restarts=4, n_steps=100, l2=0.0, random_state=0)
    assert longer.metadata["probability"] > short.metadata["probability"]


@pytest.mark.parametrize(
    "settings", [{"n_restarts": 0}, {"n_steps": 1.5}, {"lr": 0}, {"l2": -1.0}]
)
def test_invalid_optimisation_settings_raise(small_classifier, settings):
    with pytest.raises(ValueError, match=next(iter(settings))):
        small_classifier.motif_(**settings)


def test_stability_is_one_for_identical_motifs_and_lower_for_different_ones():
    ctcf, gata = PWM.from_jaspar("MA0139.2"), PWM.from_jaspar("MA0035.4")
    assert restart_stability([ctcf, ctcf.reverse_complement(), ctcf]) == pytest.approx(1.0)
    assert restart_stability([ctcf, gata]) < 0.8


@pytest.mark.parametrize(
    "matrix_id",
    [
        "MA0139",  # CTCF, not palindromic
        "MA0113",  # NR3C1, a palindromic glucocorticoid response element
    ],
)
def test_motif_of_a_planted_motif_matches_it_in_jaspar(planted_model, matrix_id):
    from sklearn_demotif.motifs import compare_to_jaspar

    pipeline, *_ = planted_model(matrix_id)
    pwm = pipeline[-1].motif_(n_steps=300, random_state=0).trim()
    best = compare_to_jaspar(pwm, top=1).iloc[0]
    planted = fetch_jaspar_motif(matrix_id)
    family = {m.matrix_id: set(m.tf_family) for m in fetch_jaspar_collection()}
    assert best["matrix_id"] == planted.matrix_id or family[best["matrix_id"]] & set(
        planted.tf_family
    ), (pwm.consensus, best.to_dict())
    assert best["q_value"] < 0.05


def test_motif_forwards_every_keyword_to_optimize_class(small_classifier):
    settings = {"n_restarts": 2, "n_steps": 5, "lr": 0.1, "l2": 0.0, "pseudocount": 0.5}
    pwm = small_classifier.motif_("bound", random_state=1, **settings)
    same = optimize_class(small_classifier, "bound", random_state=1, **settings)
    np.testing.assert_array_equal(pwm.matrix, same.matrix)
    assert pwm.metadata == same.metadata


def test_motif_refuses_a_keyword_optimize_class_does_not_take(small_classifier):
    with pytest.raises(TypeError, match="n_iterations"):
        small_classifier.motif_(n_iterations=5)
