"""Write a file whole or not at all: a temporary file in the same folder, then a rename."""

import contextlib
import os
import uuid
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path, data):
    """Write ``data`` (str as UTF-8, bytes, or pieces of them) to ``path`` atomically.

    Missing parent folders are created.  The temporary file sits beside the
    target so ``os.replace`` is a rename on one file system; it is opened in
    exclusive mode (the umask applies) and removed on any failure, so readers
    see the old file or the complete new one, never a part.  A failure is
    reported with the target's name, never the temporary file's.

    Parameters
    ----------
    path : str or path-like
        The file to write.
    data : str, bytes or iterable of str or bytes
        The contents; text is encoded as UTF-8.  An iterable (a generator, for
        example) is written piece by piece, so a large file needs no more
        memory than its largest piece.

    Returns
    -------
    path : pathlib.Path
        The written file.

    Raises
    ------
    OSError
        When the folder cannot be created or written; the message names ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif._atomic import write_atomically
    >>> path = write_atomically(pathlib.Path(tempfile.mkdtemp()) / "new" / "a.txt", "text")
    >>> path.read_text()
    'text'
    >>> write_atomically(path, (f"{i}\\n" for i in range(3))).read_text()
    '0\\n1\\n2\\n'
    """
    path = Path(path)
    pieces = [data] if isinstance(data, (str, bytes, bytearray, memoryview)) else data
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "xb") as stream:
            for piece in pieces:
                stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        failure = type(error)(f"cannot write {path}: {error.strerror or error}")
        failure.errno = error.errno
        raise failure from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return path
