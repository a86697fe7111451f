"""One answer to "which classifier, which class": every part of the package agrees.

The string-label test trains once with ``"bound"`` / ``"unbound"`` labels and checks
that class optimization, saliency, the report's AUC, the benchmark's AUC and
``demotif predict`` all score ``classes_[1]``, the class ``decision_function`` scores.
"""

import re

import numpy as np
import pytest
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils import Bunch

import sklearn_demotif.benchmark as benchmark
import sklearn_demotif.benchmark._experiment as benchmark_experiment
from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif._utils import (
    encoder_for,
    final_classifier,
    positive_class_index,
    target_index,
)
from sklearn_demotif.cli import main
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.interpret import saliency
from sklearn_demotif.persistence import save_model
from sklearn_demotif.report import make_report


def test_final_classifier_unwraps_pipelines_and_searches():
    classifier = LogisticRegression()
    pipeline = make_pipeline(FunctionTransformer(), classifier)
    search = GridSearchCV(pipeline, {"logisticregression__C": [1.0]}, cv=2)
    search.fit(np.random.RandomState(0).rand(20, 2), [0, 1] * 10)
    assert final_classifier(classifier) is classifier
    assert final_classifier(pipeline) is classifier
    assert final_classifier(search) is search.best_estimator_[-1]


def test_the_positive_class_is_the_second_of_two_and_undefined_otherwise():
    assert positive_class_index(np.array([0, 1])) == 1
    assert positive_class_index(["bound", "unbound"]) == 1
    with pytest.raises(ValueError, match="binary classifiers.*3 classes"):
        positive_class_index(["a", "b", "c"])


def test_target_index_matches_value_and_kind():
    assert target_index(np.array([0, 1]), 0) == 0
    assert target_index(np.array(["a", "b", "c"]), "c") == 2
    with pytest.raises(ValueError, match=r"target '1' is not one of the classes \[0, 1\]"):
        target_index(np.array([0, 1]), "1")


def test_encoder_for_a_bare_classifier_pads_strings_to_the_training_length():
    fitted = Bunch(sequence_length_=8)
    assert encoder_for(fitted)(["ACGT"]).shape == (1, 4, 8)
    assert encoder_for(fitted)(np.zeros((2, 4, 5))).shape == (2, 4, 5)



# --- one positive class everywhere, with string labels ---------------------------

#: The string-label model's settings; the benchmark test trains the same model again.
# A model this small learns the site with some seeds only; float32 with seed 0 does
# (AUC 0.77), whatever the machine's CPU, and these tests are about which class is scored.
STRING_MODEL_PARAMS = {"n_filters": 16, "max_epochs": 5, "precision": "float32"}


@pytest.fixture(scope="module")
def string_labelled():
    """A small pipeline trained on labels "bound" (planted site) and "unbound"."""
    X, y = make_motif_dataset("MA0035.4", n_samples=400, length=40, random_state=0)
    labels = np.where(y == 1, "bound", "unbound")
    pipeline = Pipeline(
        [
            ("onehot", OneHotDNA()),
            ("clf", DeepMotifClassifier(**STRING_MODEL_PARAMS, random_state=0, verbose=0)),
        ]
    ).fit(X, labels)
    return pipeline, X, labels


def test_string_labels_sort_so_the_scored_class_is_unbound(string_labelled):
    pipeline, X, _ = string_labelled
    assert list(pipeline[-1].classes_) == ["bound", "unbound"]
    np.testing.assert_allclose(
        pipeline.predict_proba(X)[:, 1], expit(pipeline.decision_function(X)), rtol=1e-5
    )


def test_class_optimization_and_saliency_explain_the_decision_function_class(string_labelled):
    pipeline, X, _ = string_labelled
    pwm = pipeline[-1].motif_(n_restarts=2, n_steps=30, random_state=0)
    assert pwm.metadata["target"] == "unbound"
    np.testing.assert_array_equal(
        saliency(pipeline, X[:5]), saliency(pipeline, X[:5], target="unbound")
    )
    assert not np.array_equal(saliency(pipeline, X[:5]), saliency(pipeline, X[:5], target="bound"))


def test_report_and_benchmark_auc_score_the_decision_function_class(
    string_labelled, monkeypatch, tmp_path
):
    pipeline, X, labels = string_labelled
    expected = roc_auc_score(labels == "unbound", pipeline.decision_function(X))
    page = make_report(pipeline, X, labels, motif=None, n_attribution=0)
    assert re.search(r"Test ROC AUC <span class=\"big\">([0-9.]+)</span>", page)[1] == (
        f"{expected:.3f}"
    )
    assert "positive class: unbound" in page

    def string_experiment(name, data_home=None, random_state=0):
        return Bunch(X_train=X, y_train=labels, X_test=X, y_test=labels, cell_line="C", tf="T")

    monkeypatch.setattr(benchmark_experiment, "load_experiment", string_experiment)
    params = {"demo": STRING_MODEL_PARAMS}
    (row,) = benchmark.run_experiment(
        "T_C_L", data_home=tmp_path, models=("demo",), model_params=params
    )
    # The benchmark ranks float32 probabilities, which tie where the report's
    # log-odds do not; scoring the other class would give 1 - AUC.
    assert row["auc"] == pytest.approx(expected, abs=1e-4)
    assert abs(expected - 0.5) > 0.05


def test_demotif_predict_prints_the_decision_function_class(string_labelled, tmp_path, capsys):
    pipeline, X, _ = string_labelled
    save_model(pipeline, tmp_path / "model")
    (tmp_path / "seqs.txt").write_text("\n".join(X[:20]) + "\n")
    assert main(["predict", "--model", str(tmp_path / "model"), str(tmp_path / "seqs.txt")]) == 0
    printed = [float(line.split("\t")[1]) for line in capsys.readouterr().out.splitlines()[1:]]
    np.testing.assert_allclose(printed, expit(pipeline.decision_function(X[:20])), rtol=1e-5)
