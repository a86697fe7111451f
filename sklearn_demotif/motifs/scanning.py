"""Where a motif occurs: FIMO sites in one-hot sequences, and what they say about a motif.

:func:`find_sites` runs ``memelite``'s FIMO (numba, no MEME binaries) on both
strands; :func:`site_statistics` turns the sites in bound and unbound
sequences into the numbers a motif is judged by: how many bound sequences
have a site (support), how many more than unbound ones (enrichment), and
whether the sites sit at the centre of the sequences, where ChIP-seq peaks
put a directly bound factor's motif (centrality).
"""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval, validate_params

from ..encoding import check_one_hot
from .pwm import as_pwm

__all__ = ["find_sites", "site_statistics", "site_threshold"]

_SITE_COLUMNS = ["sequence", "start", "end", "strand", "score", "p_value"]


_P_VALUE = Interval(Real, 0, 1, closed="right")


@validate_params({"p_value": [_P_VALUE]}, prefer_skip_nested_validation=True)
def site_threshold(pwm, *, p_value=1e-4):
    """FIMO's p-value threshold for a motif: ``max(p_value, 4 ** (1 - width))``.

    A ``w``-column motif cannot reach a p-value below ``4 ** -w`` (its best
    word has that probability in uniform random DNA), so a fixed threshold of
    1e-4 finds no site at all of a motif of 6 columns or fewer; the threshold
    is relaxed to the p-value of about the four best words.

    Parameters
    ----------
    pwm : PWM or array-like of shape (4, width)
        The motif.
    p_value : float, default=1e-4
        The threshold for motifs of 8 or more columns.

    Returns
    -------
    threshold : float

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_demotif.motifs import site_threshold
    >>> site_threshold(np.full((4, 6), 0.25)), site_threshold(np.full((4, 12), 0.25))
    (0.0009765625, 0.0001)
    """
    return max(float(p_value), 4.0 ** (1 - as_pwm(pwm).width))


@validate_params({"p_value": [_P_VALUE]}, prefer_skip_nested_validation=True)
def find_sites(pwms, X, *, p_value=1e-4):
    """FIMO sites of motifs in one-hot sequences, both strands.

    Parameters
    ----------
    pwms : PWM, array-like of shape (4, width), or list of them
        The motifs.
    X : array-like of shape (n_sequences, 4, length)
        One-hot DNA; ``N`` (all-zero or all-0.25 columns) never matches.
    p_value : float, default=1e-4
        Report windows whose FIMO p-value is below
        :func:`site_threshold` ``(pwm, p_value)``.

    Returns
    -------
    sites : pandas.DataFrame or list of pandas.DataFrame
        One table per motif (a single table for a single motif) with columns
        ``sequence`` (row of ``X``), ``start``, ``end`` (half-open, columns of
        ``X``), ``strand`` (``"+"`` or ``"-"``), ``score`` and ``p_value``.

    Examples
    --------
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.motifs import PWM, find_sites
    >>> ctcf = PWM.from_jaspar("MA0139.2")
    >>> X = one_hot_encode(["ACGTACGT" + ctcf.consensus + "ACGTACG", "ACGT" * 7 + "AC"])
    >>> sites = find_sites(ctcf, X, p_value=1e-6)
    >>> sites[["sequence", "start", "end", "strand"]].values.tolist()
    [[0, 8, 23, '+']]
    """
    import pandas as pd
    from memelite import fimo

    single = not isinstance(pwms, (list, tuple))
    pwms = [as_pwm(pwm) for pwm in ([pwms] if single else pwms)]
    X = np.ascontiguousarray(check_one_hot(X), dtype=np.float32)
    tables = [None] * len(pwms)
    thresholds = [site_threshold(pwm, p_value=p_value) for pwm in pwms]
    for threshold in sorted(set(thresholds)):
        indices = [i for i, value in enumerate(thresholds) if value == threshold]
        motifs = {str(i): np.ascontiguousarray(pwms[i].matrix) for i in indices}
        hits = fimo(motifs, X, threshold=threshold) if len(X) else [None] * len(indices)
        for index, table in zip(indices, hits, strict=True):
            if table is None or not len(table):
                tables[index] = pd.DataFrame(
                    {column: pd.Series(dtype=kind) for column, kind in zip(
                        _SITE_COLUMNS, (int, int, int, object, float, float), strict=True
                    )}
                )
                continue
            tables[index] = pd.DataFrame(
                {
                    "sequence": table["sequence_name"].to_numpy(dtype=int),
                    "start": table["start"].to_numpy(dtype=int),
                    "end": table["end"].to_numpy(dtype=int),
                    "strand": table["strand"].to_numpy(),
                    "score": table["score"].to_numpy(dtype=float),
                    "p_value": table["p-value"].to_numpy(dtype=float),
                }
            ).sort_values(["sequence", "start"], kind="stable", ignore_index=True)
    return tables[0] if single else tables


@validate_params({"p_value": [_P_VALUE]}, prefer_skip_nested_validation=True)
def site_statistics(pwm, X_positive, X_negative=None, *, p_value=1e-4, sites=None):
    """Support, enrichment and centrality of a motif's FIMO sites.

    Parameters
    ----------
    pwm : PWM or array-like of shape (4, width)
        The motif.
    X_positive : array-like of shape (n_positives, 4, length)
        Bound sequences.
    X_negative : array-like of shape (n_negatives, 4, length) or None, default=None
        Unbound sequences; without them ``negative_support`` is the chance
        that uniform random DNA of the same length has a site, and
        ``enrichment_p`` is None.
    p_value : float, default=1e-4
        As in :func:`find_sites`.
    sites : tuple of pandas.DataFrame or None, default=None
        The sites in ``X_positive`` and ``X_negative`` when already found.

    Returns
    -------
    statistics : dict
        ``support``: fraction of bound sequences with a site;
        ``negative_support``: the same in unbound sequences;
        ``excess_support``: their difference;
        ``enrichment``: their ratio (with half a sequence added to both
        counts, so it stays finite);
        ``enrichment_p``: one-sided Fisher exact test of more bound than
        unbound sequences with a site;
        ``site_information``: the relative entropy in bits of having a site
        in bound against unbound sequences,
        ``s log2(s / n) + (1 - s) log2((1 - s) / (1 - n))`` for support
        ``s`` and negative support ``n``: large for a motif that is common
        in bound sequences and rare elsewhere, near 0 for one that is rare
        everywhere or common everywhere;
        ``centrality``: ``1 - mean|c - L/2| / ((L - w) / 4)`` over the best
        site of every bound sequence with one, ``c`` its centre: 0 when the
        sites are spread uniformly, 1 when all are at the centre, NaN
        without sites;
        ``n_sites``: sites in the bound sequences; ``site_p_value``: the
        threshold used.

    Examples
    --------
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.motifs import PWM, site_statistics
    >>> X, y = make_motif_dataset("MA0139", n_samples=200, length=60, random_state=0)
    >>> X = one_hot_encode(X)
    >>> stats = site_statistics(PWM.from_jaspar("MA0139"), X[y == 1], X[y == 0])
    >>> stats["support"] > 0.8, stats["negative_support"] < 0.1
    (True, True)
    """
    from scipy.stats import fisher_exact

    pwm = as_pwm(pwm)
    X_positive = check_one_hot(X_positive, name="X_positive")
    if sites is None:
        sites = (
            find_sites(pwm, X_positive, p_value=p_value),
            None if X_negative is None else find_sites(pwm, X_negative, p_value=p_value),
        )
    positive_sites, negative_sites = sites
    threshold = site_threshold(pwm, p_value=p_value)
    n_positive, _, length = X_positive.shape
    with_site = positive_sites["sequence"].nunique()
    support = with_site / max(n_positive, 1)
    if X_negative is None:
        n_windows = 2 * max(length - pwm.width + 1, 0)
        negative_support = 1 - (1 - threshold) ** n_windows
        n_negative, with_site_negative, enrichment_p = None, None, None
    else:
        n_negative = len(X_negative)
        with_site_negative = negative_sites["sequence"].nunique()
        negative_support = with_site_negative / max(n_negative, 1)
        table = [
            [with_site, n_positive - with_site],
            [with_site_negative, n_negative - with_site_negative],
        ]
        enrichment_p = float(fisher_exact(table, alternative="greater")[1])
    half_positive = 0.5 / max(n_positive, 1)
    half_negative = 0.5 / max(n_negative or n_positive, 1)
    if with_site:
        best = positive_sites.sort_values("score", ascending=False, kind="stable")
        best = best.drop_duplicates("sequence")
        centres = (best["start"].to_numpy() + best["end"].to_numpy()) / 2
        spread = max((length - pwm.width) / 4, 1e-9)
        centrality = float(1 - np.mean(np.abs(centres - length / 2)) / spread)
    else:
        centrality = float("nan")
    return {
        "site_information": _bernoulli_relative_entropy(support, negative_support),
        "support": float(support),
        "negative_support": float(negative_support),
        "excess_support": float(support - negative_support),
        "enrichment": float((support + half_positive) / (negative_support + half_negative)),
        "enrichment_p": enrichment_p,
        "centrality": centrality,
        "n_sites": int(len(positive_sites)),
        "site_p_value": threshold,
    }


def _bernoulli_relative_entropy(p, q, floor=1e-6):
    p, q = min(max(p, floor), 1 - floor), min(max(q, floor), 1 - floor)
    return float(p * np.log2(p / q) + (1 - p) * np.log2((1 - p) / (1 - q)))
