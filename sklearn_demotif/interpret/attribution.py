"""Attribution maps: which bases of a sequence drive a trained classifier's call.

Every map explains the **log-odds** of the target class,
``log P(target) - log(1 - P(target))`` (the decision function of a binary
classifier), never ``log P(target)``: the latter is flat once ``P`` is near 1,
so its gradient vanishes for exactly the sequences a model is surest of.
For a multi-task model the log-odds is one task's, ``task=`` (an index or a
name), the column of ``decision_function`` that task owns.
Three views of single sequences:

- :func:`saliency`, gradient times input, one backward pass per batch;
- :func:`in_silico_mutagenesis`, the exact change for every single-base
  substitution, ``3 * length`` forward passes per sequence;
- :func:`integrated_gradients`, a path method whose attributions add up to
  the log-odds of the sequence minus that of a baseline (completeness),
  checked on every call.

All take a fitted classifier (or a Pipeline ending in one, whose other steps
then encode ``X``) and return signed arrays of shape ``(n_sequences, 4, length)``,
the layout of the one-hot input, ready for
:func:`sklearn_demotif.plotting.plot_attribution`.
"""

import warnings
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.validation import check_is_fitted

from .._options import BASELINES
from .._utils import encoder_for, final_classifier, is_multilabel, target_index, task_index
from ..networks import frozen_for_inference

__all__ = ["saliency", "in_silico_mutagenesis", "integrated_gradients"]

#: Smallest log-odds change the completeness error of :func:`integrated_gradients`
#: is relative to: below it the change itself is negligible.
COMPLETENESS_FLOOR = 0.1


def _log_odds_function(classifier, target=None, task=None):
    """The target's (or the task's) log-odds as a differentiable function of one-hot input.

    A frozen copy of the network (:func:`~sklearn_demotif.networks.frozen_for_inference`:
    evaluation mode, batch normalisation folded, no parameter gradients) is
    wrapped so that ``f(inputs)`` returns ``logit[target] - logsumexp(other
    logits)``, which is ``log P(target) - log(1 - P(target))``.  For a
    multi-task (multilabel) model every output is its task's log-odds
    already, and ``f(inputs)`` is column ``task`` of the logits, the column
    ``decision_function(X)[:, task]`` returns.  This is the one place where a
    classifier becomes a log-odds: every map, experiment and motif of
    :mod:`sklearn_demotif.interpret` goes through it.

    Parameters
    ----------
    classifier : SequenceClassifierBase
        A fitted classifier of this package.
    target : label or None, default=None
        One of ``classes_``; ``None`` means ``classes_[1]``.  Only for a
        single-task model.
    task : int, str or None, default=None
        The task of a multi-task model, by index or name (required there);
        must be ``None`` for a single-task model
        (:func:`~sklearn_demotif._utils.task_index`).

    Returns
    -------
    log_odds : callable
        Maps a tensor of shape ``(n, 4, length)`` on the classifier's device
        to a tensor of shape ``(n,)``, in float32 (gradients into the input
        need float32's digits); its ``module`` attribute is the frozen
        network it runs (for hooks), its ``autocast_dtype`` the classifier's
        fast inference type (``None`` for float32), which
        :func:`_batched_log_odds` uses on request.

    Raises
    ------
    ValueError
        For a target not in ``classes_``, a ``target`` given to a multi-task
        model, or a task out of range, unknown, missing for a multi-task model
        or given to a single-task one.
    """
    module = frozen_for_inference(classifier.module_)
    index = _output_index(classifier, target, task)
    if is_multilabel(classifier):

        def log_odds(inputs):
            return module(inputs)[:, index]

    else:

        def log_odds(inputs):
            logits = module(inputs)
            others = torch.cat([logits[:, :index], logits[:, index + 1 :]], dim=1)
            return logits[:, index] - torch.logsumexp(others, dim=1)

    log_odds.module = module
    log_odds.autocast_dtype = classifier.net_.autocast_dtype
    return log_odds


def _output_index(classifier, target, task):
    """The logit column of ``target`` (a single-task model) or ``task`` (a multi-task one).

    A multi-task model takes no ``target``, a single-task one no ``task``.
    """
    if not is_multilabel(classifier):
        task_index(classifier, task)  # a ValueError for a task given to a single-task model
        return target_index(classifier.classes_, target)
    if target is not None:
        raise ValueError(
            f"target={target!r} is for single-task models; this model has "
            f"{len(classifier.task_names_)} tasks: pass task= (an index or a name)"
        )
    return task_index(classifier, task)


def _batched_log_odds(log_odds, X, device, batch_size, *, fast):
    """``log_odds`` of every sequence of ``X``, ``batch_size`` at a time, without gradients.

    The one loop that scores many one-hot sequences for ``interpret``: each
    caller passes its own batch size (the results do not depend on it beyond
    rounding) and chooses the precision.  ``fast=True`` runs the network as
    ``predict_proba`` does, under autocast to the classifier's inference type
    (bfloat16 on GPUs and on CPUs with native bfloat16, see the ``precision``
    parameter), for scores that are compared with each other (which sequences
    are bound, the mean effect of an inserted motif).  ``fast=False`` keeps
    float32, for small differences of two scores (in-silico mutagenesis),
    which bfloat16's three significant digits would blur.

    Parameters
    ----------
    log_odds : callable
        From :func:`_log_odds_function`.
    X : ndarray of shape (n_sequences, 4, length)
        One-hot sequences.
    device : torch.device
        Where the network runs.
    batch_size : int
        Sequences per forward pass.
    fast : bool
        Whether to use the classifier's inference type (see above).

    Returns
    -------
    scores : ndarray of shape (n_sequences,)
        float32; empty for no sequences.
    """
    dtype = log_odds.autocast_dtype if fast else None
    with torch.no_grad(), torch.autocast(
        torch.device(device).type, dtype=dtype or torch.float32, enabled=dtype is not None
    ):
        parts = [
            log_odds(torch.as_tensor(X[start : start + batch_size], device=device))
            .float().cpu().numpy()
            for start in range(0, len(X), batch_size)
        ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def _prepare(estimator, X):
    """The classifier, its device and the one-hot input."""
    classifier = final_classifier(estimator)
    check_is_fitted(classifier, "net_")
    return classifier, torch.device(classifier.device_), encoder_for(estimator)(X)


def _centred_gradients(log_odds, X, device, batch_size=256):
    """Input gradients of the log-odds, minus their mean over the four bases.

    One-hot inputs live on the simplex (the four channels of a position sum
    to 1), so only gradient differences between bases have a meaning; the
    component along ``(1, 1, 1, 1)`` is noise from directions the network
    never saw (Majdandzic et al., 2023).  Entry ``[i, b, j]`` estimates how
    much base ``b`` at position ``j`` raises the log-odds compared with an
    average base: the *hypothetical contribution* of every base.

    Parameters
    ----------
    log_odds : callable
        From ``_log_odds_function``.
    X : ndarray of shape (n_sequences, 4, length)
        One-hot input.
    device : torch.device
        Where the network lives.
    batch_size : int, default=256
        Sequences per backward pass.

    Returns
    -------
    gradients : ndarray of shape (n_sequences, 4, length), dtype float32
    """
    result = np.empty(X.shape, dtype=np.float32)
    for start in range(0, len(X), batch_size):
        inputs = torch.as_tensor(X[start : start + batch_size], device=device).requires_grad_()
        (gradient,) = torch.autograd.grad(log_odds(inputs).sum(), inputs)
        gradient = gradient - gradient.mean(dim=1, keepdim=True)
        result[start : start + batch_size] = gradient.cpu().numpy()
    return result


#: The constraints of the three attribution functions' shared options.
_ATTRIBUTION_OPTIONS = {
    "absolute": ["boolean"],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
}


@validate_params(_ATTRIBUTION_OPTIONS, prefer_skip_nested_validation=True)
def saliency(estimator, X, *, target=None, task=None, absolute=False, batch_size=256):
    """Gradient times input of the target's log-odds.

    Entry ``[i, b, j]`` is ``x[b, j] * (g[b, j] - mean_c g[c, j])`` where
    ``g`` is the gradient of ``log P(target) - log(1 - P(target))`` with
    respect to the one-hot input (Simonyan et al., 2014; Lanchantin et al.,
    2016), centred over the four bases because only differences between
    bases mean something for one-hot input (Majdandzic et al., 2023).  Only the
    observed base of each position is non-zero; it is positive where that
    base raises the target's odds compared with an average base, negative
    where it lowers them.  Unlike the gradient of ``log P(target)``, the
    log-odds' gradient does not vanish as ``P(target)`` approaches 1.  The
    network is in evaluation mode (no dropout; strands averaged).

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
    task : int, str or None, default=None
        For a multi-task model (required there): the task whose log-odds,
        column ``task`` of ``decision_function``, is explained, by index or
        name.  Must be ``None`` for a single-task model.
    absolute : bool, default=False
        Return the absolute values (how much a base matters, either way).
    batch_size : int, default=256
        Sequences per backward pass.

    Returns
    -------
    saliency : ndarray of shape (n_sequences, 4, length), dtype float32
        Signed attributions in log-odds units per base (non-negative with
        ``absolute=True``).

    Raises
    ------
    sklearn.exceptions.NotFittedError
        Before the classifier is fitted.
    ValueError
        For a target not in ``classes_``, a bad ``task`` (out of range, unknown,
        missing for a multi-task model or given to a single-task one) or input
        that is not one-hot shaped.

    See Also
    --------
    in_silico_mutagenesis : The exact effect of every substitution.
    integrated_gradients : A path method whose attributions add up.
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
    >>> maps = saliency(model, X[:3])
    >>> maps.shape, bool((saliency(model, X[:3], absolute=True) >= 0).all())
    ((3, 4, 30), True)
    """
    classifier, device, X = _prepare(estimator, X)
    log_odds = _log_odds_function(classifier, target, task)
    maps = _centred_gradients(log_odds, X, device, batch_size) * X
    return np.abs(maps) if absolute else maps


@validate_params(_ATTRIBUTION_OPTIONS, prefer_skip_nested_validation=True)
def in_silico_mutagenesis(
    estimator, X, *, target=None, task=None, absolute=False, batch_size=256
):
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
    task : int, str or None, default=None
        For a multi-task model (required there): the task whose log-odds,
        column ``task`` of ``decision_function``, is explained, by index or
        name.  Must be ``None`` for a single-task model.
    absolute : bool, default=False
        Return the absolute values of the changes.
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
        For a target not in ``classes_``, a bad ``task`` (out of range, unknown,
        missing for a multi-task model or given to a single-task one) or input
        that is not one-hot shaped.

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
    classifier, device, X = _prepare(estimator, X)
    log_odds = _log_odds_function(classifier, target, task)
    result = np.zeros(X.shape, dtype=np.float32)
    # Every (sequence, base, position) whose base differs from the sequence's.
    sequence_index, base_index, position_index = np.nonzero(X != 1)

    def predict(batch):
        return log_odds(torch.as_tensor(batch, device=device)).cpu().numpy()

    reference = _batched_log_odds(log_odds, X, device, batch_size, fast=False)
    with torch.no_grad():
        for start in range(0, len(sequence_index), batch_size):
            rows = sequence_index[start : start + batch_size]
            bases = base_index[start : start + batch_size]
            positions = position_index[start : start + batch_size]
            mutants = X[rows]
            mutants[np.arange(len(rows)), :, positions] = 0
            mutants[np.arange(len(rows)), bases, positions] = 1
            result[rows, bases, positions] = predict(mutants) - reference[rows]
    return np.abs(result) if absolute else result


@validate_params(
    {
        "baseline": [StrOptions(set(BASELINES)), "array-like"],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "tolerance": [Interval(Real, 0, None, closed="left")],
        "return_errors": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def integrated_gradients(
    estimator,
    X,
    *,
    target=None,
    task=None,
    baseline="uniform",
    n_steps=64,
    batch_size=32,
    tolerance=0.05,
    return_errors=False,
):
    """Integrated gradients of the target's log-odds, with a completeness check.

    Along the straight path from a baseline ``b`` to the sequence ``x``, the
    attribution of input entry ``[c, j]`` is (Sundararajan et al., 2017)::

        (x[c, j] - b[c, j]) * integral_0^1 df/dx[c, j] (b + t (x - b)) dt

    with ``f`` the log-odds, the integral computed by ``n_steps``-point
    Gauss-Legendre quadrature.  The attributions of a sequence add up to
    ``f(x) - f(b)`` up to the quadrature error (completeness); that is checked
    for every sequence, and a warning names the worst one when the relative
    error ``|sum - (f(x) - f(b))| / max(|f(x) - f(b)|, 0.1)`` exceeds
    ``tolerance``.  The floor of 0.1 in log-odds (a 2.5 % change of a
    probability of one half) keeps a sequence whose log-odds barely differ
    from the baseline's from turning a negligible error into a huge relative
    one.
    The network's operations (convolutions, max-pooling, highway gates, the
    strand average) are all differentiable, which is all the method needs;
    DeepLIFT's rules do not cover DeMo's global max and highway gates, so
    DeepLIFT's attributions miss completeness by far (``docs/motifs.md``).

    Parameters
    ----------
    estimator : SequenceClassifierBase or Pipeline
        A fitted classifier, or a fitted Pipeline whose last step is one.
    X : array-like of shape (n_sequences, 4, length)
        One-hot DNA for a classifier; whatever the Pipeline takes otherwise.
    target : label or None, default=None
        A label of ``classes_``; ``None`` means ``classes_[1]``.
    task : int, str or None, default=None
        For a multi-task model (required there): the task whose log-odds,
        column ``task`` of ``decision_function``, is explained, by index or
        name.  Must be ``None`` for a single-task model.
    baseline : "uniform", "zeros" or array-like of shape (4, length), default="uniform"
        The reference input: 0.25 everywhere (no base preferred), all zeros,
        or an array.
    n_steps : int, default=64
        Quadrature points.  More points lower the completeness error; raise
        it when the warning names a sequence (measured errors per ``n_steps``
        are in ``docs/motifs.md``).
    batch_size : int, default=32
        Sequences per batch (each becomes ``n_steps`` network inputs).
    tolerance : float, default=0.05
        Relative completeness error above which a warning is issued.
    return_errors : bool, default=False
        Also return the relative completeness error of every sequence.

    Returns
    -------
    attributions : ndarray of shape (n_sequences, 4, length), dtype float32
        Signed, in log-odds units; with the uniform baseline every base of a
        position has an entry (the observed base's is ``0.75 * gradient``,
        the others ``-0.25 * gradient``), so sum over the four rows for one
        value per position.
    errors : ndarray of shape (n_sequences,)
        The relative completeness errors; only with ``return_errors=True``.

    Warns
    -----
    UserWarning
        When a sequence's completeness error exceeds ``tolerance``: raise
        ``n_steps``.

    See Also
    --------
    saliency : One backward pass, no completeness.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.interpret import integrated_gradients
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> X, y = make_motif_dataset("MA0035", n_samples=100, length=30, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepMotifClassifier(n_filters=8, max_epochs=1, random_state=0, verbose=0)
    ... ).fit(X, y)
    >>> attributions, errors = integrated_gradients(model, X[:3], return_errors=True)
    >>> attributions.shape, bool(errors.max() < 0.05)
    ((3, 4, 30), True)
    """
    classifier, device, X = _prepare(estimator, X)
    log_odds = _log_odds_function(classifier, target, task)
    reference = _baseline(baseline, X.shape[1:])
    base = torch.as_tensor(reference, device=device)
    attributions = _path_integrals(log_odds, X, base, n_steps, batch_size, device)
    with torch.no_grad():
        change = _batched_log_odds(log_odds, X, device, batch_size=256, fast=False) - float(
            log_odds(base[None]).cpu().numpy()[0]
        )
    totals = attributions.reshape(len(X), -1).sum(axis=1, dtype=np.float64)
    errors = np.abs(totals - change) / np.maximum(np.abs(change), COMPLETENESS_FLOOR)
    if len(errors) and errors.max() > tolerance:
        worst = int(errors.argmax())
        warnings.warn(
            f"integrated gradients: the attributions of sequence {worst} add up to "
            f"{totals[worst]:.4g}, not f(x) - f(baseline) = {change[worst]:.4g} (relative "
            f"error {errors[worst]:.1%} > tolerance {tolerance:.1%}); raise n_steps",
            UserWarning,
            stacklevel=3,  # the caller, past validate_params
        )
    return (attributions, errors) if return_errors else attributions


def _path_integrals(log_odds, X, base, n_steps, batch_size, device):
    """``(x - b) *`` the ``n_steps``-point Gauss-Legendre integral of the gradient of
    ``log_odds`` along the straight path from ``base`` to every sequence of ``X``."""
    nodes, weights = np.polynomial.legendre.leggauss(n_steps)
    alphas = torch.as_tensor((nodes + 1) / 2, dtype=torch.float32, device=device)
    weights = torch.as_tensor(weights / 2, dtype=torch.float32, device=device)
    attributions = np.empty(X.shape, dtype=np.float32)
    for start in range(0, len(X), batch_size):
        inputs = torch.as_tensor(X[start : start + batch_size], device=device)
        difference = inputs - base
        path = (base + alphas[:, None, None, None] * difference).reshape(-1, *X.shape[1:])
        path.requires_grad_()
        (gradient,) = torch.autograd.grad(log_odds(path).sum(), path)
        gradient = gradient.reshape(n_steps, *inputs.shape)
        averaged = (weights[:, None, None, None] * gradient).sum(dim=0)
        attributions[start : start + batch_size] = (difference * averaged).cpu().numpy()
    return attributions


def _baseline(baseline, shape):
    if isinstance(baseline, str):
        if baseline == "uniform":
            return np.full(shape, 0.25, dtype=np.float32)
        return np.zeros(shape, dtype=np.float32)  # "zeros", as validate_params checked
    reference = np.asarray(baseline, dtype=np.float32)
    if reference.shape != shape:
        raise ValueError(f"baseline must have shape {shape} (4, length), got {reference.shape}")
    return reference
