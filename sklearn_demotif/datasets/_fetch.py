"""Download DeepBind ENCODE experiments from commit-pinned sources, checked by sha256.

Every file :func:`fetch_experiment` knows is listed in ``_registry`` with
its sha256, its size and the repository commit it comes from.  A download goes
to a temporary file in the target folder, is hashed while it streams, and is
renamed into place only when the checksum matches, so the cache never holds a
partial or altered file.
"""

import hashlib
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException
from pathlib import Path

from sklearn.utils import Bunch
from sklearn.utils._param_validation import validate_params

from .._atomic import error_naming
from ._home import check_experiment_name, experiment_files, find_file, get_data_home
from ._registry import FILES, SOURCES

__all__ = ["fetch_experiment", "fetchable_experiments", "DownloadError"]

_CHUNK = 1 << 16
#: Seconds a connection may stay silent.
_TIMEOUT = 60
#: A download that averages fewer bytes per second than this (after a first
#: ``_TIMEOUT`` seconds of grace) is abandoned: the overall deadline of a file
#: of ``size`` bytes is ``_TIMEOUT + size / _MIN_RATE`` seconds.
_MIN_RATE = 10_000

#: File name -> (source, sha256, size).
_FILES = {name: (source, sha256, size) for name, source, sha256, size in FILES}


class DownloadError(OSError):
    """A download failed or its bytes did not match the recorded sha256; nothing was kept."""


def fetchable_experiments():
    """Names of the experiments :func:`fetch_experiment` can download.

    Returns
    -------
    names : list of str
        Sorted experiment names; those with only a test file (``_B``) included.

    Examples
    --------
    >>> from sklearn_demotif.datasets import fetchable_experiments
    >>> "GABPA_GM12878_GABP_HudsonAlpha" in fetchable_experiments()
    True
    """
    return sorted({name.rsplit("_", 1)[0] for name in _FILES})


def _experiment_file_names(name):
    names = [f"{name}_{split}.seq.gz" for split in ("AC", "B")]
    return [file_name for file_name in names if file_name in _FILES]


def _file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _url(file_name, base_url):
    source = _FILES[file_name][0]
    base = SOURCES[source] if base_url is None else base_url.rstrip("/") + "/"
    return base + urllib.parse.quote(file_name)


def _download(url, target, sha256, size, verbose):
    """Stream ``url`` into a temporary file beside ``target``, check it, rename it.

    The whole download must end within ``_TIMEOUT + size / _MIN_RATE``
    seconds; a server that trickles bytes is abandoned (each read returns what
    has arrived, so the deadline is checked at least every ``_TIMEOUT`` seconds).
    """
    from tqdm.auto import tqdm

    try:
        handle = tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
        )
    except OSError as error:
        raise error_naming(target, error) from None
    temporary = Path(handle.name)
    digest, received = hashlib.sha256(), 0
    allowed = _TIMEOUT + size / _MIN_RATE
    deadline = time.monotonic() + allowed
    try:
        with (
            handle,
            tqdm(
                total=size,
                unit="B",
                unit_scale=True,
                desc=target.name,
                disable=not verbose,
                leave=False,
            ) as progress,
        ):
            try:
                with urllib.request.urlopen(url, timeout=_TIMEOUT) as response:
                    read = getattr(response, "read1", response.read)
                    while True:
                        chunk = read(_CHUNK)
                        if not chunk:
                            break
                        handle.write(chunk)
                        digest.update(chunk)
                        received += len(chunk)
                        progress.update(len(chunk))
                        if time.monotonic() > deadline:
                            raise DownloadError(
                                f"downloading {url} took longer than {allowed:.3g} s "
                                f"({received} of {size} bytes); nothing was saved"
                            )
            except DownloadError:
                raise
            except (OSError, HTTPException) as error:
                if isinstance(error, urllib.error.HTTPError):
                    reason = f"HTTP {error.code} {error.reason}"
                else:
                    reason = getattr(error, "reason", None) or error
                raise DownloadError(
                    f"downloading {url} failed after {received} of {size} bytes ({reason}); "
                    "nothing was saved"
                ) from None
        if received != size:
            raise DownloadError(
                f"downloading {url}: the connection ended after {received} of {size} "
                "bytes; nothing was saved"
            )
        if digest.hexdigest() != sha256:
            raise DownloadError(
                f"downloading {url}: sha256 {digest.hexdigest()} does not match the "
                f"recorded {sha256}; the file was not saved"
            )
        os.chmod(temporary, 0o644)
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise error_naming(target, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@validate_params(
    {
        "name": [str],
        "data_home": [str, os.PathLike, None],
        "base_url": [str, None],
        "verbose": ["verbose"],
    },
    prefer_skip_nested_validation=True,
)
def fetch_experiment(name, *, data_home=None, base_url=None, verbose=1):
    """Download one DeepBind ENCODE experiment, verify it and cache it.

    The experiment's ``<name>_AC.seq.gz`` (training positives) and
    ``<name>_B.seq.gz`` (test set) are downloaded from the repository commit
    recorded in the package (jisraeli/DeepBind a9bbf5f and lab-rasool/TFBS
    67a2ecf) unless they are already in ``data_home``.  Every file must match
    the sha256 recorded in the package: a download goes to a temporary file in
    ``data_home``, and only a complete, matching file is renamed into place, so
    a cut connection or an altered file leaves nothing behind.  Files already
    present, in ``data_home`` or one folder down, are checked the same way and
    not downloaded again.  A name the package does not know is accepted when
    its files are already on disk (e.g. a DeMo-format folder), so that
    ``load_experiment(..., download=True)`` works for any local experiment.

    Parameters
    ----------
    name : str
        An experiment from :func:`fetchable_experiments`, e.g.
        ``"GABPA_GM12878_GABP_HudsonAlpha"``.
    data_home : str or path-like or None, default=None
        The folder to cache the files in; ``None`` follows
        :func:`get_data_home`: ``$DEMOTIF_DATA``, else the per-user cache.
    base_url : str or None, default=None
        Download from ``<base_url>/<file name>`` (a mirror) instead of the
        recorded sources; the checksums are verified all the same.
    verbose : int, default=1
        0 hides the progress bars.

    Returns
    -------
    files : sklearn.utils.Bunch
        ``data_home`` (pathlib.Path), ``train`` and ``test``: the paths of the
        ``_AC`` and ``_B`` files (``train`` is None for test-only experiments).

    Raises
    ------
    ValueError
        For an experiment the package does not know, or a name that is not
        one harmless file-name component (checked before any path is built).
    DownloadError
        When a download fails, takes longer than its deadline (60 s plus one
        second per 10 kB) or a file does not match its checksum; nothing is
        left behind (an ``OSError`` subclass).

    See Also
    --------
    sklearn_demotif.datasets.load_experiment : Reads a fetched experiment
        (``download=True`` calls this function).

    Examples
    --------
    >>> from sklearn_demotif.datasets import fetch_experiment
    >>> fetch_experiment("NOT_AN_EXPERIMENT", data_home="/tmp")
    Traceback (most recent call last):
    ...
    ValueError: unknown experiment 'NOT_AN_EXPERIMENT': ...
    """
    check_experiment_name(name)
    data_home = get_data_home(data_home)
    file_names = _experiment_file_names(name)
    if not file_names:
        _, train, test = experiment_files(name, data_home=data_home)
        if test is not None:
            return Bunch(data_home=data_home, train=train, test=test)
        names = fetchable_experiments()
        raise ValueError(
            f"unknown experiment {name!r}: it is not under {data_home} and not one of "
            f"the {len(names)} DeepBind ENCODE experiments fetch_experiment can download "
            f"({', '.join(names)})"
        )
    paths = {}
    for file_name in file_names:
        _, sha256, size = _FILES[file_name]
        target = find_file(data_home, file_name)
        if target is not None:
            found = _file_sha256(target)
            if found != sha256:
                raise DownloadError(
                    f"{target} exists but its sha256 {found} is not the recorded {sha256}; "
                    "delete it to download it again"
                )
        else:
            data_home.mkdir(parents=True, exist_ok=True)
            target = data_home / file_name
            _download(_url(file_name, base_url), target, sha256, size, verbose)
        paths[file_name.rsplit("_", 1)[1]] = target
    return Bunch(data_home=data_home, train=paths.get("AC.seq.gz"), test=paths.get("B.seq.gz"))
