"""sklearn-demotif: Deep Motif (DeMo) DNA classifiers and motifs, the scikit-learn way.

>>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
"""

from .classifier import DeepMotifClassifier
from .deepbind import DeepBindClassifier
from .one_hot import OneHotDNA

__version__ = "0.1.0"

__all__ = ["DeepMotifClassifier", "DeepBindClassifier", "OneHotDNA", "__version__"]
