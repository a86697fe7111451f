"""``read_sequence_file``: the format is recognised from the content."""

import gzip

import pytest

from sklearn_demotif.io import read_sequence_file


def test_deepbind_table_gives_ids_sequences_and_labels(tmp_path):
    path = tmp_path / "toy_B.seq.gz"
    rows = "A\tseq_0\tACGT\t1\nA\tseq_1\tTTGA\t0\n"
    path.write_bytes(gzip.compress(("FoldID\tEventID\tseq\tBound\n" + rows).encode()))
    data = read_sequence_file(path)
    assert data.ids == ["seq_0", "seq_1"]
    assert list(data.sequences) == ["ACGT", "TTGA"] and list(data.labels) == [1, 0]
    assert data.format == "DeepBind table"


def test_csv_columns_are_found_whatever_their_case(tmp_path):
    path = tmp_path / "toy.csv"
    path.write_text("Sequence,Label\nACGT,1\nTTGA,0\n")
    data = read_sequence_file(path)
    assert list(data.sequences) == ["ACGT", "TTGA"] and list(data.labels) == [1, 0]
    assert data.ids == ["seq_1", "seq_2"]


def test_fasta_with_integer_headers_is_labelled_and_other_fasta_is_not(tmp_path):
    labelled, named = tmp_path / "labelled.fa", tmp_path / "named.fa"
    labelled.write_text(">1\nACGT\n> 0\nTT\nGA\n")
    named.write_text(">first words\nACGT\n>second\nTTGA\n")
    assert read_sequence_file(labelled).labels.tolist() == [1, 0]
    data = read_sequence_file(named)
    assert data.labels is None and data.ids == ["first", "second"]


def test_plain_lines_are_sequences_named_by_line(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("ACGT\n\nttga\n")
    data = read_sequence_file(path)
    assert data.ids == ["line_1", "line_3"] and data.format == "one sequence per line"


@pytest.mark.parametrize(
    "content, message",
    [
        (">1\nACGT\n>x\nTTGA\n", r"line 3: header 'x' is not an integer label"),
        ("ACGT\nhello\n", r"line 2: 'e' is not a nucleotide"),
        ("", "the file is empty"),
        ("id,name\nA,B\n", "table with a sequence column"),
    ],
)
def test_unreadable_content_names_file_and_line(tmp_path, content, message):
    path = tmp_path / "input.txt"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        read_sequence_file(path)
