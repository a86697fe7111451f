"""DeepBind's network and classifier: shapes, strands, padding, conventions, learning."""

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import RandomizedSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_demotif import DeepBindClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.deepbind import DEEPBIND_SEARCH_SPACE, deepbind_search
from sklearn_demotif.encoding import one_hot_encode, reverse_complement
from sklearn_demotif.networks import DeepBindNetwork


def _random_one_hot(n_sequences, length, seed=0):
    rng = np.random.default_rng(seed)
    X = np.zeros((n_sequences, 4, length), dtype=np.float32)
    bases = rng.integers(4, size=(n_sequences, length))
    X[np.arange(n_sequences)[:, None], bases, np.arange(length)] = 1
    return torch.from_numpy(X)


@pytest.mark.parametrize(
    "n_classes, pooling, n_hidden",
    [(2, "max", 32), (2, "max_avg", 0), (5, "max", 32), (3, "max_avg", 8)],
)
def test_network_returns_one_logit_per_class(n_classes, pooling, n_hidden):
    network = DeepBindNetwork(n_classes, n_motifs=4, pooling=pooling, n_hidden=n_hidden)
    assert network(_random_one_hot(7, 60)).shape == (7, n_classes)


def test_binary_network_returns_zero_and_a_binding_score():
    logits = DeepBindNetwork(2, n_motifs=4).eval()(_random_one_hot(6, 40))
    assert torch.all(logits[:, 0] == 0)
    assert logits[:, 1].std() > 0


def test_network_keeps_the_higher_strand_score():
    torch.manual_seed(0)
    network = DeepBindNetwork(2, n_motifs=4, motif_length=6, dropout=0.0).eval()
    single_strand = DeepBindNetwork(2, n_motifs=4, motif_length=6, dropout=0.0, both_strands=False)
    single_strand.load_state_dict(network.state_dict())
    single_strand.eval()
    X = _random_one_hot(20, 30, seed=1)
    forward, backward = single_strand(X)[:, 1], single_strand(X.flip(1, 2))[:, 1]
    assert not torch.allclose(forward, backward)
    torch.testing.assert_close(network(X)[:, 1], torch.maximum(forward, backward))
    torch.testing.assert_close(network(X), network(X.flip(1, 2)))


def test_multiclass_network_takes_the_maximum_over_strands_per_class():
    torch.manual_seed(0)
    network = DeepBindNetwork(3, n_motifs=4, motif_length=5, dropout=0.0).eval()
    single_strand = DeepBindNetwork(3, n_motifs=4, motif_length=5, dropout=0.0, both_strands=False)
    single_strand.load_state_dict(network.state_dict())
    single_strand.eval()
    X = _random_one_hot(10, 20, seed=2)
    expected = torch.maximum(single_strand(X), single_strand(X.flip(1, 2)))
    torch.testing.assert_close(network(X), expected)


def _summing_network(motif_length, pooling="max"):
    """One detector of all-ones weights straight to the score: s = pooled value."""
    network = DeepBindNetwork(
        2, n_motifs=1, motif_length=motif_length, pooling=pooling, n_hidden=0, dropout=0.0
    ).eval()
    with torch.no_grad():
        network.motifs.weight.fill_(1.0)
        network.motifs.bias.zero_()
        linear = network.output[-1]
        linear.weight.fill_(1.0)
        linear.bias.zero_()
    return network


def test_network_pads_both_sides_with_motif_length_minus_one_n_columns():
    # A single base: every window holds it plus motif_length - 1 N columns of
    # 0.25 in each channel, so an all-ones detector sums to motif_length.
    motif_length = 7
    X = torch.from_numpy(one_hot_encode(["A"]))
    assert _summing_network(motif_length)(X)[0, 1].item() == pytest.approx(motif_length)
    # max + average: both equal motif_length for every window of that base.
    assert _summing_network(motif_length, "max_avg")(X)[0, 1].item() == pytest.approx(
        2 * motif_length
    )


def test_network_scans_every_offset_including_partial_overlaps():
    network = DeepBindNetwork(2, n_motifs=3, motif_length=5)
    padded_length = 12 + 2 * (5 - 1)
    padded = torch.nn.functional.pad(_random_one_hot(2, 12), (4, 4), value=0.25)
    activations = network.motifs(padded)
    assert activations.shape == (2, 3, padded_length - 5 + 1)


def test_network_rejects_unknown_pooling():
    with pytest.raises(ValueError, match="pooling"):
        DeepBindNetwork(2, pooling="mean")


def test_classifier_init_only_stores_parameters_and_clones():
    classifier = DeepBindClassifier(n_motifs=8, pooling="max_avg", n_hidden=0)
    params = classifier.get_params()
    assert params["n_motifs"] == 8 and params["pooling"] == "max_avg" and params["n_hidden"] == 0
    assert params["reverse_complement"] is False
    assert clone(classifier).get_params() == params
    assert not hasattr(classifier, "classes_")


def test_classifier_validates_parameters_at_fit():
    X = one_hot_encode(["ACGTACGTAC", "TTTTGGGGCC"])
    with pytest.raises(InvalidParameterError, match="pooling"):
        DeepBindClassifier(pooling="mean").fit(X, [0, 1])
    with pytest.raises(InvalidParameterError, match="n_hidden"):
        DeepBindClassifier(n_hidden=-1).fit(X, [0, 1])


@pytest.fixture(scope="module")
def planted_data():
    X, y = make_motif_dataset("MA0139", n_samples=800, length=60, random_state=0)
    return X[:600], y[:600], X[600:], y[600:]


@pytest.fixture(scope="module")
def fitted_pipeline(planted_data):
    X_train, y_train, _, _ = planted_data
    labels = np.where(y_train == 1, "bound", "unbound")
    classifier = DeepBindClassifier(
        n_motifs=8, lr=1e-2, max_epochs=15, validation_fraction=None, random_state=0, verbose=0
    )
    return make_pipeline(OneHotDNA(), classifier).fit(X_train, labels)


def test_tiny_fit_learns_a_planted_motif(planted_data, fitted_pipeline):
    _, _, X_test, y_test = planted_data
    bound = list(fitted_pipeline.classes_).index("bound")
    scores = fitted_pipeline.predict_proba(X_test)[:, bound]
    assert roc_auc_score(y_test, scores) > 0.85


def test_fitted_classifier_follows_sklearn_conventions(planted_data, fitted_pipeline):
    _, _, X_test, _ = planted_data
    classifier = fitted_pipeline[-1]
    assert list(classifier.classes_) == ["bound", "unbound"]
    assert classifier.n_epochs_ == 15
    assert classifier.sequence_length_ == 60
    assert classifier.device_ == "cpu"
    proba = fitted_pipeline.predict_proba(X_test)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert set(fitted_pipeline.predict(X_test)) <= {"bound", "unbound"}
    scores = fitted_pipeline.decision_function(X_test)
    assert scores.shape == (len(X_test),)
    # decision_function is the logit of classes_[1] over classes_[0]
    np.testing.assert_allclose(1 / (1 + np.exp(-scores)), proba[:, 1], rtol=1e-5)


def test_predictions_do_not_depend_on_the_strand(planted_data, fitted_pipeline):
    _, _, X_test, _ = planted_data
    X = one_hot_encode(X_test)
    classifier = fitted_pipeline[-1]
    np.testing.assert_allclose(
        classifier.predict_proba(X), classifier.predict_proba(reverse_complement(X)), rtol=1e-5
    )


def test_same_random_state_gives_the_same_model(planted_data):
    X_train, y_train, X_test, _ = planted_data

    def fit():
        classifier = DeepBindClassifier(n_motifs=4, max_epochs=2, random_state=3, verbose=0)
        return make_pipeline(OneHotDNA(), classifier).fit(X_train, y_train).predict_proba(X_test)

    np.testing.assert_array_equal(fit(), fit())


def test_deepbind_search_is_deepbinds_calibration_protocol():
    search = deepbind_search(max_epochs=5)
    assert isinstance(search, RandomizedSearchCV)
    assert search.n_iter == 30 and search.scoring == "roc_auc" and search.refit is True
    assert isinstance(search.cv, StratifiedKFold) and search.cv.n_splits == 3
    assert search.cv.shuffle and search.cv.random_state == 0
    assert [name for name, _ in search.estimator.steps] == ["onehot", "clf"]
    classifier = search.estimator[-1]
    assert isinstance(classifier, DeepBindClassifier)
    assert classifier.max_epochs == 5 and classifier.verbose == 0 and classifier.random_state == 0
    assert search.param_distributions is DEEPBIND_SEARCH_SPACE
    assert set(DEEPBIND_SEARCH_SPACE["clf__n_hidden"]) == {0, 32}


def test_the_constructor_takes_keyword_arguments_only():
    with pytest.raises(TypeError, match="positional"):
        DeepBindClassifier(3)


def test_bfloat16_training_learns_a_planted_motif_as_float32_does(planted_data):
    X_train, y_train, X_test, y_test = planted_data
    classifier = DeepBindClassifier(
        n_motifs=8, lr=1e-2, max_epochs=15, validation_fraction=None, random_state=0, verbose=0,
        precision="bfloat16",
    )
    pipeline = make_pipeline(OneHotDNA(), classifier).fit(X_train, y_train)
    assert roc_auc_score(y_test, pipeline.predict_proba(X_test)[:, 1]) > 0.85
