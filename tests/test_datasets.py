"""Specification of the readers, experiment loading and synthetic data."""

import gzip
from collections import Counter

import numpy as np
import pytest

from sklearn_demotif.datasets import (
    list_experiments,
    load_experiment,
    make_motif_dataset,
    read_deepbind,
    read_labeled_fasta,
    read_published_aucs,
)

HEADER = "FoldID\tEventID\tseq\tBound\n"


def test_read_deepbind_plain_and_gzipped(tmp_path):
    text = HEADER + "A\tseq_1_peak\tACGT\t1\nA\tseq_1_shuf\tTGCA\t0\n"
    plain = tmp_path / "x.seq"
    plain.write_text(text)
    zipped = tmp_path / "x.seq.gz"
    with gzip.open(zipped, "wt") as handle:
        handle.write(text)
    for path in (plain, zipped):
        sequences, labels = read_deepbind(path)
        assert sequences.tolist() == ["ACGT", "TGCA"] and labels.tolist() == [1, 0]


@pytest.mark.parametrize(
    "body, message",
    [
        ("A\tseq_1\tACGT\n", r"line 2: expected 4 tab-separated columns, found 3"),
        ("A\tseq_1\tACGT\t1\nA\tseq_2\tACGT\tyes\n", r"line 3: label 'yes' is not an integer"),
    ],
)
def test_read_deepbind_names_file_and_line_of_malformed_rows(tmp_path, body, message):
    path = tmp_path / "bad.seq"
    path.write_text(HEADER + body)
    with pytest.raises(ValueError, match=rf"bad\.seq, {message}"):
        read_deepbind(path)


def test_read_deepbind_requires_the_header(tmp_path):
    path = tmp_path / "noheader.seq"
    path.write_text("A\tseq_1\tACGT\t1\n")
    with pytest.raises(ValueError, match="line 1: expected the header"):
        read_deepbind(path)


def test_read_deepbind_reports_a_corrupt_gzip(tmp_path):
    path = tmp_path / "broken.seq.gz"
    path.write_bytes(gzip.compress((HEADER + "A\ts\tACGT\t1\n").encode())[:20])
    with pytest.raises(ValueError, match="broken.seq.gz: cannot be read"):
        read_deepbind(path)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.fa"):
        read_labeled_fasta(tmp_path / "nothere.fa")


def test_read_labeled_fasta_accepts_both_header_styles_and_wrapped_lines(tmp_path):
    path = tmp_path / "x.fa"
    path.write_text("> 1\nACGT\nAC\n>0\nTTTT\n")
    sequences, labels = read_labeled_fasta(path)
    assert sequences.tolist() == ["ACGTAC", "TTTT"] and labels.tolist() == [1, 0]


@pytest.mark.parametrize(
    "text, message",
    [
        (">bound\nACGT\n", r"line 1: label 'bound' is not an integer"),
        ("ACGT\n>1\nACGT\n", r"line 1: sequence text before the first '>' header"),
        (">1\n>0\nACGT\n", r"line 1: header without a sequence"),
        (">1\nACGT\n>0\n", r"line 3: header without a sequence"),
        ("", r"no FASTA records"),
    ],
)
def test_read_labeled_fasta_names_file_and_line_of_malformed_records(tmp_path, text, message):
    path = tmp_path / "bad.fa"
    path.write_text(text)
    with pytest.raises(ValueError, match=rf"bad\.fa.*{message}"):
        read_labeled_fasta(path)


def test_load_experiment_reads_demo_format(data_home):
    data = load_experiment("GATA1_K562_GATA-1_USC", data_home=data_home)
    assert data.format == "demo" and data.tf == "GATA1" and data.cell_line == "K562"
    assert len(data.X_train) == 2 * 3574 and Counter(data.y_train.tolist()) == {1: 3574, 0: 3574}
    assert len(data.X_test) == 1000 and set(map(len, data.X_test)) == {101}


def test_load_experiment_adds_seeded_dinucleotide_shuffles_to_deepbind_positives(data_home):
    name = "MYC_H1-hESC_c-Myc_Stanford"
    data = load_experiment(name, data_home=data_home)
    positives = data.X_train[data.y_train == 1]
    negatives = data.X_train[data.y_train == 0]
    assert len(positives) == len(negatives) == 4051
    pairs = list(zip(positives, negatives))
    assert all(Counter(zip(p, p[1:])) == Counter(zip(n, n[1:])) for p, n in pairs[:200])
    again = load_experiment(name, data_home=data_home)
    assert again.X_train.tolist() == data.X_train.tolist()
    assert Counter(data.y_test.tolist()) == {1: 500, 0: 500}


def test_load_experiment_uses_the_environment_variable(data_home, monkeypatch):
    monkeypatch.setenv("DEMOTIF_DATA", str(data_home))
    assert load_experiment("GATA1_K562_GATA-1_USC").name == "GATA1_K562_GATA-1_USC"


def test_load_experiment_without_a_data_folder_says_what_to_set(monkeypatch):
    monkeypatch.delenv("DEMOTIF_DATA", raising=False)
    with pytest.raises(ValueError, match="DEMOTIF_DATA"):
        load_experiment("GATA1_K562_GATA-1_USC")


def test_unknown_or_test_only_experiment_is_a_clear_error(data_home):
    with pytest.raises(FileNotFoundError, match="'NOPE_CELL'.*no training and test files"):
        load_experiment("NOPE_CELL", data_home=data_home)
    with pytest.raises(FileNotFoundError, match="no training file"):
        load_experiment("CEBPB_K562_CEBPB_Stanford", data_home=data_home)


def test_list_experiments_finds_the_sixteen_trainable_ones(data_home):
    names = list_experiments(data_home)
    assert len(names) == 16
    assert "GATA1_K562_GATA-1_USC" in names and "CTCFL_K562_CTCFL_(SC-98982)_HudsonAlpha" in names
    assert len(list_experiments(data_home, require_train=False)) == 16 + 6 + 6


def test_published_aucs_cover_every_experiment(data_home):
    aucs = read_published_aucs(data_home)
    assert set(list_experiments(data_home, require_train=False)) <= set(aucs.index)
    assert aucs.loc["GATA1_K562_GATA-1_USC", "deepbind_star_auc"] == pytest.approx(0.95964)


def test_make_motif_dataset_plants_sites_in_half_the_sequences():
    matrix = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1.0]] * 2).T[:, :6]
    X, y, sites = make_motif_dataset(matrix, n_samples=100, length=30, random_state=0,
                                     return_sites=True)
    assert y.sum() == 50 and (sites[y == 0] == -1).all()
    for sequence, start in zip(X[y == 1], sites[y == 1]):
        site = sequence[start : start + 6]
        assert site in ("ACGTAC", "GTACGT")


def test_make_motif_dataset_reads_jaspar_offline_and_is_seeded():
    first = make_motif_dataset("MA0139", n_samples=20, random_state=3)
    second = make_motif_dataset("MA0139", n_samples=20, random_state=3)
    assert first[0].tolist() == second[0].tolist()
    with pytest.raises(ValueError, match="MA9999.9"):
        make_motif_dataset("MA9999.9", n_samples=4)
