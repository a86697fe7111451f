"""Model folders: save_model / load_model round trips and their error messages."""

import contextlib
import json
import os
import pickle
import re
import signal

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

import sklearn_demotif.persistence as persistence
from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif._model_schema import description_checksum
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.persistence import (
    HISTORY_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    check_model_directory,
    load_model,
    save_model,
)


def _edit(folder, change):
    """Change model.json as a deliberate editor would: the edit, then a fresh checksum."""
    description = json.loads((folder / MODEL_FILE).read_text())
    change(description)
    description["description_sha256"] = description_checksum(description)
    (folder / MODEL_FILE).write_text(json.dumps(description))


def _replace_file(folder, name, data):
    """Replace a weights or history file and record its size and sha256 in model.json."""
    import hashlib

    (folder / name).write_bytes(data)
    _edit(folder, lambda d: d["files"].update(
        {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}}
    ))


def _tree(folder):
    """Every file and folder below ``folder`` with its content: to compare before and after."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def _tiny(**params):
    defaults = dict(n_filters=8, highway_units=8, n_highway_layers=1, max_epochs=2, verbose=0)
    return DeepMotifClassifier(**{**defaults, **params})


@pytest.fixture(scope="module")
def dna(site):
    return make_motif_dataset(site, n_samples=120, length=24, random_state=0)


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


def test_loading_builds_the_network_once(saved, monkeypatch):
    from sklearn_demotif.networks import DeepMotifNetwork

    built = []
    original_init = DeepMotifNetwork.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(DeepMotifNetwork, "__init__", counting_init)
    load_model(saved)
    assert len(built) == 1


def test_loading_leaves_torch_random_generator_alone(saved):
    before = torch.random.get_rng_state()
    load_model(saved)
    assert torch.equal(torch.random.get_rng_state(), before)


def test_each_estimator_restores_itself_through_one_method(saved, monkeypatch):
    from sklearn_demotif.classifier import SequenceClassifierBase

    restored = []
    for cls in (SequenceClassifierBase, OneHotDNA):
        def recording(self, *args, _restore=cls._restore_fitted, **kwargs):
            restored.append(type(self).__name__)
            return _restore(self, *args, **kwargs)

        monkeypatch.setattr(cls, "_restore_fitted", recording)
    monkeypatch.setattr(SequenceClassifierBase, "_check_buildable",
                        lambda *args, **kwargs: pytest.fail("a second check of the network"))
    loaded = load_model(saved)
    assert restored == ["DeepMotifClassifier", "OneHotDNA"]
    assert loaded[0].length_ == 24 and loaded[-1].sequence_length_ == 24


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


@pytest.fixture(scope="module")
def multilabel_data(dna):
    X, y = dna
    labels = np.c_[y, 1 - y].astype(np.float64)
    labels[::3, 1] = np.nan
    return one_hot_encode(X), labels


@pytest.mark.parametrize("estimator", ["DeepMotifClassifier", "DeepBindClassifier"])
def test_a_multilabel_model_round_trips_with_its_task_names(tmp_path, multilabel_data, estimator):
    from sklearn_demotif.deepbind import DeepBindClassifier

    X, labels = multilabel_data
    clf = (
        _tiny(random_state=0, task_names=["CTCF", "not CTCF"])
        if estimator == "DeepMotifClassifier"
        else DeepBindClassifier(n_motifs=4, motif_length=6, max_epochs=1, verbose=0,
                                random_state=0, task_names=["CTCF", "not CTCF"])
    ).fit(X, labels)
    folder = save_model(clf, tmp_path / "multi")
    description = json.loads((folder / MODEL_FILE).read_text())
    assert description["task_names"] == ["CTCF", "not CTCF"]
    assert description["classes"]["values"] == [0, 1]
    assert description["network"]["criterion"] == "MaskedBCEWithLogitsLoss"
    loaded = load_model(folder)
    assert loaded.task_names_.tolist() == ["CTCF", "not CTCF"] and loaded.n_tasks_ == 2
    for method in ("predict_proba", "decision_function", "predict"):
        np.testing.assert_array_equal(getattr(loaded, method)(X), getattr(clf, method)(X))


def test_a_single_label_model_records_no_task_names(saved):
    description = json.loads((saved / MODEL_FILE).read_text())
    assert description["task_names"] is None
    assert not hasattr(load_model(saved)[-1], "n_tasks_")


def test_a_single_label_folder_written_before_task_names_loads(saved, dna):
    _edit(saved, lambda d: d.pop("task_names"))
    loaded = load_model(saved)
    assert not hasattr(loaded[-1], "task_names_")
    assert loaded.predict_proba(dna[0][:3]).shape == (3, 2)


def test_task_names_added_to_a_single_label_model_are_refused(saved):
    _edit(saved, lambda d: d.update(task_names=["a", "b"]))
    with pytest.raises(ValueError, match="field 'network.criterion' is 'CrossEntropyLoss'"):
        load_model(saved)


def test_a_classifier_fitted_on_tabular_x_round_trips_with_its_channels(tmp_path):
    X = np.random.RandomState(0).normal(size=(60, 5))
    y = (X[:, 0] > 0).astype(int)
    clf = _tiny(random_state=0, reverse_complement=False, validation_fraction=None).fit(X, y)
    folder = save_model(clf, tmp_path / "tabular")
    assert json.loads((folder / MODEL_FILE).read_text())["n_features_in"] == 5
    loaded = load_model(folder)
    assert loaded.n_features_in_ == 5
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))


def test_a_classifier_fitted_on_a_dataframe_keeps_its_feature_names(tmp_path):
    import pandas as pd

    X = pd.DataFrame(np.random.RandomState(0).normal(size=(60, 3)), columns=["a", "b", "c"])
    y = (X["a"] > 0).astype(int)
    clf = _tiny(random_state=0, reverse_complement=False, validation_fraction=None).fit(X, y)
    folder = save_model(clf, tmp_path / "named")
    assert json.loads((folder / MODEL_FILE).read_text())["feature_names_in"] == ["a", "b", "c"]
    loaded = load_model(folder)
    assert loaded.feature_names_in_.tolist() == ["a", "b", "c"]
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
    with pytest.raises(ValueError, match="same order as they were in fit"):
        loaded.predict(X[["c", "b", "a"]])


def test_a_model_fitted_without_feature_names_records_none(saved):
    assert json.loads((saved / MODEL_FILE).read_text())["feature_names_in"] is None
    assert not hasattr(load_model(saved)[-1], "feature_names_in_")


def test_a_folder_written_before_n_features_in_loads_as_dna(saved, dna):
    _edit(saved, lambda d: d.pop("n_features_in"))
    loaded = load_model(saved)
    assert loaded[-1].n_features_in_ == 4
    assert loaded.predict_proba(dna[0][:3]).shape == (3, 2)


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
    with pytest.raises(ValueError, match=r"weights.safetensors: .*truncated or modified after"):
        load_model(saved)


def test_weights_of_another_network_give_a_clear_error(saved, tmp_path, dna):
    X, y = dna
    other = save_model(_tiny(n_filters=4, random_state=0).fit(one_hot_encode(X), y), tmp_path / "o")
    _replace_file(saved, WEIGHTS_FILE, (other / WEIGHTS_FILE).read_bytes())
    with pytest.raises(ValueError, match="tensors do not fit a DeepMotifClassifier"):
        load_model(saved)


def test_garbage_with_a_matching_checksum_is_not_a_safetensors_file(saved):
    _replace_file(saved, WEIGHTS_FILE, b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all")
    with pytest.raises(ValueError, match="not a safetensors file"):
        load_model(saved)


def test_nan_weights_with_a_recomputed_checksum_are_refused(saved):
    from safetensors.torch import load, save

    state = load((saved / WEIGHTS_FILE).read_bytes())
    state["network.output.1.weight"][0, 0] = float("nan")
    _replace_file(saved, WEIGHTS_FILE, save(state))
    with pytest.raises(ValueError, match="'network.output.1.weight' holds NaN"):
        load_model(saved)


def test_the_size_is_compared_before_the_weights_file_is_read(saved, monkeypatch):
    with open(saved / WEIGHTS_FILE, "r+b") as handle:
        handle.truncate(64 << 20)  # sparse: 64 MiB that take no disk space
    read_bytes = type(saved).read_bytes

    def no_reading_of_the_weights(path):
        assert path.name != WEIGHTS_FILE, "the weights file was read before its size was compared"
        return read_bytes(path)

    monkeypatch.setattr(type(saved), "read_bytes", no_reading_of_the_weights)
    with pytest.raises(ValueError, match=r"67108864 bytes, but model.json records \d+"):
        load_model(saved)


def test_hyperparameters_are_checked_before_the_weights_are_read(saved, monkeypatch):
    _edit(saved, lambda d: d["estimator"]["params"].update(kernel_sizes=[0, 5, 3]))
    monkeypatch.setattr(persistence, "_read_checked",
                        lambda *args: pytest.fail("weights read for a network that cannot exist"))
    with pytest.raises(ValueError, match="field 'estimator.params': kernel_sizes="):
        load_model(saved)


def test_a_description_edited_by_hand_is_reported(saved):
    description = json.loads((saved / MODEL_FILE).read_text())
    description["estimator"]["params"]["dropout"] = 0.5
    (saved / MODEL_FILE).write_text(json.dumps(description))
    with pytest.raises(ValueError, match="'description_sha256' does not match the description"):
        load_model(saved)


def _preprocessing(change):
    return lambda d: change(d["pipeline"]["preprocessing"][0])


@pytest.mark.parametrize(
    "change, field",
    [
        # Each of these once gave a raw exception or a silently different model.
        (lambda d: d["network"].update(criterion="Module"), "network.criterion"),
        (lambda d: d["classes"]["values"].reverse(), "classes.values"),
        (_preprocessing(lambda step: step["params"].update(length=10**10)),
         "pipeline.preprocessing[0].params.length"),
        (_preprocessing(lambda step: step.pop("length_")), "pipeline.preprocessing[0].length_"),
        (lambda d: d.update(sequence_length=1e400), "sequence_length"),
        (lambda d: d.update(sequence_length=10**10), "sequence_length"),
        (lambda d: d["estimator"]["params"].update(kernel_sizes=[[[[[1]]]]]),
         "estimator.params.kernel_sizes"),
        (lambda d: d["estimator"]["params"].update(kernel_sizes=[0, 5, 3]), "estimator.params"),
        (lambda d: d["estimator"]["params"].update(n_filters=-1), "estimator.params.n_filters"),
        (lambda d: d["estimator"]["params"].update(n_filters=9), "estimator.params"),
        (lambda d: d["estimator"]["params"].update(device="banana"), "estimator.params.device"),
        (lambda d: d["estimator"]["params"].update(secret=1), "estimator.params.secret"),
        (lambda d: d["estimator"].update({"class": "os.system"}), "estimator.class"),
        (lambda d: d["files"][WEIGHTS_FILE].update(size=-1), "files.weights.safetensors.size"),
        (lambda d: d["classes"].update(dtype="V8"), "classes.dtype"),
        (lambda d: d["classes"].update(values=[0, 1.5]), "classes.values[1]"),
        (lambda d: d.update(n_epochs=7), "n_epochs"),
        (lambda d: d.update(n_features_in=0), "n_features_in"),
        (lambda d: d.update(n_features_in="4"), "n_features_in"),
        (lambda d: d.update(feature_names_in=["a", "b", "c"]), "feature_names_in"),
        (lambda d: d.update(feature_names_in=["a", "b", "c", 4]), "feature_names_in[3]"),
        (lambda d: d.update(feature_names_in=["a", "a", "c", "g"]), "feature_names_in"),
        (lambda d: d.pop("files"), "files"),
        (lambda d: d.update(unexpected=True), "unexpected"),
    ],
)
def test_edited_fields_are_refused_with_a_value_error_naming_the_field(saved, change, field):
    _edit(saved, change)
    with pytest.raises(ValueError, match=f"model.json: field '{re.escape(field)}"):
        load_model(saved)


def test_a_deeply_nested_description_is_a_value_error(saved):
    (saved / MODEL_FILE).write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="not a valid JSON file"):
        load_model(saved)


def test_a_cuda_model_on_a_machine_without_that_gpu_is_a_value_error(saved):
    missing = f"cuda:{torch.cuda.device_count()}"
    _edit(saved, lambda d: d["estimator"]["params"].update(device=missing))
    with pytest.raises(ValueError, match="field 'estimator.params.device'.*device='cpu'"):
        load_model(saved)
    assert load_model(saved, device="cpu")[-1].device_ == "cpu"


@contextlib.contextmanager
def _no_blocking(seconds=20):
    """Fail, rather than hang, when a read blocks (on a FIFO with no writer)."""

    def expire(signum, frame):
        raise AssertionError(f"blocked for {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _put(kind, path):
    """A folder, a FIFO or a character device (a link to /dev/null) at ``path``."""
    path.unlink()
    if kind == "folder":
        path.mkdir()
    elif kind == "FIFO":
        os.mkfifo(path)
    else:
        path.symlink_to(os.devnull)


@pytest.mark.parametrize("name", [MODEL_FILE, WEIGHTS_FILE, HISTORY_FILE])
@pytest.mark.parametrize(
    "kind, message",
    [("folder", "is a folder, not a file"), ("FIFO", r"is not a regular file \(a FIFO\)"),
     ("device", r"is not a regular file \(a character device\)")],
)
def test_a_model_file_that_is_not_a_regular_file_says_what_it_is(saved, name, kind, message):
    _put(kind, saved / name)
    expected = re.escape(str(saved / name)) + " " + message
    with _no_blocking(), pytest.raises(ValueError, match=expected):
        load_model(saved)


def test_a_model_folder_that_is_a_fifo_says_so(tmp_path):
    os.mkfifo(tmp_path / "model")
    with _no_blocking(), pytest.raises(ValueError, match=r"not a folder \(a FIFO\), not a model"):
        load_model(tmp_path / "model")
    with pytest.raises(FileExistsError, match=r"is not a folder \(a FIFO\), not a model folder"):
        check_model_directory(tmp_path / "model")


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
        ('{"format": "sklearn-demotif-model", "format_version": 1}', "'format_version' is 1"),
    ],
)
def test_wrong_format_gives_a_clear_error(saved, content, message):
    (saved / MODEL_FILE).write_text(content)
    with pytest.raises(ValueError, match=message):
        load_model(saved)


def test_model_from_another_minor_release_is_refused(saved):
    from sklearn_demotif import __version__

    _edit(saved, lambda d: d.update(sklearn_demotif_version="99.7.1"))
    with pytest.raises(
        ValueError, match=rf"saved by sklearn-demotif 99\.7\.1 and this is {__version__}"
    ):
        load_model(saved)


def test_only_package_classifiers_can_be_saved(tmp_path):
    with pytest.raises(TypeError, match="cannot save a LogisticRegression"):
        save_model(LogisticRegression().fit([[0], [1]], [0, 1]), tmp_path / "m")
    with pytest.raises(NotFittedError):
        save_model(_tiny(), tmp_path / "m")
    assert list(tmp_path.iterdir()) == []


def test_saving_over_a_model_folder_replaces_its_files_and_keeps_the_others(
    pipeline, saved, tmp_path, dna
):
    (saved / "NOTES.md").write_text("mine")
    (saved / "src").mkdir()
    before = (saved / WEIGHTS_FILE).read_bytes()
    other = Pipeline([("onehot", OneHotDNA()), ("clf", _tiny(random_state=5))]).fit(*dna)
    save_model(other, saved)
    assert sorted(path.name for path in saved.iterdir()) == sorted(
        [MODEL_FILE, WEIGHTS_FILE, HISTORY_FILE, "NOTES.md", "src"]
    )
    assert (saved / "NOTES.md").read_text() == "mine"
    assert (saved / WEIGHTS_FILE).read_bytes() != before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["model"], "temporary files left"
    np.testing.assert_array_equal(load_model(saved).predict_proba(dna[0]),
                                  other.predict_proba(dna[0]))


def test_a_folder_with_someone_elses_model_json_is_refused_and_left_alone(pipeline, tmp_path):
    project = tmp_path / "proj"
    (project / "src").mkdir(parents=True)
    (project / "src" / "main.py").write_text("print('hi')")
    (project / MODEL_FILE).write_text('{"name": "keras"}')
    (project / "NOTES.md").write_text("notes")
    before = _tree(project)
    with pytest.raises(FileExistsError, match="model.json is not an sklearn-demotif model"):
        save_model(pipeline, project)
    assert _tree(project) == before
    (project / MODEL_FILE).write_text("not JSON at all")
    with pytest.raises(FileExistsError, match="model.json is not an sklearn-demotif model"):
        check_model_directory(project)


def test_other_folders_and_files_are_refused(pipeline, tmp_path):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="has no model.json"):
        save_model(pipeline, other)
    assert (other / "keep.txt").read_text() == "mine"
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileExistsError, match="is a file, not a model folder"):
        save_model(pipeline, tmp_path / "file")


def test_an_empty_folder_and_a_new_nested_one_are_written(pipeline, tmp_path):
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "new" / "nested" / "model"):
        save_model(pipeline, folder)
        assert sorted(path.name for path in folder.iterdir()) == sorted(
            [MODEL_FILE, WEIGHTS_FILE, HISTORY_FILE]
        )


def test_a_failed_save_names_the_model_folder_not_a_temporary_one(pipeline, tmp_path, monkeypatch):
    def crash(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(persistence.os, "rename", crash)
    with pytest.raises(OSError) as raised:
        save_model(pipeline, tmp_path / "model")
    assert str(raised.value) == f"cannot write {tmp_path / 'model'}: No space left on device"
    assert list(tmp_path.iterdir()) == []
