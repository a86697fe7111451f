"""What a trained model learned: class optimization and attribution maps.

- ``class_optimization``: :func:`optimize_class`, the Deep Motif paper's
  motif by gradient ascent on the input, and :func:`restart_stability`;
- ``attribution``: :func:`saliency`, :func:`in_silico_mutagenesis` and
  :func:`integrated_gradients`, which bases of one sequence the prediction's
  log-odds rest on;
- ``find_motifs``: :func:`find_motifs`, every motif the model uses, from
  class optimization, first-layer filters and seqlets, merged and named.

Every function takes a fitted classifier of this package, or a Pipeline (or a
search) ending in one.

>>> from sklearn_demotif.interpret import optimize_class, saliency
"""

from .attribution import in_silico_mutagenesis, integrated_gradients, saliency
from .class_optimization import optimize_class, restart_stability
from .find_motifs import find_motifs, motif_table

__all__ = [
    "find_motifs",
    "in_silico_mutagenesis",
    "integrated_gradients",
    "motif_table",
    "optimize_class",
    "restart_stability",
    "saliency",
]
