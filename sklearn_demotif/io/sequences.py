"""Any file of sequences the command line takes: FASTA, DeepBind tables, TSV/CSV, plain lines."""

import os
import sys
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch
from sklearn.utils._param_validation import validate_params

from ..encoding import IUPAC_CODES
from ._table import read_table
from ._text import read_lines
from .deepbind import DEEPBIND_HEADER
from .fasta import _INTEGER, parse_fasta, parse_label

__all__ = ["read_sequence_file"]

_SEQUENCE_COLUMNS = ("sequence", "sequences", "seq", "dna")
_LABEL_COLUMNS = ("label", "labels", "bound", "y", "class", "target")
_ID_COLUMNS = ("id", "name", "eventid", "sequence_id", "seq_id")
_NUCLEOTIDES = set(IUPAC_CODES) | set("".join(IUPAC_CODES).lower())
_PLAIN_HINT = (
    "; expected FASTA, a DeepBind .seq(.gz) file, a TSV/CSV table with a sequence column, "
    "or one DNA sequence per line"
)


def _read_fasta_records(lines, source):
    records = list(parse_fasta(lines, source=source))
    headers = [record.header for record in records]
    sequences = [record.sequence for record in records]
    numbers = [record.line for record in records]
    integer = [_INTEGER.fullmatch(header) is not None for header in headers]
    if records and all(integer):
        labels = [parse_label(record.header, source=source, line_number=record.line, binary=True)
                  for record in records]
        ids = [f"seq_{index}" for index in range(1, len(headers) + 1)]
        return ids, sequences, np.array(labels, dtype=np.int64), "labelled FASTA", numbers
    if any(integer):
        index = integer.index(False)
        raise ValueError(
            f"{source}, line {records[index].line}: header {headers[index][:40]!r} is not an "
            "integer label, but other headers are; use labels (>1, >0) in every header or in none"
        )
    ids = [
        header.split()[0] if header else f"seq_{index}" for index, header in enumerate(headers, 1)
    ]
    return ids, sequences, None, "FASTA", numbers


def _find_column(table, wanted, candidates):
    columns = table.columns
    lower = {column.lower(): column for column in columns}
    if wanted is not None:
        if wanted in columns:
            return wanted
        if wanted.lower() in lower:
            return lower[wanted.lower()]
        raise ValueError(
            f"{table.source}, line {table.header_line}: no column {wanted!r} "
            f"(columns: {', '.join(columns)[:200]})"
        )
    for candidate in candidates:
        if candidate in lower:
            return lower[candidate]
    return None


def _read_table(lines, source, separator, sequence_column, label_column):
    table = read_table(lines, source, separator)
    column = _find_column(table, sequence_column, _SEQUENCE_COLUMNS)
    if column is None:
        raise ValueError(
            f"{source}, line {table.header_line}: not a labelled FASTA, a DeepBind .seq file or "
            f"a table with a sequence column (looked for {', '.join(_SEQUENCE_COLUMNS)}; "
            f"columns: {', '.join(table.columns)[:60]}); name the column with --sequence-column"
        )
    sequences = table.values(column)
    labels_column = _find_column(table, label_column, _LABEL_COLUMNS)
    labels = None
    if labels_column is not None:
        labels = np.array(table.labels(labels_column), dtype=np.int64)
    id_column = _find_column(table, None, _ID_COLUMNS)
    if id_column is not None:
        ids = table.values(id_column)
    else:
        ids = [f"seq_{index}" for index in range(1, len(sequences) + 1)]
    kind = "DeepBind table" if table.columns == DEEPBIND_HEADER else "table"
    return ids, sequences, labels, kind, table.lines


def _read_plain(lines):
    numbered = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]
    ids = [f"line_{number}" for number, _ in numbered]
    sequences = [line for _, line in numbered]
    return ids, sequences, None, "one sequence per line", [number for number, _ in numbered]


def _check_nucleotides(sequences, lines, source, kind):
    for sequence, line_number in zip(sequences, lines, strict=True):
        unknown = set(sequence) - _NUCLEOTIDES
        if unknown:
            character = sorted(unknown)[0]
            hint = _PLAIN_HINT if kind == "one sequence per line" else ""
            raise ValueError(
                f"{source}, line {line_number}: {character!r} is not a nucleotide "
                f"(allowed: {''.join(IUPAC_CODES)}, any case){hint}"
            )


@validate_params(
    {
        "path": [str, os.PathLike],
        "sequence_column": [str, None],
        "label_column": [str, None],
    },
    prefer_skip_nested_validation=True,
)
def read_sequence_file(path, *, sequence_column=None, label_column=None):
    """Read sequences, and labels when the file has them, from any input ``demotif`` takes.

    The format is recognised from the content, gzipped or not:

    * FASTA.  When every header is an integer (``>1``, ``> 0``, DeMo's
      files) the headers are the labels, which must be 0 or 1; otherwise
      there are no labels and the id is the header's first word.
    * DeepBind's ``.seq`` / ``.seq.gz`` (header ``FoldID EventID seq Bound``).
    * A TSV or CSV table with a header: the sequence column is the one named
      ``sequence``, ``seq`` or ``dna`` (any case), the label column ``label``,
      ``bound``, ``y``, ``class`` or ``target``, the id column ``id`` or
      ``name``.  Every row must have the header's columns, the cells used
      must not be empty and labels must be 0 or 1 (the checks of
      :func:`read_deepbind`).
    * One DNA sequence per line.

    Parameters
    ----------
    path : str or path-like
        The file; ``"-"`` reads standard input.
    sequence_column, label_column : str or None, default=None
        Column names for tables that use other names.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``ids`` (list of str), ``sequences`` (ndarray of str), ``labels``
        (ndarray or None) and ``format`` (a description of what was read).

    Raises
    ------
    FileNotFoundError
        For a missing file.
    ValueError
        For content that is none of these formats, a malformed row, a label
        that is not 0 or 1 or a character that is not a nucleotide; the
        message names the file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_sequence_file
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.tsv"
    >>> _ = path.write_text("id\\tsequence\\tlabel\\nA\\tACGT\\t1\\nB\\tTTGA\\t0\\n")
    >>> data = read_sequence_file(path)
    >>> data.ids, list(data.sequences), data.labels.tolist(), data.format
    (['A', 'B'], ['ACGT', 'TTGA'], [1, 0], 'table')
    """
    if str(path) == "-":
        source, lines = "<stdin>", sys.stdin.read().splitlines()
    else:
        source = str(path)
        if Path(path).is_dir():
            raise ValueError(f"{source} is a folder, not a sequence file")
        lines = read_lines(path)
    first = next((line.strip() for line in lines if line.strip()), None)
    if first is None:
        raise ValueError(f"{source}: the file is empty")
    if "\x00" in first or "\ufffd" in first:
        raise ValueError(f"{source}: a binary file, not FASTA, a .seq file, a table or sequences")
    if first.startswith(">"):
        ids, sequences, labels, kind, numbers = _read_fasta_records(lines, source)
    elif "\t" in first or "," in first:
        separator = "\t" if "\t" in first else ","
        ids, sequences, labels, kind, numbers = _read_table(
            lines, source, separator, sequence_column, label_column
        )
    else:
        ids, sequences, labels, kind, numbers = _read_plain(lines)
    if not sequences:
        raise ValueError(f"{source}: no sequences found")
    _check_nucleotides(sequences, numbers, source, kind)
    return Bunch(ids=ids, sequences=np.array(sequences, dtype=object), labels=labels, format=kind)
