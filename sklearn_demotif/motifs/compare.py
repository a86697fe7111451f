"""TOMTOM against JASPAR, offline and calibrated: which known motif does a learned one look like?

TOMTOM is ``memelite``'s re-implementation (numba, no MEME binaries) and JASPAR
comes from ``pyjaspar``'s bundled SQLite files, so nothing is downloaded.

memelite scores two columns by their Euclidean distance, its only choice.  The
uniform column is the centre of the probability simplex, so under that
distance a flat column is closer than the median database column to nearly
every query column, and targets with long uninformative stretches (the gapped
CTCF matrices MA1929.2 and MA1930.2) match most random motifs at q < 0.05
(``docs/motifs.md``).  :func:`compare_to_jaspar` therefore compares columns by
their Pearson correlation, MEME TOMTOM's default, by running memelite on an
embedding of the columns (:func:`pearson_embedding`) in which the squared
Euclidean distance of two columns is ``2 - 2 r``: a flat column has no credit
against anything, and a motif blurred towards uniform (as learned motifs are)
keeps its correlations.

.. note::
   ``memelite`` compiles TOMTOM with numba the first time it runs after an
   install, which takes about a minute; the compiled code is cached on disk,
   so later processes start in about a second.
   Matrices are passed as float64, the only dtype compiled.
"""

import re
from functools import lru_cache
from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval, validate_params

from ._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_collection
from .pwm import as_pwm

__all__ = [
    "compare_to_jaspar",
    "benjamini_hochberg",
    "names_tf",
    "jaspar_motifs",
    "pearson_embedding",
    "tf_families",
]

_COLUMNS = ["matrix_id", "name", "p_value", "e_value", "q_value", "offset", "overlap", "strand"]

#: A centred column shorter than this is uniform up to rounding: it has no direction.
_FLAT = 1e-9


@lru_cache(maxsize=None)
def jaspar_motifs(release=DEFAULT_JASPAR_RELEASE, *, collection="CORE", tax_group="vertebrates"):
    """The JASPAR target set of a comparison and its float64 matrices, loaded once.

    Parameters
    ----------
    release : str, default="JASPAR2024"
        The JASPAR release shipped with ``pyjaspar``.
    collection : str, default="CORE"
        The JASPAR collection.
    tax_group : str or None, default="vertebrates"
        The taxonomic group; ``None`` takes all.

    Returns
    -------
    motifs : tuple of JasparMotif
        Latest version of every matrix: ``matrix_id``, ``name``,
        ``tf_family`` and ``matrix`` of shape (4, width).
    matrices : list of ndarray of shape (4, width)
        The same matrices, float64 and contiguous, as TOMTOM takes them.

    Examples
    --------
    >>> from sklearn_demotif.motifs import jaspar_motifs
    >>> motifs, matrices = jaspar_motifs()
    >>> len(motifs) == len(matrices) > 800
    True
    """
    motifs = fetch_jaspar_collection(release, collection, tax_group)
    matrices = [np.ascontiguousarray(motif.matrix, dtype=np.float64) for motif in motifs]
    return motifs, matrices


@lru_cache(maxsize=None)
def _embedded_targets(release, collection, tax_group):
    _, matrices = jaspar_motifs(release, collection=collection, tax_group=tax_group)
    return [pearson_embedding(matrix, target=True) for matrix in matrices]


def pearson_embedding(matrix, target=False):
    """Map a PWM's columns to unit vectors whose distance encodes Pearson correlation.

    Column ``p`` becomes ``u = (p - 1/4) / |p - 1/4|``.  For probability
    columns (mean 1/4) the Pearson correlation ``r`` of two columns is the
    cosine of their centred versions, so ``|u - v|^2 = 2 - 2 r``: TOMTOM's
    Euclidean column score on the embedded matrices is a decreasing function
    of the correlation.  The map commutes with reverse complementation.

    Parameters
    ----------
    matrix : array-like of shape (4, width)
        Probabilities, rows A, C, G, T.
    target : bool, default=False
        Whether the matrix is a database target or the query: an exactly
        uniform column, which correlates with nothing, becomes the zero
        vector in a query (at distance 1 from every unit target column, a
        constant score) and ``(1, 1, 1, 1) / 2`` in a target (orthogonal to
        every centred query column: the score of ``r = 0``).

    Returns
    -------
    embedded : ndarray of shape (4, width), float64, C-contiguous
        The embedded columns.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_demotif.motifs import pearson_embedding
    >>> columns = np.array([[0.7, 0.4], [0.1, 0.4], [0.1, 0.1], [0.1, 0.1]])
    >>> u = pearson_embedding(columns)
    >>> r = np.corrcoef(columns.T)[0, 1]
    >>> bool(np.isclose(np.sum((u[:, 0] - u[:, 1]) ** 2), 2 - 2 * r))
    True
    """
    centred = np.asarray(matrix, dtype=np.float64) - 0.25
    norms = np.linalg.norm(centred, axis=0)
    flat = norms < _FLAT
    embedded = centred / np.where(flat, 1.0, norms)
    embedded[:, flat] = 0.5 if target else 0.0
    return np.ascontiguousarray(embedded)


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
    >>> from sklearn_demotif.motifs import benjamini_hochberg
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


def _aligned_correlation(query, target, offset, overlap):
    """Mean Pearson correlation of the aligned columns; uniform columns count 0."""
    start_query, start_target = max(0, -offset), max(0, offset)
    aligned_query = pearson_embedding(query[:, start_query : start_query + overlap])
    aligned_target = pearson_embedding(target[:, start_target : start_target + overlap])
    return float(np.sum(aligned_query * aligned_target) / overlap)


@validate_params(
    {
        "release": [str],
        "collection": [str],
        "tax_group": [str, None],
        "top": [Interval(Integral, 1, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def compare_to_jaspar(
    pwm,
    *,
    release=DEFAULT_JASPAR_RELEASE,
    collection="CORE",
    tax_group="vertebrates",
    top=10,
):
    """TOMTOM a motif against a JASPAR collection, columns compared by Pearson correlation.

    TOMTOM (Gupta et al., 2007) gives the p-value of the best alignment of
    the query with each target motif, both strands and all overlaps, with
    the complete score; its null model draws target columns independently
    from the whole collection.  Columns are compared by their Pearson
    correlation, MEME TOMTOM's default, through ``memelite`` run on
    :func:`pearson_embedding` of the query and the targets.  The E-value is
    ``p`` times the number of targets; the q-value is the Benjamini-Hochberg
    false discovery rate over all targets.  The JASPAR matrices (latest
    version of each) are loaded and embedded once per process.

    Why not memelite's Euclidean distance: the uniform column sits at the
    centre of the simplex, closer than the median database column to nearly
    every query column, so flat queries matched the long uninformative
    spacers of the CTCF matrices MA1929.2 / MA1930.2 (most random motifs,
    and blurred GATA1 motifs, matched CTCF first).  Under Pearson correlation
    a flat column earns nothing, and blurring a motif towards uniform leaves
    its correlations unchanged, so random motifs get a match with q < 0.05
    about as often as a calibrated test at 5 % allows, and JASPAR matrices
    find themselves first (figures in ``docs/motifs.md``; the tests in
    ``tests/motifs/test_compare.py`` check them).

    Parameters
    ----------
    pwm : PWM or array-like of shape (4, width)
        The query.  Flat flanks need not be trimmed for the p-value's sake
        (a uniform column contributes nothing), but trimming keeps the
        alignment readable.
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
        ``name``, ``p_value``, ``e_value``, ``q_value``, the best alignment's
        ``offset`` (the target column facing the query's first column;
        negative when the query starts before the target), ``overlap``
        (aligned columns) and ``strand`` (``"+"``, or ``"-"`` when the
        alignment is with the target's reverse complement, to which the
        offset then refers), and ``correlation``: the mean Pearson
        correlation of the aligned columns, from -1 to 1 (uniform columns
        count 0), how alike the aligned parts look.  A query whose columns
        are all exactly uniform has p = 1 against every target.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM, compare_to_jaspar
    >>> matches = compare_to_jaspar(PWM.from_jaspar("MA0139.2"), top=3)
    >>> matches.loc[0, "matrix_id"], bool(matches.loc[0, "q_value"] < 1e-3)
    ('MA0139.2', True)

    A GATA1 motif blurred halfway to uniform, with flat flanks, is still GATA1:

    >>> import numpy as np
    >>> gata1 = PWM.from_jaspar("MA0035.5").matrix
    >>> flank = np.full((4, 5), 0.25)
    >>> blurred = np.hstack([flank, 0.5 * gata1 + 0.125, flank])
    >>> compare_to_jaspar(blurred, top=1).loc[0, "name"]
    'GATA1'
    """
    import pandas as pd
    from memelite import tomtom

    pwm = as_pwm(pwm)
    motifs, matrices = jaspar_motifs(release, collection=collection, tax_group=tax_group)
    query = pearson_embedding(pwm.matrix)
    n_targets = len(motifs)
    if np.any(query):
        p_values, _, offsets, overlaps, strands = tomtom(
            [query], _embedded_targets(release, collection, tax_group)
        )
        p_values, offsets, overlaps = p_values[0], offsets[0].astype(int), overlaps[0].astype(int)
        strands = strands[0]
    else:  # memelite rejects an all-zero query; it matches nothing.
        p_values, offsets = np.ones(n_targets), np.zeros(n_targets, dtype=int)
        overlaps, strands = np.zeros(n_targets, dtype=int), np.zeros(n_targets)
    matches = pd.DataFrame(
        {
            "matrix_id": [motif.matrix_id for motif in motifs],
            "name": [motif.name for motif in motifs],
            "p_value": p_values,
            "e_value": p_values * n_targets,
            "q_value": benjamini_hochberg(p_values),
            "offset": offsets,
            "overlap": overlaps,
            "strand": np.where(strands > 0, "-", "+"),
        },
        columns=_COLUMNS,
    )
    order = np.argsort(p_values, kind="stable")
    if top is not None:
        order = order[:top]
    matches = matches.iloc[order].reset_index(drop=True)
    correlations = []
    for index, row in zip(order, matches.itertuples(index=False), strict=True):
        target = matrices[index][::-1, ::-1] if row.strand == "-" else matrices[index]
        correlations.append(
            _aligned_correlation(pwm.matrix, target, row.offset, row.overlap)
            if row.overlap > 0
            else np.nan
        )
    matches["correlation"] = correlations
    return matches


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
    >>> from sklearn_demotif.motifs import names_tf
    >>> names_tf("GATA1::TAL1", "gata1"), names_tf("Gata1(var.2)", "GATA-1")
    (True, True)
    >>> names_tf("GATA2", "GATA1")
    False
    """
    wanted = _normalised(tf_name)
    parts = re.sub(r"\(var\.\d+\)", "", jaspar_name).split("::")
    return any(_normalised(part) == wanted for part in parts)


def tf_families(
    tf_name, *, release=DEFAULT_JASPAR_RELEASE, collection="CORE", tax_group="vertebrates"
):
    """The JASPAR families of a transcription factor's own matrices.

    Parameters
    ----------
    tf_name : str
        The factor, e.g. ``"GATA1"``; matrices are its own when
        :func:`names_tf` says so (dimers such as ``GATA1::TAL1`` count).
    release, collection, tax_group : str
        The JASPAR target set, as in :func:`compare_to_jaspar`.

    Returns
    -------
    families : set of str
        The ``tf_family`` entries of those matrices; empty when JASPAR has
        no matrix for the factor.

    Examples
    --------
    >>> from sklearn_demotif.motifs import tf_families
    >>> sorted(tf_families("GATA1"))
    ['C4-GATA-related', 'Tal-related']
    """
    motifs, _ = jaspar_motifs(release, collection=collection, tax_group=tax_group)
    return {
        family for motif in motifs if names_tf(motif.name, tf_name) for family in motif.tf_family
    }
