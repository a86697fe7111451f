"""Benchmark DeMo against DeepBind on many ChIP-seq experiments, on one machine or a cluster.

:func:`run_benchmark` trains every requested model on every experiment under a
data folder, scores it on the experiment's test set and puts the AUC beside
DeepBind's published ones.  The unit of work is one experiment
(:func:`run_experiment`, a plain top-level function), so the same code runs in
this process, in local worker processes (joblib, ``n_jobs``) or as tasks on a
Dask cluster (``scheduler``).  Every model is trained with ``random_state``, so
an AUC does not depend on where it was computed.

With ``out``, every finished model of every experiment is written to its own
file, ``out/<experiment>.<model>.json``, at once and atomically; a rerun with
the same ``out`` reads those files instead of training again, so an
interrupted run, or a lost cluster worker, costs only the experiments that
were running.  With ``model_dir``, models trained on whole training sets are
kept in a cache of this package version (:func:`save_fitted_model`), not in a
model format.

The modules: ``_models`` (the model of each name and the settings a result
depends on), ``_cache`` (the fitted-model cache), ``_experiment``
(:func:`run_experiment`), ``_results`` (result files, resuming,
``results.csv``), ``_dispatch`` (here, joblib or Dask), ``_run``
(:func:`run_benchmark`) and ``_summary`` (:func:`summarize_benchmark`,
:func:`plot_benchmark`).  The settings re-exported here (``QUICK_MAX_EPOCHS``,
``QUICK_MAX_TRAIN``, ...) are read where they are defined: patch them there.
"""

from .._options import MODELS
from ._cache import load_fitted_model, save_fitted_model
from ._dispatch import DASK_RETRIES as DASK_RETRIES
from ._experiment import QUICK_MAX_TRAIN as QUICK_MAX_TRAIN
from ._experiment import run_experiment
from ._models import FULL_SEARCH_ITER as FULL_SEARCH_ITER
from ._models import QUICK_MAX_EPOCHS as QUICK_MAX_EPOCHS
from ._models import SEARCH_CV as SEARCH_CV
from ._results import COLUMNS
from ._run import run_benchmark
from ._summary import plot_benchmark, summarize_benchmark

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
