"""``benchmarks/gpu.sh``: its dry run goes through every step on a CPU with tiny settings."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "gpu.sh"


def _run(*arguments, **environment):
    env = {**os.environ, "PYTHON": sys.executable, "DEMOTIF_GPU_BUDGET": "900", **environment}
    return subprocess.run(
        ["bash", str(SCRIPT), *arguments], capture_output=True, text=True, env=env, timeout=1200
    )


def test_dry_run_runs_every_benchmark_and_writes_the_results(tmp_path):
    result = _run("--dry-run", DEMOTIF_GPU_OUT=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    report = (tmp_path / "gpu_results.md").read_text()
    assert "# GPU benchmarks (dry-run)" in report
    assert "- device: CPU only; torch " in report
    for name in ("throughput_cpu", "deepbind_comparison_full", "prediction_throughput"):
        assert f"## {name}.md" in report, report
    assert "| GATA1_K562_GATA-1_USC | 200 |" in report
    assert "stopped by the" not in report and "pytest failed" not in report
    written = {path.name for path in tmp_path.iterdir()}
    assert {"gpu_pytest.log", "deepbind_comparison_full.csv"} <= written


def test_the_run_without_prepared_data_says_what_to_do(tmp_path):
    result = _run(DEMOTIF_GPU_DATA=str(tmp_path / "absent"), DEMOTIF_GPU_OUT=str(tmp_path))
    assert result.returncode == 1
    assert "run benchmarks/gpu.sh --prepare first" in result.stderr


def test_an_unknown_option_is_refused():
    result = _run("--fast")
    assert result.returncode == 2
    assert "unknown option '--fast'" in result.stderr
