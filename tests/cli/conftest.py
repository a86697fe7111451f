"""Shared pieces of the command-line tests: a trained model folder, broken inputs, a runner."""

import pytest

from sklearn_demotif.cli import main
from sklearn_demotif.datasets import make_motif_dataset

#: A small network that still learns the planted site (train AUC about 0.85), so that
#: commands reading its motifs find them.
TINY = ["--max-epochs", "5", "--lr", "0.01", "--patience", "none", "--n-filters", "16",
        "--highway-units", "8", "--n-highway-layers", "1", "--quiet"]


@pytest.fixture(scope="session")
def write_fasta():
    """Write ``write_fasta(path, sequences, labels)``: one ``> label`` record per sequence."""

    def write(path, sequences, labels):
        path.write_text(
            "".join(
                f"> {label}\n{sequence}\n"
                for sequence, label in zip(sequences, labels, strict=True)
            )
        )
        return path

    return write


@pytest.fixture
def run_cli(capsys):
    """Run ``demotif`` in-process: ``run_cli(*argv)`` gives ``(status, stdout, stderr)``."""

    def run(*argv):
        status = main([str(arg) for arg in argv])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture
def one_line_error():
    """Check a failed run: status 1, nothing on stdout, one stderr line naming the command."""

    def check(result, command):
        status, out, err = result
        assert status == 1
        assert out == ""
        assert len(err.splitlines()) == 1, err
        assert err.startswith(f"demotif {command}: error: ")
        assert "Traceback" not in err
        return err

    return check


@pytest.fixture(scope="session")
def workspace(tmp_path_factory, site, write_fasta):
    """A folder with ``train.fa`` (labelled toy data) and ``model/`` trained on it by the CLI."""
    folder = tmp_path_factory.mktemp("cli")
    X, y = make_motif_dataset(site, n_samples=200, length=30, random_state=0)
    train = write_fasta(folder / "train.fa", X, y)
    status = main(["train", str(train), "--out", str(folder / "model"), *TINY])
    assert status == 0
    return folder, X, y


@pytest.fixture(scope="session")
def broken_inputs(tmp_path_factory):
    """A folder with a binary file, a text file that is not DNA and an empty folder."""
    folder = tmp_path_factory.mktemp("broken")
    (folder / "binary.fa").write_bytes(bytes(range(256)) * 4)
    (folder / "notes.txt").write_text("this is not DNA\n")
    (folder / "empty_model").mkdir()
    return folder


@pytest.fixture(scope="session")
def genome_workspace(tmp_path_factory):
    """A small synthetic genome (``make_genome_dataset``) and ``model/`` trained on it by
    ``demotif train --peaks ... --genome ...`` with a tiny network; returns the genome's Bunch
    with ``model`` (the folder) added."""
    from sklearn_demotif.datasets import make_genome_dataset

    folder = tmp_path_factory.mktemp("genome_cli")
    files = make_genome_dataset(folder, "MA0138", n_chromosomes=2, chromosome_length=60_000,
                                n_peaks=30, random_state=0)
    status = main(["train", "--peaks", str(files.peaks), "--genome", str(files.genome),
                   "--out", str(folder / "model"), "--negatives", "shuffle", *TINY])
    assert status == 0
    files.model = folder / "model"
    return files
