"""The fitted-model cache: models trained on whole training sets, kept for later benchmarks.

A cache, not a model format: the fitted estimator is pickled as it is (a
Pipeline, a classifier or DeepBind's calibration search, which model folders do
not hold) and read back only by this version of the package, and only when it
was trained with the parameters the caller wants.  Pickles run code when
loaded: keep cache folders to yourself, and share models as model folders
(:func:`sklearn_demotif.persistence.save_model`).
"""

import json
import pickle
from pathlib import Path

from .._atomic import write_atomically
from .._utils import final_classifier
from .._version import __version__
from ..persistence import _json_params
from ._models import _file_stem

#: The end of the names of a cached model's two files, after ``<experiment>.<model>``.
CACHE_SUFFIXES = (".cache.pkl", ".cache.json")


def _cache_paths(cache_dir, experiment, model):
    """``(pickle, description)``: ``<experiment>.<model>.cache.pkl`` and ``.cache.json``."""
    stem = _file_stem(experiment, model)
    return tuple(Path(cache_dir) / f"{stem}{suffix}" for suffix in CACHE_SUFFIXES)


def save_fitted_model(model_dir, experiment, model, fitted, info):
    """Cache a fitted model: ``<experiment>.<model>.cache.pkl`` and ``.cache.json``.

    The cache is one of this package version, not a model format: the pickle
    holds the fitted estimator as it is; the JSON file holds ``info`` (e.g.
    training seconds and epochs), the package version and the final
    classifier's parameters, which :func:`load_fitted_model` compares before
    reusing it.  Both are written atomically.  Pickles run code when loaded:
    keep such folders to yourself, and share models with
    :func:`~sklearn_demotif.persistence.save_model` instead.

    Parameters
    ----------
    model_dir : str or path-like
        The cache folder (created if missing).
    experiment : str
        Experiment name.
    model : str
        Model name, e.g. ``"demo"``.
    fitted : estimator
        The fitted model (a Pipeline, search or classifier of this package).
    info : dict
        JSON-serialisable facts about the training.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn_demotif import DeepBindClassifier
    >>> from sklearn_demotif.benchmark import load_fitted_model, save_fitted_model
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> X, y = make_motif_dataset("MA0139", n_samples=60, length=30, random_state=0)
    >>> clf = DeepBindClassifier(n_motifs=2, max_epochs=1, verbose=0).fit(one_hot_encode(X), y)
    >>> folder = tempfile.mkdtemp()
    >>> save_fitted_model(folder, "TOY", "deepbind", clf, {"n_epochs": 1})
    >>> model, info = load_fitted_model(folder, "TOY", "deepbind", clf)
    >>> info["n_epochs"], load_fitted_model(folder, "TOY", "deepbind", clf.set_params(lr=1.0))
    (1, None)
    """
    pickled, described = _cache_paths(model_dir, experiment, model)
    info = {
        **info,
        "experiment": experiment,
        "version": __version__,
        "params": _json_params(final_classifier(fitted)),
    }
    write_atomically(pickled, pickle.dumps(fitted))
    write_atomically(described, json.dumps(info, indent=1) + "\n")


def _same_params(cached, classifier):
    """Whether ``cached`` parameters are ``classifier``'s.

    A parameter the cached entry lacks (added to the classifier since) counts as
    the same when ``classifier`` has it at its default.
    """
    if cached is None:
        return False
    wanted = _json_params(classifier)
    defaults = _json_params(type(classifier)())
    added = {name for name in wanted.keys() - cached.keys() if wanted[name] == defaults[name]}
    return {name: value for name, value in wanted.items() if name not in added} == cached


def load_fitted_model(model_dir, experiment, model, classifier):
    """A model cached by :func:`save_fitted_model`, if it was trained with these parameters.

    Only a cache entry written by this version of the package is read (the
    cache is not a model format); any other is a miss.

    Parameters
    ----------
    model_dir : str or path-like
        The cache folder.
    experiment : str
        Experiment name.
    model : str
        Model name.
    classifier : estimator
        A classifier with the parameters the caller wants (fitted or not); a
        model whose final classifier had others is not returned.

    Returns
    -------
    fitted_and_info : tuple of (estimator, dict) or None
        The model and its saved ``info``, or ``None`` when there is none, its
        parameters differ or another package version cached it.  A
        parameter added to the classifier since the entry was written counts
        as the same when ``classifier`` has it at its default.
    """
    pickled, described = _cache_paths(model_dir, experiment, model)
    if not (pickled.is_file() and described.is_file()):
        return None
    info = json.loads(described.read_text(encoding="utf-8"))
    if info.get("experiment", experiment) != experiment:
        raise ValueError(f"{described}: holds a model of experiment {info['experiment']!r}")
    if info.get("version") != __version__ or not _same_params(info.get("params"), classifier):
        return None
    with open(pickled, "rb") as handle:
        return pickle.load(handle), info
