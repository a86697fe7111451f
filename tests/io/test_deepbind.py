"""DeepBind's ENCODE tables: plain and gzipped, malformed rows named by line."""

import gzip

import pytest

from sklearn_demotif.io import read_deepbind, read_labeled_fasta

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
        ("A\tseq_1\tACGT\t2\n", r"line 2: label '2' is not 0 or 1"),
        ("A\tseq_1\t\t1\n", r"line 2: the 'seq' cell is empty"),
        ("A\tseq_1\tACGT\t1\textra\n", r"line 2: expected 4 tab-separated columns, found 5"),
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

