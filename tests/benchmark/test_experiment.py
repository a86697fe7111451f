"""run_experiment's pieces: the quick training subset and the scored row of one model."""

import numpy as np
import pytest
from sklearn.utils import Bunch

import sklearn_demotif.benchmark._experiment as experiment
from sklearn_demotif.benchmark import run_experiment
from sklearn_demotif.benchmark._experiment import _fit_and_score, _training_data
from sklearn_demotif.benchmark._models import _make_model
from sklearn_demotif.datasets import make_motif_dataset


@pytest.fixture(scope="module")
def data():
    X, y = make_motif_dataset("MA0139", n_samples=200, length=30, random_state=0)
    return Bunch(X_train=X[:150], y_train=y[:150], X_test=X[150:], y_test=y[150:])


def test_a_quick_run_trains_on_a_stratified_subset(data, monkeypatch):
    monkeypatch.setattr(experiment, "QUICK_MAX_TRAIN", 50)
    X, y = _training_data(data, quick=True, random_state=0)
    assert len(X) == 50 and abs(np.mean(y) - np.mean(data.y_train)) < 0.03
    X, _ = _training_data(data, quick=False, random_state=0)
    assert X is data.X_train


def test_the_scored_row_measures_auc_precision_epochs_and_time(data):
    model = _make_model("deepbind", True, 0, 0, {"n_motifs": 2, "max_epochs": 1})
    row = _fit_and_score(model, data.X_train, data.y_train, data.X_test, data.y_test)
    assert list(row) == ["auc", "average_precision", "n_train", "n_epochs", "train_seconds",
                         "device"]
    assert 0 <= row["auc"] <= 1 and 0 <= row["average_precision"] <= 1
    assert (row["n_train"], row["n_epochs"], row["device"]) == (150, 1, "cpu")
    assert row["train_seconds"] > 0


def test_an_unknown_model_is_refused_before_any_data_is_read(tmp_path):
    with pytest.raises(ValueError, match=r"unknown models \['deepsea'\]"):
        run_experiment("NOPE", data_home=tmp_path, models=("deepsea",))


def test_bad_options_are_named_by_scikit_learns_validation(tmp_path):
    with pytest.raises(ValueError, match=r"'search_iter' parameter of run_experiment must be"):
        run_experiment("NOPE", data_home=tmp_path, search_iter=-1)


def test_model_params_are_still_validated_by_the_classifier(data, monkeypatch):
    """run_experiment validates its own options without switching off the classifiers' checks."""
    monkeypatch.setattr(
        experiment, "load_experiment",
        lambda name, **kwargs: Bunch(cell_line="C", tf="T", **data),
    )
    # scikit-learn's wrapper names the outer function in the classifier's message.
    with pytest.raises(ValueError, match=r"'n_motifs' parameter of \w+ must be an int"):
        run_experiment("T_C_L", models=("deepbind",), quick=True,
                       model_params={"deepbind": {"n_motifs": 0, "max_epochs": 1}})
