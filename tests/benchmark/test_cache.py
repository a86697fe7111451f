"""The fitted-model cache: named as a cache, read back only for the same parameters and version."""

import json

import pytest

import sklearn_demotif.benchmark._cache as cache
from sklearn_demotif import DeepBindClassifier
from sklearn_demotif.benchmark import load_fitted_model, save_fitted_model
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode


@pytest.fixture(scope="module")
def fitted():
    X, y = make_motif_dataset("MA0139", n_samples=60, length=30, random_state=0)
    return DeepBindClassifier(n_motifs=2, max_epochs=1, verbose=0).fit(one_hot_encode(X), y)


def test_a_cached_model_has_two_files_named_as_a_cache(fitted, tmp_path):
    save_fitted_model(tmp_path / "cache", "TOY E", "deepbind", fitted, {"n_epochs": 1})
    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == [
        "TOY%20E.deepbind.cache.json", "TOY%20E.deepbind.cache.pkl"
    ]
    info = json.loads((tmp_path / "cache" / "TOY%20E.deepbind.cache.json").read_text())
    assert info["experiment"] == "TOY E" and info["version"] == cache.__version__


def test_the_same_parameters_read_the_model_back(fitted, tmp_path):
    save_fitted_model(tmp_path, "TOY", "deepbind", fitted, {"n_epochs": 1})
    model, info = load_fitted_model(tmp_path, "TOY", "deepbind", fitted)
    assert info["n_epochs"] == 1
    assert model.get_params() == fitted.get_params() and model.n_epochs_ == 1


def test_other_parameters_a_missing_entry_or_another_version_are_misses(
    fitted, tmp_path, monkeypatch
):
    assert load_fitted_model(tmp_path, "TOY", "deepbind", fitted) is None
    save_fitted_model(tmp_path, "TOY", "deepbind", fitted, {})
    other = DeepBindClassifier(n_motifs=3, max_epochs=1, verbose=0)
    assert load_fitted_model(tmp_path, "TOY", "deepbind", other) is None
    monkeypatch.setattr(cache, "__version__", "0.0.0")
    assert load_fitted_model(tmp_path, "TOY", "deepbind", fitted) is None


def test_an_entry_of_another_experiment_is_refused(fitted, tmp_path):
    save_fitted_model(tmp_path, "A", "deepbind", fitted, {})
    for suffix in cache.CACHE_SUFFIXES:
        (tmp_path / f"A.deepbind{suffix}").rename(tmp_path / f"B.deepbind{suffix}")
    with pytest.raises(ValueError, match=r"B\.deepbind\.cache\.json: holds a model of "
                                         r"experiment 'A'"):
        load_fitted_model(tmp_path, "B", "deepbind", fitted)


def test_a_parameter_added_since_counts_only_at_its_default(fitted, tmp_path):
    save_fitted_model(tmp_path, "TOY", "deepbind", fitted, {"n_epochs": 1})
    described = tmp_path / "TOY.deepbind.cache.json"
    info = json.loads(described.read_text())
    del info["params"]["lr"]  # as if lr were added to the classifier after the entry
    described.write_text(json.dumps(info))
    default_lr = DeepBindClassifier().get_params()["lr"]
    wanted = DeepBindClassifier(n_motifs=2, max_epochs=1, verbose=0, lr=default_lr)
    assert load_fitted_model(tmp_path, "TOY", "deepbind", wanted) is not None
    assert load_fitted_model(tmp_path, "TOY", "deepbind", wanted.set_params(lr=0.5)) is None
