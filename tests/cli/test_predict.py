"""``demotif predict``: the API's probabilities, ids from FASTA and plain lines."""

import numpy as np

from sklearn_demotif.persistence import load_model


def test_predict_prints_the_probabilities_of_load_model(workspace, run_cli):
    folder, X, _ = workspace
    status, out, err = run_cli("predict", "--model", folder / "model", folder / "train.fa", "-q")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "id\tprobability" and len(lines) == len(X) + 1
    cli_proba = np.array([float(line.split("\t")[1]) for line in lines[1:]])
    api_proba = load_model(folder / "model").predict_proba(X)[:, 1]
    np.testing.assert_array_equal(cli_proba, api_proba)


def test_predict_reads_fasta_ids_and_plain_lines(workspace, run_cli, tmp_path):
    folder, X, _ = workspace
    named = tmp_path / "named.fa"
    named.write_text(f">first some words\n{X[0][:15]}\n{X[0][15:]}\n>second\n{X[1]}\n")
    plain = tmp_path / "plain.txt"
    plain.write_text(f"{X[0]}\n\n{X[1]}\n")
    _, by_fasta, _ = run_cli("predict", "--model", folder / "model", named, "-q")
    _, by_line, _ = run_cli("predict", "--model", folder / "model", plain, "-q")
    assert [line.split("\t")[0] for line in by_fasta.splitlines()] == ["id", "first", "second"]
    assert [line.split("\t")[0] for line in by_line.splitlines()] == ["id", "line_1", "line_3"]
    assert [line.split("\t")[1] for line in by_fasta.splitlines()[1:]] == [
        line.split("\t")[1] for line in by_line.splitlines()[1:]
    ]
