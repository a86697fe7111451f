"""DeepBind's ENCODE files: tab-separated ``FoldID EventID seq Bound``, gzipped or plain."""

import numpy as np

from ._text import read_lines
from .fasta import parse_label

__all__ = ["read_deepbind", "DEEPBIND_HEADER"]

#: The header line of DeepBind's ``*.seq`` files.
DEEPBIND_HEADER = ["FoldID", "EventID", "seq", "Bound"]


def read_deepbind(path):
    """Read a DeepBind ENCODE file (``*.seq`` or ``*.seq.gz``).

    Parameters
    ----------
    path : str or path-like
        A tab-separated file, gzipped or plain, with the header
        ``FoldID EventID seq Bound``.

    Returns
    -------
    sequences : ndarray of str of shape (n_sequences,)
        The ``seq`` column.
    labels : ndarray of int of shape (n_sequences,)
        The ``Bound`` column.

    Raises
    ------
    ValueError
        For a missing header, a row without four columns or a label that is not
        an integer; the message names the file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_deepbind
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.seq"
    >>> _ = path.write_text("FoldID\\tEventID\\tseq\\tBound\\nA\\tseq_1\\tACGT\\t1\\n")
    >>> read_deepbind(path)
    (array(['ACGT'], dtype=object), array([1]))
    """
    lines = read_lines(path)
    if not lines or lines[0].strip().split("\t") != DEEPBIND_HEADER:
        found = lines[0][:60] if lines else "an empty file"
        raise ValueError(
            f"{path}, line 1: expected the header {' '.join(DEEPBIND_HEADER)} "
            f"(tab-separated), found {found!r}"
        )
    sequences, labels = [], []
    for line_number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.rstrip("\r").split("\t")
        if len(fields) != 4:
            raise ValueError(
                f"{path}, line {line_number}: expected 4 tab-separated columns, "
                f"found {len(fields)}"
            )
        sequences.append(fields[2].strip())
        labels.append(parse_label(fields[3].strip(), path, line_number))
    return np.array(sequences, dtype=object), np.array(labels, dtype=np.int64)
