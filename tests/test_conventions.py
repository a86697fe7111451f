"""scikit-learn conventions checked on DNA input (what the common checks cannot feed).

Mirrors check_no_attributes_set_in_init, check_fit_idempotent,
check_methods_sample_order_invariance, check_methods_subset_invariance,
check_dict_unchanged and check_estimators_pickle with one-hot DNA.
"""

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode


@pytest.fixture(scope="module")
def dna(site):
    sequences, y = make_motif_dataset(site, n_samples=100, length=24, random_state=0)
    return sequences, one_hot_encode(sequences), y


@pytest.fixture(scope="module")
def fitted(dna, make_tiny_classifier):
    _, X, y = dna
    return make_tiny_classifier().fit(X, y)


@pytest.mark.parametrize("estimator", [OneHotDNA(length=5), DeepMotifClassifier(n_filters=3)])
def test_init_only_stores_parameters(estimator):
    assert set(vars(estimator)) == set(estimator.get_params())
    assert not any(name.endswith("_") for name in vars(estimator))


def test_fit_is_idempotent(dna, fitted):
    _, X, y = dna
    refit = clone(fitted).fit(X, y).fit(X, y)
    np.testing.assert_allclose(refit.predict_proba(X), fitted.predict_proba(X), atol=1e-6)


def test_predictions_are_invariant_to_sample_order_and_subsets(dna, fitted):
    _, X, _ = dna
    order = np.random.RandomState(0).permutation(len(X))
    proba = fitted.predict_proba(X)
    np.testing.assert_allclose(fitted.predict_proba(X[order]), proba[order], atol=1e-6)
    np.testing.assert_allclose(fitted.predict_proba(X[:7]), proba[:7], atol=1e-6)


def test_predicting_does_not_change_the_estimator(dna, fitted):
    _, X, _ = dna
    before = {key: value for key, value in vars(fitted).items() if key != "net_"}
    fitted.predict(X)
    fitted.predict_proba(X)
    after = {key: value for key, value in vars(fitted).items() if key != "net_"}
    assert before.keys() == after.keys()
    assert all(before[key] is after[key] for key in before)


def test_pickled_classifier_predicts_the_same(dna, fitted):
    _, X, _ = dna
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X), fitted.predict_proba(X))


def test_one_hot_output_is_invariant_to_sample_order(dna):
    sequences, X, _ = dna
    order = np.random.RandomState(1).permutation(len(sequences))
    np.testing.assert_array_equal(OneHotDNA().fit_transform(sequences[order]), X[order])
