"""Open text files, gzipped or plain, and report unreadable ones by name."""

import gzip
from pathlib import Path

__all__ = ["open_text", "read_lines"]

_GZIP_MAGIC = b"\x1f\x8b"


def open_text(path):
    """Open a text file for reading; gzip is recognised from the content, not the name.

    Bytes that are not ASCII are replaced (by U+FFFD), so they surface as an
    unknown character in the caller's error message instead of a decoding
    error without a line number.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    handle : text stream
        To be closed by the caller (use it in a ``with`` block).

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a file.

    Examples
    --------
    >>> import gzip, tempfile, pathlib
    >>> from sklearn_demotif.io import open_text
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = path.write_bytes(gzip.compress(b"ACGT\\n"))
    >>> with open_text(path) as handle:
    ...     handle.read()
    'ACGT\\n'
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    with open(path, "rb") as handle:
        magic = handle.read(2)
    if magic == _GZIP_MAGIC:
        return gzip.open(path, "rt", encoding="ascii", errors="replace")
    return open(path, encoding="ascii", errors="replace")


def read_lines(path):
    """All lines of a text file, gzipped or plain, without their line ends.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    lines : list of str
        The lines.

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a file.
    ValueError
        When the file cannot be read (a truncated gzip, for example); the
        message names the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_lines
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = path.write_text("a\\r\\nb\\n")
    >>> read_lines(path)
    ['a', 'b']
    """
    try:
        with open_text(path) as handle:
            return handle.read().splitlines()
    except FileNotFoundError:
        raise
    except (OSError, EOFError) as error:
        raise ValueError(f"{path}: cannot be read ({error})") from None
