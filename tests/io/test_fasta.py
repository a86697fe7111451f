"""FASTA: one parser for labelled and plain files, errors named by file and line."""

import pytest

from sklearn_demotif.io import read_labeled_fasta


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
