"""Specification of multilabel fitting: one output per task, unknown labels masked."""

import pickle

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone
from sklearn.metrics import f1_score, hamming_loss, roc_auc_score
from sklearn.model_selection import GridSearchCV

from sklearn_demotif import DeepBindClassifier, DeepMotifClassifier
from sklearn_demotif._multilabel import (
    MaskedBCEWithLogitsLoss,
    check_task_names,
    multilabel_targets,
    per_task_auc,
)
from sklearn_demotif._training import validation_auc
from sklearn_demotif._utils import is_multilabel, task_index
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode, reverse_complement


def tiny(**params):
    defaults = dict(n_filters=8, highway_units=8, n_highway_layers=1, max_epochs=2,
                    random_state=0, verbose=0)
    return DeepMotifClassifier(**{**defaults, **params})


def tiny_deepbind(**params):
    defaults = dict(n_motifs=4, motif_length=6, n_hidden=0, max_epochs=2, random_state=0,
                    verbose=0)
    return DeepBindClassifier(**{**defaults, **params})


@pytest.fixture(scope="module")
def data(site):
    """One-hot DNA with three tasks: the planted site, its opposite and a half-known copy."""
    X, y = make_motif_dataset(site, n_samples=160, length=24, random_state=0)
    labels = np.c_[y, 1 - y, y].astype(np.float64)
    labels[::2, 2] = np.nan
    return one_hot_encode(X), labels


@pytest.fixture(scope="module")
def fitted(data):
    X, labels = data
    return tiny().fit(X, labels)


# --- reading y ----------------------------------------------------------------------


def test_a_two_column_y_is_multilabel_and_a_column_vector_is_not():
    labels, names = multilabel_targets([[1, 0], [0, 1], [np.nan, 1], [1, 0]])
    assert labels.dtype == np.float32 and labels.shape == (4, 2) and names is None
    assert np.isnan(labels[2, 0])
    assert multilabel_targets(np.array([[0], [1]])) is None
    assert multilabel_targets([0, 1, 1]) is None


@pytest.mark.parametrize(
    "bad, shown",
    [(2, "2.0"), (-1, "-1.0"), (np.inf, "inf"), (0.5, "0.5"), ("yes", "'yes'")],
)
def test_a_label_other_than_0_1_or_nan_is_named_with_its_row_and_column(bad, shown):
    labels = np.array([[1, 0], [0, 1], [1, 0]], dtype=object if isinstance(bad, str) else float)
    labels[2, 1] = bad
    with pytest.raises(ValueError, match=rf"holds {shown} at row 2, column 1; labels are 0, 1"):
        multilabel_targets(labels)


def test_a_column_that_is_all_unknown_is_named():
    frame = pd.DataFrame({"CTCF": [1.0, 0.0, 1.0], "REST": [np.nan] * 3})
    with pytest.raises(ValueError, match=r"task 1 \('REST'\) .* no known label"):
        multilabel_targets(frame)


def test_a_column_with_one_known_class_is_named():
    with pytest.raises(ValueError, match=r"task 0 .* only the label 1 among its 2 known"):
        multilabel_targets([[1, 0], [1, 1], [np.nan, 0]])


def test_a_dataframe_gives_its_column_names():
    frame = pd.DataFrame({"GATA1": [1, 0, 1], "REST": [0, 1, 1]})
    assert multilabel_targets(frame)[1] == ["GATA1", "REST"]


@pytest.mark.parametrize(
    "names, message",
    [
        (["a"], "task_names has 1 names but y has 2"),
        (["a", "a"], "repeats 'a'"),
        (["a", 3], "holds 3; task names are non-empty strings"),
        (["a", ""], "holds ''"),
    ],
)
def test_task_names_must_be_one_distinct_string_per_column(names, message):
    with pytest.raises(ValueError, match=message):
        check_task_names(names, None, 2)


def test_task_names_come_from_the_parameter_then_the_columns_then_their_index():
    assert check_task_names(["x", "y"], ["a", "b"], 2).tolist() == ["x", "y"]
    assert check_task_names(None, ["a", "b"], 2).tolist() == ["a", "b"]
    assert check_task_names(None, None, 3).tolist() == ["task0", "task1", "task2"]


# --- the loss -----------------------------------------------------------------------


def test_the_loss_is_the_mean_binary_cross_entropy_of_the_known_labels_only():
    logits = torch.tensor([[2.0, -1.0], [0.5, 3.0], [-2.0, 0.0]], requires_grad=True)
    target = torch.tensor([[1.0, np.nan], [0.0, 1.0], [np.nan, np.nan]])
    loss = MaskedBCEWithLogitsLoss()(logits, target)
    known = ~torch.isnan(target)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(
        logits[known], target[known]
    )
    assert loss.item() == pytest.approx(expected.item())
    loss.backward()
    assert (logits.grad[~known] == 0).all() and (logits.grad[known] != 0).all()


def test_unknown_labels_change_nothing_whatever_the_logit():
    target = torch.tensor([[1.0, np.nan]])
    low = MaskedBCEWithLogitsLoss()(torch.tensor([[1.0, -50.0]]), target)
    high = MaskedBCEWithLogitsLoss()(torch.tensor([[1.0, 50.0]]), target)
    assert low.item() == high.item()


def test_a_batch_without_known_labels_has_zero_loss():
    loss = MaskedBCEWithLogitsLoss()(torch.zeros(2, 3), torch.full((2, 3), float("nan")))
    assert loss.item() == 0.0


def test_early_stopping_scores_the_mean_auc_over_tasks_on_known_labels():
    class Net:
        classes = np.arange(2)

        @staticmethod
        def predict_proba(X):
            return np.array([[0.9, 0.2], [0.1, 0.8], [0.8, 0.1], [0.3, 0.9]])

    y = np.array([[1, 0], [0, 1], [1, np.nan], [0, 0]], dtype=float)
    assert per_task_auc(y, Net.predict_proba(None)).tolist() == [1.0, 0.5]
    assert validation_auc(Net(), None, y) == pytest.approx(0.75)


# --- fitting and predicting ---------------------------------------------------------


def test_outputs_have_one_column_per_task(fitted, data):
    X, _ = data
    proba, scores, labels = (
        fitted.predict_proba(X[:5]), fitted.decision_function(X[:5]), fitted.predict(X[:5])
    )
    assert proba.shape == scores.shape == labels.shape == (5, 3)
    assert ((proba > 0) & (proba < 1)).all()
    np.testing.assert_allclose(proba, 1 / (1 + np.exp(-scores)))
    assert labels.dtype == np.int64
    np.testing.assert_array_equal(labels, (proba >= 0.5).astype(int))


def test_fitted_attributes_follow_the_contract(fitted):
    assert fitted.classes_.tolist() == [0, 1, 2]
    assert fitted.task_names_.tolist() == ["task0", "task1", "task2"]
    assert fitted.n_tasks_ == 3
    assert is_multilabel(fitted)


def test_the_model_learns_every_task(site):
    X, y = make_motif_dataset(site, n_samples=400, length=24, random_state=0)
    labels = np.c_[y, 1 - y, y].astype(np.float64)
    labels[::2, 2] = np.nan
    model = tiny(max_epochs=6, lr=1e-2, validation_fraction=None).fit(one_hot_encode(X), labels)
    X_test, y_test = make_motif_dataset(site, n_samples=300, length=24, random_state=1)
    proba = model.predict_proba(one_hot_encode(X_test))
    assert roc_auc_score(y_test, proba[:, 0]) > 0.7
    assert roc_auc_score(1 - y_test, proba[:, 1]) > 0.7
    assert roc_auc_score(y_test, proba[:, 2]) > 0.7


def test_both_strands_give_the_same_predictions(fitted, data):
    X, _ = data
    np.testing.assert_allclose(
        fitted.predict_proba(X[:8]), fitted.predict_proba(reverse_complement(X[:8])),
        atol=1e-6,
    )


def test_the_validation_auc_is_recorded_every_epoch(fitted):
    assert all(np.isfinite(fitted.history_[:, "valid_auc"]))
    assert "valid_acc" not in fitted.history_[-1]


def test_task_names_come_from_a_dataframe_or_the_parameter(data):
    X, labels = data
    frame = pd.DataFrame(labels, columns=["CTCF", "NOT_CTCF", "HALF"])
    assert tiny(max_epochs=1).fit(X, frame).task_names_.tolist() == ["CTCF", "NOT_CTCF", "HALF"]
    named = tiny(max_epochs=1, task_names=("a", "b", "c")).fit(X, frame)
    assert named.task_names_.tolist() == ["a", "b", "c"]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda y: np.where(np.isnan(y), 2, y), r"holds 2.0 at row 0, column 2"),
        (lambda y: np.c_[y, np.full(len(y), np.nan)], r"task 3 .* no known label"),
        (lambda y: np.c_[y, np.ones(len(y))], r"task 3 .* only the label 1"),
    ],
)
def test_bad_labels_are_refused_before_training(data, change, message):
    X, labels = data
    with pytest.raises(ValueError, match=message):
        tiny().fit(X, change(labels))


def test_task_names_of_the_wrong_length_are_refused(data):
    X, labels = data
    with pytest.raises(ValueError, match="task_names has 2 names but y has 3 label columns"):
        tiny(task_names=["a", "b"]).fit(X, labels)


def test_task_names_with_a_single_label_y_are_refused(data):
    X, labels = data
    with pytest.raises(ValueError, match="names the columns of a multilabel y"):
        tiny(task_names=["a", "b"]).fit(X, labels[:, 0])


def test_refitting_on_one_label_column_removes_the_tasks(data):
    X, labels = data
    model = tiny(max_epochs=1).fit(X, labels).fit(X, labels[:, 0])
    assert not hasattr(model, "n_tasks_") and not hasattr(model, "task_names_")
    assert not is_multilabel(model) and model.predict_proba(X[:2]).shape == (2, 2)


def test_a_one_column_y_is_still_a_column_vector(data):
    X, labels = data
    with pytest.warns(Warning, match="column-vector y"):
        model = tiny(max_epochs=1).fit(X, labels[:, :1])
    assert not is_multilabel(model) and model.classes_.tolist() == [0.0, 1.0]


# --- scoring ------------------------------------------------------------------------


def test_a_multilabel_y_passed_to_a_binary_model_is_refused(data):
    X, labels = data
    binary = tiny(max_epochs=1).fit(X, labels[:, 0])
    with pytest.raises(ValueError, match=r"a multilabel y \(2 columns\) passed to a model "
                       "fitted as binary"):
        binary.score(X, labels[:, :2])


def test_a_single_label_y_passed_to_a_multilabel_model_is_refused(fitted, data):
    X, labels = data
    with pytest.raises(ValueError, match="fitted as multilabel on 3 tasks"):
        fitted.score(X, labels[:, 0])


def test_score_needs_every_label_known(fitted, data):
    X, labels = data
    with pytest.raises(ValueError, match="unknown"):
        fitted.score(X, labels)
    assert 0 <= fitted.score(X[1::2], labels[1::2]) <= 1


def test_scikit_learn_multilabel_metrics_take_the_outputs(fitted, data):
    X, labels = data
    complete = labels[1::2]
    proba, predicted = fitted.predict_proba(X[1::2]), fitted.predict(X[1::2])
    assert 0 <= roc_auc_score(complete, proba, average="macro") <= 1
    assert 0 <= f1_score(complete, predicted, average="micro") <= 1
    assert 0 <= hamming_loss(complete, predicted) <= 1


def test_grid_search_with_roc_auc_scores_complete_multilabel_labels(data):
    X, labels = data
    search = GridSearchCV(
        tiny(max_epochs=1), {"lr": [1e-3, 1e-2]}, cv=2, scoring="roc_auc"
    ).fit(X[1::2], labels[1::2])
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_estimator_.n_tasks_ == 3


# --- DeepBind, reproducibility, copies ----------------------------------------------


@pytest.mark.parametrize("n_tasks", [2, 3])
def test_deepbind_gives_one_independent_score_per_task(data, n_tasks):
    X, labels = data
    model = tiny_deepbind().fit(X, labels[:, :n_tasks])
    scores = model.decision_function(X[:4])
    assert scores.shape == (4, n_tasks) and model.n_tasks_ == n_tasks
    assert not np.allclose(scores[:, 0], 0)  # not the binary (0, s) pair
    np.testing.assert_allclose(model.predict_proba(X[:4]), 1 / (1 + np.exp(-scores)))


def test_the_same_random_state_gives_the_same_model(data):
    X, labels = data
    first = tiny(max_epochs=1).fit(X, labels).predict_proba(X)
    second = tiny(max_epochs=1).fit(X, labels).predict_proba(X)
    np.testing.assert_array_equal(first, second)
    other = tiny(max_epochs=1, random_state=1).fit(X, labels).predict_proba(X)
    assert not np.array_equal(first, other)


def test_clone_keeps_the_task_names_parameter_and_drops_the_fit(data):
    model = tiny(task_names=["a", "b", "c"])
    copy = clone(model)
    assert copy.get_params()["task_names"] == ["a", "b", "c"]
    assert not hasattr(copy, "n_tasks_")


def test_a_pickled_model_predicts_the_same_with_its_tasks(fitted, data):
    X, _ = data
    copy = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(copy.predict_proba(X), fitted.predict_proba(X))
    assert copy.task_names_.tolist() == fitted.task_names_.tolist()


# --- task_index ---------------------------------------------------------------------


def test_task_index_takes_an_index_or_a_name(fitted):
    assert task_index(fitted, 2) == 2
    assert task_index(fitted, np.int64(0)) == 0
    assert task_index(fitted, "task1") == 1


@pytest.mark.parametrize(
    "task, message",
    [
        (None, r"this model has 3 tasks \(task0, task1, task2\); pass task= as an index 0-2"),
        (3, r"task=3 is out of range: this model has 3 tasks"),
        (-1, r"task=-1 is out of range"),
        ("CTCF", r"task='CTCF' is not a task of this model: .*task0, task1, task2"),
        (True, r"task=True is neither an index nor a name"),
    ],
)
def test_task_index_names_the_tasks_when_the_task_is_wrong(fitted, task, message):
    with pytest.raises(ValueError, match=message):
        task_index(fitted, task)


def test_task_index_of_a_single_label_model_is_none_and_refuses_a_task(data):
    X, labels = data
    model = tiny(max_epochs=1).fit(X, labels[:, 0])
    assert task_index(model, None) is None
    with pytest.raises(ValueError, match="task=0 is for multi-task models; this model was "
                       "fitted on one label column"):
        task_index(model, 0)
