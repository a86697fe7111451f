"""Attribution maps: which bases of a sequence drive a trained classifier's call.

Two views of single sequences, as in the Deep Motif Dashboard:

- :func:`saliency`, the input gradient of ``log P(target)`` times the input,
  one backward pass per batch;
- :func:`in_silico_mutagenesis`, the change of the target's log-odds for every
  single-base substitution, ``3 * length`` forward passes per sequence.

Both take a fitted classifier (or a Pipeline ending in one, whose other steps
then encode ``X``) and return arrays of shape ``(n_sequences, 4, length)``, the
layout of the one-hot input, ready for
:func:`sklearn_demotif.plotting.plot_attribution`.
"""

import numpy as np
import torch
from sklearn.utils.validation import check_is_fitted

from .._utils import check_count, encoder_for, final_classifier, target_index

__all__ = ["saliency", "in_silico_mutagenesis"]


def _prepare(estimator, X, target, batch_size):
    """The classifier, the one-hot input and the target's column of ``classes_``."""
    classifier = final_classifier(estimator)
    check_is_fitted(classifier, "net_")
    check_count(batch_size, "batch_size")
    X = encoder_for(estimator)(X)
    return classifier, X, target_index(classifier.classes_, target)


def _log_odds(log_probabilities, target_index):
    """``log P(target) - log(1 - P(target))`` from log-probabilities of all classes."""
    others = torch.cat(
        [log_probabilities[:, :target_index], log_probabilities[:, target_index + 1 :]], dim=1
    )
    return log_probabilities[:, target_index] - torch.logsumexp(others, dim=1)


class _EvalMode:
    """Put a module in evaluation mode for a block, then restore its mode."""

    def __init__(self, module):
        self.module = module

    def __enter__(self):
        self.training = self.module.training
        self.module.eval()
        return self.module

    def __exit__(self, *exc_info):
        self.module.train(self.training)


def saliency(estimator, X, target=None, batch_size=256):
    """Gradient-times-input saliency: ``|d log P(target | x) / dx| * x``.

    For one-hot input only the observed base of each position can be non-zero,
    and its value says how steeply the log-probability of the target class
    changes with that base (Simonyan et al., 2014; Lanchantin et al., 2016).
    The network is in evaluation mode (no dropout; strands averaged).

    Parameters
    ----------
    estimator : SequenceClassifierBase or Pipeline
        A fitted classifier, or a fitted Pipeline whose last step is one; the
        earlier steps then transform ``X`` (e.g. DNA strings through
        :class:`OneHotDNA`).
    X : array-like of shape (n_sequences, 4, length)
        One-hot DNA for a classifier; whatever the Pipeline takes otherwise.
    target : label or None, default=None
        A label of ``classes_``; ``None`` means ``classes_[1]``, the positive
        class of a binary classifier.
    batch_size : int, default=256
        Sequences per backward pass.

    Returns
    -------
    saliency : ndarray of shape (n_sequences, 4, length), dtype float32
        Non-negative attributions.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        Before the classifier is fitted.
    ValueError
        For a target not in ``classes_`` or input that is not one-hot shaped.

    See Also
    --------
    in_silico_mutagenesis : The exact effect of every substitution.
    sklearn_demotif.plotting.plot_attribution : Draw one sequence's map.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.interpret import saliency
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> X, y = make_motif_dataset("MA0035", n_samples=100, length=30, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepMotifClassifier(n_filters=8, max_epochs=1, verbose=0)
    ... ).fit(X, y)
    >>> saliency(model, X[:3]).shape
    (3, 4, 30)
    """
    classifier, X, target_index = _prepare(estimator, X, target, batch_size)
    device = torch.device(classifier.device_)
    result = np.empty(X.shape, dtype=np.float32)
    with _EvalMode(classifier.module_) as module:
        for start in range(0, len(X), batch_size):
            inputs = torch.as_tensor(X[start : start + batch_size], device=device)
            inputs.requires_grad_()
            log_probability = torch.log_softmax(module(inputs), dim=1)[:, target_index]
            (gradient,) = torch.autograd.grad(log_probability.sum(), inputs)
            result[start : start + batch_size] = (gradient.abs() * inputs).detach().cpu().numpy()
    return result


def in_silico_mutagenesis(estimator, X, target=None, batch_size=256):
    """The change of the target's log-odds for every single-base substitution.

    Entry ``[i, b, j]`` is ``logodds(x_i with base b at position j) -
    logodds(x_i)``, where ``logodds = log P(target) - log(1 - P(target))``
    (the decision function of a binary classifier).  The entry of each
    position's own base is 0; an ambiguous base (``N``) is replaced like any
    other.  Costs ``3 * length`` forward passes per sequence.

    Parameters
    ----------
    estimator : SequenceClassifierBase or Pipeline
        A fitted classifier, or a fitted Pipeline whose last step is one; the
        earlier steps then transform ``X``.
    X : array-like of shape (n_sequences, 4, length)
        One-hot DNA for a classifier; whatever the Pipeline takes otherwise.
    target : label or None, default=None
        A label of ``classes_``; ``None`` means ``classes_[1]``.
    batch_size : int, default=256
        Mutated sequences per forward pass.

    Returns
    -------
    effects : ndarray of shape (n_sequences, 4, length), dtype float32
        Negative where a substitution lowers the target's odds, so a base that
        matters has negative entries in its column.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        Before the classifier is fitted.
    ValueError
        For a target not in ``classes_`` or input that is not one-hot shaped.

    See Also
    --------
    saliency : A first-order approximation from one backward pass.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.interpret import in_silico_mutagenesis
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> X, y = make_motif_dataset("MA0035", n_samples=100, length=30, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepMotifClassifier(n_filters=8, max_epochs=1, verbose=0)
    ... ).fit(X, y)
    >>> effects = in_silico_mutagenesis(model, X[:2])
    >>> effects.shape, float(abs(effects[0, :, 0]).min())
    ((2, 4, 30), 0.0)
    """
    classifier, X, target_index = _prepare(estimator, X, target, batch_size)
    device = torch.device(classifier.device_)
    n_sequences, _, length = X.shape
    result = np.zeros(X.shape, dtype=np.float32)
    # Every (sequence, base, position) whose base differs from the sequence's.
    sequence_index, base_index, position_index = np.nonzero(X != 1)
    with _EvalMode(classifier.module_) as module, torch.no_grad():

        def log_odds(batch):
            inputs = torch.as_tensor(batch, device=device)
            return _log_odds(torch.log_softmax(module(inputs), dim=1), target_index)

        reference = np.concatenate(
            [
                log_odds(X[start : start + batch_size]).cpu().numpy()
                for start in range(0, n_sequences, batch_size)
            ]
        ) if n_sequences else np.zeros(0, dtype=np.float32)
        for start in range(0, len(sequence_index), batch_size):
            rows = sequence_index[start : start + batch_size]
            bases = base_index[start : start + batch_size]
            positions = position_index[start : start + batch_size]
            mutants = X[rows]
            mutants[np.arange(len(rows)), :, positions] = 0
            mutants[np.arange(len(rows)), bases, positions] = 1
            effect = log_odds(mutants).cpu().numpy() - reference[rows]
            result[rows, bases, positions] = effect
    return result
