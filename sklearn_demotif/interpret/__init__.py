"""What a trained model learned: class optimization and attribution maps.

- ``class_optimization``: :func:`optimize_class`, the Deep Motif paper's
  motif by gradient ascent on the input, and :func:`restart_stability`;
- ``attribution``: :func:`saliency` and :func:`in_silico_mutagenesis`,
  which bases of one sequence the prediction rests on.

Every function takes a fitted classifier of this package, or a Pipeline (or a
search) ending in one.

>>> from sklearn_demotif.interpret import optimize_class, saliency
"""

from .attribution import in_silico_mutagenesis, saliency
from .class_optimization import optimize_class, restart_stability

__all__ = ["in_silico_mutagenesis", "optimize_class", "restart_stability", "saliency"]
