"""Tables of sequences: the one validated reader of DeepBind's files and of every TSV/CSV.

Every row must have as many cells as the header has columns (a missing ``Bound``
cell or an extra column is an error, never a shifted table), the cells a caller
uses must not be empty, and labels must be the integers 0 or 1: each failure is
a ``ValueError`` naming the file, the line and the column.
"""

import csv
from dataclasses import dataclass

from .fasta import parse_label

__all__ = ["Table", "read_table"]

_SEPARATOR_NAMES = {"\t": "tab", ",": "comma"}


def _cells(line, separator, source, line_number):
    if separator == "\t":
        return line.split("\t")
    try:
        return next(csv.reader([line], delimiter=separator, strict=True))
    except csv.Error as error:
        raise ValueError(f"{source}, line {line_number}: not a CSV row ({error})") from None


@dataclass(frozen=True)
class Table:
    """A table whose every row has the header's columns.

    Attributes
    ----------
    source : str
        The file, for error messages.
    header_line : int
        The line of the header.
    columns : list of str
        The header's column names.
    lines : list of int
        The line of every row in the file.
    rows : list of list of str
        The cells of every row, stripped of surrounding white space.
    """

    source: str
    header_line: int
    columns: list
    lines: list
    rows: list

    def values(self, column):
        """The cells of one column; an empty cell is a ``ValueError`` naming file and line.

        Examples
        --------
        >>> from sklearn_demotif.io._table import read_table
        >>> read_table(["seq,label", "ACGT,1"], "x.csv", ",").values("seq")
        ['ACGT']
        """
        index = self.columns.index(column)
        values = []
        for line_number, row in zip(self.lines, self.rows, strict=True):
            if not row[index]:
                raise ValueError(
                    f"{self.source}, line {line_number}: the {column!r} cell is empty"
                )
            values.append(row[index])
        return values

    def labels(self, column):
        """The labels of one column: every cell the integer 0 or 1.

        Examples
        --------
        >>> from sklearn_demotif.io._table import read_table
        >>> read_table(["seq\\tBound", "ACGT\\t1", "TT\\t0"], "x.tsv", "\\t").labels("Bound")
        [1, 0]
        """
        return [
            parse_label(text, source=self.source, line_number=line_number, binary=True)
            for line_number, text in zip(self.lines, self.values(column), strict=True)
        ]


def read_table(lines, source, separator):
    """Read a delimited table with a header line; blank lines are skipped.

    Parameters
    ----------
    lines : list of str
        The file's lines.
    source : str
        How error messages name the file.
    separator : {"\\t", ","}
        Tab-separated cells are split as they are; comma-separated ones as CSV
        (quoted cells may hold commas).

    Returns
    -------
    table : Table
        The header and the rows.

    Raises
    ------
    ValueError
        For an empty file, a header with an unnamed or repeated column, or a
        row with another number of cells than the header; the message names
        the file and the line.

    Examples
    --------
    >>> from sklearn_demotif.io._table import read_table
    >>> read_table(["seq,label", "ACGT,1", "TTGA"], "x.csv", ",")
    Traceback (most recent call last):
    ...
    ValueError: x.csv, line 3: expected 2 comma-separated columns, found 1
    """
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        raise ValueError(f"{source}: the file is empty")
    (header_line, header), rows = numbered[0], numbered[1:]
    columns = [name.strip() for name in _cells(header, separator, source, header_line)]
    for index, name in enumerate(columns):
        if not name:
            raise ValueError(
                f"{source}, line {header_line}: column {index + 1} of the header has no name"
            )
        if name in columns[:index]:
            raise ValueError(f"{source}, line {header_line}: column {name!r} appears twice")
    cells = []
    for line_number, line in rows:
        row = _cells(line, separator, source, line_number)
        if len(row) != len(columns):
            raise ValueError(
                f"{source}, line {line_number}: expected {len(columns)} "
                f"{_SEPARATOR_NAMES[separator]}-separated columns, found {len(row)}"
            )
        cells.append([cell.strip() for cell in row])
    return Table(source, header_line, columns, [number for number, _ in rows], cells)
