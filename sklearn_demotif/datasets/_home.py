"""Where experiment files live: one policy for every reader, downloader and command.

The data folder is, in this order:

1. the ``data_home`` argument, when one is given;
2. the ``DEMOTIF_DATA`` environment variable, when it is set and not empty;
3. the per-user cache, ``$XDG_CACHE_HOME/sklearn-demotif`` or else
   ``~/.cache/sklearn-demotif``, where :func:`fetch_experiment` downloads to.

An experiment's files are looked for in the data folder and in its immediate
sub-folders (a folder holding ``encode/`` and ``demo_k562/`` serves both).
"""

import os
import unicodedata
from pathlib import Path

__all__ = [
    "get_data_home",
    "default_cache_home",
    "find_file",
    "experiment_files",
    "check_experiment_name",
]

#: The longest experiment name accepted (ENCODE names are under 60 characters).
MAX_EXPERIMENT_NAME = 200


def default_cache_home():
    """The per-user cache folder, the last step of the data-folder policy.

    ``$XDG_CACHE_HOME/sklearn-demotif`` when that variable is set, else
    ``~/.cache/sklearn-demotif``.

    Returns
    -------
    cache_home : pathlib.Path
        The folder (not created here).

    Examples
    --------
    >>> from sklearn_demotif.datasets import default_cache_home
    >>> default_cache_home().name
    'sklearn-demotif'
    """
    cache = os.environ.get("XDG_CACHE_HOME") or Path("~") / ".cache"
    return (Path(cache) / "sklearn-demotif").expanduser()


def get_data_home(data_home=None):
    """The folder that holds experiment files: argument, then ``$DEMOTIF_DATA``, then the cache.

    Parameters
    ----------
    data_home : str or path-like or None, default=None
        An explicit folder; ``None`` means ``$DEMOTIF_DATA`` when it is set and
        :func:`default_cache_home` otherwise.

    Returns
    -------
    data_home : pathlib.Path
        The folder (``~`` expanded; not created here).

    Examples
    --------
    >>> from sklearn_demotif.datasets import get_data_home
    >>> get_data_home("/tmp/data").as_posix()
    '/tmp/data'
    """
    if data_home is None:
        data_home = os.environ.get("DEMOTIF_DATA") or default_cache_home()
    return Path(data_home).expanduser()


def _search_folders(data_home):
    folders = [data_home]
    if data_home.is_dir():
        folders += sorted(path for path in data_home.iterdir() if path.is_dir())
    return folders


def find_file(data_home, file_name):
    """A file in the data folder or one folder down, or ``None``.

    Parameters
    ----------
    data_home : pathlib.Path
        The data folder.
    file_name : str
        The file's name (or a relative path such as ``"NAME/train.fa"``).

    Returns
    -------
    path : pathlib.Path or None
        The first match: the data folder itself first, then its sub-folders in
        sorted order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.datasets import find_file
    >>> home = pathlib.Path(tempfile.mkdtemp())
    >>> (home / "encode").mkdir()
    >>> _ = (home / "encode" / "x.seq.gz").write_bytes(b"")
    >>> find_file(home, "x.seq.gz").parent.name
    'encode'
    """
    return next(
        (folder / file_name for folder in _search_folders(data_home)
         if (folder / file_name).is_file()),
        None,
    )


def check_experiment_name(name):
    """An experiment name that is one harmless file-name component, or a ``ValueError``.

    Experiment names become file names (``<name>_B.seq.gz``, ``<name>/test.fa``),
    so a name must not leave the data folder or hide there: no ``/`` or
    ``\\``, no control characters, not ``.`` or ``..`` and no leading ``.``,
    no white space at either end, at most :data:`MAX_EXPERIMENT_NAME`
    characters.  Spaces, parentheses and other punctuation inside are fine.

    Parameters
    ----------
    name : str
        The experiment name.

    Returns
    -------
    name : str
        The name.

    Raises
    ------
    ValueError
        For a name that breaks one of these rules; the message says which.

    Examples
    --------
    >>> from sklearn_demotif.datasets import check_experiment_name
    >>> check_experiment_name("ARID3A_K562_ARID3A_(sc-8821)_Stanford")
    'ARID3A_K562_ARID3A_(sc-8821)_Stanford'
    >>> check_experiment_name("../../tmp/x/EVIL")
    Traceback (most recent call last):
    ...
    ValueError: experiment name '../../tmp/x/EVIL' contains '/'; ...
    """
    if not isinstance(name, str):
        raise ValueError(f"an experiment name must be a string, got {type(name).__name__}")
    problem = None
    if not name:
        problem = "is empty"
    elif len(name) > MAX_EXPERIMENT_NAME:
        problem = f"is longer than {MAX_EXPERIMENT_NAME} characters"
    elif "/" in name or "\\" in name:
        problem = f"contains {'/' if '/' in name else chr(92)!r}"
    elif any(unicodedata.category(character).startswith("C") for character in name):
        problem = "contains a control character"
    elif name.startswith("."):
        problem = "starts with '.'"
    elif name != name.strip():
        problem = "starts or ends with white space"
    if problem is not None:
        raise ValueError(
            f"experiment name {name[:80]!r} {problem}; an experiment name is one file-name "
            "component such as GATA1_K562_GATA-1_USC"
        )
    return name


def experiment_files(name, *, data_home):
    """Where one experiment's files are: ``(format, train path, test path)``.

    DeepBind's ``<name>_AC.seq.gz`` and ``<name>_B.seq.gz`` and DeMo's
    ``<name>/train.fa`` and ``<name>/test.fa`` are looked for, folder by
    folder, in the order of :func:`find_file`.

    Parameters
    ----------
    name : str
        The experiment.
    data_home : pathlib.Path
        The data folder.

    Returns
    -------
    files : tuple
        ``"deepbind"``, ``"demo"`` or ``None``, then the training and the test
        file (each a path or ``None``).

    Raises
    ------
    ValueError
        For a name that is not one harmless file-name component
        (:func:`check_experiment_name`), before any path is built.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.datasets import experiment_files
    >>> experiment_files("NONE", data_home=pathlib.Path(tempfile.mkdtemp()))
    (None, None, None)
    """
    check_experiment_name(name)
    layouts = (
        ("deepbind", f"{name}_AC.seq.gz", f"{name}_B.seq.gz"),
        ("demo", f"{name}/train.fa", f"{name}/test.fa"),
    )
    for folder in _search_folders(data_home):
        for data_format, train_name, test_name in layouts:
            train, test = folder / train_name, folder / test_name
            if train.is_file() or test.is_file():
                return (
                    data_format,
                    train if train.is_file() else None,
                    test if test.is_file() else None,
                )
    return None, None, None
