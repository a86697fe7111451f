"""``demotif`` as a whole: one-line errors, usage errors, the console script."""

import shutil
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "argv, command, message",
    [
        (["train", "{b}/missing.fa", "--out", "{b}/m"], "train", "no such file"),
        (["train", "{b}/binary.fa", "--out", "{b}/m"], "train", "binary file"),
        (["train", "{b}/notes.txt", "--out", "{b}/m"], "train", "is not a nucleotide"),
        (["predict", "--model", "{b}/missing", "{w}/train.fa"], "predict", "no such model folder"),
        (
            ["predict", "--model", "{b}/empty_model", "{w}/train.fa"],
            "predict",
            "model.json is missing",
        ),
        (["predict", "--model", "{w}/model", "{b}/binary.fa"], "predict", "binary file"),
        (["predict", "--model", "{w}/model", "{b}/missing.fa"], "predict", "no such file"),
        (
            ["motif", "--model", "{b}/missing", "--out", "{b}/m.meme"],
            "motif",
            "no such model folder",
        ),
        (
            ["motif", "--model", "{b}/binary.fa", "--out", "{b}/m.meme"],
            "motif",
            "not a model folder",
        ),
        (["benchmark", "--data", "{b}", "--experiments", "NOPE"], "benchmark", "NOPE"),
        (["benchmark", "--data", "{b}/missing"], "benchmark", "no such data folder"),
        (
            ["demo", "--out", "{b}/demo", "--experiment", "NOPE", "--data", "{b}"],
            "demo",
            "unknown experiment 'NOPE'",
        ),
    ],
)
def test_errors_are_one_line_with_a_nonzero_status(
    argv, command, message, broken_inputs, workspace, run_cli, one_line_error
):
    folder, _, _ = workspace
    argv = [arg.format(b=broken_inputs, w=folder) for arg in argv] + ["--quiet"]
    err = one_line_error(run_cli(*argv), command)
    assert message in err


def test_tampered_model_is_a_one_line_error(workspace, tmp_path, run_cli, one_line_error):
    folder, _, _ = workspace
    shutil.copytree(folder / "model", tmp_path / "model")
    weights = tmp_path / "model" / "weights.safetensors"
    weights.write_bytes(weights.read_bytes()[:-100])
    err = one_line_error(
        run_cli("predict", "--model", tmp_path / "model", folder / "train.fa", "-q"),
        "predict",
    )
    assert "truncated or modified" in err


def test_usage_errors_exit_2_with_one_line(run_cli):
    status, out, err = run_cli("train", "data.fa")
    assert status == 2 and len(err.splitlines()) == 1 and "--out" in err


def test_console_script_runs_as_a_process(workspace):
    folder, X, _ = workspace
    result = subprocess.run(
        [sys.executable, "-m", "sklearn_demotif", "predict", "--model", str(folder / "model"), "-"],
        input=f"{X[0]}\n{X[1]}\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "id\tprobability"
    assert len(result.stdout.splitlines()) == 3
