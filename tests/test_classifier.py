"""Specification of DeepMotifClassifier: learning, tuning, reproducibility and errors."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode, reverse_complement


def tiny_classifier(**params):
    defaults = dict(n_filters=8, max_epochs=3, random_state=0, verbose=0)
    return DeepMotifClassifier(**{**defaults, **params})


@pytest.fixture(scope="module")
def tiny_data(long_site):
    X, y = make_motif_dataset(long_site, n_samples=160, length=30, random_state=0)
    return one_hot_encode(X), y


def test_pipeline_learns_a_planted_jaspar_motif(planted_model):
    pipeline, X, y, _ = planted_model("MA0139")
    X_test, y_test = make_motif_dataset("MA0139", n_samples=600, random_state=1)
    assert roc_auc_score(y_test, pipeline.predict_proba(X_test)[:, 1]) > 0.9
    assert pipeline[-1].n_epochs_ >= 1 and len(pipeline[-1].history_) == pipeline[-1].n_epochs_


def test_grid_search_tunes_the_pipeline(long_site):
    X, y = make_motif_dataset(long_site, n_samples=120, length=30, random_state=0)
    pipeline = Pipeline(
        [("onehot", OneHotDNA()), ("clf", tiny_classifier(max_epochs=1, highway_units=8))]
    )
    search = GridSearchCV(
        pipeline,
        {"clf__n_highway_layers": [5, 7], "clf__n_conv_layers": [3, 4]},
        cv=3,
        scoring="roc_auc",
    ).fit(X, y)
    assert set(search.best_params_) == {"clf__n_highway_layers", "clf__n_conv_layers"}
    assert search.best_params_["clf__n_conv_layers"] in (3, 4)
    assert search.predict_proba(X[:4]).shape == (4, 2)


def test_same_random_state_gives_the_same_probabilities(tiny_data):
    X, y = tiny_data
    first = tiny_classifier().fit(X, y).predict_proba(X)
    second = tiny_classifier().fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(first, second)
    other = tiny_classifier(random_state=1).fit(X, y).predict_proba(X)
    assert not np.array_equal(first, other)


def test_pickled_pipeline_predicts_exactly_what_the_original_does(long_site):
    X, y = make_motif_dataset(long_site, n_samples=80, length=30, random_state=0)
    pipeline = Pipeline([("onehot", OneHotDNA()), ("clf", tiny_classifier(max_epochs=1))]).fit(X, y)
    restored = pickle.loads(pickle.dumps(pipeline))
    np.testing.assert_array_equal(restored.predict_proba(X), pipeline.predict_proba(X))


def test_clone_get_params_and_set_params():
    clf = tiny_classifier(n_highway_layers=7)
    assert clone(clf).get_params() == clf.get_params()
    assert clf.set_params(n_conv_layers=4).n_conv_layers == 4
    pipeline = Pipeline([("onehot", OneHotDNA()), ("clf", clf)])
    pipeline.set_params(clf__kernel_sizes=(7, 5, 3, 3))
    assert pipeline.get_params()["clf__kernel_sizes"] == (7, 5, 3, 3)


def test_labels_of_any_type_and_multiclass(tiny_data):
    X, y = tiny_data
    names = np.where(y == 1, "bound", "unbound")
    clf = tiny_classifier(max_epochs=1).fit(X, names)
    assert clf.classes_.tolist() == ["bound", "unbound"]
    assert set(clf.predict(X)) <= {"bound", "unbound"}
    booleans = tiny_classifier(max_epochs=1).fit(X, y.astype(bool))
    assert booleans.predict(X).dtype == bool
    three = np.arange(len(y)) % 3
    multiclass = tiny_classifier(max_epochs=1).fit(X, three)
    proba = multiclass.predict_proba(X)
    assert proba.shape == (len(y), 3) and np.allclose(proba.sum(axis=1), 1)
    assert multiclass.decision_function(X).shape == (len(y), 3)


def test_predictions_do_not_depend_on_the_strand(tiny_data):
    X, y = tiny_data
    clf = tiny_classifier(max_epochs=1).fit(X, y)
    np.testing.assert_allclose(
        clf.predict_proba(X), clf.predict_proba(reverse_complement(X)), atol=1e-5
    )


def test_decision_function_is_the_log_odds_of_the_positive_class(tiny_data):
    X, y = tiny_data
    clf = tiny_classifier(max_epochs=1).fit(X, y)
    scores, proba = clf.decision_function(X), clf.predict_proba(X)[:, 1]
    assert scores.shape == (len(y),)
    np.testing.assert_allclose(1 / (1 + np.exp(-scores)), proba, rtol=1e-5, atol=1e-6)


def test_without_validation_trains_every_epoch(tiny_data):
    X, y = tiny_data
    clf = tiny_classifier(validation_fraction=None, max_epochs=2).fit(X, y)
    assert clf.n_epochs_ == 2 and "valid_loss" not in clf.history_[-1]


def test_verbose_prints_the_epoch_table(tiny_data, capsys):
    X, y = tiny_data
    tiny_classifier(max_epochs=1, verbose=1).fit(X, y)
    assert "train_loss" in capsys.readouterr().out
    tiny_classifier(max_epochs=1, verbose=0).fit(X, y)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "make_X, message",
    [
        (lambda X: ["ACGT"] * len(X), "OneHotDNA"),
        (lambda X: X.transpose(0, 2, 1), "channels-last"),
        (lambda X: np.where(np.arange(X.size).reshape(X.shape) == 5, np.nan, X), "NaN"),
        (lambda X: np.where(np.arange(X.size).reshape(X.shape) == 5, np.inf, X), "infinity"),
        (lambda X: np.array([["ACGT"]] * len(X), dtype=object), "OneHotDNA"),
        (lambda X: X[:, :, :0], "empty"),
        (lambda X: X[:, :0], "empty"),
        (lambda X: X[:, :, :, None], "shape"),
    ],
)
def test_bad_X_is_rejected_with_a_clear_message(tiny_data, make_X, message):
    X, y = tiny_data
    with pytest.raises(ValueError, match=message):
        tiny_classifier().fit(make_X(X), y)


def test_one_class_only_is_rejected(tiny_data):
    X, y = tiny_data
    with pytest.raises(ValueError, match="only one class"):
        tiny_classifier().fit(X, np.ones_like(y))


def test_predict_before_fit_raises_not_fitted(tiny_data):
    X, _ = tiny_data
    with pytest.raises(NotFittedError):
        tiny_classifier().predict(X)


def test_kernel_sizes_must_match_the_number_of_layers(tiny_data):
    X, y = tiny_data
    with pytest.raises(ValueError, match="one kernel size per layer"):
        tiny_classifier(kernel_sizes=(9, 5)).fit(X, y)


def test_invalid_hyperparameters_are_named(tiny_data):
    X, y = tiny_data
    with pytest.raises(ValueError, match="n_filters"):
        tiny_classifier(n_filters=0).fit(X, y)


def test_the_constructor_takes_keyword_arguments_only():
    with pytest.raises(TypeError, match="positional"):
        DeepMotifClassifier(3)


def test_fit_on_zero_sequences_is_a_value_error(tiny_data):
    X, y = tiny_data
    with pytest.raises(ValueError, match="y is empty"):
        tiny_classifier().fit(X[:0], y[:0])


def test_values_beyond_float32_are_refused_not_predicted_as_nan(tiny_data):
    X, y = tiny_data
    clf = tiny_classifier(max_epochs=1).fit(X, y)
    huge = X.astype(np.float64)
    huge[3, 0, 0] = 1e39
    with pytest.raises(ValueError, match=r"too large for dtype\('float32'\).*sequence 3"):
        clf.predict_proba(huge)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"kernel_sizes": (0, 5, 3)}, r"kernel_sizes=\(0, 5, 3\) must hold positive integers"),
        ({"kernel_sizes": (9.5, 5, 3)}, "must hold positive integers"),
        ({"device": "banana"}, "device='banana' is not a torch device"),
        ({"n_filters": 10**12}, "these hyperparameters do not build a DeepMotifClassifier"),
    ],
)
def test_hyperparameters_that_cannot_build_a_network_fail_before_training(
    tiny_data, params, message, monkeypatch
):
    X, y = tiny_data
    monkeypatch.setattr(
        DeepMotifClassifier, "_make_net", lambda *args: pytest.fail("training started")
    )
    with pytest.raises(ValueError, match=message):
        tiny_classifier(**params).fit(X, y)


def test_a_gpu_this_machine_does_not_have_is_a_value_error():
    import torch

    from sklearn_demotif.classifier import resolve_device

    missing = f"cuda:{torch.cuda.device_count()}"
    with pytest.raises(ValueError, match=rf"device='{missing}'"):
        resolve_device(missing)
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="asks for a CUDA GPU"):
            resolve_device("cuda")
    assert resolve_device("auto") in ("cpu", "cuda")


def test_fits_in_two_threads_at_once_give_the_model_of_a_fit_alone(tiny_data):
    import threading

    X, y = tiny_data
    alone = tiny_classifier(max_epochs=4).fit(X, y).predict_proba(X)
    start = threading.Barrier(2)
    fitted = [tiny_classifier(max_epochs=4), tiny_classifier(max_epochs=4)]

    def fit(clf):
        start.wait()
        clf.fit(X, y)

    threads = [threading.Thread(target=fit, args=(clf,)) for clf in fitted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Predicted after both fits: torch work running beside a fit can change its arithmetic.
    for clf in fitted:
        np.testing.assert_array_equal(clf.predict_proba(X), alone)


def test_two_d_x_is_read_as_channels_of_length_one():
    X = np.random.RandomState(0).normal(size=(80, 3))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    flat = tiny_classifier(reverse_complement=False).fit(X, y)
    assert flat.n_features_in_ == 3 and flat.sequence_length_ == 1
    as_channels = tiny_classifier(reverse_complement=False).fit(X[:, :, None], y)
    np.testing.assert_array_equal(flat.predict_proba(X), as_channels.predict_proba(X[:, :, None]))


def test_reverse_complement_needs_the_four_channels_of_dna():
    X = np.random.RandomState(0).normal(size=(40, 7))
    y = np.arange(40) % 2
    with pytest.raises(ValueError, match="reverse_complement=True .* X has 7 channels"):
        tiny_classifier().fit(X, y)


def test_predicting_another_number_of_channels_names_both_counts(tiny_data):
    X, y = tiny_data
    clf = tiny_classifier(max_epochs=1).fit(X, y)
    assert clf.n_features_in_ == 4
    with pytest.raises(ValueError, match="X has 3 features, but .* is expecting 4"):
        clf.predict(X[:, :3])


def test_predicting_a_channels_last_array_names_the_fix(tiny_data):
    X, y = tiny_data
    clf = tiny_classifier(max_epochs=1).fit(X, y)
    with pytest.raises(ValueError, match=r"expecting 4 .* X.transpose\(0, 2, 1\)"):
        clf.predict(X.transpose(0, 2, 1))


def test_a_channels_last_array_of_another_length_warns_and_names_the_fix(tiny_data):
    X, y = tiny_data
    with pytest.warns(UserWarning, match=r"X.transpose\(0, 2, 1\)"):
        tiny_classifier(reverse_complement=False, max_epochs=1).fit(X.transpose(0, 2, 1), y)


def test_dataframe_column_names_are_kept_and_checked():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(np.random.RandomState(0).normal(size=(40, 3)), columns=["a", "b", "c"])
    y = np.arange(40) % 2
    clf = tiny_classifier(reverse_complement=False, max_epochs=1).fit(X, y)
    assert list(clf.feature_names_in_) == ["a", "b", "c"]
    with pytest.raises(ValueError, match="feature names"):
        clf.predict(X[["c", "b", "a"]])


def test_a_classifier_fitted_on_other_channels_has_no_motif():
    X = np.random.RandomState(0).normal(size=(40, 7))
    clf = tiny_classifier(reverse_complement=False, max_epochs=1).fit(X, np.arange(40) % 2)
    with pytest.raises(ValueError, match="fitted on 7-channel input, not one-hot DNA"):
        clf.motif_(n_steps=2)


def test_dna_tools_refuse_a_classifier_fitted_on_other_channels():
    from sklearn_demotif.interpret import saliency

    X = np.random.RandomState(0).normal(size=(40, 7))
    clf = tiny_classifier(reverse_complement=False, max_epochs=1).fit(X, np.arange(40) % 2)
    with pytest.raises(ValueError, match="fitted on 7-channel input, not one-hot DNA"):
        saliency(clf, one_hot_encode(["ACGT"]))
