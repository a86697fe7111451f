"""Offline access to JASPAR through ``pyjaspar``, which ships every release as SQLite.

One pinned release keeps results reproducible across installs; callers may ask
for another.  Matrices come back as float64 probabilities of shape ``(4, width)``
(A, C, G, T rows), the layout of the one-hot arrays.
"""

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..encoding import ALPHABET

DEFAULT_JASPAR_RELEASE = "JASPAR2024"


@dataclass(frozen=True)
class JasparMotif:
    """One JASPAR matrix: its versioned ID, TF name, family and probabilities."""

    matrix_id: str
    name: str
    tf_family: tuple
    matrix: np.ndarray


@lru_cache(maxsize=None)
def _database(release):
    from pyjaspar import jaspardb

    available = jaspardb().get_releases()
    if release not in available:
        raise ValueError(
            f"unknown JASPAR release {release!r}; pyjaspar ships {', '.join(available)}"
        )
    return jaspardb(release=release)


def _to_motif(record):
    counts = np.array([record.counts[base] for base in ALPHABET], dtype=np.float64)
    matrix = counts / counts.sum(axis=0, keepdims=True)
    family = tuple(record.tf_family or ())
    return JasparMotif(record.matrix_id, record.name, family, matrix)


@lru_cache(maxsize=None)
def fetch_jaspar_motif(matrix_id, release=DEFAULT_JASPAR_RELEASE):
    """Fetch one matrix; ``"MA0139"`` without a version gives its latest version."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        record = _database(release).fetch_motif_by_id(matrix_id)
    if record is None:
        raise ValueError(f"JASPAR matrix {matrix_id!r} is not in release {release}")
    return _to_motif(record)


@lru_cache(maxsize=None)
def fetch_jaspar_collection(
    release=DEFAULT_JASPAR_RELEASE, collection="CORE", tax_group="vertebrates"
):
    """All matrices of a collection and taxonomic group, latest versions, as a tuple."""
    records = _database(release).fetch_motifs(
        collection=collection, tax_group=[tax_group] if tax_group else None
    )
    if not records:
        raise ValueError(
            f"JASPAR {release} has no {collection} matrices for tax group {tax_group!r}"
        )
    return tuple(_to_motif(record) for record in records)
