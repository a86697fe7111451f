"""Class optimization: ``optimize_class``, ``motif_``, its cores and the restarts' stability."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from sklearn_demotif import DeepMotifClassifier
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret import marginalize, optimize_class, restart_stability
from sklearn_demotif.interpret.class_optimization import (
    CORE_SHARPENING,
    _clustered_cores,
    _optimized_inputs,
)
from sklearn_demotif.motifs import PWM, motif_similarity
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


def test_literal_input_is_a_training_length_pwm_with_its_restarts_recorded(small_classifier):
    pwm = small_classifier.motif_(
        target="unbound", output="input", n_restarts=3, n_steps=30, random_state=0
    )
    assert pwm.metadata["output"] == "input" and "effect" not in pwm.metadata
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
    assert first.metadata == second.metadata


def test_core_is_at_most_30_columns_with_its_output_and_effect(small_classifier):
    core = small_classifier.motif_(n_restarts=4, n_steps=50, random_state=0)
    assert core.metadata["output"] == "core" and 4 <= core.width <= 30
    assert np.isfinite(core.metadata["effect"]) and core.metadata["effect_sem"] >= 0
    assert 1 <= core.metadata["n_restarts"] <= 4 and core.metadata["target"] == "unbound"
    assert core.metadata["probability"] == core.metadata["restart_probabilities"][
        core.metadata["restart"]
    ]


def test_core_and_literal_input_come_from_the_same_restarts(small_classifier):
    settings = {"n_restarts": 4, "n_steps": 50, "random_state": 0}
    core = small_classifier.motif_(**settings)
    literal = small_classifier.motif_(output="input", **settings)
    restarts, probabilities, _ = _optimized_inputs(
        small_classifier, n_restarts=4, n_steps=50, random_state=0
    )
    # The literal input is the most probable restart, the paper's output, as before cores.
    assert literal.metadata["restart"] == int(np.argmax(probabilities))
    np.testing.assert_array_equal(literal.matrix, restarts[literal.metadata["restart"]].matrix)
    # The core is those columns of its restart, squared and renormalised.
    start, stop = core.metadata["trimmed_from"]
    columns = restarts[core.metadata["restart"]].matrix[:, start:stop] ** CORE_SHARPENING
    np.testing.assert_allclose(core.matrix, columns / columns.sum(axis=0))


def test_core_effect_is_measured_on_the_background_given(small_classifier):
    background, _ = make_motif_dataset("MA0035.4", n_samples=60, length=40, random_state=5)
    background = one_hot_encode(background)
    core = small_classifier.motif_(
        "bound", background=background, n_restarts=3, n_steps=50, random_state=0
    )
    # The sites are drawn with the seed that follows the starting noise's in random_state.
    rng = np.random.RandomState(0)
    rng.randint(np.iinfo(np.int32).max)
    seed = rng.randint(np.iinfo(np.int32).max)
    again = marginalize(small_classifier, background, core, target="bound", random_state=seed)
    assert core.metadata["effect"] == pytest.approx(again.effect)
    assert core.metadata["effect_sem"] == pytest.approx(again.sem)


def test_cores_that_agree_across_restarts_are_merged():
    flank = np.full((4, 12), 0.25)
    gata, rest = PWM.from_jaspar("MA0035.4"), PWM.from_jaspar("MA0138.3")
    restarts = [
        PWM(np.hstack([flank, gata.matrix, flank, flank])),
        PWM(np.hstack([flank, flank, gata.reverse_complement().matrix, flank])),
        PWM(np.hstack([rest.matrix, flank, gata.matrix, flank])),
    ]
    cores = _clustered_cores(restarts, np.array([0.9, 0.8, 0.7]))
    assert len(cores) == 2
    merged = [core for core in cores if motif_similarity(core, gata) > 0.95]
    assert len(merged) == 1 and merged[0].metadata["n_restarts"] == 3
    assert merged[0].metadata["restart_index"] == 0  # the most probable restart represents it
    assert all(core.width <= 30 for core in cores)


def test_optimisation_raises_the_target_probability(small_classifier):
    short = small_classifier.motif_(n_restarts=4, n_steps=1, l2=0.0, random_state=0)
    longer = small_classifier.motif_(n_restarts=4, n_steps=100, l2=0.0, random_state=0)
    assert longer.metadata["probability"] > short.metadata["probability"]


@pytest.mark.parametrize(
    "settings",
    [{"n_restarts": 0}, {"n_steps": 1.5}, {"lr": 0}, {"l2": -1.0}, {"output": "whole"},
     {"n_background": 0}],
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
    pwm = pipeline[-1].motif_(n_steps=300, random_state=0)
    assert pwm.metadata["output"] == "core" and pwm.width <= 30
    assert pwm.metadata["effect"] > 1.0  # the planted site alone raises the log-odds
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
    same = optimize_class(small_classifier, target="bound", random_state=1, **settings)
    np.testing.assert_array_equal(pwm.matrix, same.matrix)
    assert pwm.metadata == same.metadata


def test_motif_refuses_a_keyword_optimize_class_does_not_take(small_classifier):
    with pytest.raises(TypeError, match="n_iterations"):
        small_classifier.motif_(n_iterations=5)
