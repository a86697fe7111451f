"""Open text files, gzipped or plain, as UTF-8; report unreadable ones by name and line."""

import codecs
import gzip
import io
import zlib
from pathlib import Path

__all__ = ["open_text", "read_lines"]

_GZIP_MAGIC = b"\x1f\x8b"
#: Compressions recognised by their first bytes that are not read (gzip is).
_OTHER_COMPRESSIONS = {
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"\x28\xb5\x2f\xfd": "zstd",
    b"PK\x03\x04": "zip",
}
#: What reading a damaged gzip raises, besides OSError and EOFError.
READ_ERRORS = (OSError, EOFError, zlib.error)


def _open_binary(path, gzipped):
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def _undecodable_line(path, gzipped):
    """Where a file stops being UTF-8: a message naming the line and the byte."""
    try:
        with _open_binary(path, gzipped) as handle:
            for number, line in enumerate(handle, start=1):
                if number == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8):]
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as error:
                    if b"\x00" in line:
                        return f"{path} is a binary file, not text (a byte 0x00 on line {number})"
                    byte = line[error.start]
                    return (
                        f"{path}, line {number}: byte 0x{byte:02x} at column {error.start + 1} "
                        "is not UTF-8 text (a binary file, or text in another encoding; save "
                        "it as UTF-8)"
                    )
    except READ_ERRORS as error:
        return f"{path}: cannot be read ({error})"
    return f"{path}: is not UTF-8 text"


class _Utf8Text:
    """A text stream that names the file and line of bytes that are not UTF-8."""

    def __init__(self, path, gzipped):
        self._path, self._gzipped = path, gzipped
        binary = _open_binary(path, gzipped)
        self._text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict")

    def _decoding_error(self):
        return ValueError(_undecodable_line(self._path, self._gzipped))

    def __iter__(self):
        try:
            yield from self._text
        except UnicodeDecodeError:
            raise self._decoding_error() from None

    def read(self, size=-1):
        try:
            return self._text.read(size)
        except UnicodeDecodeError:
            raise self._decoding_error() from None

    def readline(self, size=-1):
        try:
            return self._text.readline(size)
        except UnicodeDecodeError:
            raise self._decoding_error() from None

    def close(self):
        self._text.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def _check_compression(path, magic):
    for prefix, name in _OTHER_COMPRESSIONS.items():
        if magic.startswith(prefix):
            raise ValueError(
                f"{path} is compressed with {name}, which is not read; decompress it or "
                "recompress it with gzip"
            )


def open_text(path):
    """Open a UTF-8 text file for reading; gzip is recognised from the content, not the name.

    A byte-order mark is dropped and line ends of every kind read as ``\\n``.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    handle : text stream
        Iterable by line, with ``read`` and ``readline``; to be closed by the
        caller (use it in a ``with`` block).  Reading bytes that are not
        UTF-8 raises a ``ValueError`` that names the file and the line.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    ValueError
        When ``path`` is a folder, or compressed with bzip2, xz, zstd or zip
        (gzip is read).

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
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a file")
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    with open(path, "rb") as handle:
        magic = handle.read(8)
    _check_compression(path, magic)
    return _Utf8Text(path, gzipped=magic.startswith(_GZIP_MAGIC))


def read_lines(path):
    """All lines of a UTF-8 text file, gzipped or plain, without their line ends.

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
        When ``path`` does not exist.
    ValueError
        When the file cannot be read (a folder, a truncated gzip, another
        compression, bytes that are not UTF-8); the message names the file.

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
    except READ_ERRORS as error:
        raise ValueError(f"{path}: cannot be read ({error})") from None
