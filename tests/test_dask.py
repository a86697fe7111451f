"""Scaling out: run_benchmark on local processes and a Dask cluster, searches under Dask."""

import os
import signal
import threading
import time

import joblib
import numpy as np
import pytest
import torch
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.benchmark import run_benchmark
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.io import write_labeled_fasta

distributed = pytest.importorskip("distributed")

EXPERIMENTS = ["CTCF_TOY1_LAB", "GATA_TOY2_LAB", "SPI_TOY3_LAB"]
MOTIFS = ["MA0139", "MA0035", "MA0080"]
TINY = {
    "demo": {"n_filters": 8, "n_conv_layers": 1, "n_highway_layers": 1, "max_epochs": 3},
    "deepbind": {"n_motifs": 4, "max_epochs": 3},
}


@pytest.fixture(scope="module")
def synthetic_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("experiments")
    for seed, (name, motif) in enumerate(zip(EXPERIMENTS, MOTIFS, strict=True)):
        X, y = make_motif_dataset(motif, n_samples=500, length=40, random_state=seed)
        (home / name).mkdir()
        write_labeled_fasta(home / name / "train.fa", X[:400], y[:400])
        write_labeled_fasta(home / name / "test.fa", X[400:], y[400:])
    return home


def _run(home, **kwargs):
    # One torch thread everywhere: CPU results are bitwise reproducible only
    # for the same thread count.
    kwargs = {"quick": True, "model_params": TINY, "n_threads": 1, "verbose": 0, **kwargs}
    return run_benchmark(EXPERIMENTS, data_home=home, **kwargs)


@pytest.fixture(scope="module")
def sequential(synthetic_home):
    return _run(synthetic_home)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", processes=True,
        dashboard_address=None,
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def test_cluster_run_gives_exactly_the_sequential_aucs(
    synthetic_home, sequential, client, tmp_path
):
    table = _run(synthetic_home, scheduler=client.cluster.scheduler_address, out=tmp_path)
    assert table[["experiment", "model"]].values.tolist() == (
        sequential[["experiment", "model"]].values.tolist()
    )
    assert table.auc.tolist() == sequential.auc.tolist()
    assert sorted(path.name for path in tmp_path.glob("*.json")) == sorted(
        f"{name}.{model}.json" for name in EXPERIMENTS for model in set(table.model)
    )


def test_local_processes_give_exactly_the_sequential_aucs(synthetic_home, sequential):
    table = _run(synthetic_home, n_jobs=2)
    assert table.auc.tolist() == sequential.auc.tolist()


def test_a_killed_worker_costs_only_its_running_experiment(synthetic_home, client):
    slow = {model: {**params, "max_epochs": 12} for model, params in TINY.items()}
    expected = _run(synthetic_home, model_params=slow)
    outcome = {}

    def run():
        try:
            outcome["table"] = _run(synthetic_home, model_params=slow, scheduler=client)
        except Exception as error:  # reported by the assertion below
            outcome["error"] = error

    runner = threading.Thread(target=run)
    runner.start()
    deadline = time.monotonic() + 60
    busy = {}
    while not busy and time.monotonic() < deadline:
        busy = {worker: keys for worker, keys in client.processing().items() if keys}
        time.sleep(0.05)
    assert busy, "no experiment started on the cluster"
    time.sleep(0.5)
    victim, lost_keys = next(iter(busy.items()))
    pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    runner.join(timeout=180)
    assert not runner.is_alive()
    assert "error" not in outcome, outcome.get("error")
    table = outcome["table"]
    assert table.experiment.unique().tolist() == EXPERIMENTS
    assert table.auc.tolist() == expected.auc.tolist()
    assert victim not in client.scheduler_info(n_workers=-1)["workers"]
    # the scheduler took a running experiment back from the dead worker and reran it
    transitions = [entry[2:4] for entry in client.story(*lost_keys) if entry[0] == "scheduler"]
    assert ("processing", "released") in transitions
    client.wait_for_workers(2, timeout=60)


def test_grid_search_under_the_dask_backend_finds_the_same_parameters(client):
    X, y = make_motif_dataset("MA0035", n_samples=300, length=40, random_state=0)
    pipeline = Pipeline(
        [
            ("onehot", OneHotDNA()),
            (
                "clf",
                DeepMotifClassifier(
                    n_filters=8, n_conv_layers=1, n_highway_layers=1, max_epochs=3,
                    validation_fraction=None, random_state=0, verbose=0,
                ),
            ),
        ]
    )
    grid = {"clf__lr": [1e-4, 1e-2], "clf__n_filters": [4, 8]}
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    # CPU results are bit-identical only at the same torch thread count: one everywhere
    client.run(torch.set_num_threads, 1)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        local = GridSearchCV(pipeline, grid, cv=cv, scoring="roc_auc", n_jobs=1).fit(X, y)
    finally:
        torch.set_num_threads(threads)
    with distributed.get_task_stream(client) as tasks:
        with joblib.parallel_backend("dask"):
            remote = GridSearchCV(pipeline, grid, cv=cv, scoring="roc_auc", n_jobs=-1).fit(X, y)
    assert len(tasks.data) > 0, "the search did not run on the cluster"
    assert remote.best_params_ == local.best_params_
    np.testing.assert_allclose(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"], atol=1e-6
    )
