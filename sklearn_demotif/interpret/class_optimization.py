"""Class optimization: the input a trained classifier finds most typical of a class.

This is the second half of the Deep Motif paper: gradient ascent on the input
of a frozen network turns what it learned into a position weight matrix.
``DeepMotifClassifier.motif_()`` calls :func:`optimize_class`.
"""

from itertools import combinations

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from .._options import CLASS_OPTIMIZATION
from .._utils import check_count, check_number, dna_classifier, target_index
from ..motifs import PWM, motif_similarity
from ..networks import frozen_for_inference

__all__ = ["optimize_class", "restart_stability"]


def restart_stability(pwms):
    """How much the restarts of class optimization agree, from 0 to 1.

    Every restart's PWM is trimmed (:meth:`~sklearn_demotif.motifs.PWM.trim`),
    and the stability is the mean over all pairs of
    :func:`~sklearn_demotif.motifs.motif_similarity` of their trimmed motifs:
    the shorter slides along the longer on both strands and the best alignment's
    mean column similarity ``1 - TV(p, q)`` counts.  Values near 1 say that
    every restart found the same motif; a motif-less network gives random
    inputs and values near 0.5 or below.

    Parameters
    ----------
    pwms : sequence of PWM
        The motifs of the restarts.

    Returns
    -------
    stability : float
        Mean pairwise similarity; 1.0 for fewer than two motifs.

    Examples
    --------
    >>> from sklearn_demotif.interpret import restart_stability
    >>> from sklearn_demotif.motifs import PWM
    >>> gata = PWM.from_jaspar("MA0035.4")
    >>> restart_stability([gata, gata.reverse_complement()])
    1.0
    """
    trimmed = [pwm.trim() for pwm in pwms]
    pairs = list(combinations(trimmed, 2))
    if not pairs:
        return 1.0
    return float(np.mean([motif_similarity(first, second) for first, second in pairs]))


def optimize_class(
    estimator,
    target=None,
    n_restarts=CLASS_OPTIMIZATION["n_restarts"],
    n_steps=CLASS_OPTIMIZATION["n_steps"],
    lr=CLASS_OPTIMIZATION["lr"],
    l2=CLASS_OPTIMIZATION["l2"],
    random_state=None,
    pseudocount=CLASS_OPTIMIZATION["pseudocount"],
):
    """Class optimization: the input a trained classifier finds most typical of a class.

    Following Deep Motif (Lanchantin et al., 2016), an input ``S`` of shape
    ``(4, L)`` (``L`` the training length) starts as uniform noise in [0, 1]
    and is optimised, with the network in evaluation mode, to maximise::

        log P(target | S) - l2 * ||S||^2

    by backpropagation into the input with RMSprop, as in the authors' code.
    All restarts form one batch.  Each result is clipped to [0, 1], divided
    by its maximum, given a Laplace pseudocount and normalised column by
    column into a PWM.  The restart with the highest ``P(target | S)`` is
    returned.

    Parameters
    ----------
    estimator : SequenceClassifierBase or Pipeline
        A fitted classifier, e.g. :class:`DeepMotifClassifier`, or a Pipeline
        whose last step is one.
    target : label or None, default=None
        The class to optimise for, one of ``classes_``; ``None`` means
        ``classes_[1]``, the positive class of a binary classifier.
    n_restarts : int, default=8
        Independent random starts, optimised together as one batch.
    n_steps : int, default=1000
        RMSprop steps.
    lr : float, default=0.05
        RMSprop learning rate.
    l2 : float, default=0.009
        Weight of the squared L2 norm of the input (the paper's lambda).
    random_state : int, RandomState instance or None, default=None
        Seed of the starting noise.
    pseudocount : float, default=0.1
        Added to every entry after scaling the input to a maximum of 1 and
        before normalising the columns (Laplace smoothing), so no base has
        probability 0.  Positions the network ignores end the optimisation
        within about ``lr`` of 0; a pseudocount above that noise makes them
        nearly uniform, so :meth:`PWM.trim` cuts them off.  Smaller values
        give sharper but wider motifs (0.01 leaves all 101 columns of a
        DeMo input after trimming), larger ones flatter motifs.

    Returns
    -------
    pwm : sklearn_demotif.motifs.PWM
        ``L`` columns; trim it with :meth:`~sklearn_demotif.motifs.PWM.trim`.  ``metadata`` holds
        ``target``, ``probability`` (``P(target | S)`` of the returned
        restart), ``restart_probabilities`` (all restarts), ``restart`` (the
        index of the returned one) and ``stability``: the mean pairwise
        similarity of the restarts' trimmed PWMs in [0, 1] (see
        :func:`restart_stability`), near 1 when all restarts agree.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        Before the classifier is fitted.
    ValueError
        For a target that is not one of ``classes_``, or invalid settings.

    See Also
    --------
    DeepMotifClassifier.motif_ : The same, as a method of the classifier.

    Examples
    --------
    >>> from sklearn_demotif import DeepMotifClassifier
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.interpret import optimize_class
    >>> X, y = make_motif_dataset("MA0035", n_samples=200, length=40, random_state=0)
    >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=1, random_state=0, verbose=0)
    >>> clf = clf.fit(one_hot_encode(X), y)
    >>> pwm = optimize_class(clf, n_restarts=2, n_steps=20, random_state=0)
    >>> pwm.width, 0 <= pwm.metadata["stability"] <= 1
    (40, True)
    """
    classifier = dna_classifier(estimator)
    pwms, probabilities, index = _optimized_inputs(
        classifier, target, n_restarts, n_steps, lr, l2, random_state, pseudocount
    )
    label = classifier.classes_[index]
    best = int(np.argmax(probabilities))
    pwm = pwms[best]
    pwm.metadata.update(
        target=label.item() if hasattr(label, "item") else label,
        probability=float(probabilities[best]),
        restart_probabilities=probabilities.tolist(),
        restart=best,
        stability=restart_stability(pwms),
    )
    return pwm


def _optimized_inputs(
    classifier,
    target=None,
    n_restarts=CLASS_OPTIMIZATION["n_restarts"],
    n_steps=CLASS_OPTIMIZATION["n_steps"],
    lr=CLASS_OPTIMIZATION["lr"],
    l2=CLASS_OPTIMIZATION["l2"],
    random_state=None,
    pseudocount=CLASS_OPTIMIZATION["pseudocount"],
):
    """Every restart of class optimization: ``(pwms, probabilities, target_index)``.

    The work of :func:`optimize_class` (same parameters, same random stream),
    before it keeps the best restart: one PWM of ``L`` columns per restart,
    named ``"class <label>"``, and ``P(target | S)`` of each.
    """
    check_is_fitted(classifier, "net_")
    n_restarts = check_count(n_restarts, "n_restarts")
    n_steps = check_count(n_steps, "n_steps")
    lr = check_number(lr, "lr", strictly_positive=True)
    l2 = check_number(l2, "l2")
    pseudocount = check_number(pseudocount, "pseudocount", strictly_positive=True)
    index = target_index(classifier.classes_, target)
    module = frozen_for_inference(classifier.module_)
    device = torch.device(classifier.device_)
    dtype = next(module.parameters()).dtype
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    generator = torch.Generator().manual_seed(seed)
    shape = (n_restarts, 4, int(classifier.sequence_length_))
    inputs = torch.rand(shape, generator=generator, dtype=dtype).to(device).requires_grad_()
    optimizer = torch.optim.RMSprop([inputs], lr=lr)

    def objective():
        log_probability = torch.log_softmax(module(inputs), dim=1)[:, index]
        return log_probability, log_probability - l2 * inputs.pow(2).sum(dim=(1, 2))

    for _ in range(n_steps):
        _, value = objective()
        (inputs.grad,) = torch.autograd.grad(-value.sum(), inputs)
        optimizer.step()
    with torch.no_grad():
        log_probability, _ = objective()

    probabilities = log_probability.exp().cpu().numpy().astype(np.float64)
    optimised = inputs.detach().clamp(0, 1).cpu().numpy().astype(np.float64)
    maxima = optimised.max(axis=(1, 2), keepdims=True)
    optimised = np.divide(optimised, maxima, out=np.zeros_like(optimised), where=maxima > 0)
    optimised += pseudocount
    optimised /= optimised.sum(axis=1, keepdims=True)
    label = classifier.classes_[index]
    pwms = [PWM(matrix, name=f"class {label}") for matrix in optimised]
    return pwms, probabilities, index
