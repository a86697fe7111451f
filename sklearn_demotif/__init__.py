"""sklearn-demotif: Deep Motif (DeMo) DNA classifiers and motifs, the scikit-learn way.

The estimators live here; the functional modules are imported by name:
``sklearn_demotif.datasets``, ``encoding``, ``motifs``, ``attribution``,
``compare``, ``plotting``, ``report``, ``benchmark``.

>>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
"""

from .classifier import DeepMotifClassifier
from .deepbind import DeepBindClassifier
from .motifs import PWM
from .one_hot import OneHotDNA
from .persistence import load_model, save_model

__version__ = "0.2.0"

__all__ = [
    "DeepBindClassifier",
    "DeepMotifClassifier",
    "OneHotDNA",
    "PWM",
    "load_model",
    "save_model",
    "__version__",
]
