"""Shared pieces of the benchmarks: the data folder, the results folder, trained models.

Benchmarks train real models on the ChIP-seq data in ``$DEMOTIF_DATA`` (default
``../shared/data``).  A model trained with default settings is cached under
``benchmarks/results/models/`` so that several benchmarks (AUC, motifs, motif
comparison) share one training per experiment; delete the folder to retrain.
"""

import json
import pickle
import time
from pathlib import Path

import pytest

from sklearn_demotif._atomic import write_atomically

BENCHMARKS = Path(__file__).resolve().parent
RESULTS = BENCHMARKS / "results"


@pytest.fixture(scope="session")
def results_dir():
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS


@pytest.fixture(scope="session")
def default_model(data_home, results_dir):
    """Train (or load from the cache) the default DeMo pipeline on one experiment.

    Returns ``(pipeline, data, info)``: the fitted
    ``Pipeline([("onehot", OneHotDNA()), ("clf", DeepMotifClassifier(random_state=0))])``,
    the :func:`load_experiment` bunch and a dict with ``train_seconds``.
    """
    from sklearn.pipeline import Pipeline

    from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    from sklearn_demotif.datasets import load_experiment

    cache = results_dir / "models"
    cache.mkdir(exist_ok=True)

    def train(name):
        data = load_experiment(name, data_home=data_home)
        model_path = cache / f"{name}.pkl"
        info_path = cache / f"{name}.json"
        if model_path.is_file() and info_path.is_file():
            with open(model_path, "rb") as handle:
                return pickle.load(handle), data, json.loads(info_path.read_text())
        pipeline = Pipeline(
            [("onehot", OneHotDNA()), ("clf", DeepMotifClassifier(random_state=0, verbose=0))]
        )
        start = time.perf_counter()
        pipeline.fit(data.X_train, data.y_train)
        info = {
            "train_seconds": time.perf_counter() - start,
            "n_epochs": pipeline[-1].n_epochs_,
            "device": pipeline[-1].device_,
        }
        write_atomically(model_path, pickle.dumps(pipeline))
        write_atomically(info_path, json.dumps(info))
        return pipeline, data, info

    return train
