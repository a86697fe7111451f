"""``demotif benchmark``: its options reach ``run_benchmark``, its table reaches stdout."""

import pandas as pd

import sklearn_demotif.cli.benchmark as benchmark_command


def test_benchmark_passes_its_options_to_run_benchmark(monkeypatch, tmp_path, run_cli):
    calls = []

    def fake_run_benchmark(experiments, **kwargs):
        calls.append((experiments, kwargs))
        return pd.DataFrame(
            {
                "experiment": ["E"],
                "model": ["demo"],
                "auc": [0.9],
                "average_precision": [0.85],
                "published_deepbind_star_auc": [0.8],
                "n_epochs": [7],
                "train_seconds": [12.5],
            }
        )

    monkeypatch.setattr(benchmark_command, "run_benchmark", fake_run_benchmark)
    status, out, _ = run_cli(
        "benchmark",
        "--data",
        tmp_path,
        "--experiments",
        "A",
        "B",
        "--out",
        tmp_path / "results",
        "--quick",
        "--models",
        "demo",
        "--n-jobs",
        "2",
        "--random-state",
        "3",
        "-q",
    )
    assert status == 0
    assert calls == [
        (
            ["A", "B"],
            {
                "data_home": str(tmp_path),
                "models": ["demo"],
                "quick": True,
                "out": str(tmp_path / "results"),
                "random_state": 3,
                "n_jobs": 2,
                "scheduler": None,
                "verbose": 0,
            },
        )
    ]
    assert out.splitlines() == [
        "experiment\tmodel\tauc\taverage_precision\tpublished_deepbind_star_auc\tn_epochs\t"
        "train_seconds",
        "E\tdemo\t0.9000\t0.8500\t0.8000\t7\t12.5000",
    ]
