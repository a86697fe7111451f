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


DEEPBIND = "FoldID\tEventID\tseq\tBound\n"


@pytest.mark.parametrize(
    "name, content, message",
    [
        # Once read by pandas as the labels '', '0', '1': the model had three classes.
        ("missing.seq", DEEPBIND + "A\ts1\tACGT\t1\nA\ts2\tTTGA\n",
         r"line 3: expected 4 tab-separated columns, found 3"),
        # Once the class 'NaN'.
        ("nan.seq", DEEPBIND + "A\ts1\tACGT\t1\nA\ts2\tTTGA\tNaN\n",
         r"line 3: label 'NaN' is not an integer"),
        # Once shifted every column of the row.
        ("extra.seq", DEEPBIND + "A\ts1\tACGT\t1\nA\ts2\tx\tTTGA\t0\n",
         r"line 3: expected 4 tab-separated columns, found 5"),
        ("empty_label.tsv", "sequence\tlabel\nACGT\t1\nTTGA\t\n",
         r"line 3: the 'label' cell is empty"),
        ("mixed.csv", "sequence,label\nACGT,1\nTTGA,bound\n", r"line 3: label 'bound' is not an"),
        ("three.csv", "sequence,label\nACGT,1\nTTGA,2\n", r"line 3: label '2' is not 0 or 1"),
        # Once an OverflowError.
        ("long.fa", ">1\nACGT\n>" + "9" * 40 + "\nTTGA\n", r"line 3: label '9+' does not fit"),
        ("labels.fa", ">1\nACGT\n>2\nTTGA\n", r"line 3: label '2' is not 0 or 1"),
        ("letters.tsv", "sequence\tlabel\nACGT\t1\nAC-T\t0\n", r"line 3: '-' is not a nucleotide"),
        ("letters.fa", ">a\nACGT\n>b\nACXT\n", r"line 3: 'X' is not a nucleotide"),
    ],
)
def test_malformed_tables_and_labels_are_errors_with_file_and_line(tmp_path, name, content,
                                                                   message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ValueError, match=rf"{name}, {message}"):
        read_sequence_file(path)


def test_table_labels_are_integers_whatever_the_other_rows_hold(tmp_path):
    path = tmp_path / "labels.tsv"
    path.write_text("id\tsequence\tlabel\nA\tACGT\t1\nB\tTTGA\t 0\n")
    labels = read_sequence_file(path).labels
    assert labels.dtype.kind == "i" and labels.tolist() == [1, 0]
