"""FASTA: one linear-time parser for every FASTA the package reads, and a labelled writer.

:func:`parse_fasta` turns lines into records; a record's lines are collected in a
list and joined once, so reading takes time proportional to the file, however
long its records (a chromosome is one record).  :func:`read_fasta` reads plain
FASTA, :func:`read_labeled_fasta` DeMo's FASTA whose header is the label, and
:func:`~sklearn_demotif.io.read_sequence_file` FASTA among the other formats the
command line takes.
"""

import re
from dataclasses import dataclass

import numpy as np

from .._atomic import write_atomically
from ._text import open_text

__all__ = [
    "FastaRecord",
    "parse_fasta",
    "read_fasta",
    "read_labeled_fasta",
    "write_labeled_fasta",
    "parse_label",
]

_INT64 = np.iinfo(np.int64)
_INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")


@dataclass(frozen=True)
class FastaRecord:
    """One FASTA record: the header (without ``>``), the sequence and the header's line."""

    header: str
    sequence: str
    line: int


def parse_fasta(lines, *, source="<text>"):
    """Parse FASTA lines into records, in time linear in the input.

    Blank lines are skipped and leading and trailing white space is removed
    from every line; a sequence may span any number of lines.

    Parameters
    ----------
    lines : iterable of str
        The file's lines (a text file handle works).
    source : str, default="<text>"
        How error messages name the input.

    Yields
    ------
    record : FastaRecord
        ``header``, ``sequence`` and ``line`` (1-based line of the header).

    Raises
    ------
    ValueError
        For sequence text before the first header or a header without a
        sequence; the message names the source and the line.

    Examples
    --------
    >>> from sklearn_demotif.io import parse_fasta
    >>> [(r.header, r.sequence) for r in parse_fasta([">a x", "AC", "GT", ">b", "TT"])]
    [('a x', 'ACGT'), ('b', 'TT')]
    """
    header = header_line = None
    chunks = []
    for line_number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith(">"):
            if header is not None:
                yield _record(header, chunks, header_line, source)
            header, header_line, chunks = line[1:].strip(), line_number, []
        elif header is None:
            raise ValueError(
                f"{source}, line {line_number}: sequence text before the first '>' header"
            )
        else:
            chunks.append(line)
    if header is not None:
        yield _record(header, chunks, header_line, source)


def _record(header, chunks, line, source):
    if not chunks:
        raise ValueError(f"{source}, line {line}: header without a sequence")
    return FastaRecord(header, "".join(chunks), line)


def _records(path):
    with open_text(path) as handle:
        try:
            records = list(parse_fasta(handle, source=str(path)))
        except (OSError, EOFError) as error:
            raise ValueError(f"{path}: cannot be read ({error})") from None
    if not records:
        raise ValueError(f"{path}: no FASTA records found")
    return records


def read_fasta(path):
    """Read a FASTA file, gzipped or plain.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    headers : list of str
        Every record's header line without the ``>``.
    sequences : ndarray of str of shape (n_sequences,)
        The sequences, wrapped lines joined.

    Raises
    ------
    ValueError
        For an empty file, sequence text before the first header or a header
        without a sequence; the message names the file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_fasta
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.fa"
    >>> _ = path.write_text(">chr1 test\\nACGT\\nAC\\n")
    >>> read_fasta(path)
    (['chr1 test'], array(['ACGTAC'], dtype=object))
    """
    records = _records(path)
    return [record.header for record in records], np.array(
        [record.sequence for record in records], dtype=object
    )


def parse_label(text, *, source, line_number, binary=False):
    """An integer class label, or a ``ValueError`` naming the file and line.

    Only ASCII digits with an optional sign are read (``int`` would also take
    ``"1_0"`` for 10 and other scripts' digits).

    Parameters
    ----------
    text : str
        The label as written.
    source : str
        The file, for the message.
    line_number : int
        The line, for the message.
    binary : bool, default=False
        Accept only 0 and 1 (bound or not).

    Returns
    -------
    label : int
        The label; it fits a 64-bit integer.

    Examples
    --------
    >>> from sklearn_demotif.io import parse_label
    >>> parse_label(" 1", source="x.fa", line_number=3)
    1
    >>> parse_label("2", source="x.tsv", line_number=4, binary=True)
    Traceback (most recent call last):
    ...
    ValueError: x.tsv, line 4: label '2' is not 0 or 1
    """
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"{source}, line {line_number}: label {text[:40]!r} is not an integer")
    label = int(text)
    if not _INT64.min <= label <= _INT64.max:
        raise ValueError(
            f"{source}, line {line_number}: label {text[:40]!r} does not fit a 64-bit integer"
        )
    if binary and label not in (0, 1):
        raise ValueError(f"{source}, line {line_number}: label {text[:40]!r} is not 0 or 1")
    return label


def read_labeled_fasta(path):
    """Read a FASTA file whose header line is the label (DeMo's format).

    Headers look like ``>1`` or ``> 0``; a sequence may span several lines.

    Parameters
    ----------
    path : str or path-like
        The FASTA file, gzipped or plain.

    Returns
    -------
    sequences : ndarray of str of shape (n_sequences,)
        The sequences.
    labels : ndarray of int of shape (n_sequences,)
        The labels read from the headers.

    Raises
    ------
    ValueError
        For a header that is not an integer label, sequence text before the
        first header, or a header without a sequence; the message names the file
        and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_labeled_fasta
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.fa"
    >>> _ = path.write_text("> 1\\nACGT\\n>0\\nTTGA\\n")
    >>> read_labeled_fasta(path)
    (array(['ACGT', 'TTGA'], dtype=object), array([1, 0]))
    """
    records = _records(path)
    labels = [
        parse_label(record.header, source=str(path), line_number=record.line)
        for record in records
    ]
    return np.array([record.sequence for record in records], dtype=object), np.array(
        labels, dtype=np.int64
    )


def write_labeled_fasta(path, sequences, labels):
    """Write sequences in DeMo's labelled FASTA format (the header is the label).

    The file is written whole or not at all (temporary file, then rename);
    :func:`read_labeled_fasta` reads it back.

    Parameters
    ----------
    path : str or path-like
        Destination file.
    sequences : array-like of str of shape (n_sequences,)
        The sequences, one line each.
    labels : array-like of int of shape (n_sequences,)
        One integer label per sequence.

    Returns
    -------
    path : pathlib.Path
        The written file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import write_labeled_fasta
    >>> path = write_labeled_fasta(pathlib.Path(tempfile.mkdtemp()) / "x.fa", ["ACGT"], [1])
    >>> path.read_text()
    '>1\\nACGT\\n'
    """
    if len(sequences) != len(labels):
        raise ValueError(f"{len(sequences)} sequences but {len(labels)} labels")
    text = "".join(
        f">{int(label)}\n{sequence}\n"
        for sequence, label in zip(sequences, labels, strict=True)
    )
    return write_atomically(path, text)
