"""The demotif command, run in-process through main() (and once as a real process)."""

import gzip
import subprocess
import sys

import numpy as np
import pytest

from sklearn_demotif.cli import main, read_sequence_file
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.motifs import read_meme
from sklearn_demotif.persistence import load_model

SITE = np.eye(4)[:, [2, 2, 0, 3, 0, 0]]
TINY = [
    "--max-epochs",
    "2",
    "--n-filters",
    "8",
    "--highway-units",
    "8",
    "--n-highway-layers",
    "1",
    "--quiet",
]
FAST_MOTIF = ["--n-steps", "20", "--n-restarts", "2", "--no-compare", "--quiet"]


def _write_fasta(path, sequences, labels):
    path.write_text(
        "".join(f"> {label}\n{sequence}\n" for sequence, label in zip(sequences, labels))
    )
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    X, y = make_motif_dataset(SITE, n_samples=200, length=30, random_state=0)
    train = _write_fasta(folder / "train.fa", X, y)
    status = main(["train", str(train), "--out", str(folder / "model"), *TINY])
    assert status == 0
    return folder, X, y


def _run(capsys, *argv):
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_train_predict_motif_end_to_end(workspace, capsys):
    folder, X, _ = workspace
    status, out, err = _run(
        capsys, "predict", "--model", folder / "model", folder / "train.fa", "-q"
    )
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "id\tprobability" and len(lines) == len(X) + 1
    cli_proba = np.array([float(line.split("\t")[1]) for line in lines[1:]])
    api_proba = load_model(folder / "model").predict_proba(X)[:, 1]
    np.testing.assert_array_equal(cli_proba, api_proba)

    motif, logo = folder / "motif.meme", folder / "motif.png"
    status, out, err = _run(
        capsys, "motif", "--model", folder / "model", "--out", motif, "--logo", logo, *FAST_MOTIF
    )
    assert status == 0, err
    (pwm,) = read_meme(motif)
    assert pwm.matrix.shape[0] == 4 and 1 <= pwm.width <= 30
    assert logo.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_motif_formats_follow_the_extension(workspace, capsys):
    folder, _, _ = workspace
    for name, marker in (("m.jaspar", ">"), ("m.transfac", "AC")):
        status, _, err = _run(
            capsys, "motif", "--model", folder / "model", "--out", folder / name, *FAST_MOTIF
        )
        assert status == 0, err
        assert (folder / name).read_text().startswith(marker)


def test_predict_reads_fasta_ids_and_plain_lines(workspace, capsys, tmp_path):
    folder, X, _ = workspace
    named = tmp_path / "named.fa"
    named.write_text(f">first some words\n{X[0][:15]}\n{X[0][15:]}\n>second\n{X[1]}\n")
    plain = tmp_path / "plain.txt"
    plain.write_text(f"{X[0]}\n\n{X[1]}\n")
    _, by_fasta, _ = _run(capsys, "predict", "--model", folder / "model", named, "-q")
    _, by_line, _ = _run(capsys, "predict", "--model", folder / "model", plain, "-q")
    assert [line.split("\t")[0] for line in by_fasta.splitlines()] == ["id", "first", "second"]
    assert [line.split("\t")[0] for line in by_line.splitlines()] == ["id", "line_1", "line_3"]
    assert [line.split("\t")[1] for line in by_fasta.splitlines()[1:]] == [
        line.split("\t")[1] for line in by_line.splitlines()[1:]
    ]


def test_train_on_positives_only_adds_shuffled_negatives(tmp_path, capsys):
    X, y = make_motif_dataset(SITE, n_samples=120, length=30, random_state=1)
    positives = tmp_path / "positives.txt"
    positives.write_text("\n".join(X[y == 1]) + "\n")
    status, _, err = _run(
        capsys,
        "train",
        positives,
        "--out",
        tmp_path / "model",
        "--max-epochs",
        "1",
        "--n-filters",
        "4",
    )
    assert status == 0
    assert "adding 60 dinucleotide shuffles as negatives" in err
    model = load_model(tmp_path / "model")
    assert list(model[-1].classes_) == [0, 1] and model[0].length == 30


def test_train_reads_deepbind_and_tables(tmp_path, capsys):
    X, y = make_motif_dataset(SITE, n_samples=80, length=30, random_state=2)
    seq = tmp_path / "toy_B.seq.gz"
    rows = "".join(f"A\tseq_{i}\t{s}\t{label}\n" for i, (s, label) in enumerate(zip(X, y)))
    seq.write_bytes(gzip.compress(("FoldID\tEventID\tseq\tBound\n" + rows).encode()))
    table = tmp_path / "toy.csv"
    table.write_text("Sequence,Label\n" + "".join(f"{s},{label}\n" for s, label in zip(X, y)))
    for path in (seq, table):
        data = read_sequence_file(path)
        assert list(data.sequences) == list(X) and list(data.labels) == list(y)
        status, _, err = _run(
            capsys,
            "train",
            path,
            "--out",
            tmp_path / path.stem,
            "--max-epochs",
            "1",
            "--n-filters",
            "4",
            "-q",
        )
        assert (status, err) == (0, "")
    assert read_sequence_file(seq).ids[:2] == ["seq_0", "seq_1"]


def test_deepbind_model_option(tmp_path, workspace, capsys):
    pytest.importorskip("sklearn_demotif.deepbind")
    folder, _, _ = workspace
    status, _, err = _run(
        capsys,
        "train",
        folder / "train.fa",
        "--out",
        tmp_path / "db",
        "--model",
        "deepbind",
        "--n-motifs",
        "4",
        "--motif-length",
        "6",
        "--max-epochs",
        "1",
        "-q",
    )
    assert status == 0, err
    assert type(load_model(tmp_path / "db")[-1]).__name__ == "DeepBindClassifier"


def _one_line_error(status, out, err, command):
    assert status == 1
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"demotif {command}: error: ")
    assert "Traceback" not in err
    return err


@pytest.fixture(scope="module")
def broken_inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    (folder / "binary.fa").write_bytes(bytes(range(256)) * 4)
    (folder / "notes.txt").write_text("this is not DNA\n")
    (folder / "empty_model").mkdir()
    return folder


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
    argv, command, message, broken_inputs, workspace, capsys
):
    folder, _, _ = workspace
    argv = [arg.format(b=broken_inputs, w=folder) for arg in argv] + ["--quiet"]
    err = _one_line_error(*_run(capsys, *argv), command)
    assert message in err


def test_tampered_model_is_a_one_line_error(workspace, tmp_path, capsys):
    import shutil

    folder, _, _ = workspace
    shutil.copytree(folder / "model", tmp_path / "model")
    weights = tmp_path / "model" / "weights.safetensors"
    weights.write_bytes(weights.read_bytes()[:-100])
    err = _one_line_error(
        *_run(capsys, "predict", "--model", tmp_path / "model", folder / "train.fa", "-q"),
        "predict",
    )
    assert "truncated or modified" in err


def test_usage_errors_exit_2_with_one_line(capsys):
    status, out, err = _run(capsys, "train", "data.fa")
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


def test_demo_writes_report_model_and_motif(tmp_path, capsys):
    status, out, err = _run(
        capsys,
        "demo",
        "--out",
        tmp_path / "demo",
        "--n-samples",
        "200",
        "--max-epochs",
        "1",
        *FAST_MOTIF,
    )
    assert (status, err) == (0, "")
    assert sorted(path.name for path in (tmp_path / "demo").iterdir()) == [
        "model",
        "motif.meme",
        "report.html",
    ]
    page = (tmp_path / "demo" / "report.html").read_text()
    assert "planted REST motif" in page and "Reference motif MA0138" in page
    assert out.startswith("test ROC AUC ") and "report: " in out
    assert len(load_model(tmp_path / "demo" / "model").predict_proba(["ACGT" * 25])) == 1


def test_benchmark_passes_its_options_to_run_benchmark(monkeypatch, tmp_path, capsys):
    import pandas as pd

    import sklearn_demotif.benchmark as benchmark

    calls = []

    def fake_run_benchmark(experiments, **kwargs):
        calls.append((experiments, kwargs))
        return pd.DataFrame(
            {
                "experiment": ["E"],
                "model": ["demo"],
                "auc": [0.9],
                "published_deepbind_star_auc": [0.8],
            }
        )

    monkeypatch.setattr(benchmark, "run_benchmark", fake_run_benchmark)
    status, out, _ = _run(
        capsys,
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
        "experiment\tmodel\tauc\tpublished_deepbind_star_auc",
        "E\tdemo\t0.9000\t0.8000",
    ]
