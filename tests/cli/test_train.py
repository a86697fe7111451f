"""``demotif train``: every input format, positives-only input, both models."""

import gzip
import re

import pytest

from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.persistence import load_model

FAST = ["--max-epochs", "1", "--n-filters", "4"]


def test_train_on_positives_only_adds_shuffled_negatives(tmp_path, run_cli, site):
    X, y = make_motif_dataset(site, n_samples=120, length=30, random_state=1)
    positives = tmp_path / "positives.txt"
    positives.write_text("\n".join(X[y == 1]) + "\n")
    status, _, err = run_cli("train", positives, "--out", tmp_path / "model", *FAST)
    assert status == 0
    assert "adding 60 dinucleotide shuffles as negatives" in err
    model = load_model(tmp_path / "model")
    assert list(model[-1].classes_) == [0, 1] and model[0].length == 30


def test_train_reads_deepbind_tables_and_csv(tmp_path, run_cli, site):
    X, y = make_motif_dataset(site, n_samples=80, length=30, random_state=2)
    seq = tmp_path / "toy_B.seq.gz"
    rows = "".join(
        f"A\tseq_{i}\t{s}\t{label}\n" for i, (s, label) in enumerate(zip(X, y, strict=True))
    )
    seq.write_bytes(gzip.compress(("FoldID\tEventID\tseq\tBound\n" + rows).encode()))
    table = tmp_path / "toy.csv"
    table.write_text(
        "Sequence,Label\n" + "".join(f"{s},{label}\n" for s, label in zip(X, y, strict=True))
    )
    for path in (seq, table):
        status, _, err = run_cli("train", path, "--out", tmp_path / path.stem, *FAST, "-q")
        assert (status, err) == (0, "")
        assert list(load_model(tmp_path / path.stem)[-1].classes_) == [0, 1]


def test_train_with_the_deepbind_model(tmp_path, workspace, run_cli):
    folder, _, _ = workspace
    status, _, err = run_cli(
        "train", folder / "train.fa", "--out", tmp_path / "db", "--model", "deepbind",
        "--n-motifs", "4", "--motif-length", "6", "--max-epochs", "1", "-q",
    )
    assert status == 0, err
    assert type(load_model(tmp_path / "db")[-1]).__name__ == "DeepBindClassifier"


def test_training_options_reach_the_estimator(tmp_path, workspace, run_cli):
    folder, _, _ = workspace
    status, _, err = run_cli(
        "train", folder / "train.fa", "--out", tmp_path / "m", *FAST, "-q",
        "--lr-schedule", "onecycle", "--warmup-epochs", "0.5", "--early-stopping",
        "valid_loss", "--patience", "none", "--precision", "float32",
        "--predict-batch-size", "256", "--ema-epochs", "none", "--no-dropout-after-pooling",
    )
    assert status == 0, err
    params = load_model(tmp_path / "m")[-1].get_params()
    assert (params["lr_schedule"], params["warmup_epochs"], params["early_stopping"]) == (
        "onecycle", 0.5, "valid_loss"
    )
    assert (params["patience"], params["precision"], params["predict_batch_size"]) == (
        None, "float32", 256
    )
    assert params["ema_epochs"] is None and params["dropout_after_pooling"] is False


def test_a_missing_gpu_is_a_one_line_error(
    tmp_path, workspace, run_cli, one_line_error, monkeypatch
):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    folder, _, _ = workspace
    result = run_cli(
        "train", folder / "train.fa", "--out", tmp_path / "m", *FAST, "-q", "--device", "cuda"
    )
    one_line_error(result, "train")
    assert "device='cuda' asks for a CUDA GPU" in result[2]
    assert not (tmp_path / "m").exists()


def test_train_from_peaks_holds_out_chromosomes_and_writes_a_report(
    tmp_path, genome_workspace, run_cli
):
    files = genome_workspace
    report = tmp_path / "report.html"
    status, _, err = run_cli(
        "train", "--peaks", files.peaks, "--genome", files.genome, "--out", tmp_path / "m",
        "--negatives", "gc_matched", "shuffle", "--test-chromosomes", "chr2",
        "--report", report, *FAST, "--n-restarts", "2", "--n-steps", "20",
    )
    assert status == 0, err
    assert "60 positives: 101-bp windows of the genome genome.fa" in err
    summary = r"test ROC AUC on the held-out chr2: 0\.\d+, average precision 0\.\d+ \("
    assert re.search(summary + r"\d+ sequences, \d+ positives\)", err)
    model = load_model(tmp_path / "m")
    assert model[0].length == 101
    page = report.read_text()
    assert "Held out for testing: chr2" in page and "dinucleotide shuffles" in page


@pytest.mark.parametrize(
    "arguments, message",
    [
        ([], "give exactly one of DATA (a sequence file) or --peaks with --genome"),
        (["--peaks", "p.bed"], "--peaks needs --genome"),
        (["train.fa", "--test-chromosomes", "chr1"], "--test-chromosomes goes with --peaks"),
        (["--peaks", "p.bed", "--genome", "g.fa", "--report", "r.html"],
         "--report needs held-out data: add --test-chromosomes"),
    ],
)
def test_train_checks_which_inputs_go_together(tmp_path, run_cli, one_line_error, arguments,
                                               message):
    err = one_line_error(run_cli("train", *arguments, "--out", tmp_path / "m", "-q"), "train")
    assert message in err


def test_train_names_a_peak_on_a_chromosome_the_genome_lacks(
    tmp_path, genome_workspace, run_cli, one_line_error
):
    peaks = tmp_path / "p.bed"
    peaks.write_text("chr1\t5000\t5200\nchrZ\t10\t50\n")
    err = one_line_error(
        run_cli("train", "--peaks", peaks, "--genome", genome_workspace.genome, "--out",
                tmp_path / "m", "-q"),
        "train",
    )
    assert "p.bed, line 2: chromosome 'chrZ' is not in the genome genome.fa" in err
    assert not (tmp_path / "m").exists()
