"""Wall time of run_benchmark on a Dask LocalCluster of 1 vs 2 worker processes.

Four synthetic experiments (3,000 DNA sequences of 101 bp with a planted JASPAR
motif, 90% for training) train the default DeMo network for 3 epochs each, one
torch thread per task, on ``LocalCluster(n_workers=W, threads_per_worker=1)``.
Workers are started and warmed up (package imported) before timing.  The ratio
``wall(1 worker) / wall(2 workers)`` is printed and written to
``benchmarks/results/dask_scaling.md``; it is reported, not asserted (on a
2-core machine expect at most 2).  Both runs must give the same AUCs.
"""

import importlib
import os
import time

import pytest

from sklearn_demotif.benchmark import run_benchmark
from sklearn_demotif.datasets import make_motif_dataset

distributed = pytest.importorskip("distributed")

MOTIFS = ["MA0139", "MA0035", "MA0080", "MA0079"]
MODEL_PARAMS = {"demo": {"max_epochs": 3, "validation_fraction": None}}


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
        X, y = make_motif_dataset(motif, n_samples=3000, length=101, random_state=seed)
        folder = tmp_path / f"SYN{seed}_TOY_LAB"
        folder.mkdir()
        for split, part in (("train", slice(0, 2700)), ("test", slice(2700, None))):
            (folder / f"{split}.fa").write_text(
                "".join(f">{label}\n{sequence}\n" for sequence, label in zip(X[part], y[part]))
            )
    one_seconds, one = _time_on_cluster(1, tmp_path)
    two_seconds, two = _time_on_cluster(2, tmp_path)
    ratio = one_seconds / two_seconds
    report = (
        "# Dask scaling: 1 vs 2 local workers\n\n"
        f"- 4 synthetic experiments (2,700 training sequences of 101 bp each), DeMo defaults, "
        f"3 epochs, 1 torch thread per task, {os.cpu_count()} CPUs\n"
        f"- 1 worker: {one_seconds:.1f} s; 2 workers: {two_seconds:.1f} s\n"
        f"- ratio (1 worker / 2 workers): {ratio:.2f}\n"
    )
    temporary = results_dir / ".dask_scaling.md.tmp"
    temporary.write_text(report)
    os.replace(temporary, results_dir / "dask_scaling.md")
    print("\n" + report)
    assert one.auc.tolist() == two.auc.tolist()
    assert ratio > 0
