"""``demotif train``: every input format, positives-only input, both models."""

import gzip

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
    rows = "".join(f"A\tseq_{i}\t{s}\t{label}\n" for i, (s, label) in enumerate(zip(X, y)))
    seq.write_bytes(gzip.compress(("FoldID\tEventID\tseq\tBound\n" + rows).encode()))
    table = tmp_path / "toy.csv"
    table.write_text("Sequence,Label\n" + "".join(f"{s},{label}\n" for s, label in zip(X, y)))
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
        "--predict-batch-size", "256",
    )
    assert status == 0, err
    params = load_model(tmp_path / "m")[-1].get_params()
    assert (params["lr_schedule"], params["warmup_epochs"], params["early_stopping"]) == (
        "onecycle", 0.5, "valid_loss"
    )
    assert (params["patience"], params["precision"], params["predict_batch_size"]) == (
        None, "float32", 256
    )


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
