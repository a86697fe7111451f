"""Write a file whole or not at all, and find out before long work whether a path is writable.

:func:`write_atomically` writes a temporary file in the target's folder, then
renames it; :func:`check_writable` answers, before any training, whether a file
or a folder could be written at a path, without leaving anything behind.
"""

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

__all__ = ["write_atomically", "check_writable", "error_naming"]


def error_naming(path, error, action="write"):
    """``error`` (an ``OSError``) again, its message naming ``path``, never a temporary file.

    Parameters
    ----------
    path : str or path-like
        What the caller was writing.
    error : OSError
        The failure.
    action : str, default="write"
        The verb of the message.

    Returns
    -------
    error : OSError
        Of the same type and ``errno``; raise it ``from None``.

    Examples
    --------
    >>> from sklearn_demotif._atomic import error_naming
    >>> str(error_naming("out/model", PermissionError(13, "Permission denied", ".x.tmp")))
    'cannot write out/model: Permission denied'
    """
    failure = type(error)(f"cannot {action} {path}: {error.strerror or error}")
    failure.errno = error.errno
    return failure


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
        raise error_naming(path, error) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return path


def check_writable(path, folder=False):
    """Fail now, not after hours of training, when ``path`` could not be written.

    The nearest existing folder on the way to ``path`` must be a folder in
    which a file can be created: a probe file is created there and removed at
    once (``os.access`` is not enough: it says yes to root on a read-only file
    system).  Nothing is left behind and nothing is created on the way.

    Parameters
    ----------
    path : str or path-like
        The file (or, with ``folder=True``, the folder) that will be written.
    folder : bool, default=False
        Whether ``path`` is to be a folder, which may exist; otherwise an
        existing folder at ``path`` is an error.

    Returns
    -------
    path : pathlib.Path
        The path.

    Raises
    ------
    FileExistsError
        When ``folder=True`` and ``path`` is an existing file.
    IsADirectoryError
        When ``folder=False`` and ``path`` is an existing folder.
    NotADirectoryError
        When a file stands where a folder on the way should be.
    OSError
        When the folder cannot be written (permissions, a read-only file
        system); the message names ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif._atomic import check_writable
    >>> check_writable(pathlib.Path(tempfile.mkdtemp()) / "new" / "motif.meme").name
    'motif.meme'
    """
    path = Path(path)
    existing = path
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if existing == path:
        if folder and not path.is_dir():
            raise FileExistsError(f"{path} is a file, not a folder")
        if not folder and path.is_dir():
            raise IsADirectoryError(f"{path} is a folder, not a file")
        probe_folder = path if folder else path.parent
    elif not existing.is_dir():
        raise NotADirectoryError(f"cannot write {path}: {existing} is a file, not a folder")
    else:
        probe_folder = existing
    try:
        handle, probe = tempfile.mkstemp(prefix=".demotif-probe.", dir=probe_folder)
    except OSError as error:
        raise error_naming(path, error) from None
    os.close(handle)
    os.unlink(probe)
    return path
