"""One experiment, the benchmark's unit of work: train and score the requested models."""

import os
import time
from numbers import Integral

import torch
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from .._options import MODELS
from .._utils import final_classifier, positive_class_index
from ..datasets import load_experiment
from ._cache import save_fitted_model
from ._models import _make_model, _search_iter

#: ``quick=True`` trains on a stratified random subset of at most this many sequences.
QUICK_MAX_TRAIN = 20000

#: The constraints of the options :func:`run_benchmark` and :func:`run_experiment` share.
#: ``random_state`` is a plain int: results are reproduced and resumed by it.
BENCHMARK_OPTIONS = {
    "data_home": [str, os.PathLike, None],
    "models": [StrOptions(set(MODELS)), list, tuple],
    "quick": ["boolean"],
    "random_state": [Interval(Integral, 0, 2**32 - 1, closed="both")],
    "model_params": [dict, None],
    "search_iter": [Interval(Integral, 0, None, closed="left"), None],
    "n_threads": [Interval(Integral, 1, None, closed="left"), None],
    "model_dir": [str, os.PathLike, None],
}


# Nested validation runs: the classifiers check model_params when they are fitted.
@validate_params({**BENCHMARK_OPTIONS, "name": [str]}, prefer_skip_nested_validation=False)
def run_experiment(
    name,
    *,
    data_home=None,
    models=MODELS,
    quick=False,
    random_state=0,
    model_params=None,
    search_iter=None,
    n_threads=None,
    model_dir=None,
):
    """Train and score the requested models on one experiment.

    This is the unit of work of :func:`run_benchmark`: a top-level function of
    plain arguments, so joblib worker processes and Dask workers can run it.
    The data are read from ``data_home`` wherever it runs.

    Parameters
    ----------
    name : str
        Experiment name, as listed by
        :func:`~sklearn_demotif.datasets.list_experiments`.
    data_home : str or path-like or None, default=None
        The data folder; ``None`` means ``$DEMOTIF_DATA``.
    models : sequence of str, default=("demo", "deepbind")
        Names from :data:`MODELS`.
    quick : bool, default=False
        Cap epochs at :data:`QUICK_MAX_EPOCHS`, train on at most
        :data:`QUICK_MAX_TRAIN` sequences (a stratified random subset) and, by
        default, skip DeepBind's calibration search.
    random_state : int, default=0
        Seed of the training negatives (for DeepBind-format files), of the
        subset and of every model.
    model_params : dict or None, default=None
        Per model name, parameters passed to its classifier, e.g.
        ``{"demo": {"n_filters": 64}}``.
    search_iter : int or None, default=None
        Draws of DeepBind's calibration search (3-fold cross-validation);
        ``None`` means 30 in a full run and 0 (the default classifier) in a
        quick run.
    n_threads : int or None, default=None
        Torch threads to use in this process; ``None`` leaves them as they are.
    model_dir : str or path-like or None, default=None
        The fitted-model cache: where to keep every model trained on the whole
        training set (see :func:`save_fitted_model`); ``None`` keeps none.

    Returns
    -------
    rows : list of dict
        One per model, with the keys of :data:`COLUMNS` except the published
        AUCs.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.benchmark import run_experiment
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> home = pathlib.Path(tempfile.mkdtemp())
    >>> (home / "TOY_CELL_LAB").mkdir()
    >>> X, y = make_motif_dataset("MA0139", n_samples=100, length=40, random_state=0)
    >>> for split in ("train", "test"):
    ...     text = "".join(f">{label}\\n{seq}\\n" for seq, label in zip(X, y))
    ...     _ = (home / "TOY_CELL_LAB" / f"{split}.fa").write_text(text)
    >>> rows = run_experiment("TOY_CELL_LAB", data_home=home, models=("deepbind",), quick=True,
    ...                       model_params={"deepbind": {"max_epochs": 1}})
    >>> rows[0]["model"], rows[0]["n_train"], 0 <= rows[0]["auc"] <= 1
    ('deepbind', 100, True)
    """
    models = [models] if isinstance(models, str) else list(models)
    unknown = [model for model in models if model not in MODELS]
    if unknown:
        raise ValueError(f"unknown models {unknown}; choose among {list(MODELS)}")
    if n_threads is not None:
        torch.set_num_threads(int(n_threads))
    model_params = model_params or {}
    search_iter = _search_iter(search_iter, quick)
    data = load_experiment(name, data_home=data_home, random_state=random_state)
    X_train, y_train = _training_data(data, quick, random_state)
    subset = len(X_train) < len(data.X_train)
    rows = []
    for model_name in models:
        model = _make_model(
            model_name, quick, random_state, search_iter, model_params.get(model_name, {})
        )
        row = {"experiment": name, "cell_line": data.cell_line, "tf": data.tf, "model": model_name}
        row.update(_fit_and_score(model, X_train, y_train, data.X_test, data.y_test))
        rows.append(row)
        if model_dir is not None and not subset:
            info = {key: row[key] for key in ("n_train", "n_epochs", "train_seconds", "device")}
            save_fitted_model(model_dir, name, model_name, model, info)
    return rows


def _training_data(data, quick, random_state):
    """The training set, or in a quick run a stratified subset of :data:`QUICK_MAX_TRAIN`."""
    X_train, y_train = data.X_train, data.y_train
    if quick and len(X_train) > QUICK_MAX_TRAIN:
        X_train, _, y_train, _ = train_test_split(
            X_train, y_train, train_size=QUICK_MAX_TRAIN, stratify=y_train,
            random_state=random_state,
        )
    return X_train, y_train


def _fit_and_score(model, X_train, y_train, X_test, y_test):
    """Fit ``model`` and score it on the test set: the measured columns of a result row."""
    start = time.perf_counter()
    model.fit(X_train, y_train)
    train_seconds = time.perf_counter() - start
    classifier = final_classifier(model)
    scores = model.predict_proba(X_test)[:, positive_class_index(classifier.classes_)]
    positive = classifier.classes_[positive_class_index(classifier.classes_)]
    return {
        "auc": float(roc_auc_score(y_test == positive, scores)),
        "average_precision": float(average_precision_score(y_test == positive, scores)),
        "n_train": int(len(X_train)),
        "n_epochs": int(classifier.n_epochs_),
        "train_seconds": float(train_seconds),
        "device": str(classifier.device_),
    }
