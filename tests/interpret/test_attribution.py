"""Attribution maps of the log-odds: saliency, in-silico mutagenesis, integrated gradients."""

import numpy as np
import pytest
import torch
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.cli._parser import DEMO_MOTIF
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret import in_silico_mutagenesis, integrated_gradients, saliency
from sklearn_demotif.interpret.attribution import _batched_log_odds, _log_odds_function
from sklearn_demotif.motifs._jaspar import fetch_jaspar_motif


@pytest.fixture(scope="module")
def small_model(make_tiny_classifier):
    sequences, y = make_motif_dataset("MA0035.4", n_samples=200, length=30, random_state=0)
    model = make_pipeline(OneHotDNA(), make_tiny_classifier())
    return model.fit(sequences, y), sequences


def test_saliency_is_signed_and_zero_off_the_sequence(small_model):
    model, sequences = small_model
    X = one_hot_encode(sequences[:5])
    maps = saliency(model[-1], X)
    assert maps.shape == X.shape and (maps[X == 0] == 0).all()
    assert (maps < 0).any() and (maps > 0).any()
    np.testing.assert_array_equal(saliency(model[-1], X, absolute=True), np.abs(maps))


def test_saliency_is_the_centred_gradient_of_the_decision_function(small_model, monkeypatch):
    model, sequences = small_model
    clf = model[-1]
    # Gradients are float32; finite differences need float32 scores too.
    monkeypatch.setattr(clf.net_, "autocast_dtype", None)
    X = one_hot_encode(sequences[:1]).astype(np.float64)
    maps = saliency(clf, X.astype(np.float32))
    position, step = 11, 1e-2
    observed = int(X[0, :, position].argmax())
    gradient = []
    for base in range(4):
        shifted = X.copy()
        shifted[0, base, position] += step
        difference = clf.decision_function(shifted.astype(np.float32))[0]
        gradient.append((difference - clf.decision_function(X.astype(np.float32))[0]) / step)
    expected = gradient[observed] - np.mean(gradient)
    assert maps[0, observed, position] == pytest.approx(expected, abs=2e-2 + 0.05 * abs(expected))


def test_pipeline_and_classifier_give_the_same_maps(small_model):
    model, sequences = small_model
    X = one_hot_encode(sequences[:4])
    np.testing.assert_array_equal(saliency(model, sequences[:4]), saliency(model[-1], X))
    np.testing.assert_array_equal(
        in_silico_mutagenesis(model, sequences[:2]), in_silico_mutagenesis(model[-1], X[:2])
    )


def test_batches_do_not_change_the_result(small_model):
    model, sequences = small_model
    X = one_hot_encode(sequences[:5])
    np.testing.assert_allclose(
        saliency(model[-1], X, batch_size=2), saliency(model[-1], X), atol=1e-6
    )
    np.testing.assert_allclose(
        in_silico_mutagenesis(model[-1], X[:2], batch_size=7),
        in_silico_mutagenesis(model[-1], X[:2]),
        atol=1e-5,
    )


def test_mutagenesis_is_the_change_of_the_decision_function(small_model, monkeypatch):
    model, sequences = small_model
    clf = model[-1]
    monkeypatch.setattr(clf.net_, "autocast_dtype", None)  # mutagenesis scores in float32
    X = one_hot_encode(sequences[:2])
    effects = in_silico_mutagenesis(clf, X)
    assert effects.shape == X.shape
    assert (effects[X == 1] == 0).all()
    reference = clf.decision_function(X)
    for sequence, base, position in [(0, 0, 3), (1, 2, 17), (1, 3, 29)]:
        if X[sequence, base, position] == 1:
            continue
        mutant = X[sequence : sequence + 1].copy()
        mutant[0, :, position] = 0
        mutant[0, base, position] = 1
        expected = clf.decision_function(mutant)[0] - reference[sequence]
        assert effects[sequence, base, position] == pytest.approx(expected, abs=1e-5)


def test_target_flips_the_sign_of_mutagenesis(small_model):
    model, sequences = small_model
    positive = in_silico_mutagenesis(model, sequences[:2])
    negative = in_silico_mutagenesis(model, sequences[:2], target=0)
    np.testing.assert_allclose(negative, -positive, atol=1e-5)


def test_unfitted_and_unknown_targets_raise(small_model):
    model, sequences = small_model
    X = one_hot_encode(sequences[:2])
    with pytest.raises(NotFittedError):
        saliency(DeepMotifClassifier(), X)
    with pytest.raises(ValueError, match="target 7 is not one of the classes"):
        in_silico_mutagenesis(model, sequences[:2], target=7)
    with pytest.raises(ValueError, match="channels-first"):
        saliency(model[-1], X.transpose(0, 2, 1))
    with pytest.raises(ValueError, match="batch_size"):
        saliency(model[-1], X, batch_size=0)


def test_saliency_peaks_inside_the_planted_site(planted_model):
    pipeline, sequences, y, sites = planted_model("MA0139")
    width = fetch_jaspar_motif("MA0139").matrix.shape[1]
    positives = np.flatnonzero(y == 1)[:100]
    maps = saliency(pipeline, sequences[positives]).sum(axis=1)
    peaks = maps.argmax(axis=1)
    starts = sites[positives]
    inside = (peaks >= starts) & (peaks < starts + width)
    assert inside.mean() >= 0.9, inside.mean()


def test_mutagenesis_hurts_most_inside_the_planted_site(planted_model):
    pipeline, sequences, y, sites = planted_model("MA0139")
    width = fetch_jaspar_motif("MA0139").matrix.shape[1]
    positives = np.flatnonzero(y == 1)[:10]
    effects = in_silico_mutagenesis(pipeline, sequences[positives]).mean(axis=1)
    worst = effects.argmin(axis=1)
    starts = sites[positives]
    assert ((worst >= starts) & (worst < starts + width)).mean() >= 0.8


def test_mutagenesis_absolute_is_the_size_of_the_change(small_model):
    model, sequences = small_model
    signed = in_silico_mutagenesis(model, sequences[:2])
    np.testing.assert_allclose(in_silico_mutagenesis(model, sequences[:2], absolute=True),
                               np.abs(signed))


def test_integrated_gradients_add_up_to_the_change_of_log_odds(small_model):
    model, sequences = small_model
    clf = model[-1]
    X = one_hot_encode(sequences[:6])
    attributions, errors = integrated_gradients(clf, X, return_errors=True)
    baseline = np.full((1, *X.shape[1:]), 0.25, dtype=np.float32)
    change = clf.decision_function(X) - clf.decision_function(baseline)[0]
    np.testing.assert_allclose(attributions.sum(axis=(1, 2)), change, rtol=0.02, atol=1e-3)
    assert errors.shape == (6,) and (errors < 0.05).all()
    zeros = integrated_gradients(clf, X, baseline="zeros")
    change = clf.decision_function(X) - clf.decision_function(np.zeros_like(baseline))[0]
    np.testing.assert_allclose(zeros.sum(axis=(1, 2)), change, rtol=0.02, atol=1e-3)


def test_integrated_gradients_warn_when_they_do_not_add_up(small_model):
    model, sequences = small_model
    with pytest.warns(UserWarning, match="raise n_steps"):
        integrated_gradients(model, sequences[:6], n_steps=1, tolerance=0.0)
    with pytest.raises(ValueError, match="baseline"):
        integrated_gradients(model, sequences[:2], baseline="shuffled")
    with pytest.raises(ValueError, match=r"baseline must have shape \(4, 30\)"):
        integrated_gradients(model, sequences[:2], baseline=np.zeros((4, 5)))


@pytest.fixture(scope="module")
def demo_model(planted_model):
    """The demo's planted motif (REST), its model and fresh test data with the sites."""
    pipeline, *_ = planted_model(DEMO_MOTIF)
    X_test, y_test, sites = make_motif_dataset(
        DEMO_MOTIF, n_samples=600, random_state=1, return_sites=True
    )
    probabilities = pipeline.predict_proba(X_test)[:, 1]
    return pipeline, X_test, y_test, sites, probabilities


def test_saliency_peaks_in_the_planted_site_of_the_top_scoring_sequences(demo_model):
    pipeline, X_test, _, sites, probabilities = demo_model
    width = fetch_jaspar_motif(DEMO_MOTIF).matrix.shape[1]
    top = np.argsort(-probabilities)[:20]
    peaks = saliency(pipeline, X_test[top]).sum(axis=1).argmax(axis=1)
    assert ((peaks >= sites[top]) & (peaks < sites[top] + width)).all()


def test_saliency_keeps_its_scale_as_the_probability_reaches_one(demo_model):
    # The gradient of log P(bound) shrinks by (1 - P): 1e-5 times for the top
    # sequence here.  The log-odds' gradient does not.
    pipeline, X_test, y_test, _, probabilities = demo_model
    surest = int(np.argmax(probabilities))
    assert probabilities[surest] > 0.999
    moderate = np.flatnonzero((probabilities > 0.5) & (probabilities < 0.99) & (y_test == 1))
    assert len(moderate) >= 5
    peak = saliency(pipeline, X_test[[surest]]).max()
    typical = np.median(saliency(pipeline, X_test[moderate]).max(axis=(1, 2)))
    assert peak >= 0.5 * typical > 0


def test_the_batched_log_odds_are_float32_whatever_the_batch(small_model):
    model, sequences = small_model
    classifier = model[-1]
    X = one_hot_encode(sequences[:7])
    log_odds = _log_odds_function(classifier)
    device = torch.device(classifier.device_)
    with torch.no_grad():
        logits = classifier.module_.eval()(torch.as_tensor(X)).numpy()
    reference = logits[:, 1] - logits[:, 0]
    for batch_size in (1, 3, 512):
        np.testing.assert_allclose(
            _batched_log_odds(log_odds, X, device, batch_size, fast=False), reference, atol=1e-4
        )
    assert _batched_log_odds(log_odds, X[:0], device, 4, fast=False).shape == (0,)


def test_the_fast_batched_log_odds_run_as_the_decision_function(small_model):
    model, sequences = small_model
    classifier = model[-1]
    X = one_hot_encode(sequences[:7])
    log_odds = _log_odds_function(classifier)
    fast = _batched_log_odds(log_odds, X, torch.device(classifier.device_), 3, fast=True)
    # bfloat16 keeps about three significant digits; float32 models agree to 1e-4.
    tolerance = 1e-4 if classifier.net_.autocast_dtype is None else 0.05 * max(1, abs(fast).max())
    np.testing.assert_allclose(fast, classifier.decision_function(X), atol=tolerance)
    assert fast.dtype == np.float32
