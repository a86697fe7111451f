"""Attribution maps: saliency and in-silico mutagenesis."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret import in_silico_mutagenesis, saliency
from sklearn_demotif.motifs._jaspar import fetch_jaspar_motif


@pytest.fixture(scope="module")
def small_model():
    sequences, y = make_motif_dataset("MA0035.4", n_samples=200, length=30, random_state=0)
    model = make_pipeline(
        OneHotDNA(), DeepMotifClassifier(n_filters=8, max_epochs=2, random_state=0, verbose=0)
    )
    return model.fit(sequences, y), sequences


def test_saliency_is_non_negative_and_zero_off_the_sequence(small_model):
    model, sequences = small_model
    X = one_hot_encode(sequences[:5])
    maps = saliency(model[-1], X)
    assert maps.shape == X.shape and (maps >= 0).all()
    assert (maps[X == 0] == 0).all() and maps.sum() > 0


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


def test_mutagenesis_is_the_change_of_the_decision_function(small_model):
    model, sequences = small_model
    clf = model[-1]
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
