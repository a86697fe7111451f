"""Motif comparison (TOMTOM against JASPAR) and motif scoring (average motif affinity).

The Deep Motif paper judges a learned motif two ways: does it significantly
match the transcription factor's JASPAR motif (:func:`compare_to_jaspar`), and
does it separate bound from unbound sequences better than the JASPAR motif
(:func:`motif_auc`, from MEME's average motif affinity :func:`ama_score`).
:func:`evaluate_motif` does both for one experiment.

Everything runs offline: TOMTOM is ``memelite``'s re-implementation (numba,
no MEME binaries) and JASPAR comes from ``pyjaspar``'s bundled SQLite files.

.. note::
   ``memelite`` compiles TOMTOM with numba the first time it runs after an
   install, which takes about a minute (90 s on two busy cores); the compiled
   code is cached on disk, so later processes start in about a second.
   Matrices are passed as float64, the only dtype compiled.
"""

import re
from functools import lru_cache
from numbers import Integral, Real

import numpy as np

from ._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_collection
from .encoding import check_one_hot
from .motifs import PWM

__all__ = ["compare_to_jaspar", "ama_score", "motif_auc", "evaluate_motif"]

_COLUMNS = ["matrix_id", "name", "p_value", "e_value", "q_value", "offset", "overlap", "strand"]


@lru_cache(maxsize=None)
def _jaspar_targets(release, collection, tax_group):
    """JASPAR motifs and their float64 matrices, loaded once per process."""
    motifs = fetch_jaspar_collection(release, collection, tax_group)
    matrices = [np.ascontiguousarray(motif.matrix, dtype=np.float64) for motif in motifs]
    return motifs, matrices


def _as_pwm(pwm):
    return pwm if isinstance(pwm, PWM) else PWM(pwm)


def benjamini_hochberg(p_values):
    """Benjamini-Hochberg q-values (false discovery rates) of a set of p-values.

    Parameters
    ----------
    p_values : array-like of shape (n_tests,)
        The p-values.

    Returns
    -------
    q_values : ndarray of shape (n_tests,)
        ``q_(i) = min_{j >= i} p_(j) * n / j`` over the ascending p-values
        ``p_(1) <= ... <= p_(n)``, at most 1, in the input order.

    Examples
    --------
    >>> from sklearn_demotif.compare import benjamini_hochberg
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.5]).round(3).tolist()
    [0.04, 0.053, 0.053, 0.5]
    """
    p_values = np.asarray(p_values, dtype=np.float64)
    n_tests = len(p_values)
    order = np.argsort(p_values, kind="stable")
    scaled = p_values[order] * n_tests / np.arange(1, n_tests + 1)
    q_sorted = np.minimum.accumulate(scaled[::-1])[::-1]
    q_values = np.empty(n_tests)
    q_values[order] = np.minimum(q_sorted, 1.0)
    return q_values


def compare_to_jaspar(
    pwm,
    release=DEFAULT_JASPAR_RELEASE,
    collection="CORE",
    tax_group="vertebrates",
    top=10,
):
    """TOMTOM a motif against a JASPAR collection (offline, through ``memelite``).

    TOMTOM (Gupta et al., 2007) gives the p-value of the best alignment of the
    query with each target motif, both strands and all overlaps, using the
    complete score and Euclidean column distances.  The E-value is ``p`` times
    the number of targets; the q-value is the Benjamini-Hochberg false
    discovery rate over all targets.  The JASPAR matrices (latest version of
    each) are loaded once per process and cached.

    The first call after installing ``memelite`` compiles TOMTOM with numba,
    which takes about a minute; the compiled code is cached on disk.

    TOMTOM's null model draws target columns independently from the whole
    database.  Under its Euclidean column distance a near-uniform column is
    close to any flat query column, so a query of low information (about 0.5
    bit per column, like Dirichlet(1) random matrices) can match long
    targets with an uninformative stretch, such as the 31- and 33-column CTCF
    matrices MA1929 and MA1930, with small p-values.  Trim motifs first and
    read matches of flat motifs with care.

    Parameters
    ----------
    pwm : PWM or array-like of shape (4, width)
        The query; trim class-optimised motifs first (:meth:`PWM.trim`).
    release : str, default="JASPAR2024"
        The JASPAR release shipped with ``pyjaspar``.
    collection : str, default="CORE"
        The JASPAR collection.
    tax_group : str or None, default="vertebrates"
        The taxonomic group; ``None`` takes all.
    top : int or None, default=10
        Rows to return, best first; ``None`` returns every target.

    Returns
    -------
    matches : pandas.DataFrame
        One row per target, sorted by p-value, with columns ``matrix_id``,
        ``name``, ``p_value``, ``e_value``, ``q_value``, and the best
        alignment's ``offset`` (the target column facing the query's first
        column; negative when the query starts before the target),
        ``overlap`` (aligned columns) and ``strand`` (``"+"``, or ``"-"`` when
        the alignment is with the target's reverse complement, to which the
        offset then refers).

    Examples
    --------
    >>> from sklearn_demotif.compare import compare_to_jaspar
    >>> from sklearn_demotif.motifs import PWM
    >>> matches = compare_to_jaspar(PWM.from_jaspar("MA0139.2"), top=3)
    >>> matches.loc[0, "matrix_id"], bool(matches.loc[0, "q_value"] < 1e-3)
    ('MA0139.2', True)
    """
    import pandas as pd
    from memelite import tomtom

    pwm = _as_pwm(pwm)
    if top is not None and (not isinstance(top, Integral) or isinstance(top, bool) or top < 1):
        raise ValueError(f"top must be a positive integer or None, got {top!r}")
    motifs, matrices = _jaspar_targets(release, collection, tax_group)
    query = np.ascontiguousarray(pwm.matrix, dtype=np.float64)
    p_values, _, offsets, overlaps, strands = tomtom([query], matrices)
    p_values = p_values[0]
    matches = pd.DataFrame(
        {
            "matrix_id": [motif.matrix_id for motif in motifs],
            "name": [motif.name for motif in motifs],
            "p_value": p_values,
            "e_value": p_values * len(motifs),
            "q_value": benjamini_hochberg(p_values),
            "offset": offsets[0].astype(int),
            "overlap": overlaps[0].astype(int),
            "strand": np.where(strands[0] > 0, "-", "+"),
        },
        columns=_COLUMNS,
    )
    matches = matches.sort_values("p_value", kind="stable").reset_index(drop=True)
    return matches if top is None else matches.head(top)


def _background(X, background):
    if background is None:
        one_hot = X.max(axis=1) == 1
        counts = (X * one_hot[:, None, :]).sum(axis=(0, 2), dtype=np.float64)
        if counts.sum() == 0:
            raise ValueError("X has no unambiguous base to estimate the background from")
        counts = counts + counts[::-1]  # both strands: A<->T, C<->G
        return counts / counts.sum()
    if isinstance(background, str):
        if background != "uniform":
            raise ValueError(
                f"background must be None, 'uniform' or 4 frequencies, got {background!r}"
            )
        return np.full(4, 0.25)
    background = np.asarray(background, dtype=np.float64)
    if background.shape != (4,) or not np.isfinite(background).all() or (background <= 0).any():
        raise ValueError(
            f"background must hold 4 positive frequencies (A, C, G, T), got {background!r}"
        )
    return background / background.sum()


def ama_score(pwm, X, background=None, pseudocount=0.01, batch_size=1024):
    """Average motif affinity (MEME's AMA) of every sequence.

    With background frequencies ``b`` and the motif smoothed towards them,
    ``P'[c, j] = (P[c, j] + pseudocount * b[c]) / (1 + pseudocount)``, the
    affinity of the window starting at ``i`` on one strand is the likelihood
    ratio::

        A(i) = prod_{j=0}^{w-1} P'[x_{i+j}, j] / b[x_{i+j}]

    and a sequence's score is the mean of ``A`` over all windows on both
    strands (the reverse strand scored with the reverse-complement motif).
    Windows containing a base that is not one-hot (``N`` or another IUPAC
    code) are skipped.

    Parameters
    ----------
    pwm : PWM or array-like of shape (4, width)
        The motif.
    X : array-like of shape (n_sequences, 4, length)
        One-hot DNA, channels A, C, G, T.
    background : None, "uniform" or array-like of shape (4,), default=None
        ``None``: the zero-order base frequencies of ``X``, symmetrised across
        strands (A and T share one frequency, C and G another);
        ``"uniform"``: 0.25 each; or 4 frequencies A, C, G, T.
    pseudocount : float, default=0.01
        Weight of the background mixed into the motif, so no base has
        probability 0.
    batch_size : int, default=1024
        Sequences scored at a time (bounds memory).

    Returns
    -------
    scores : ndarray of shape (n_sequences,)
        The average motif affinity; NaN for a sequence without any scorable
        window (shorter than the motif, or N everywhere).

    Examples
    --------
    >>> from sklearn_demotif.compare import ama_score
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.motifs import PWM
    >>> pwm = PWM.from_jaspar("MA0035.4")
    >>> X = one_hot_encode(["ACGTACGTACGTATTCTTATCTATTACGT", "ACGTACGTACGTACGTACGTACGTACGTA"])
    >>> scores = ama_score(pwm, X, background="uniform")
    >>> bool(scores[0] > 10 * scores[1])
    True
    """
    pwm = _as_pwm(pwm)
    X = check_one_hot(X)
    if not isinstance(pseudocount, Real) or isinstance(pseudocount, bool) or pseudocount < 0:
        raise ValueError(f"pseudocount must be a non-negative number, got {pseudocount!r}")
    if not isinstance(batch_size, Integral) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    background = _background(X, background)
    width = pwm.width
    n_sequences, _, length = X.shape
    smoothed = (pwm.matrix + pseudocount * background[:, None]) / (1 + pseudocount)
    with np.errstate(divide="ignore"):
        log_ratio = np.log(smoothed) - np.log(background)[:, None]
    scores = np.full(n_sequences, np.nan)
    if length < width:
        return scores
    weights = np.stack([log_ratio, log_ratio[::-1, ::-1]])  # (strand, 4, width)
    for start in range(0, n_sequences, batch_size):
        batch = X[start : start + batch_size].astype(np.float64)
        windows = np.lib.stride_tricks.sliding_window_view(batch, width, axis=2)
        # windows: (n, 4, n_windows, width); valid where every column is one base.
        one_hot = (batch.max(axis=1) == 1) & (batch.sum(axis=1) == 1)
        valid = np.lib.stride_tricks.sliding_window_view(one_hot, width, axis=1).all(axis=2)
        log_scores = np.einsum("ncpw,scw->nsp", windows, weights, optimize=True)
        affinity = np.where(valid[:, None, :], np.exp(log_scores), 0.0).sum(axis=(1, 2))
        n_valid = 2 * valid.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            scores[start : start + batch_size] = np.where(
                n_valid > 0, affinity / np.maximum(n_valid, 1), np.nan
            )
    return scores


def motif_auc(pwm, X, y, background=None, pseudocount=0.01):
    """ROC AUC of average motif affinity for separating bound from unbound sequences.

    Parameters
    ----------
    pwm : PWM or array-like of shape (4, width)
        The motif.
    X : array-like of shape (n_sequences, 4, length)
        One-hot DNA.
    y : array-like of shape (n_sequences,)
        Binary labels; the greater label is the bound class (as in
        :func:`sklearn.metrics.roc_auc_score`).
    background : None, "uniform" or array-like of shape (4,), default=None
        See :func:`ama_score`.
    pseudocount : float, default=0.01
        See :func:`ama_score`.

    Returns
    -------
    auc : float
        Area under the ROC curve of the AMA scores.

    Raises
    ------
    ValueError
        When a sequence has no scorable window (its score is NaN); the
        message names it.

    Examples
    --------
    >>> from sklearn_demotif.compare import motif_auc
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.motifs import PWM
    >>> X, y = make_motif_dataset("MA0139.2", n_samples=200, length=50, random_state=0)
    >>> motif_auc(PWM.from_jaspar("MA0139.2"), one_hot_encode(X), y) > 0.9
    True
    """
    from sklearn.metrics import roc_auc_score

    scores = ama_score(pwm, X, background=background, pseudocount=pseudocount)
    missing = np.flatnonzero(np.isnan(scores))
    if len(missing):
        raise ValueError(
            f"sequence {missing[0]} has no window without N to score "
            f"({len(missing)} such sequences)"
        )
    return float(roc_auc_score(np.asarray(y), scores))


def _normalised(name):
    return re.sub(r"[^A-Z0-9]", "", name.upper())


def names_tf(jaspar_name, tf_name):
    """Whether a JASPAR motif name names a transcription factor, dimers included.

    The name is split at ``::`` (``GATA1::TAL1``), a ``(var.2)`` suffix is
    dropped, and parts are compared to ``tf_name`` ignoring case and
    punctuation (``GATA-1`` equals ``Gata1``).

    Parameters
    ----------
    jaspar_name : str
        A JASPAR matrix name.
    tf_name : str
        The transcription factor.

    Returns
    -------
    match : bool
        True when one part of the name is the factor.

    Examples
    --------
    >>> from sklearn_demotif.compare import names_tf
    >>> names_tf("GATA1::TAL1", "gata1"), names_tf("Gata1(var.2)", "GATA-1")
    (True, True)
    >>> names_tf("GATA2", "GATA1")
    False
    """
    wanted = _normalised(tf_name)
    parts = re.sub(r"\(var\.\d+\)", "", jaspar_name).split("::")
    return any(_normalised(part) == wanted for part in parts)


def evaluate_motif(
    pwm,
    tf_name,
    X_test,
    y_test,
    release=DEFAULT_JASPAR_RELEASE,
    collection="CORE",
    tax_group="vertebrates",
):
    """Judge a learned motif the Deep Motif way: JASPAR match and AMA AUC against JASPAR.

    Two questions per experiment, whose counts across experiments are the
    paper's "36 of 57 match JASPAR" and "29 of 57 beat JASPAR":

    1. Does the motif match (TOMTOM q < 0.05) a JASPAR motif named like the
       factor (:func:`names_tf`: dimers such as ``GATA1::TAL1`` count)?
    2. Does its :func:`motif_auc` on the test set beat that of the factor's
       best JASPAR motif (the one of highest AMA AUC on the same test set)?

    Parameters
    ----------
    pwm : PWM or array-like of shape (4, width)
        The learned motif, trimmed.
    tf_name : str
        The transcription factor, e.g. ``"GATA1"``.
    X_test : array-like of shape (n_sequences, 4, length)
        One-hot test sequences.
    y_test : array-like of shape (n_sequences,)
        Binary labels, the greater label bound.
    release, collection, tax_group : str
        The JASPAR target set, as in :func:`compare_to_jaspar`.

    Returns
    -------
    row : dict
        One row of a results table (``pandas.DataFrame(rows)`` makes the
        table): ``tf_name``; ``best_match_id``, ``best_match_name``,
        ``best_match_p_value``, ``best_match_q_value`` (the best TOMTOM match
        of all); ``tf_match_id``, ``tf_match_p_value``, ``tf_match_q_value``
        (the best match among the factor's motifs, None / NaN without any);
        ``matches_jaspar`` (``tf_match_q_value < 0.05``); ``motif_auc``;
        ``jaspar_motif_id`` and ``jaspar_auc`` (the factor's JASPAR motif of
        highest AMA AUC); ``beats_jaspar`` (``motif_auc > jaspar_auc``, False
        when JASPAR has no motif for the factor).

    Examples
    --------
    >>> from sklearn_demotif.compare import evaluate_motif
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.motifs import PWM
    >>> X, y = make_motif_dataset("MA0139.2", n_samples=200, length=50, random_state=0)
    >>> row = evaluate_motif(PWM.from_jaspar("MA0139.2"), "CTCF", one_hot_encode(X), y)
    >>> row["best_match_name"], row["matches_jaspar"], row["motif_auc"] > 0.9
    ('CTCF', True, True)
    """
    pwm = _as_pwm(pwm)
    X_test = check_one_hot(X_test, name="X_test")
    matches = compare_to_jaspar(pwm, release, collection, tax_group, top=None)
    best = matches.iloc[0]
    own = matches[[names_tf(name, tf_name) for name in matches["name"]]]
    row = {
        "tf_name": tf_name,
        "best_match_id": best["matrix_id"],
        "best_match_name": best["name"],
        "best_match_p_value": float(best["p_value"]),
        "best_match_q_value": float(best["q_value"]),
        "tf_match_id": None,
        "tf_match_p_value": np.nan,
        "tf_match_q_value": np.nan,
        "matches_jaspar": False,
        "motif_auc": motif_auc(pwm, X_test, y_test),
        "jaspar_motif_id": None,
        "jaspar_auc": np.nan,
        "beats_jaspar": False,
    }
    if len(own):
        tf_match = own.iloc[0]
        row.update(
            tf_match_id=tf_match["matrix_id"],
            tf_match_p_value=float(tf_match["p_value"]),
            tf_match_q_value=float(tf_match["q_value"]),
            matches_jaspar=bool(tf_match["q_value"] < 0.05),
        )
        motifs, _ = _jaspar_targets(release, collection, tax_group)
        aucs = {
            motif.matrix_id: motif_auc(motif.matrix, X_test, y_test)
            for motif in motifs
            if names_tf(motif.name, tf_name)
        }
        best_id = max(aucs, key=aucs.get)
        row.update(
            jaspar_motif_id=best_id,
            jaspar_auc=aucs[best_id],
            beats_jaspar=bool(row["motif_auc"] > aucs[best_id]),
        )
    return row
