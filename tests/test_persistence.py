"""Model folders: save_model / load_model round trips and their error messages."""

import json
import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.persistence import (
    HISTORY_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    load_model,
    save_model,
)

SITE = np.eye(4)[:, [2, 2, 0, 3, 0, 0]]


def _tiny(**params):
    defaults = dict(n_filters=8, highway_units=8, n_highway_layers=1, max_epochs=2, verbose=0)
    return DeepMotifClassifier(**{**defaults, **params})


@pytest.fixture(scope="module")
def dna():
    return make_motif_dataset(SITE, n_samples=120, length=24, random_state=0)


@pytest.fixture(scope="module")
def pipeline(dna):
    X, y = dna
    return Pipeline([("onehot", OneHotDNA()), ("clf", _tiny(random_state=0))]).fit(X, y)


@pytest.fixture
def saved(pipeline, tmp_path):
    return save_model(pipeline, tmp_path / "model")


def test_pipeline_round_trip_predicts_identically(pipeline, saved, dna):
    X, _ = dna
    loaded = load_model(saved)
    assert isinstance(loaded, Pipeline) and [name for name, _ in loaded.steps] == ["onehot", "clf"]
    np.testing.assert_array_equal(loaded.predict_proba(X), pipeline.predict_proba(X))
    np.testing.assert_array_equal(loaded.decision_function(X), pipeline.decision_function(X))
    np.testing.assert_array_equal(loaded.predict(X), pipeline.predict(X))


def test_loaded_model_keeps_parameters_history_and_fitted_attributes(pipeline, saved):
    original, loaded = pipeline[-1], load_model(saved)[-1]
    assert loaded.get_params() == original.get_params()
    assert loaded.sequence_length_ == original.sequence_length_
    assert loaded.n_epochs_ == original.n_epochs_ == 2
    assert loaded.history_[:, "train_loss"] == pytest.approx(original.history_[:, "train_loss"])
    assert not loaded.module_.training


def test_loading_restores_through_the_estimator_as_fit_builds_it(pipeline, saved, dna):
    X, y = dna
    original, loaded = pipeline[-1], load_model(saved)[-1]
    fitted = sorted(name for name in vars(original) if name.endswith("_"))
    assert fitted == sorted(name for name in vars(loaded) if name.endswith("_"))
    for attribute in ("dataset", "iterator_train__collate_fn", "iterator_valid__collate_fn",
                      "optimizer", "criterion", "batch_size", "max_epochs"):
        assert getattr(loaded.net_, attribute) == getattr(original.net_, attribute), attribute
    assert loaded.net_.initialized_
    assert type(loaded.net_.optimizer_) is type(original.net_.optimizer_)
    np.testing.assert_array_equal(
        loaded.predict_proba(one_hot_encode(X)), original.predict_proba(one_hot_encode(X))
    )
    refitted = clone(loaded).fit(one_hot_encode(X), y)
    assert refitted.n_epochs_ == 2 and refitted is not loaded


def test_bare_classifier_with_string_classes_round_trips(tmp_path, dna):
    X, y = dna
    labels = np.where(y == 1, "bound", "unbound").astype(object)
    clf = _tiny(random_state=1, reverse_complement=False, kernel_sizes=(5, 3, 3)).fit(
        one_hot_encode(X), labels
    )
    loaded = load_model(save_model(clf, tmp_path / "model"))
    assert isinstance(loaded, DeepMotifClassifier)
    assert loaded.classes_.dtype == clf.classes_.dtype and list(loaded.classes_) == [
        "bound",
        "unbound",
    ]
    assert list(loaded.kernel_sizes) == [5, 3, 3]
    np.testing.assert_array_equal(loaded.predict(one_hot_encode(X)), clf.predict(one_hot_encode(X)))


def test_deepbind_classifier_round_trips(tmp_path, dna):
    deepbind = pytest.importorskip("sklearn_demotif.deepbind")
    X, y = dna
    clf = deepbind.DeepBindClassifier(
        n_motifs=4, motif_length=6, max_epochs=1, verbose=0, random_state=0
    ).fit(one_hot_encode(X), y)
    loaded = load_model(save_model(clf, tmp_path / "deepbind"))
    assert type(loaded).__name__ == "DeepBindClassifier"
    np.testing.assert_array_equal(
        loaded.predict_proba(one_hot_encode(X)), clf.predict_proba(one_hot_encode(X))
    )


def test_loading_unpickles_nothing(saved, monkeypatch, dna):
    def forbidden(*args, **kwargs):
        raise AssertionError("load_model must not unpickle")

    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(torch, "load", forbidden)
    assert load_model(saved).predict_proba(dna[0][:3]).shape == (3, 2)


def test_loaded_model_still_pickles(saved, dna):
    loaded = load_model(saved)
    restored = pickle.loads(pickle.dumps(loaded))
    np.testing.assert_array_equal(restored.predict_proba(dna[0]), loaded.predict_proba(dna[0]))


def test_model_json_records_what_the_model_is(saved):
    description = json.loads((saved / MODEL_FILE).read_text())
    assert description["estimator"]["class"] == "DeepMotifClassifier"
    assert description["estimator"]["params"]["n_filters"] == 8
    assert description["classes"] == {"dtype": np.array([0]).dtype.str, "values": [0, 1]}
    assert description["sequence_length"] == 24
    assert len(description["files"][WEIGHTS_FILE]["sha256"]) == 64


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_damaged_weights_give_a_clear_error(saved, damage):
    path = saved / WEIGHTS_FILE
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="weights.safetensors: contents do not match the checksum"):
        load_model(saved)


def test_weights_of_another_network_give_a_clear_error(saved, tmp_path, dna):
    X, y = dna
    other = save_model(_tiny(n_filters=4, random_state=0).fit(one_hot_encode(X), y), tmp_path / "o")
    (saved / WEIGHTS_FILE).write_bytes((other / WEIGHTS_FILE).read_bytes())
    description = json.loads((saved / MODEL_FILE).read_text())
    description["files"][WEIGHTS_FILE] = json.loads((other / MODEL_FILE).read_text())["files"][
        WEIGHTS_FILE
    ]
    (saved / MODEL_FILE).write_text(json.dumps(description))
    with pytest.raises(ValueError, match="tensors do not fit a DeepMotifClassifier"):
        load_model(saved)


def test_garbage_with_a_matching_checksum_is_not_a_safetensors_file(saved):
    import hashlib

    garbage = b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all"
    (saved / WEIGHTS_FILE).write_bytes(garbage)
    description = json.loads((saved / MODEL_FILE).read_text())
    description["files"][WEIGHTS_FILE] = {
        "sha256": hashlib.sha256(garbage).hexdigest(),
        "size": len(garbage),
    }
    (saved / MODEL_FILE).write_text(json.dumps(description))
    with pytest.raises(ValueError, match="not a safetensors file"):
        load_model(saved)


def test_missing_folder_and_missing_files(tmp_path, saved):
    with pytest.raises(FileNotFoundError, match="no such model folder"):
        load_model(tmp_path / "nowhere")
    (saved / HISTORY_FILE).unlink()
    with pytest.raises(FileNotFoundError, match="history.json is missing"):
        load_model(saved)
    (saved / MODEL_FILE).unlink()
    with pytest.raises(FileNotFoundError, match="model.json is missing"):
        load_model(saved)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{ not json", "not a valid JSON file"),
        ('{"format": "something-else"}', "not a sklearn-demotif model description"),
    ],
)
def test_wrong_format_gives_a_clear_error(saved, content, message):
    (saved / MODEL_FILE).write_text(content)
    with pytest.raises(ValueError, match=message):
        load_model(saved)


def test_model_from_another_minor_release_is_refused(saved):
    from sklearn_demotif import __version__

    description = json.loads((saved / MODEL_FILE).read_text())
    description["sklearn_demotif_version"] = "99.7.1"
    (saved / MODEL_FILE).write_text(json.dumps(description))
    with pytest.raises(
        ValueError, match=rf"saved by sklearn-demotif 99\.7\.1 and this is {__version__}"
    ):
        load_model(saved)


def test_unknown_estimator_class_is_refused(saved):
    description = json.loads((saved / MODEL_FILE).read_text())
    description["estimator"]["class"] = "os.system"
    (saved / MODEL_FILE).write_text(json.dumps(description))
    with pytest.raises(ValueError, match="unknown estimator class 'os.system'"):
        load_model(saved)


def test_only_package_classifiers_can_be_saved(tmp_path):
    with pytest.raises(TypeError, match="cannot save a LogisticRegression"):
        save_model(LogisticRegression().fit([[0], [1]], [0, 1]), tmp_path / "m")
    with pytest.raises(NotFittedError):
        save_model(_tiny(), tmp_path / "m")
    assert list(tmp_path.iterdir()) == []


def test_saving_replaces_a_model_but_not_other_folders(pipeline, saved, tmp_path):
    (saved / "stale.txt").write_text("left over")
    save_model(pipeline, saved)
    assert sorted(path.name for path in saved.iterdir()) == sorted(
        [MODEL_FILE, WEIGHTS_FILE, HISTORY_FILE]
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["model"], "temporary folders left"
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not a model folder"):
        save_model(pipeline, other)
    assert (other / "keep.txt").read_text() == "mine"
