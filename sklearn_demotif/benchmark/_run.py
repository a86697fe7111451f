"""Benchmark DeMo against DeepBind on many ChIP-seq experiments, on one machine or a cluster.

:func:`run_benchmark` checks its arguments, reads the results already in
``out`` (:mod:`._results`), runs the other experiments where asked
(:mod:`._dispatch`), writing each as it finishes, and returns the table.
"""

import os
from functools import partial
from numbers import Integral
from pathlib import Path

import pandas as pd
import torch
from sklearn.utils._param_validation import validate_params
from tqdm.auto import tqdm

from .._atomic import check_outputs
from .._options import MODELS
from ..datasets import get_data_home, list_experiments, read_published_aucs
from ._dispatch import _dispatch
from ._experiment import BENCHMARK_OPTIONS
from ._models import _model_settings, _search_iter
from ._results import COLUMNS, _read_all_finished, _write_result, _write_results_table


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


@validate_params(
    {
        **BENCHMARK_OPTIONS,
        "experiments": [str, list, tuple, None],
        "out": [str, os.PathLike, None],
        "n_jobs": [Integral],
        "verbose": ["verbose"],
    },
    # Nested validation runs: the classifiers check model_params when they are fitted.
    prefer_skip_nested_validation=False,
)
def run_benchmark(
    experiments=None, *, data_home=None, models=MODELS, quick=False, out=None, random_state=0,
    n_jobs=1, scheduler=None, model_params=None, search_iter=None, n_threads=None,
    model_dir=None, verbose=1,
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
        The fitted-model cache: where every worker keeps each model it trains
        on a whole training set (:func:`save_fitted_model`; a path the workers
        see); ``None`` keeps none.  Experiments read from ``out`` are not trained, so not kept.
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
        and model made with other settings or a result file of the old
        one-file-per-experiment layout (no longer read).
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
    models = _check_arguments(models, n_jobs, scheduler, model_params)
    data_home = get_data_home(data_home)
    check_outputs([("the data_home folder", data_home)], folders=[("out", out)])
    experiments = _check_experiments(experiments, data_home)
    task = {
        "data_home": str(data_home), "quick": quick, "random_state": int(random_state),
        "model_params": dict(model_params or {}), "search_iter": _search_iter(search_iter, quick),
        "n_threads": n_threads, "model_dir": None if model_dir is None else str(model_dir),
    }
    out = None if out is None else Path(out)
    settings = _settings(models, task)
    finished = _read_all_finished(out, experiments, settings)
    todo = _still_to_run(finished, experiments, models, out, verbose)
    record = partial(_record, finished, settings, read_published_aucs(data_home), out)
    _run_with_progress(todo, task, record, n_jobs, n_threads, scheduler, verbose)
    return _results_table(finished, experiments, models, out)


def _settings(models, task):
    """Per model, the settings its recorded results must match to be reused."""
    return {
        model: _model_settings(
            model, task["quick"], task["random_state"], task["search_iter"],
            task["model_params"].get(model, {}),
        )
        for model in models
    }


def _still_to_run(finished, experiments, models, out, verbose):
    """Experiment name -> the models whose results ``out`` does not hold yet."""
    todo = {
        name: [model for model in models if model not in finished[name]] for name in experiments
    }
    todo = {name: missing for name, missing in todo.items() if missing}
    if verbose and len(todo) < len(experiments):
        print(f"{len(experiments) - len(todo)} of {len(experiments)} experiments read from {out}")
    return todo


def _record(finished, settings, published, out, name, rows):
    """Keep one finished experiment's rows (with the published AUCs) and write them to ``out``."""
    for row in rows:
        model = row["model"]
        row.update(_published(published, name))
        finished[name][model] = {"settings": settings[model], "row": row}
        if out is not None:
            _write_result(out, name, model, finished[name][model])


def _run_with_progress(todo, task, record, n_jobs, n_threads, scheduler, verbose):
    """Run ``todo`` where asked under a progress bar; this process's torch threads restored."""

    def task_kwargs(name):
        return {**task, "models": todo[name]}

    progress = tqdm(total=len(todo), desc="experiments", unit="exp", disable=not verbose)
    previous_threads = torch.get_num_threads()
    try:
        _dispatch(todo, task_kwargs, record, progress, n_jobs, n_threads, scheduler)
    finally:
        progress.close()
        torch.set_num_threads(previous_threads)


def _check_arguments(models, n_jobs, scheduler, model_params):
    """The requested model names, once each; a ``ValueError`` for options that cannot go together.

    The type and range of every option are checked by ``validate_params`` before.
    """
    models = [models] if isinstance(models, str) else list(dict.fromkeys(models))
    unknown = [name for name in models if name not in MODELS]
    if unknown or not models:
        raise ValueError(f"unknown models {unknown}; choose among {list(MODELS)}")
    if scheduler is not None and n_jobs != 1:
        raise ValueError("give either n_jobs (local processes) or scheduler (Dask), not both")
    unknown = [name for name in model_params or {} if name not in MODELS]
    if unknown:
        raise ValueError(f"model_params has unknown models {unknown}; choose among {list(MODELS)}")
    return models


def _results_table(finished, experiments, models, out):
    """The table of every requested model of every experiment, also written to results.csv."""
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
