"""Synthetic data: random DNA with a JASPAR motif planted, for demos and fast tests."""

import numpy as np
from sklearn.utils import check_random_state

from ..motifs._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_motif

__all__ = ["make_motif_dataset"]


def _sample_from_columns(matrix, rng):
    cumulative = np.cumsum(matrix, axis=0)
    draws = rng.random_sample(matrix.shape[1])
    indices = (draws[None, :] > cumulative).sum(axis=0)
    return "".join("ACGT"[min(i, 3)] for i in indices)


def _as_matrix(motif, release):
    if isinstance(motif, str):
        return fetch_jaspar_motif(motif, release).matrix
    matrix = np.asarray(motif, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != 4:
        raise ValueError(f"motif must have shape (4, width), got {matrix.shape}")
    return matrix / matrix.sum(axis=0, keepdims=True)


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
    give it back.  With several motifs the positives are shared out in turn
    (the ``k``-th positive gets motif ``k mod n_motifs``), one site each, so
    each motif is in its own share of the positives.

    Parameters
    ----------
    motif : str, array-like of shape (4, width), or list of them
        A JASPAR matrix ID such as ``"MA0035"`` (latest version in ``release``)
        or ``"MA0035.4"``, read offline through pyjaspar; or a probability matrix
        with rows A, C, G, T; or a list of such motifs.
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
    >>> X, y = make_motif_dataset(["MA0035", "MA0138"], n_samples=10, random_state=0)
    >>> int(y.sum())
    5
    """
    several = isinstance(motif, (list, tuple))
    if several and not motif:
        raise ValueError("motif is an empty list; give at least one motif")
    matrices = [_as_matrix(one, release) for one in (motif if several else [motif])]
    width = max(matrix.shape[1] for matrix in matrices)
    if length < width:
        raise ValueError(f"length {length} is shorter than the motif width {width}")
    rng = check_random_state(random_state)
    n_positives = n_samples // 2
    labels = np.zeros(n_samples, dtype=int)
    labels[rng.permutation(n_samples)[:n_positives]] = 1
    letters = np.array(list("ACGT"))
    sequences, sites = [], np.full(n_samples, -1)
    n_planted = 0
    for index in range(n_samples):
        sequence = "".join(letters[rng.randint(4, size=length)])
        if labels[index]:
            matrix = matrices[n_planted % len(matrices)]
            n_planted += 1
            site = _sample_from_columns(matrix, rng)
            if rng.random_sample() < 0.5:
                site = site[::-1].translate(str.maketrans("ACGT", "TGCA"))
            start = rng.randint(length - matrix.shape[1] + 1)
            sequence = sequence[:start] + site + sequence[start + matrix.shape[1] :]
            sites[index] = start
        sequences.append(sequence)
    sequences = np.array(sequences, dtype=object)
    return (sequences, labels, sites) if return_sites else (sequences, labels)
