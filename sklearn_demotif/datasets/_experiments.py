"""ChIP-seq experiments on disk: list them, load one, and read DeepBind's published AUCs.

Two layouts are understood, in the data folder or one folder down (see
:func:`~sklearn_demotif.datasets.get_data_home`):

* DeepBind's ENCODE files, ``<experiment>_AC.seq.gz`` (training positives) and
  ``<experiment>_B.seq.gz`` (test positives and shuffles);
* DeMo's FASTA folders, ``<experiment>/train.fa`` and ``<experiment>/test.fa``,
  whose header line *is* the label.
"""

import os

import numpy as np
from sklearn.utils import Bunch
from sklearn.utils._param_validation import validate_params

from ..encoding import dinucleotide_shuffle
from ..io import read_deepbind, read_labeled_fasta
from ._fetch import fetch_experiment
from ._home import _search_folders, check_experiment_name, experiment_files, get_data_home

__all__ = [
    "add_shuffled_negatives",
    "list_experiments",
    "load_experiment",
    "read_published_aucs",
]

#: The file of DeepBind's published test AUCs in a data folder.
PUBLISHED_AUCS_FILE = "deepbind_aucs.tsv"


@validate_params(
    {"data_home": [str, os.PathLike, None], "require_train": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def list_experiments(data_home=None, *, require_train=True):
    """Names of the experiments found in the data folder (and its sub-folders).

    Parameters
    ----------
    data_home : str or path-like or None, default=None
        The data folder; ``None`` follows :func:`get_data_home`.
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


@validate_params(
    {"sequences": ["array-like"], "labels": ["array-like", None], "random_state": ["random_state"]},
    prefer_skip_nested_validation=True,
)
def add_shuffled_negatives(sequences, labels=None, *, random_state=None):
    """Pair every positive with one dinucleotide shuffle of it as a negative.

    DeepBind's training files, and peak lists, hold bound sequences only;
    DeepBind pairs each with a dinucleotide shuffle (which keeps its
    dinucleotide composition) as an unbound example.

    Parameters
    ----------
    sequences : array-like of str of shape (n_sequences,)
        The sequences.
    labels : array-like of shape (n_sequences,) or None, default=None
        When given, only sequences labelled 1 are kept and shuffled; ``None``
        takes every sequence as a positive.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffles.

    Returns
    -------
    X : ndarray of str of shape (2 * n_positives,)
        The positives, then their shuffles.
    y : ndarray of int of shape (2 * n_positives,)
        1 for the positives, 0 for the shuffles.

    Examples
    --------
    >>> from sklearn_demotif.datasets import add_shuffled_negatives
    >>> X, y = add_shuffled_negatives(["AACGTTACGA"], random_state=0)
    >>> len(X), y.tolist(), sorted(X[1]) == sorted(X[0])
    (2, [1, 0], True)
    """
    positives = np.asarray(sequences, dtype=object)
    if labels is not None:
        positives = positives[np.asarray(labels) == 1]
    negatives = np.array(dinucleotide_shuffle(positives, random_state=random_state), dtype=object)
    X = np.concatenate([positives, negatives])
    y = np.concatenate([np.ones(len(positives), int), np.zeros(len(negatives), int)])
    return X, y


@validate_params(
    {
        "name": [str],
        "data_home": [str, os.PathLike, None],
        "random_state": ["random_state"],
        "download": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def load_experiment(name, *, data_home=None, random_state=0, download=False):
    """Load one ChIP-seq experiment's training and test sequences.

    DeepBind-format files (``<name>_AC.seq.gz`` and ``<name>_B.seq.gz``) and
    DeMo-format folders (``<name>/train.fa`` and ``<name>/test.fa``) are looked
    for in the data folder and its immediate sub-folders.  DeepBind's training
    file holds positives only: like DeepBind, one dinucleotide shuffle of every
    positive is added as a negative (:func:`add_shuffled_negatives`), seeded by
    ``random_state`` so that results are reproducible.

    Parameters
    ----------
    name : str
        Experiment name, e.g. ``"GATA1_K562_GATA-1_USC"``.
    data_home : str or path-like or None, default=None
        The data folder; ``None`` follows :func:`get_data_home`
        (``$DEMOTIF_DATA``, else the per-user cache).
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
        When the experiment is not found in the data folder.
    ValueError
        For a name that is not one harmless file-name component (see
        :func:`check_experiment_name`), before any file is looked for.

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
    check_experiment_name(name)
    data_home = get_data_home(data_home)
    if download:
        fetch_experiment(name, data_home=data_home)
    data_format, train_path, test_path = experiment_files(name, data_home=data_home)
    if train_path is None or test_path is None:
        missing = "training and test files" if data_format is None else (
            "training file" if train_path is None else "test file"
        )
        raise FileNotFoundError(
            f"experiment {name!r}: no {missing} under {data_home} (looked for "
            f"{name}_AC.seq.gz + {name}_B.seq.gz and {name}/train.fa + {name}/test.fa, "
            "also one folder down; set DEMOTIF_DATA, pass data_home=..., or download=True)"
        )
    if data_format == "deepbind":
        X_train, y_train = read_deepbind(train_path)
        X_train, y_train = add_shuffled_negatives(X_train, y_train, random_state=random_state)
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
        The folder holding ``deepbind_aucs.tsv``; ``None`` follows
        :func:`get_data_home`.

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

    path = get_data_home(data_home) / PUBLISHED_AUCS_FILE
    if not path.is_file():
        return None
    return pd.read_csv(path, sep="\t").set_index("experiment")
