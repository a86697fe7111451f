"""Motifs: the position weight matrix, its files, and comparison with JASPAR.

- :class:`PWM` (``pwm``): probabilities of shape ``(4, width)``, information
  content, trimming, reverse complement, logos;
- ``formats``: MEME, JASPAR and TRANSFAC readers and writers;
- ``similarity``: :func:`motif_similarity` of two motifs on either strand;
- ``compare``: TOMTOM against JASPAR (:func:`compare_to_jaspar`);
- ``scanning``: FIMO sites (:func:`find_sites`) and their support, enrichment
  and centrality (:func:`site_statistics`);
- ``scoring``: average motif affinity (:func:`ama_score`, :func:`motif_auc`) and
  the Deep Motif paper's verdict per experiment (:func:`evaluate_motif`).

Motifs are *found* in a trained model by :mod:`sklearn_demotif.interpret`.

>>> from sklearn_demotif.motifs import PWM, compare_to_jaspar, write_meme
"""

from .compare import (
    benjamini_hochberg,
    compare_to_jaspar,
    jaspar_motifs,
    names_tf,
    pearson_embedding,
    tf_families,
)
from .formats import (
    MOTIF_FORMATS,
    motif_format,
    read_jaspar,
    read_meme,
    read_transfac,
    write_jaspar,
    write_meme,
    write_motifs,
    write_transfac,
)
from .pwm import ALPHABET, DEFAULT_TRIM_THRESHOLD, PWM, as_pwm
from .scanning import find_sites, site_statistics, site_threshold
from .scoring import ama_score, evaluate_motif, motif_auc
from .similarity import motif_similarity

__all__ = [
    "ALPHABET",
    "DEFAULT_TRIM_THRESHOLD",
    "MOTIF_FORMATS",
    "PWM",
    "ama_score",
    "as_pwm",
    "benjamini_hochberg",
    "compare_to_jaspar",
    "evaluate_motif",
    "find_sites",
    "jaspar_motifs",
    "motif_auc",
    "motif_format",
    "motif_similarity",
    "names_tf",
    "pearson_embedding",
    "read_jaspar",
    "read_meme",
    "read_transfac",
    "site_statistics",
    "site_threshold",
    "tf_families",
    "write_jaspar",
    "write_meme",
    "write_motifs",
    "write_transfac",
]
