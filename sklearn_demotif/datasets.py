"""Reading DeepBind's and DeMo's ChIP-seq files, and synthetic planted-motif data.

Two on-disk formats are understood:

* DeepBind's ENCODE files, ``<experiment>_AC.seq.gz`` (training positives) and
  ``<experiment>_B.seq.gz`` (test positives and shuffles): tab-separated with the
  header ``FoldID EventID seq Bound``, gzipped or plain.
* DeMo's FASTA files, ``<experiment>/train.fa`` and ``<experiment>/test.fa``, whose
  header line *is* the label (``>1``, ``> 0``).
"""

import gzip
import os
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch, check_random_state

from ._atomic import write_atomically
from ._fetch import default_cache_home, fetch_experiment, fetchable_experiments
from ._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_motif
from .encoding import dinucleotide_shuffle

__all__ = [
    "read_deepbind",
    "read_labeled_fasta",
    "write_labeled_fasta",
    "load_experiment",
    "list_experiments",
    "read_published_aucs",
    "make_motif_dataset",
    "get_data_home",
    "fetch_experiment",
    "fetchable_experiments",
    "default_cache_home",
]

DEEPBIND_HEADER = ["FoldID", "EventID", "seq", "Bound"]


def _open_text(path):
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    with open(path, "rb") as handle:
        magic = handle.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="ascii", errors="replace")
    return open(path, encoding="ascii", errors="replace")


def _read_lines(path):
    try:
        with _open_text(path) as handle:
            return handle.read().splitlines()
    except FileNotFoundError:
        raise
    except (OSError, EOFError) as error:
        raise ValueError(f"{path}: cannot be read ({error})") from error


def _parse_label(text, path, line_number):
    try:
        return int(text)
    except ValueError:
        raise ValueError(
            f"{path}, line {line_number}: label {text!r} is not an integer"
        ) from None


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
    >>> from sklearn_demotif.datasets import read_deepbind
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.seq"
    >>> _ = path.write_text("FoldID\\tEventID\\tseq\\tBound\\nA\\tseq_1\\tACGT\\t1\\n")
    >>> read_deepbind(path)
    (array(['ACGT'], dtype=object), array([1]))
    """
    lines = _read_lines(path)
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
        labels.append(_parse_label(fields[3].strip(), path, line_number))
    return np.array(sequences, dtype=object), np.array(labels, dtype=int)


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
    >>> from sklearn_demotif.datasets import read_labeled_fasta
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.fa"
    >>> _ = path.write_text("> 1\\nACGT\\n>0\\nTTGA\\n")
    >>> read_labeled_fasta(path)
    (array(['ACGT', 'TTGA'], dtype=object), array([1, 0]))
    """
    sequences, labels = [], []
    header_line = None
    for line_number, line in enumerate(_read_lines(path), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith(">"):
            if header_line is not None and not sequences[-1]:
                raise ValueError(f"{path}, line {header_line}: header without a sequence")
            labels.append(_parse_label(line[1:].strip(), path, line_number))
            sequences.append("")
            header_line = line_number
        elif header_line is None:
            raise ValueError(
                f"{path}, line {line_number}: sequence text before the first '>' header"
            )
        else:
            sequences[-1] += line
    if header_line is None:
        raise ValueError(f"{path}: no FASTA records found")
    if not sequences[-1]:
        raise ValueError(f"{path}, line {header_line}: header without a sequence")
    return np.array(sequences, dtype=object), np.array(labels, dtype=int)


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
    >>> from sklearn_demotif.datasets import read_labeled_fasta, write_labeled_fasta
    >>> path = write_labeled_fasta(pathlib.Path(tempfile.mkdtemp()) / "x.fa", ["ACGT"], [1])
    >>> path.read_text()
    '>1\\nACGT\\n'
    """
    if len(sequences) != len(labels):
        raise ValueError(f"{len(sequences)} sequences but {len(labels)} labels")
    text = "".join(f">{int(label)}\n{sequence}\n" for sequence, label in zip(sequences, labels))
    return write_atomically(path, text)


def get_data_home(data_home=None):
    """Return the folder that holds experiment files.

    Parameters
    ----------
    data_home : str or path-like or None, default=None
        An explicit folder; ``None`` means ``$DEMOTIF_DATA``.

    Returns
    -------
    data_home : pathlib.Path
        The folder.

    Raises
    ------
    ValueError
        When neither ``data_home`` nor ``$DEMOTIF_DATA`` is set.

    Examples
    --------
    >>> from sklearn_demotif.datasets import get_data_home
    >>> get_data_home("/tmp/data").as_posix()
    '/tmp/data'
    """
    if data_home is None:
        data_home = os.environ.get("DEMOTIF_DATA")
        if not data_home:
            raise ValueError(
                "no data folder: pass data_home=... or set the DEMOTIF_DATA environment "
                "variable to a folder holding DeepBind (*_AC.seq.gz, *_B.seq.gz) or "
                "DeMo (<experiment>/train.fa, test.fa) files"
            )
    return Path(data_home).expanduser()


def _search_folders(data_home):
    folders = [data_home]
    if data_home.is_dir():
        folders += sorted(path for path in data_home.iterdir() if path.is_dir())
    return folders


def _experiment_files(name, data_home):
    """(format, train path or None, test path or None) of one experiment."""
    for folder in _search_folders(data_home):
        train, test = folder / f"{name}_AC.seq.gz", folder / f"{name}_B.seq.gz"
        if train.is_file() or test.is_file():
            return "deepbind", train if train.is_file() else None, test if test.is_file() else None
        train, test = folder / name / "train.fa", folder / name / "test.fa"
        if train.is_file() or test.is_file():
            return "demo", train if train.is_file() else None, test if test.is_file() else None
    return None, None, None


def list_experiments(data_home=None, require_train=True):
    """Names of the experiments found under ``data_home`` (and its sub-folders).

    Parameters
    ----------
    data_home : str or path-like or None, default=None
        The data folder; ``None`` means ``$DEMOTIF_DATA``.
    require_train : bool, default=True
        List only experiments that have both training and test files.

    Returns
    -------
    names : list of str
        Sorted experiment names.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.datasets import list_experiments
    >>> home = pathlib.Path(tempfile.mkdtemp())
    >>> (home / "TOY").mkdir()
    >>> for split in ("train", "test"):
    ...     _ = (home / "TOY" / f"{split}.fa").write_text(">1\\nACGT\\n")
    >>> list_experiments(home)
    ['TOY']
    """
    data_home = get_data_home(data_home)
    names = set()
    for folder in _search_folders(data_home):
        for path in folder.glob("*_B.seq.gz"):
            name = path.name[: -len("_B.seq.gz")]
            if not require_train or (folder / f"{name}_AC.seq.gz").is_file():
                names.add(name)
        for path in folder.glob("*/test.fa"):
            if not require_train or (path.parent / "train.fa").is_file():
                names.add(path.parent.name)
    return sorted(names)


def _add_shuffled_negatives(sequences, labels, random_state):
    positives = sequences[labels == 1]
    negatives = np.array(dinucleotide_shuffle(positives, random_state=random_state), dtype=object)
    X = np.concatenate([positives, negatives])
    y = np.concatenate([np.ones(len(positives), int), np.zeros(len(negatives), int)])
    return X, y


def load_experiment(name, data_home=None, random_state=0, download=False):
    """Load one ChIP-seq experiment's training and test sequences.

    DeepBind-format files (``<name>_AC.seq.gz`` and ``<name>_B.seq.gz``) and
    DeMo-format folders (``<name>/train.fa`` and ``<name>/test.fa``) are looked
    for in ``data_home`` and its immediate sub-folders.  DeepBind's training file
    holds positives only: like DeepBind, one dinucleotide shuffle of every
    positive is added as a negative, seeded by ``random_state`` so that results
    are reproducible.

    Parameters
    ----------
    name : str
        Experiment name, e.g. ``"GATA1_K562_GATA-1_USC"``.
    data_home : str or path-like or None, default=None
        The data folder; ``None`` means ``$DEMOTIF_DATA``.
    random_state : int, RandomState instance or None, default=0
        Seed of the shuffles that become DeepBind-format negatives.
    download : bool, default=False
        Fetch a DeepBind ENCODE experiment that is not on disk yet, see
        :func:`fetch_experiment`.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``X_train``, ``X_test`` (ndarray of str), ``y_train``, ``y_test``
        (ndarray of int), ``name``, ``tf``, ``cell_line``, ``format``
        (``"deepbind"`` or ``"demo"``) and ``files``.

    Raises
    ------
    FileNotFoundError
        When the experiment is not found under ``data_home``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.datasets import load_experiment
    >>> home = pathlib.Path(tempfile.mkdtemp()) / "TF_CELL_LAB"
    >>> home.mkdir()
    >>> for split in ("train", "test"):
    ...     _ = (home / f"{split}.fa").write_text(">1\\nACGTACGT\\n>0\\nTTTTACGA\\n")
    >>> data = load_experiment("TF_CELL_LAB", data_home=home.parent)
    >>> data.tf, data.cell_line, data.y_train.tolist()
    ('TF', 'CELL', [1, 0])
    """
    if download:
        from ._fetch import fetch_experiment

        fetch_experiment(name, data_home=data_home)
        if data_home is None and not os.environ.get("DEMOTIF_DATA"):
            from ._fetch import default_cache_home

            data_home = default_cache_home()
    data_home = get_data_home(data_home)
    data_format, train_path, test_path = _experiment_files(name, data_home)
    if train_path is None or test_path is None:
        missing = "training and test files" if data_format is None else (
            "training file" if train_path is None else "test file"
        )
        raise FileNotFoundError(
            f"experiment {name!r}: no {missing} under {data_home} (looked for "
            f"{name}_AC.seq.gz + {name}_B.seq.gz and {name}/train.fa + {name}/test.fa, "
            "also one folder down)"
        )
    if data_format == "deepbind":
        X_train, y_train = read_deepbind(train_path)
        X_train, y_train = _add_shuffled_negatives(X_train, y_train, random_state)
        X_test, y_test = read_deepbind(test_path)
    else:
        X_train, y_train = read_labeled_fasta(train_path)
        X_test, y_test = read_labeled_fasta(test_path)
    parts = name.split("_")
    return Bunch(
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        name=name,
        tf=parts[0],
        cell_line=parts[1] if len(parts) > 1 else "",
        format=data_format,
        files=(str(train_path), str(test_path)),
    )


def read_published_aucs(data_home=None):
    """DeepBind's published test AUCs (``deepbind_aucs.tsv``), indexed by experiment.

    Parameters
    ----------
    data_home : str or path-like or None, default=None
        The folder holding ``deepbind_aucs.tsv``; ``None`` means ``$DEMOTIF_DATA``.

    Returns
    -------
    aucs : pandas.DataFrame or None
        Columns ``cell_line, tf, deepbind_star_auc, deepbind_auc, meme_sum_auc,
        meme_m1_auc``; ``None`` when the file is absent.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn_demotif.datasets import read_published_aucs
    >>> read_published_aucs(tempfile.mkdtemp()) is None
    True
    """
    import pandas as pd

    path = get_data_home(data_home) / "deepbind_aucs.tsv"
    if not path.is_file():
        return None
    return pd.read_csv(path, sep="\t").set_index("experiment")


def _sample_from_columns(matrix, rng):
    cumulative = np.cumsum(matrix, axis=0)
    draws = rng.random_sample(matrix.shape[1])
    indices = (draws[None, :] > cumulative).sum(axis=0)
    return "".join("ACGT"[min(i, 3)] for i in indices)


def make_motif_dataset(
    motif,
    n_samples=2000,
    length=101,
    random_state=None,
    return_sites=False,
    release=DEFAULT_JASPAR_RELEASE,
):
    """Random DNA with a motif planted in half of the sequences.

    Every sequence is uniform random DNA.  In the positives (label 1) one site
    drawn from the motif's position weight matrix replaces the bases at a random
    position, on a random strand.  It is the offline default for demos and fast
    tests: a classifier should learn the motif, and class optimization should
    give it back.

    Parameters
    ----------
    motif : str or array-like of shape (4, width)
        A JASPAR matrix ID such as ``"MA0035"`` (latest version in ``release``)
        or ``"MA0035.4"``, read offline through pyjaspar; or a probability matrix
        with rows A, C, G, T.
    n_samples : int, default=2000
        Number of sequences; half of them (rounded down) are positives.
    length : int, default=101
        Sequence length; at least the motif width.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible data.
    return_sites : bool, default=False
        Also return where each site starts (-1 for negatives).
    release : str, default="JASPAR2024"
        JASPAR release for motif IDs.

    Returns
    -------
    sequences : ndarray of str of shape (n_samples,)
        The sequences.
    labels : ndarray of int of shape (n_samples,)
        1 where a site was planted, 0 elsewhere.
    sites : ndarray of int of shape (n_samples,)
        Start of the planted site; only with ``return_sites=True``.

    Examples
    --------
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> X, y = make_motif_dataset("MA0035", n_samples=10, random_state=0)
    >>> len(X), int(y.sum()), len(X[0])
    (10, 5, 101)
    """
    if isinstance(motif, str):
        matrix = fetch_jaspar_motif(motif, release).matrix
    else:
        matrix = np.asarray(motif, dtype=float)
        if matrix.ndim != 2 or matrix.shape[0] != 4:
            raise ValueError(f"motif must have shape (4, width), got {matrix.shape}")
        matrix = matrix / matrix.sum(axis=0, keepdims=True)
    width = matrix.shape[1]
    if length < width:
        raise ValueError(f"length {length} is shorter than the motif width {width}")
    rng = check_random_state(random_state)
    n_positives = n_samples // 2
    labels = np.zeros(n_samples, dtype=int)
    labels[rng.permutation(n_samples)[:n_positives]] = 1
    letters = np.array(list("ACGT"))
    sequences, sites = [], np.full(n_samples, -1)
    for index in range(n_samples):
        sequence = "".join(letters[rng.randint(4, size=length)])
        if labels[index]:
            site = _sample_from_columns(matrix, rng)
            if rng.random_sample() < 0.5:
                site = site[::-1].translate(str.maketrans("ACGT", "TGCA"))
            start = rng.randint(length - width + 1)
            sequence = sequence[:start] + site + sequence[start + width :]
            sites[index] = start
        sequences.append(sequence)
    sequences = np.array(sequences, dtype=object)
    return (sequences, labels, sites) if return_sites else (sequences, labels)
