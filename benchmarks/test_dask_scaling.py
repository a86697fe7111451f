"""Wall time of run_benchmark on a Dask LocalCluster of 1 vs 2 worker processes.

Four synthetic experiments (2,000 DNA sequences of 101 bp with a planted JASPAR
motif, 90% for training) train the default DeMo network for 2 epochs each, one
torch thread per task, on ``LocalCluster(n_workers=W, threads_per_worker=1)``.
Workers are started and warmed up (package imported) before timing; each
cluster size is timed once (1, then 2 workers: the ratio is reported, not a
target, and a second round of each cost a minute of the quick suite).  The ratio
``wall(1 worker) / wall(2 workers)`` is printed and written to
``benchmarks/results/dask_scaling.md``; it is reported, not asserted (on a
2-core machine expect at most 2).  All runs must give the same AUCs.
"""

import importlib
import os
import time

import pytest

from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.benchmark import run_benchmark
from sklearn_demotif.datasets import make_motif_dataset

distributed = pytest.importorskip("distributed")

MOTIFS = ["MA0139", "MA0035", "MA0080", "MA0079"]
MODEL_PARAMS = {"demo": {"max_epochs": 2, "validation_fraction": None}}
N_SAMPLES, N_TRAIN = 2000, 1800


def _time_on_cluster(n_workers, home):
    with distributed.LocalCluster(
        n_workers=n_workers, threads_per_worker=1, host="127.0.0.1", processes=True,
        dashboard_address=None,
    ) as cluster, distributed.Client(cluster) as client:
        client.wait_for_workers(n_workers)
        client.run(importlib.import_module, "sklearn_demotif.benchmark")
        start = time.perf_counter()
        table = run_benchmark(
            data_home=home, models=("demo",), model_params=MODEL_PARAMS, search_iter=0,
            scheduler=client, n_threads=1, verbose=0,
        )
        return time.perf_counter() - start, table


def test_two_workers_against_one(tmp_path, results_dir):
    for seed, motif in enumerate(MOTIFS):
        X, y = make_motif_dataset(motif, n_samples=N_SAMPLES, length=101, random_state=seed)
        folder = tmp_path / f"SYN{seed}_TOY_LAB"
        folder.mkdir()
        for split, part in (("train", slice(0, N_TRAIN)), ("test", slice(N_TRAIN, None))):
            (folder / f"{split}.fa").write_text(
                "".join(
                    f">{label}\n{sequence}\n"
                    for sequence, label in zip(X[part], y[part], strict=True)
                )
            )
    load_before = os.getloadavg()[0]
    one_seconds, one_table = _time_on_cluster(1, tmp_path)
    two_seconds, two_table = _time_on_cluster(2, tmp_path)
    ratio = one_seconds / two_seconds
    report = (
        "# Dask scaling: 1 vs 2 local workers\n\n"
        f"- 4 synthetic experiments ({N_TRAIN:,} training sequences of 101 bp each), DeMo "
        f"defaults, {MODEL_PARAMS['demo']['max_epochs']} epochs, 1 torch thread per task, "
        f"{os.cpu_count()} CPUs\n"
        f"- 1 worker: {one_seconds:.1f} s; 2 workers: {two_seconds:.1f} s\n"
        f"- ratio (1 worker / 2 workers): {ratio:.2f}\n"
        f"- load average (1 min) before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f} "
        "(above 0 means other work shared the CPUs)\n"
    )
    write_atomically(results_dir / "dask_scaling.md", report)
    print("\n" + report)
    assert two_table.auc.tolist() == one_table.auc.tolist()
    assert ratio > 0
