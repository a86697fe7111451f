"""Shared pieces of the benchmarks: the data folder, the results folder, trained models.

Benchmarks train real models on the ChIP-seq data in ``$DEMOTIF_DATA`` (default
``../shared/data``).  A model trained with default settings is cached under
``benchmarks/results/models/`` so that several benchmarks (AUC, motifs, speed, the
DeepBind comparison) share one training per experiment; delete the folder to retrain.
``$DEMOTIF_BENCH_RESULTS`` names another results folder.
"""

import os
import time
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent
#: Where benchmarks write; ``$DEMOTIF_BENCH_RESULTS`` moves it (``gpu.sh --dry-run`` does).
RESULTS = Path(os.environ.get("DEMOTIF_BENCH_RESULTS", BENCHMARKS / "results"))


@pytest.fixture(scope="session")
def results_dir():
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS


@pytest.fixture(scope="session")
def default_model(data_home, results_dir):
    """Train (or load from the cache) the default DeMo pipeline on one experiment.

    Returns ``(pipeline, data, info)``: the fitted
    ``Pipeline([("onehot", OneHotDNA()), ("clf", DeepMotifClassifier(random_state=0))])``,
    the :func:`load_experiment` bunch and a dict with ``train_seconds``, ``n_epochs``
    and ``device``.  The fitted-model cache
    (``benchmarks/results/models/<experiment>.demo.cache.pkl``, written by
    :func:`~sklearn_demotif.benchmark.save_fitted_model`) is shared with
    ``test_deepbind_comparison.py``, which keeps every DeMo model it trains on a whole
    training set; a cached model trained with other parameters (older defaults) or by
    another package version is trained again, and so is one trained on another number
    of sequences.
    """
    from sklearn.pipeline import Pipeline

    from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    from sklearn_demotif.benchmark import load_fitted_model, save_fitted_model
    from sklearn_demotif.datasets import load_experiment

    cache = results_dir / "models"

    def train(name):
        data = load_experiment(name, data_home=data_home)
        classifier = DeepMotifClassifier(random_state=0, verbose=0)
        cached = load_fitted_model(cache, name, "demo", classifier)
        if cached is not None and cached[1].get("n_train") == len(data.y_train):
            return cached[0], data, cached[1]
        pipeline = Pipeline([("onehot", OneHotDNA()), ("clf", classifier)])
        start = time.perf_counter()
        pipeline.fit(data.X_train, data.y_train)
        info = {
            "train_seconds": time.perf_counter() - start,
            "n_train": len(data.y_train),
            "n_epochs": pipeline[-1].n_epochs_,
            "device": pipeline[-1].device_,
        }
        save_fitted_model(cache, name, "demo", pipeline, info)
        return pipeline, data, info

    return train
