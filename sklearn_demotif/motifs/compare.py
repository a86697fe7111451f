"""TOMTOM against JASPAR, offline: which known motif does a learned one look like?

TOMTOM is ``memelite``'s re-implementation (numba, no MEME binaries) and JASPAR
comes from ``pyjaspar``'s bundled SQLite files, so nothing is downloaded.

.. note::
   ``memelite`` compiles TOMTOM with numba the first time it runs after an
   install, which takes about a minute (90 s on two busy cores); the compiled
   code is cached on disk, so later processes start in about a second.
   Matrices are passed as float64, the only dtype compiled.
"""

import re
from functools import lru_cache
from numbers import Integral

import numpy as np

from ._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_collection
from .pwm import as_pwm

__all__ = ["compare_to_jaspar", "benjamini_hochberg", "names_tf", "jaspar_motifs"]

_COLUMNS = ["matrix_id", "name", "p_value", "e_value", "q_value", "offset", "overlap", "strand"]


@lru_cache(maxsize=None)
def jaspar_motifs(release=DEFAULT_JASPAR_RELEASE, collection="CORE", tax_group="vertebrates"):
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
    >>> from sklearn_demotif.motifs import compare_to_jaspar
    >>> from sklearn_demotif.motifs import PWM
    >>> matches = compare_to_jaspar(PWM.from_jaspar("MA0139.2"), top=3)
    >>> matches.loc[0, "matrix_id"], bool(matches.loc[0, "q_value"] < 1e-3)
    ('MA0139.2', True)
    """
    import pandas as pd
    from memelite import tomtom

    pwm = as_pwm(pwm)
    if top is not None and (not isinstance(top, Integral) or isinstance(top, bool) or top < 1):
        raise ValueError(f"top must be a positive integer or None, got {top!r}")
    motifs, matrices = jaspar_motifs(release, collection, tax_group)
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
