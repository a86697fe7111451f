"""DeepBind's ENCODE files: tab-separated ``FoldID EventID seq Bound``, gzipped or plain."""

import numpy as np

from ._table import read_table
from ._text import read_lines

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
        The ``Bound`` column: 0 or 1.

    Raises
    ------
    ValueError
        For a missing header, a row without four columns, an empty ``seq`` or
        ``Bound`` cell or a label that is not 0 or 1; the message names the
        file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_deepbind
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.seq"
    >>> _ = path.write_text("FoldID\\tEventID\\tseq\\tBound\\nA\\tseq_1\\tACGT\\t1\\n")
    >>> read_deepbind(path)
    (array(['ACGT'], dtype=object), array([1]))
    """
    table = read_table(read_lines(path), str(path), "\t")
    if table.columns != DEEPBIND_HEADER:
        raise ValueError(
            f"{path}, line {table.header_line}: expected the header {' '.join(DEEPBIND_HEADER)} "
            f"(tab-separated), found {' '.join(table.columns)[:60]!r}"
        )
    return np.array(table.values("seq"), dtype=object), np.array(
        table.labels("Bound"), dtype=np.int64
    )
