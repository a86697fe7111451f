"""Where experiments run: here, on local processes or on Dask, each recorded as it finishes.

The runs on real local processes and a real multi-process cluster (same AUCs as a
sequential run, a killed worker) are in ``tests/test_dask.py``; here ``run_experiment``
is replaced by a fake that returns at once.
"""

import threading

import pytest

import sklearn_demotif.benchmark._dispatch as dispatch
from sklearn_demotif.benchmark._dispatch import _dask_threads_per_host, _dispatch


class Progress:
    def __init__(self):
        self.n = 0

    def update(self):
        self.n += 1


@pytest.fixture
def fake_runs(monkeypatch):
    """Calls of a fake run_experiment; ``"BAD"`` raises every time."""
    calls, lock = [], threading.Lock()

    def fake(name, **kwargs):
        with lock:
            calls.append((name, kwargs))
        if name == "BAD":
            raise RuntimeError("no data")
        return [{"model": model, "auc": 0.5} for model in kwargs["models"]]

    monkeypatch.setattr(dispatch, "run_experiment", fake)
    return calls


def _kwargs(todo):
    return lambda name: {"models": todo[name], "n_threads": None}


def test_without_workers_experiments_run_here_in_order(fake_runs):
    todo = {"A": ["demo"], "B": ["demo", "deepbind"]}
    recorded, progress = [], Progress()
    _dispatch(todo, _kwargs(todo), lambda name, rows: recorded.append((name, rows)), progress)
    assert [name for name, _ in fake_runs] == ["A", "B"]
    assert recorded == [
        ("A", [{"model": "demo", "auc": 0.5}]),
        ("B", [{"model": "demo", "auc": 0.5}, {"model": "deepbind", "auc": 0.5}]),
    ]
    assert progress.n == 2


def test_one_experiment_runs_here_even_with_several_jobs(fake_runs):
    todo = {"A": ["demo"]}
    _dispatch(todo, _kwargs(todo), lambda name, rows: None, Progress(), n_jobs=2)
    assert [name for name, _ in fake_runs] == ["A"]


def test_threads_per_host_add_up_the_workers_of_each_host():
    class Client:
        def scheduler_info(self, n_workers):
            assert n_workers == -1
            return {"workers": {
                "tcp://10.0.0.1:4001": {"nthreads": 2},
                "tcp://10.0.0.1:4002": {"nthreads": 3},
                "tcp://10.0.0.2:4001": {"nthreads": 4},
            }}

    assert _dask_threads_per_host(Client()) == {"tcp://10.0.0.1": 5, "tcp://10.0.0.2": 4}


def test_a_failing_experiment_on_dask_is_retried_then_reported_with_the_others_kept(fake_runs):
    distributed = pytest.importorskip("distributed")
    todo = {"A": ["demo"], "BAD": ["demo"]}
    recorded, progress = [], Progress()
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, host="127.0.0.1", protocol="tcp",
        dashboard_address=None,
    )
    with cluster, distributed.Client(cluster) as client:
        with pytest.raises(RuntimeError, match=r"1 of 2 experiments failed on the cluster "
                                               r"\(the others are written\): BAD: "):
            _dispatch(todo, _kwargs(todo), lambda name, rows: recorded.append(name), progress,
                      scheduler=client)
    assert recorded == ["A"] and progress.n == 1
    assert [name for name, _ in fake_runs].count("BAD") == 1 + dispatch.DASK_RETRIES
    assert all(kwargs["n_threads"] >= 1 for _, kwargs in fake_runs)
