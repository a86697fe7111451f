"""Any file of sequences the command line takes: FASTA, DeepBind tables, TSV/CSV, plain lines."""

import io
import sys
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from ..encoding import IUPAC_CODES
from ._text import read_lines
from .deepbind import DEEPBIND_HEADER
from .fasta import parse_fasta

__all__ = ["read_sequence_file"]

_SEQUENCE_COLUMNS = ("sequence", "sequences", "seq", "dna")
_LABEL_COLUMNS = ("label", "labels", "bound", "y", "class", "target")
_ID_COLUMNS = ("id", "name", "eventid", "sequence_id", "seq_id")
_NUCLEOTIDES = set(IUPAC_CODES) | set("".join(IUPAC_CODES).lower())


def _as_int(text):
    try:
        return int(text)
    except ValueError:
        return None


def _read_fasta_records(lines, source):
    records = list(parse_fasta(lines, source))
    headers = [record.header for record in records]
    sequences = [record.sequence for record in records]
    integer = [_as_int(header) for header in headers]
    if records and all(value is not None for value in integer):
        ids = [f"seq_{index}" for index in range(1, len(headers) + 1)]
        return ids, sequences, np.array(integer), "labelled FASTA"
    if any(value is not None for value in integer):
        index = next(i for i, value in enumerate(integer) if value is None)
        raise ValueError(
            f"{source}, line {records[index].line}: header {headers[index][:40]!r} is not an "
            "integer label, but other headers are; use labels (>1, >0) in every header or in none"
        )
    ids = [
        header.split()[0] if header else f"seq_{index}" for index, header in enumerate(headers, 1)
    ]
    return ids, sequences, None, "FASTA"


def _find_column(columns, wanted, candidates, source):
    lower = {str(column).strip().lower(): column for column in columns}
    if wanted is not None:
        if wanted in columns:
            return wanted
        if wanted.lower() in lower:
            return lower[wanted.lower()]
        raise ValueError(
            f"{source}: no column {wanted!r} (columns: {', '.join(map(str, columns))})"
        )
    for candidate in candidates:
        if candidate in lower:
            return lower[candidate]
    return None


def _read_table(lines, source, separator, sequence_column, label_column):
    import pandas as pd

    try:
        table = pd.read_csv(
            io.StringIO("\n".join(lines)),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ValueError(
            f"{source}: not a readable table ({' '.join(str(error).split())})"
        ) from None
    column = _find_column(table.columns, sequence_column, _SEQUENCE_COLUMNS, source)
    if column is None:
        raise ValueError(
            f"{source}: not a labelled FASTA, a DeepBind .seq file or a table with a sequence "
            f"column (looked for {', '.join(_SEQUENCE_COLUMNS)}; first line: {lines[0][:60]!r}); "
            "name the column with --sequence-column"
        )
    sequences = [value.strip() for value in table[column]]
    labels_column = _find_column(table.columns, label_column, _LABEL_COLUMNS, source)
    labels = None
    if labels_column is not None:
        values = [value.strip() for value in table[labels_column]]
        integers = [_as_int(value) for value in values]
        labels = np.array(integers if all(v is not None for v in integers) else values)
    id_column = _find_column(table.columns, None, _ID_COLUMNS, source)
    if id_column is not None:
        ids = [value.strip() for value in table[id_column]]
    else:
        ids = [f"seq_{index}" for index in range(1, len(sequences) + 1)]
    kind = "DeepBind table" if [str(c) for c in table.columns] == DEEPBIND_HEADER else "table"
    return ids, sequences, labels, kind


def _read_plain(lines, source):
    sequences, line_numbers = [], []
    for line_number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        unknown = set(line) - _NUCLEOTIDES
        if unknown:
            character = sorted(unknown)[0]
            raise ValueError(
                f"{source}, line {line_number}: {character!r} is not a nucleotide; expected "
                "FASTA, a DeepBind .seq(.gz) file, a TSV/CSV table with a sequence column, or "
                "one DNA sequence per line"
            )
        sequences.append(line)
        line_numbers.append(line_number)
    ids = [f"line_{number}" for number in line_numbers]
    return ids, sequences, None, "one sequence per line"


def read_sequence_file(path, sequence_column=None, label_column=None):
    """Read sequences, and labels when the file has them, from any input ``demotif`` takes.

    The format is recognised from the content, gzipped or not:

    * FASTA.  When every header is an integer (``>1``, ``> 0``, DeMo's
      files) the headers are the labels; otherwise there are no labels and the
      id is the header's first word.
    * DeepBind's ``.seq`` / ``.seq.gz`` (header ``FoldID EventID seq Bound``).
    * A TSV or CSV table with a header: the sequence column is the one named
      ``sequence``, ``seq`` or ``dna`` (any case), the label column ``label``,
      ``bound``, ``y``, ``class`` or ``target``, the id column ``id`` or
      ``name``.
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
        For content that is none of these formats; the message names the file
        and the line.

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
        ids, sequences, labels, kind = _read_fasta_records(lines, source)
    elif "\t" in first or "," in first:
        separator = "\t" if "\t" in first else ","
        ids, sequences, labels, kind = _read_table(
            lines, source, separator, sequence_column, label_column
        )
    else:
        ids, sequences, labels, kind = _read_plain(lines, source)
    if not sequences:
        raise ValueError(f"{source}: no sequences found")
    return Bunch(ids=ids, sequences=np.array(sequences, dtype=object), labels=labels, format=kind)
