"""Benchmark DeMo against DeepBind on many ChIP-seq experiments, on one machine or a cluster.

:func:`run_benchmark` trains every requested model on every experiment under a
data folder, scores it on the experiment's test set and puts the AUC beside
DeepBind's published ones.  The unit of work is one experiment
(:func:`run_experiment`, a plain top-level function), so the same code runs in
this process, in local worker processes (joblib, ``n_jobs``) or as tasks on a
Dask cluster (``scheduler``).  Every model is trained with ``random_state``, so
an AUC does not depend on where it was computed.

With ``out``, every finished model of every experiment is written to its own
file, ``out/<experiment>.<model>.json``, at once and atomically (temporary
file, then :func:`os.replace`); a rerun with the same ``out`` reads those files
instead of training again, so an interrupted run, or a lost cluster worker,
costs only the experiments that were running.  The experiment name is
percent-encoded in the file name (so no two names share a file) and recorded
inside it, and checked when the file is read; since each model has its own
files, runs of different models into one folder at the same time lose nothing.
"""

import json
import pickle
import time
import urllib.parse
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from joblib import Parallel, cpu_count, delayed, effective_n_jobs
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from tqdm.auto import tqdm

from ._atomic import check_outputs, write_atomically
from ._figures import new_axes
from ._options import MODELS
from ._utils import final_classifier, positive_class_index
from .classifier import DeepMotifClassifier
from .datasets import get_data_home, list_experiments, load_experiment, read_published_aucs
from .deepbind import _ESTIMATORS, DeepBindClassifier, deepbind_search
from .one_hot import OneHotDNA
from .persistence import _json_params

__all__ = [
    "run_benchmark",
    "run_experiment",
    "summarize_benchmark",
    "plot_benchmark",
    "save_fitted_model",
    "load_fitted_model",
    "MODELS",
    "COLUMNS",
]

#: Columns of the table :func:`run_benchmark` returns.
COLUMNS = [
    "experiment",
    "cell_line",
    "tf",
    "model",
    "auc",
    "average_precision",
    "n_train",
    "n_epochs",
    "train_seconds",
    "device",
    "published_deepbind_star_auc",
    "published_deepbind_auc",
]

#: ``quick=True`` trains at most this many epochs per model (per fit of a search):
#: DeMo's default budget, so a quick DeMo model is a default one.
QUICK_MAX_EPOCHS = 15
#: ``quick=True`` trains on a stratified random subset of at most this many sequences.
QUICK_MAX_TRAIN = 20000
#: Folds of DeepBind's calibration search.
SEARCH_CV = 3
#: Draws of DeepBind's calibration search in a full (not quick) run.
FULL_SEARCH_ITER = 30
#: How often Dask re-runs an experiment whose task raised.
DASK_RETRIES = 2


def _make_model(name, quick, random_state, search_iter, params):
    """The unfitted estimator of one model name: a pipeline from DNA strings."""
    params = {"random_state": random_state, "verbose": 0, **params}
    if quick:
        default_epochs = _ESTIMATORS[name]().max_epochs
        params["max_epochs"] = min(params.get("max_epochs", default_epochs), QUICK_MAX_EPOCHS)
    if name == "demo":
        return Pipeline([("onehot", OneHotDNA()), ("clf", DeepMotifClassifier(**params))])
    if search_iter:
        return deepbind_search(n_iter=search_iter, cv=SEARCH_CV, **params)
    return Pipeline([("onehot", OneHotDNA()), ("clf", DeepBindClassifier(**params))])


def _search_iter(search_iter, quick):
    if search_iter is None:
        return 0 if quick else FULL_SEARCH_ITER
    return int(search_iter)


def _model_settings(model, quick, random_state, search_iter, params):
    """What a finished result depends on, as stored beside it (JSON values)."""
    settings = {
        "quick": bool(quick),
        "random_state": int(random_state),
        "params": json.loads(json.dumps(params)),
    }
    if model == "deepbind":
        settings["search_iter"] = search_iter
    return settings


def _file_stem(experiment, model):
    """``<experiment>.<model>``, the name percent-encoded: one file name per experiment name."""
    return f"{urllib.parse.quote(experiment, safe='()+,=@')}.{model}"


def _fitted_model_stem(model_dir, experiment, model):
    return Path(model_dir) / _file_stem(experiment, model)


def save_fitted_model(model_dir, experiment, model, fitted, info):
    """Keep a fitted model for later benchmarks: ``<experiment>.<model>.pkl`` and ``.json``.

    The pickle holds the fitted estimator; the JSON file holds ``info`` (e.g.
    training seconds and epochs) and the final classifier's parameters, which
    :func:`load_fitted_model` compares before reusing it.  Both are written
    atomically.  Pickles run code when loaded: keep such folders to yourself.

    Parameters
    ----------
    model_dir : str or path-like
        The folder (created if missing).
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
    stem = _fitted_model_stem(model_dir, experiment, model)
    info = {**info, "experiment": experiment, "params": _json_params(final_classifier(fitted))}
    write_atomically(stem.with_suffix(stem.suffix + ".pkl"), pickle.dumps(fitted))
    write_atomically(stem.with_suffix(stem.suffix + ".json"), json.dumps(info, indent=1) + "\n")


def load_fitted_model(model_dir, experiment, model, classifier):
    """A model kept by :func:`save_fitted_model`, if it was trained with these parameters.

    Parameters
    ----------
    model_dir : str or path-like
        The folder.
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
        The model and its saved ``info``, or ``None`` when there is none or
        its parameters differ.
    """
    stem = _fitted_model_stem(model_dir, experiment, model)
    pickled, described = stem.with_suffix(stem.suffix + ".pkl"), stem.with_suffix(
        stem.suffix + ".json"
    )
    if not (pickled.is_file() and described.is_file()):
        return None
    info = json.loads(described.read_text(encoding="utf-8"))
    if info.get("experiment", experiment) != experiment:
        raise ValueError(f"{described}: holds a model of experiment {info['experiment']!r}")
    if info.get("params") != _json_params(classifier):
        return None
    with open(pickled, "rb") as handle:
        return pickle.load(handle), info


def run_experiment(
    name,
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
        Where to keep every model trained on the whole training set (see
        :func:`save_fitted_model`); ``None`` keeps none.

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
    >>> rows = run_experiment("TOY_CELL_LAB", home, models=("deepbind",), quick=True,
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
    X_train, y_train = data.X_train, data.y_train
    subset = quick and len(X_train) > QUICK_MAX_TRAIN
    if subset:
        X_train, _, y_train, _ = train_test_split(
            X_train, y_train, train_size=QUICK_MAX_TRAIN, stratify=y_train,
            random_state=random_state,
        )
    rows = []
    for model_name in models:
        model = _make_model(
            model_name, quick, random_state, search_iter, model_params.get(model_name, {})
        )
        start = time.perf_counter()
        model.fit(X_train, y_train)
        train_seconds = time.perf_counter() - start
        classifier = final_classifier(model)
        scores = model.predict_proba(data.X_test)[:, positive_class_index(classifier.classes_)]
        positive = classifier.classes_[positive_class_index(classifier.classes_)]
        row = {
            "experiment": name,
            "cell_line": data.cell_line,
            "tf": data.tf,
            "model": model_name,
            "auc": float(roc_auc_score(data.y_test == positive, scores)),
            "average_precision": float(average_precision_score(data.y_test == positive, scores)),
            "n_train": int(len(X_train)),
            "n_epochs": int(classifier.n_epochs_),
            "train_seconds": float(train_seconds),
            "device": str(classifier.device_),
        }
        rows.append(row)
        if model_dir is not None and not subset:
            info = {key: row[key] for key in ("n_train", "n_epochs", "train_seconds", "device")}
            save_fitted_model(model_dir, name, model_name, model, info)
    return rows


def _run_task(name, kwargs):
    """One experiment in a worker: ``(name, rows)``."""
    return name, run_experiment(name, **kwargs)


def _run_dask_task(name, kwargs, threads_per_host):
    """One experiment on a Dask worker, with torch threads shared among the host's tasks."""
    from distributed import get_worker

    if kwargs.get("n_threads") is None:
        worker = get_worker()
        concurrent = threads_per_host.get(worker.address.rsplit(":", 1)[0], worker.state.nthreads)
        kwargs = {**kwargs, "n_threads": max(1, cpu_count() // concurrent)}
    return _run_task(name, kwargs)


def _dask_threads_per_host(client):
    """Tasks that can run at once on every host of the cluster."""
    totals = {}
    for address, worker in client.scheduler_info(n_workers=-1)["workers"].items():
        host = address.rsplit(":", 1)[0]
        totals[host] = totals.get(host, 0) + worker["nthreads"]
    return totals


def _result_path(out, name, model):
    """``out/<experiment>.<model>.json``, the name percent-encoded: one file per name."""
    return out / f"{_file_stem(name, model)}.json"


def _legacy_result_path(out, name):
    """Where results were written before one file per model (one file for all models)."""
    return out / ("".join(c if c.isalnum() or c in "._-()+" else "_" for c in name) + ".json")


def _read_result(path):
    """A result file's content, or ``None`` when there is none."""
    if not path.is_file():
        return None
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(content, dict) or not isinstance(content.get("experiment"), str):
            raise TypeError("no experiment name")
        return content
    except (ValueError, TypeError, UnicodeDecodeError) as error:
        raise ValueError(
            f"{path}: not a benchmark result file ({error}); delete it to train that "
            "experiment again"
        ) from None


def _read_finished(out, name, model):
    """``{"settings": ..., "row": ...}`` of one finished model, or ``None``.

    The experiment and the model recorded in the file must be the ones asked
    for.  A file of the earlier one-file-per-experiment layout is read too
    when it names the same experiment.
    """
    path = _result_path(out, name, model)
    content = _read_result(path)
    if content is not None:
        if (content["experiment"], content.get("model")) != (name, model):
            raise ValueError(
                f"{path}: holds results of experiment {content['experiment']!r}, model "
                f"{content.get('model')!r}, not of {name!r}, {model!r}; delete it"
            )
        return {"settings": content.get("settings"), "row": content.get("row")}
    legacy = _read_result(_legacy_result_path(out, name))
    if legacy is None or legacy["experiment"] != name:
        return None
    entry = legacy.get("models", {}).get(model)
    return None if entry is None else {"settings": entry.get("settings"), "row": entry.get("row")}


def _write_results_table(out, table):
    """``out/results.csv``: this run's rows, then those of other runs' result files in ``out``."""
    rows = table.to_dict("records")
    seen = set(zip(table.experiment, table.model))
    for path in sorted(out.glob("*.json")):
        try:
            content = _read_result(path)
        except ValueError:
            continue
        key = (content.get("experiment"), content.get("model"))
        if key not in seen and isinstance(content.get("row"), dict):
            rows.append(content["row"])
            seen.add(key)
    write_atomically(out / "results.csv", pd.DataFrame(rows, columns=COLUMNS).to_csv(index=False))


def _published(published, name):
    if published is None or name not in published.index:
        return {"published_deepbind_star_auc": None, "published_deepbind_auc": None}
    entry = published.loc[name]
    if isinstance(entry, pd.DataFrame):
        entry = entry.iloc[0]
    return {
        "published_deepbind_star_auc": float(entry["deepbind_star_auc"]),
        "published_deepbind_auc": float(entry["deepbind_auc"]),
    }


def _check_experiments(experiments, data_home):
    available = list_experiments(data_home, require_train=True)
    if experiments is None:
        if not available:
            raise ValueError(f"no experiment with training and test data under {data_home}")
        return available
    if isinstance(experiments, str):
        experiments = [experiments]
    experiments = list(dict.fromkeys(experiments))
    missing = [name for name in experiments if name not in available]
    if missing:
        raise ValueError(
            f"experiments {missing} have no training and test data under {data_home}; "
            f"found {len(available)}: {available}"
        )
    return experiments


def run_benchmark(
    experiments=None,
    data_home=None,
    models=MODELS,
    quick=False,
    out=None,
    random_state=0,
    n_jobs=1,
    scheduler=None,
    model_params=None,
    search_iter=None,
    n_threads=None,
    model_dir=None,
    verbose=1,
):
    """Train and score DeMo and DeepBind on many experiments; compare with DeepBind's paper.

    Every model in ``models`` is trained on each experiment's training data
    (DeepBind-format training files get one dinucleotide shuffle per positive
    as negatives) and scored by ROC AUC on its test data.  The experiments run
    one after the other, on ``n_jobs`` local processes, or as tasks on a Dask
    cluster; results are the same wherever they ran.

    Parameters
    ----------
    experiments : str or sequence of str or None, default=None
        Experiment names; ``None`` means every experiment under ``data_home``
        with both training and test data.
    data_home : str or path-like or None, default=None
        The data folder (also read by cluster workers, so give a path they
        see); ``None`` means ``$DEMOTIF_DATA``.  DeepBind's published AUCs are
        read from its ``deepbind_aucs.tsv`` when present.
    models : sequence of str, default=("demo", "deepbind")
        Names from :data:`MODELS`.
    quick : bool, default=False
        Smoke run: at most :data:`QUICK_MAX_EPOCHS` (15) epochs per model, at
        most :data:`QUICK_MAX_TRAIN` (20,000) training sequences (a stratified
        random subset, drawn with ``random_state``) and DeepBind with its
        default settings instead of the calibration search.
    out : str or path-like or None, default=None
        Folder for the results: ``<experiment>.<model>.json`` per finished
        model and experiment (the name percent-encoded), written atomically as
        soon as it finishes, and ``results.csv`` at the end (this run's rows,
        then those of other runs into the same folder).  Results already there
        (same settings) are read, not trained again; runs of different models
        may share a folder, even at the same time.
    random_state : int, default=0
        Seed of the training negatives, the quick subset and every model.
    n_jobs : int, default=1
        Local worker processes (joblib's loky backend); -1 means one per CPU.
        Each gets ``cpu_count() // n_jobs`` torch threads.
    scheduler : str or distributed.Client or None, default=None
        A Dask scheduler address (``"tcp://host:8786"``) or client: every
        experiment becomes one task, retried on errors and rescheduled when its
        worker is lost; results are written as they arrive.  Each task gets
        the host's CPUs divided by the tasks that can run on it at once.
    model_params : dict or None, default=None
        Per model name, parameters for its classifier, e.g.
        ``{"demo": {"max_epochs": 20}, "deepbind": {"n_motifs": 8}}``.
    search_iter : int or None, default=None
        Draws of DeepBind's calibration search (random search, 3-fold
        cross-validation on training data, see
        :func:`~sklearn_demotif.deepbind.deepbind_search`); ``None`` means 30
        in a full run and none in a quick run; 0 turns the search off.
    n_threads : int or None, default=None
        Torch threads per experiment.  ``None`` leaves this process's setting
        for sequential runs and shares the CPUs among the experiments running
        at once otherwise.  CPU results can differ in the last digits between
        thread counts, so give the same ``n_threads`` to compare runs exactly.
    model_dir : str or path-like or None, default=None
        Where every worker keeps each model it trains on a whole training set
        (:func:`save_fitted_model`; a path the workers see); ``None`` keeps
        none.  Experiments read from ``out`` are not trained, so not kept.
    verbose : int, default=1
        1 shows a progress bar over experiments; 0 is silent.

    Returns
    -------
    results : pandas.DataFrame
        One row per (experiment, model), in the order asked for, with the
        columns of :data:`COLUMNS`.

    Raises
    ------
    ValueError
        For an unknown model or experiment, an ``out`` folder that is (or
        holds) ``data_home``, or one holding results of the same experiment
        and model made with other settings.
    RuntimeError
        When experiments failed on a Dask cluster; the others are written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.benchmark import run_benchmark
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> home = pathlib.Path(tempfile.mkdtemp())
    >>> (home / "TOY_CELL_LAB").mkdir()
    >>> X, y = make_motif_dataset("MA0139", n_samples=100, length=40, random_state=0)
    >>> for split in ("train", "test"):
    ...     text = "".join(f">{label}\\n{seq}\\n" for seq, label in zip(X, y))
    ...     _ = (home / "TOY_CELL_LAB" / f"{split}.fa").write_text(text)
    >>> results = run_benchmark(data_home=home, quick=True, out=home / "results",
    ...                         model_params={"demo": {"max_epochs": 1, "n_filters": 8},
    ...                                       "deepbind": {"max_epochs": 1}}, verbose=0)
    >>> results[["experiment", "model"]].values.tolist()
    [['TOY_CELL_LAB', 'demo'], ['TOY_CELL_LAB', 'deepbind']]
    >>> sorted(path.name for path in (home / "results").iterdir())
    ['TOY_CELL_LAB.deepbind.json', 'TOY_CELL_LAB.demo.json', 'results.csv']
    """
    models = [models] if isinstance(models, str) else list(dict.fromkeys(models))
    unknown = [name for name in models if name not in MODELS]
    if unknown or not models:
        raise ValueError(f"unknown models {unknown}; choose among {list(MODELS)}")
    if not isinstance(random_state, Integral) or isinstance(random_state, bool):
        raise ValueError(
            f"random_state must be an int so that results can be reproduced and resumed, "
            f"got {random_state!r}"
        )
    if scheduler is not None and n_jobs != 1:
        raise ValueError("give either n_jobs (local processes) or scheduler (Dask), not both")
    model_params = dict(model_params or {})
    unknown = [name for name in model_params if name not in MODELS]
    if unknown:
        raise ValueError(f"model_params has unknown models {unknown}; choose among {list(MODELS)}")
    data_home = get_data_home(data_home)
    check_outputs([("the data_home folder", data_home)], folders=[("out", out)])
    experiments = _check_experiments(experiments, data_home)
    search_iter = _search_iter(search_iter, quick)
    settings = {
        model: _model_settings(model, quick, random_state, search_iter, model_params.get(model, {}))
        for model in models
    }
    published = read_published_aucs(data_home)

    finished = {name: {} for name in experiments}
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for name in experiments:
            for model in models:
                entry = _read_finished(out, name, model)
                if entry is None:
                    continue
                if entry["settings"] != settings[model]:
                    raise ValueError(
                        f"{_result_path(out, name, model)}: model {model!r} was run with "
                        f"settings {entry['settings']}, this run asks for {settings[model]}; "
                        "use another out folder or delete the file"
                    )
                finished[name][model] = entry
    todo = {
        name: [model for model in models if model not in finished[name]] for name in experiments
    }
    todo = {name: missing for name, missing in todo.items() if missing}
    if verbose and len(todo) < len(experiments):
        print(f"{len(experiments) - len(todo)} of {len(experiments)} experiments read from {out}")

    def task_kwargs(name):
        return {
            "data_home": str(data_home),
            "models": todo[name],
            "quick": quick,
            "random_state": int(random_state),
            "model_params": model_params,
            "search_iter": search_iter,
            "n_threads": n_threads,
            "model_dir": None if model_dir is None else str(model_dir),
        }

    def record(name, rows):
        for row in rows:
            model = row["model"]
            row.update(_published(published, name))
            finished[name][model] = {"settings": settings[model], "row": row}
            if out is not None:
                content = {"experiment": name, "model": model, **finished[name][model]}
                write_atomically(
                    _result_path(out, name, model), json.dumps(content, indent=1) + "\n"
                )

    progress = tqdm(total=len(todo), desc="experiments", unit="exp", disable=not verbose)
    previous_threads = torch.get_num_threads()
    try:
        if scheduler is not None:
            _run_on_dask(scheduler, todo, task_kwargs, record, progress)
        elif effective_n_jobs(n_jobs) > 1 and len(todo) > 1:
            n_workers = min(effective_n_jobs(n_jobs), len(todo))
            threads = n_threads or max(1, cpu_count() // n_workers)
            results = Parallel(n_jobs=n_workers, return_as="generator_unordered")(
                delayed(_run_task)(name, {**task_kwargs(name), "n_threads": threads})
                for name in todo
            )
            for name, rows in results:
                record(name, rows)
                progress.update()
        else:
            for name in todo:
                record(name, run_experiment(name, **task_kwargs(name)))
                progress.update()
    finally:
        progress.close()
        torch.set_num_threads(previous_threads)

    table = pd.DataFrame(
        [finished[name][model]["row"] for name in experiments for model in models],
        columns=COLUMNS,
    )
    table[["published_deepbind_star_auc", "published_deepbind_auc"]] = table[
        ["published_deepbind_star_auc", "published_deepbind_auc"]
    ].astype(float)
    if out is not None:
        _write_results_table(out, table)
    return table


def _run_on_dask(scheduler, todo, task_kwargs, record, progress):
    from distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        threads_per_host = _dask_threads_per_host(client)
        futures = {
            client.submit(
                _run_dask_task, name, task_kwargs(name), threads_per_host,
                pure=False, retries=DASK_RETRIES,
            ): name
            for name in todo
        }
        failures = {}
        for future in as_completed(futures):
            name = futures[future]
            try:
                _, rows = future.result()
            except Exception as error:  # noqa: BLE001 - reported together below
                failures[name] = error
                continue
            record(name, rows)
            progress.update()
        if failures:
            details = "; ".join(f"{name}: {error!r}" for name, error in failures.items())
            raise RuntimeError(
                f"{len(failures)} of {len(todo)} experiments failed on the cluster "
                f"(the others are written): {details}"
            )
    finally:
        if client is not scheduler:
            client.close()


def _per_experiment(table):
    """One row per experiment: our AUC per model beside the published ones.

    The columns are ``n_train``, the published AUCs, each model's AUC (named
    by the model) and its average precision (``"<model> AP"``; NaN in rows of
    result files written before it was recorded).
    """
    if "average_precision" not in table:
        table = table.assign(average_precision=np.nan)
    wide = table.pivot_table(index="experiment", columns="model", values="auc", sort=False)
    precision = table.pivot_table(
        index="experiment", columns="model", values="average_precision", sort=False,
        dropna=False,
    ).reindex(index=wide.index, columns=wide.columns)
    published = table.groupby("experiment", sort=False)[
        ["n_train", "published_deepbind_star_auc", "published_deepbind_auc"]
    ].first()
    return published.join(wide).join(precision.add_suffix(" AP"))


def summarize_benchmark(table):
    """A short markdown summary of a :func:`run_benchmark` table.

    Median AUC per model (ours and DeepBind's published ones, over the same
    experiments) and median average precision (ours; DeepBind published
    none), how often our DeMo beats the published DeepBind* AUC and by how
    much, how our DeepBind compares with the published DeepBind*, and one
    line per experiment.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`run_benchmark`.

    Returns
    -------
    summary : str
        Markdown text.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.benchmark import summarize_benchmark
    >>> table = pd.DataFrame({
    ...     "experiment": ["A", "A", "B", "B"], "model": ["demo", "deepbind"] * 2,
    ...     "auc": [0.95, 0.93, 0.93, 0.90], "average_precision": [0.94, 0.9, 0.92, 0.88],
    ...     "n_train": [100] * 4,
    ...     "published_deepbind_star_auc": [0.94, 0.94, 0.91, 0.91],
    ...     "published_deepbind_auc": [0.90, 0.90, 0.88, 0.88]})
    >>> print(summarize_benchmark(table).splitlines()[7])
    - Our DeMo beats the published DeepBind* AUC on 2 of 2 experiments (median ΔAUC +0.0150).
    """
    wide = _per_experiment(table)
    star = wide["published_deepbind_star_auc"]
    names = {"demo": "DeMo (ours)", "deepbind": "DeepBind (ours)"}
    lines = ["| model | experiments | median AUC | median average precision |", "|---|---|---|---|"]
    for model in [model for model in MODELS if model in wide]:
        count, median = wide[model].notna().sum(), wide[model].median()
        lines.append(
            f"| {names[model]} | {count} | {median:.4f} | {wide[model + ' AP'].median():.4f} |"
        )
    for column, label in [
        ("published_deepbind_star_auc", "DeepBind* (published)"),
        ("published_deepbind_auc", "DeepBind (published)"),
    ]:
        lines.append(
            f"| {label} | {wide[column].notna().sum()} | {wide[column].median():.4f} | – |"
        )
    lines.append("")
    compared = star.notna()
    for model, label in [("demo", "DeMo"), ("deepbind", "DeepBind")]:
        if model not in wide or not compared.any():
            continue
        delta = (wide[model] - star)[compared]
        lines.append(
            f"- Our {label} beats the published DeepBind* AUC on {int((delta > 0).sum())} of "
            f"{int(compared.sum())} experiments (median ΔAUC {delta.median():+.4f})."
        )
    if "deepbind" in wide and compared.any():
        difference = wide["deepbind"][compared].median() - star[compared].median()
        lines.append(
            f"- Median AUC of our DeepBind minus that of the published DeepBind*: "
            f"{difference:+.4f}."
        )
    ours = [model for model in MODELS if model in wide]
    lines += ["", "| experiment | n_train | " + " | ".join(
        [names[model] for model in ours] + [f"{names[model]} AP" for model in ours]
    ) + " | DeepBind* (published) | DeepBind (published) |"]
    lines.append("|---" * (4 + 2 * len(ours)) + "|")
    for name, row in wide.iterrows():
        values = [row[model] for model in ours] + [row[model + " AP"] for model in ours]
        ours_text = " | ".join(f"{value:.4f}" for value in values)
        lines.append(
            f"| {name} | {int(row['n_train'])} | {ours_text} | "
            f"{row['published_deepbind_star_auc']:.4f}"
            f" | {row['published_deepbind_auc']:.4f} |"
        )
    return "\n".join(lines) + "\n"


def plot_benchmark(table, ax=None):
    """Scatter our AUC against DeepBind's published DeepBind* AUC, one point per experiment.

    Points above the diagonal are experiments where our model beats the
    published DeepBind*.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`run_benchmark`.
    ax : matplotlib.axes.Axes or None, default=None
        Axes to draw on; ``None`` makes a new figure (without pyplot).

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.benchmark import plot_benchmark
    >>> table = pd.DataFrame({
    ...     "experiment": ["A", "B"], "model": ["demo", "demo"], "auc": [0.95, 0.90],
    ...     "n_train": [100, 100], "published_deepbind_star_auc": [0.94, 0.91],
    ...     "published_deepbind_auc": [0.90, 0.88]})
    >>> plot_benchmark(table).get_xlabel()
    'published DeepBind* AUC'
    """
    if ax is None:
        ax = new_axes((4.5, 4.5))
    wide = _per_experiment(table)
    star = wide["published_deepbind_star_auc"]
    styles = {
        "demo": ("DeMo (ours)", "o", "tab:blue"),
        "deepbind": ("DeepBind (ours)", "s", "tab:orange"),
    }
    values = [star.dropna()]
    for model in [model for model in MODELS if model in wide]:
        label, marker, color = styles[model]
        ax.scatter(star, wide[model], label=label, marker=marker, color=color, alpha=0.8)
        values.append(wide[model].dropna())
    low = min(float(v.min()) for v in values if len(v)) - 0.01
    ax.plot([low, 1], [low, 1], color="grey", linewidth=1, linestyle="--")
    ax.set_xlim(low, 1.0)
    ax.set_ylim(low, 1.0)
    ax.set_aspect("equal")
    ax.set_xlabel("published DeepBind* AUC")
    ax.set_ylabel("our AUC")
    ax.legend(loc="lower right")
    return ax
