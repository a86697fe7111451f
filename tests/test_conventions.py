"""scikit-learn conventions checked on one-hot DNA, for both classifiers.

``tests/test_common.py`` runs scikit-learn's checks on 2-D tabular X, which the
classifiers read as channels of length one (with ``reverse_complement=False``).
These mirror the checks on what the classifiers are for: one-hot DNA of shape
``(n_sequences, 4, length)``, with each classifier's own strand handling
(DeepMotifClassifier's ``reverse_complement=True``, DeepBind's two strands).
Each test names the scikit-learn check whose property it asserts, the multilabel
ones included (a 2-D 0/1 ``y`` of three tasks).
"""

import pickle

import numpy as np
import pytest
from scipy.stats import rankdata
from sklearn.base import clone
from sklearn.utils._testing import create_memmap_backed_data

from sklearn_demotif import DeepBindClassifier, DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode

CLASSIFIERS = ["demo", "deepbind"]


@pytest.fixture(scope="module")
def dna(site):
    sequences, y = make_motif_dataset(site, n_samples=100, length=24, random_state=0)
    return sequences, one_hot_encode(sequences), y


@pytest.fixture(scope="module", params=CLASSIFIERS)
def make_classifier(request, make_tiny_classifier, make_tiny_deepbind):
    return {"demo": make_tiny_classifier, "deepbind": make_tiny_deepbind}[request.param]


@pytest.fixture(scope="module")
def fitted(dna, make_classifier):
    _, X, y = dna
    return make_classifier().fit(X, y)


@pytest.mark.parametrize(
    "estimator",
    [OneHotDNA(length=5), DeepMotifClassifier(n_filters=3), DeepBindClassifier(n_motifs=3)],
)
def test_init_only_stores_parameters(estimator):
    """check_no_attributes_set_in_init."""
    assert set(vars(estimator)) == set(estimator.get_params())
    assert not any(name.endswith("_") for name in vars(estimator))


def test_fit_returns_self_and_sets_n_features_in(dna, make_classifier):
    """check_estimators_fit_returns_self, check_n_features_in: 4 channels for DNA."""
    _, X, y = dna
    classifier = make_classifier(max_epochs=1)
    assert not hasattr(classifier, "n_features_in_")
    assert classifier.fit(X, y) is classifier
    assert classifier.n_features_in_ == 4
    assert not hasattr(classifier, "feature_names_in_")


def test_fit_is_idempotent(dna, fitted):
    """check_fit_idempotent."""
    _, X, y = dna
    refit = clone(fitted).fit(X, y).fit(X, y)
    for method in ("predict_proba", "decision_function"):
        np.testing.assert_allclose(
            getattr(refit, method)(X), getattr(fitted, method)(X), rtol=1e-7, atol=1e-9
        )


def test_predictions_are_invariant_to_sample_order(dna, fitted):
    """check_methods_sample_order_invariance."""
    _, X, _ = dna
    order = np.random.RandomState(0).permutation(len(X))
    for method in ("predict", "predict_proba", "decision_function"):
        np.testing.assert_allclose(
            getattr(fitted, method)(X[order]), getattr(fitted, method)(X)[order],
            rtol=1e-7, atol=1e-7,
        )


def test_predictions_are_invariant_to_subsets(dna, fitted):
    """check_methods_subset_invariance: each batch predicts as the whole set."""
    _, X, _ = dna
    for method in ("predict", "predict_proba", "decision_function"):
        whole = getattr(fitted, method)(X)
        batches = [getattr(fitted, method)(X[i : i + 7]) for i in range(0, len(X), 7)]
        np.testing.assert_allclose(np.concatenate(batches), whole, rtol=1e-7, atol=1e-7)


def test_predicting_does_not_change_the_estimator(dna, fitted):
    """check_dict_unchanged."""
    _, X, _ = dna
    before = {key: value for key, value in vars(fitted).items() if key != "net_"}
    fitted.predict(X)
    fitted.predict_proba(X)
    fitted.decision_function(X)
    after = {key: value for key, value in vars(fitted).items() if key != "net_"}
    assert before.keys() == after.keys()
    assert all(before[key] is after[key] for key in before)


def test_pickled_classifier_predicts_the_same(dna, fitted):
    """check_estimators_pickle."""
    _, X, _ = dna
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X), fitted.predict_proba(X))
    assert restored.n_features_in_ == 4


def test_other_channel_counts_are_refused_naming_both(dna, fitted):
    """check_n_features_in_after_fitting: X with 3 channels for a 4-channel classifier."""
    _, X, _ = dna
    for method in ("predict", "predict_proba", "decision_function"):
        with pytest.raises(ValueError, match="X has 3 features, but .* is expecting 4"):
            getattr(fitted, method)(X[:, :3])


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_nan_and_infinity_are_refused(dna, fitted, value):
    """check_estimators_nan_inf, at fit and at prediction."""
    _, X, y = dna
    bad = X.copy()
    bad[3, 1, 5] = value
    with pytest.raises(ValueError, match="NaN|infinity"):
        clone(fitted).fit(bad, y)
    for method in ("predict", "predict_proba", "decision_function"):
        with pytest.raises(ValueError, match="NaN|infinity"):
            getattr(fitted, method)(bad)


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int32, np.uint8, np.bool_])
def test_every_numeric_dtype_gives_the_same_predictions(dna, fitted, dtype):
    """check_estimators_dtypes: one-hot DNA in any numeric dtype is the same input."""
    _, X, y = dna
    converted = X.astype(dtype)
    np.testing.assert_array_equal(fitted.predict_proba(converted), fitted.predict_proba(X))
    refit = clone(fitted).set_params(max_epochs=1).fit(converted, y)
    assert refit.predict_proba(X).shape == (len(X), 2)


def test_read_only_and_fortran_arrays_are_accepted(dna, fitted):
    """check_readonly_memmap_input, check_f_contiguous_array_estimator."""
    _, X, y = dna
    read_only, y_read_only = create_memmap_backed_data([X, y])
    assert not read_only.flags.writeable
    fortran = np.asfortranarray(X)
    expected = fitted.predict_proba(X)
    for array in (read_only, fortran):
        np.testing.assert_array_equal(fitted.predict_proba(array), expected)
    clone(fitted).set_params(max_epochs=1).fit(read_only, y_read_only)


def test_lists_predict_as_arrays(dna, fitted):
    """check_classifier_data_not_an_array: nested lists are the same input."""
    _, X, _ = dna
    as_lists = fitted.predict_proba(X[:5].tolist())
    np.testing.assert_array_equal(as_lists, fitted.predict_proba(X[:5]))


def test_decision_function_ranks_as_the_probability(dna, fitted):
    """check_decision_proba_consistency."""
    _, X, _ = dna
    np.testing.assert_array_equal(
        rankdata(fitted.decision_function(X)), rankdata(fitted.predict_proba(X)[:, 1])
    )


def test_probabilities_agree_with_predictions(dna, fitted):
    """check_classifiers_train's consistency of predict, predict_proba and decision_function."""
    _, X, y = dna
    proba = fitted.predict_proba(X)
    predicted = fitted.predict(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_array_equal(fitted.classes_[proba.argmax(axis=1)], predicted)
    positive = (fitted.decision_function(X) > 0).astype(int)
    np.testing.assert_array_equal(fitted.classes_[positive], predicted)


def test_string_labels_are_kept(dna, make_classifier):
    """check_classifiers_classes: labels of any type come back from predict."""
    _, X, y = dna
    labels = np.array(["unbound", "bound"])[y]
    classifier = make_classifier(max_epochs=1).fit(X, labels)
    assert list(classifier.classes_) == ["bound", "unbound"]
    assert set(classifier.predict(X)) <= {"bound", "unbound"}


def test_a_column_vector_y_warns_and_fits_the_same(dna, fitted):
    """check_supervised_y_2d."""
    from sklearn.exceptions import DataConversionWarning

    _, X, y = dna
    with pytest.warns(DataConversionWarning):
        column = clone(fitted).fit(X, y[:, None])
    np.testing.assert_allclose(column.predict_proba(X), fitted.predict_proba(X), rtol=1e-7)


@pytest.fixture(scope="module")
def fitted_multilabel(dna, make_classifier):
    _, X, y = dna
    labels = np.c_[y, 1 - y, y]
    return make_classifier().fit(X, labels), labels


def test_multilabel_y_as_lists_fits_the_same(dna, fitted_multilabel):
    """check_classifiers_multilabel_representation_invariance, on DNA."""
    _, X, _ = dna
    fitted, labels = fitted_multilabel
    for representation in (labels.tolist(), list(labels)):
        refit = clone(fitted).fit(X, representation)
        predicted = refit.predict(X)
        assert type(predicted) is np.ndarray and predicted.dtype == fitted.predict(X).dtype
        np.testing.assert_allclose(refit.predict_proba(X), fitted.predict_proba(X), rtol=1e-7)


def test_multilabel_outputs_have_one_column_per_task(dna, fitted_multilabel):
    """check_classifiers_multilabel_output_format_{predict,predict_proba,decision_function}."""
    _, X, _ = dna
    fitted, labels = fitted_multilabel
    assert fitted.predict(X[:5]).shape == labels[:5].shape
    proba, scores = fitted.predict_proba(X[:5]), fitted.decision_function(X[:5])
    assert proba.shape == scores.shape == (5, 3) and scores.dtype.kind == "f"
    assert ((0 < proba) & (proba < 1)).all()


def test_multilabel_predictions_are_invariant_to_subsets_and_order(dna, fitted_multilabel):
    """check_methods_subset_invariance and check_methods_sample_order_invariance, multilabel."""
    _, X, _ = dna
    fitted, _ = fitted_multilabel
    order = np.random.RandomState(0).permutation(len(X))
    for method in ("predict", "predict_proba", "decision_function"):
        whole = getattr(fitted, method)(X)
        batches = [getattr(fitted, method)(X[i : i + 7]) for i in range(0, len(X), 7)]
        np.testing.assert_allclose(np.concatenate(batches), whole, rtol=1e-7, atol=1e-7)
        np.testing.assert_allclose(getattr(fitted, method)(X[order]), whole[order],
                                   rtol=1e-7, atol=1e-7)


def test_one_hot_output_is_invariant_to_sample_order(dna):
    sequences, X, _ = dna
    order = np.random.RandomState(1).permutation(len(sequences))
    np.testing.assert_array_equal(OneHotDNA().fit_transform(sequences[order]), X[order])
