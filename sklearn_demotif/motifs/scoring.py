"""How well a motif separates bound from unbound sequences, the Deep Motif paper's way.

The paper judges a learned motif two ways: does it significantly match the
transcription factor's JASPAR motif (:func:`~sklearn_demotif.motifs.compare_to_jaspar`),
and does it separate bound from unbound sequences better than the JASPAR motif
(:func:`motif_auc`, from MEME's average motif affinity :func:`ama_score`).
:func:`evaluate_motif` does both for one experiment.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from .._options import BACKGROUNDS
from ..encoding import check_one_hot
from ._jaspar import DEFAULT_JASPAR_RELEASE
from .compare import compare_to_jaspar, jaspar_motifs, names_tf
from .pwm import _check_background, as_pwm

__all__ = ["ama_score", "motif_auc", "evaluate_motif"]


def _background(X, background):
    if background is None:
        one_hot = X.max(axis=1) == 1
        counts = (X * one_hot[:, None, :]).sum(axis=(0, 2), dtype=np.float64)
        if counts.sum() == 0:
            raise ValueError("X has no unambiguous base to estimate the background from")
        counts = counts + counts[::-1]  # both strands: A<->T, C<->G
        return counts / counts.sum()
    if isinstance(background, str):  # "uniform", the one name validate_params lets through
        return np.full(4, 0.25)
    return _check_background(background)


@validate_params(
    {
        "background": [StrOptions(set(BACKGROUNDS)), "array-like", None],
        "pseudocount": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def ama_score(pwm, X, *, background=None, pseudocount=0.01, batch_size=1024):
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
    >>> from sklearn_demotif.motifs import ama_score
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.motifs import PWM
    >>> pwm = PWM.from_jaspar("MA0035.4")
    >>> X = one_hot_encode(["ACGTACGTACGTATTCTTATCTATTACGT", "ACGTACGTACGTACGTACGTACGTACGTA"])
    >>> scores = ama_score(pwm, X, background="uniform")
    >>> bool(scores[0] > 10 * scores[1])
    True
    """
    pwm = as_pwm(pwm)
    X = check_one_hot(X)
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


@validate_params(
    {
        "y": ["array-like"],
        "background": [StrOptions(set(BACKGROUNDS)), "array-like", None],
        "pseudocount": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def motif_auc(pwm, X, y, *, background=None, pseudocount=0.01):
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
    >>> from sklearn_demotif.motifs import motif_auc
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


@validate_params(
    {
        "tf_name": [str],
        "y_test": ["array-like"],
        "release": [str],
        "collection": [str],
        "tax_group": [str, None],
    },
    prefer_skip_nested_validation=True,
)
def evaluate_motif(
    pwm,
    tf_name,
    X_test,
    y_test,
    *,
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
    >>> from sklearn_demotif.motifs import evaluate_motif
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.motifs import PWM
    >>> X, y = make_motif_dataset("MA0139.2", n_samples=200, length=50, random_state=0)
    >>> row = evaluate_motif(PWM.from_jaspar("MA0139.2"), "CTCF", one_hot_encode(X), y)
    >>> row["best_match_name"], row["matches_jaspar"], row["motif_auc"] > 0.9
    ('CTCF', True, True)
    """
    pwm = as_pwm(pwm)
    X_test = check_one_hot(X_test, name="X_test")
    matches = compare_to_jaspar(
        pwm, release=release, collection=collection, tax_group=tax_group, top=None
    )
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
        motifs, _ = jaspar_motifs(release, collection=collection, tax_group=tax_group)
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
