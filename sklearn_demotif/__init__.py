"""sklearn-demotif: Deep Motif (DeMo) DNA classifiers and motifs, the scikit-learn way.

The estimators and the model-file functions are available here; everything
else is imported by its package: ``sklearn_demotif.io`` (sequence files),
``datasets``, ``encoding``, ``motifs``, ``interpret``, ``plotting``,
``report``, ``benchmark``.  Importing the package itself is instant: each name
below is imported the first time it is used.

>>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
"""

import importlib

from ._version import __version__

#: Public name -> module that defines it, imported on first use.
_EXPORTS = {
    "DeepBindClassifier": "deepbind",
    "DeepMotifClassifier": "classifier",
    "OneHotDNA": "one_hot",
    "PWM": "motifs",
    "load_model": "persistence",
    "save_model": "persistence",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *_EXPORTS})
