"""Write a file whole or not at all, never over an input, and find out early whether it can be.

:func:`write_atomically` writes a temporary file in the target's folder, then
renames it (:func:`atomic_path` does the same for a library that writes a path
itself); :func:`check_writable` answers, before any training, whether a file
or a folder could be written at a path, without leaving anything behind;
:func:`check_outputs` refuses, before any work, an output that is (or holds)
one of the inputs, so a command never replaces what it reads.
"""

import contextlib
import os
import stat
import tempfile
import uuid
from pathlib import Path

__all__ = [
    "write_atomically",
    "atomic_path",
    "check_writable",
    "error_naming",
    "input_file",
    "input_folder",
    "check_outputs",
]


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
    pieces = [data] if isinstance(data, (str, bytes, bytearray, memoryview)) else data
    with atomic_path(path) as temporary, open(temporary, "wb") as stream:
        for piece in pieces:
            stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
    return Path(path)


@contextlib.contextmanager
def atomic_path(path):
    """A temporary path beside ``path`` to write, renamed to ``path`` when the block succeeds.

    For a library that writes a file by name itself (pyBigWig, for example):
    it writes the temporary path, and readers of ``path`` see the old file or
    the complete new one.  Missing parent folders are created; the temporary
    file is created empty, in exclusive mode (the umask applies), before the
    block runs, so the library is handed a path known to be writable.  On any
    failure, in the block or in the rename, the temporary file is removed and
    an ``OSError`` names ``path``, never the temporary file.

    Parameters
    ----------
    path : str or path-like
        The file to write.

    Yields
    ------
    temporary : pathlib.Path
        The path to write instead, in the same folder.

    Raises
    ------
    OSError
        When the folder cannot be created or written; the message names ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif._atomic import atomic_path
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "new" / "track.bw"
    >>> with atomic_path(path) as temporary:
    ...     _ = temporary.write_bytes(b"bigWig")
    >>> path.read_bytes(), temporary.exists()
    (b'bigWig', False)
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "xb"):
            pass
        yield temporary
        with open(temporary, "rb") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        raise error_naming(path, error) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


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


def input_file(role, path, companions=()):
    """An input file and the companions read with it, as ``(role, path)`` pairs.

    Parameters
    ----------
    role : str
        Where the file comes from, e.g. ``"--genome"``.
    path : str or path-like
        The file.
    companions : sequence of str, default=()
        Suffixes of files read beside it (``".fai"`` gives ``genome.fa.fai``).

    Returns
    -------
    inputs : list of (str, pathlib.Path)
        The file as ``"the ROLE file"`` and each companion as
        ``"the ROLE file's SUFFIX index"``.

    Examples
    --------
    >>> from sklearn_demotif._atomic import input_file
    >>> [(role, str(path)) for role, path in input_file("--genome", "g.fa", [".fai"])]
    [('the --genome file', 'g.fa'), ("the --genome file's .fai index", 'g.fa.fai')]
    """
    path = Path(path)
    return [(f"the {role} file", path)] + [
        (f"the {role} file's {suffix} index", Path(f"{path}{suffix}")) for suffix in companions
    ]


def input_folder(role, path):
    """An input folder and every file directly in it, as ``(role, path)`` pairs.

    Sub-folders are not walked: a model folder is flat, and a folder given by
    mistake (``/``) must not cost a walk of the disk.

    Parameters
    ----------
    role : str
        Where the folder comes from, e.g. ``"--model"``.
    path : str or path-like
        The folder; a missing or unreadable one is the folder alone.

    Returns
    -------
    inputs : list of (str, pathlib.Path)
        The folder as ``"the ROLE folder"``, then its entries as
        ``"NAME of the ROLE folder"``, sorted.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif._atomic import input_folder
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "model.json").write_text("{}")
    >>> [role for role, _ in input_folder("--model", folder)]
    ['the --model folder', 'model.json of the --model folder']
    """
    path = Path(path)
    inputs = [(f"the {role} folder", path)]
    try:
        entries = sorted(path.iterdir()) if path.is_dir() else []
    except OSError:
        entries = []
    return inputs + [(f"{entry.name} of the {role} folder", entry) for entry in entries]


def _stat(path):
    """``os.stat`` of a path (``os.fstat`` of a descriptor), ``None`` when there is nothing."""
    try:
        return os.fstat(path) if isinstance(path, int) else os.stat(path)
    except (OSError, ValueError):
        return None


def _resolved(path):
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _same(output, given):
    """Whether ``output`` (a path, or a descriptor when an int) is the file ``given``."""
    found, wanted = _stat(output), _stat(given)
    if found is None or wanted is None:
        return not isinstance(output, int) and _resolved(output) == _resolved(given)
    if isinstance(output, int) and not stat.S_ISREG(found.st_mode):
        return False  # a pipe or a terminal is no input file
    return os.path.samestat(found, wanted)


def _holds(folder, given):
    """Whether ``given`` lies somewhere under ``folder``."""
    return _resolved(folder) in _resolved(given).parents


def _shown(role, path):
    return role if isinstance(path, int) else f"{role} {path}"


def check_outputs(inputs, files=(), folders=()):
    """Refuse, before any work, an output that would replace an input or another output.

    An output file is refused when it is one of the inputs; an output folder
    when it is one of them or holds one (at any depth).  Existing paths are
    compared as files (:func:`os.path.samestat`: a symbolic or a hard link to
    an input is that input); others by their resolved paths.  Two outputs may
    not be one path either.

    Parameters
    ----------
    inputs : iterable of (str, path-like)
        What the work reads: a role (a noun phrase, e.g. ``"the --genome
        file"``, see :func:`input_file` and :func:`input_folder`) and a path.
    files : iterable of (str, path-like or int), default=()
        Output files: an option name (``"--out"``) and a path, or a file
        descriptor (``("standard output", 1)``), which counts only when it is
        a regular file.  ``None`` paths are skipped.
    folders : iterable of (str, path-like), default=()
        Output folders, likewise.

    Raises
    ------
    ValueError
        Naming the output, its path, the input's role and its path, e.g.
        ``--out genome.fa is the --genome file (genome.fa); choose another
        output``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif._atomic import check_outputs, input_file
    >>> genome = pathlib.Path(tempfile.mkdtemp()) / "genome.fa"
    >>> _ = genome.write_text(">chr1\\nACGT\\n")
    >>> check_outputs(input_file("--genome", genome), files=[("--out", genome.with_suffix(".bg"))])
    >>> check_outputs(input_file("--genome", genome), files=[("--out", genome)])
    Traceback (most recent call last):
    ...
    ValueError: --out ... is the --genome file (...); choose another output
    """
    inputs = [(role, path) for role, path in inputs if path is not None]
    outputs = [(role, path, False) for role, path in files if path is not None]
    outputs += [(role, path, True) for role, path in folders if path is not None]
    for index, (role, path, is_folder) in enumerate(outputs):
        for given_role, given in inputs:
            if _same(path, given):
                verb = "is"
            elif is_folder and _holds(path, given):
                verb = "holds"
            else:
                continue
            raise ValueError(
                f"{_shown(role, path)} {verb} {given_role} ({given}); choose another output"
            )
        for other_role, other, _ in outputs[:index]:
            if not isinstance(other, int) and _same(path, other):
                raise ValueError(
                    f"{_shown(role, path)} is the same path as {other_role} ({other}); "
                    "choose another output"
                )
