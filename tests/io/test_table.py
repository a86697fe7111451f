"""The one table reader: every row has the header's columns, used cells are filled, labels 0/1."""

import pytest

from sklearn_demotif.io._table import read_table


def test_rows_keep_their_line_numbers_and_cells_are_stripped():
    table = read_table(["", "seq\tBound", "ACGT \t 1", "", "TTGA\t0"], "x.tsv", "\t")
    assert table.header_line == 2 and table.columns == ["seq", "Bound"]
    assert table.lines == [3, 5] and table.values("seq") == ["ACGT", "TTGA"]
    assert table.labels("Bound") == [1, 0]


def test_csv_cells_may_be_quoted():
    table = read_table(['id,seq,label', '"a,b",ACGT,1'], "x.csv", ",")
    assert table.values("id") == ["a,b"]


@pytest.mark.parametrize(
    "lines, column, message",
    [
        (["seq\tBound", "ACGT"], None, r"x, line 2: expected 2 tab-separated columns, found 1"),
        (["seq\tBound", "ACGT\t1\tx"], None, r"line 2: expected 2 tab-separated columns, found 3"),
        (["seq\tBound", "ACGT\t"], "Bound", r"line 2: the 'Bound' cell is empty"),
        (["seq\tBound", "ACGT\tNaN"], "Bound", r"line 2: label 'NaN' is not an integer"),
        (["seq\tBound", "ACGT\t2"], "Bound", r"line 2: label '2' is not 0 or 1"),
        (["seq\tBound", "ACGT\t1_0"], "Bound", r"line 2: label '1_0' is not an integer"),
        (["seq\tseq", "A\tC"], None, r"line 1: column 'seq' appears twice"),
        (["seq\t", "A\tC"], None, r"line 1: column 2 of the header has no name"),
        ([" ", ""], None, r"x: the file is empty"),
    ],
)
def test_malformed_tables_name_file_and_line(lines, column, message):
    with pytest.raises(ValueError, match=message):
        table = read_table(lines, "x", "\t")
        table.labels(column)


def test_an_unterminated_quote_is_a_csv_error_with_its_line():
    with pytest.raises(ValueError, match=r"x.csv, line 2: not a CSV row"):
        read_table(["seq,label", '"ACGT,1'], "x.csv", ",")
