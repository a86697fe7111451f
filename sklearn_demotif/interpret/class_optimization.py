"""Class optimization: the motif a trained classifier finds most typical of a class.

This is the second half of the Deep Motif paper: gradient ascent on the input
of a frozen network turns what it learned into a position weight matrix.
``DeepMotifClassifier.motif_()`` calls :func:`optimize_class`, which by default
cuts every restart's optimized input into its informative cores, merges the
cores that agree across restarts and returns the one that raises the class's
log-odds most when inserted into background sequences
(:func:`~sklearn_demotif.interpret.marginalize`).  :func:`find_motifs
<sklearn_demotif.interpret.find_motifs>` takes the same merged cores as its
class-optimization view (:func:`_clustered_cores`).
"""

from itertools import combinations
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.validation import check_is_fitted

from .._options import CLASS_OPTIMIZATION, MOTIF_OUTPUTS
from .._utils import dna_classifier, encoder_for, is_multilabel
from ..motifs import PWM, motif_similarity
from ..networks import frozen_for_inference
from .attribution import _output_index
from .experiments import marginalize

__all__ = ["optimize_class", "restart_stability"]

#: Similarity (:func:`~sklearn_demotif.motifs.motif_similarity`) at which the cores of two
#: restarts are one motif.
CORE_SIMILARITY = 0.8
#: The returned core's probabilities are raised to this power and renormalised (a
#: temperature of 1/2).  Of the powers 1/2, 1, 2, 3 and 5, 2 gave the highest mean AMA-AUC
#: on the training sets of the 16 development experiments (``docs/motifs.md``).
CORE_SHARPENING = 2


@validate_params({"pwms": ["array-like"]}, prefer_skip_nested_validation=True)
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


_COUNT = Interval(Integral, 1, None, closed="left")


@validate_params(
    {
        "estimator": "no_validation",
        "target": "no_validation",
        "task": "no_validation",
        "output": [StrOptions(set(MOTIF_OUTPUTS))],
        "background": ["array-like", None],
        "n_background": [_COUNT],
        "n_restarts": [_COUNT],
        "n_steps": [_COUNT],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "l2": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "pseudocount": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def optimize_class(
    estimator, *, target=None, task=None, output=CLASS_OPTIMIZATION["output"], background=None,
    n_background=CLASS_OPTIMIZATION["n_background"], n_restarts=CLASS_OPTIMIZATION["n_restarts"],
    n_steps=CLASS_OPTIMIZATION["n_steps"], lr=CLASS_OPTIMIZATION["lr"],
    l2=CLASS_OPTIMIZATION["l2"], random_state=None,
    pseudocount=CLASS_OPTIMIZATION["pseudocount"],
):
    """Class optimization: the motif a trained classifier finds most typical of a class.

    Following Deep Motif (Lanchantin et al., 2016), an input ``S`` of shape
    ``(4, L)`` (``L`` the training length) starts as uniform noise in [0, 1]
    and is optimised, with the network in evaluation mode, to maximise::

        log P(target | S) - l2 * ||S||^2

    by backpropagation into the input with RMSprop, as in the authors' code.
    All restarts form one batch.  Each result is clipped to [0, 1], divided
    by its maximum, given a Laplace pseudocount and normalised column by
    column into a PWM.  A multi-task model's class is a task, its P the sigmoid of its logit.

    With ``output="core"`` every restart's input is cut into its informative
    cores (:meth:`~sklearn_demotif.motifs.PWM.cores`, at most 30 columns),
    cores alike on either strand (similarity at least 0.8) are one motif,
    represented by the core of the most probable restart holding it, and the
    motif that raises the target's log-odds most when inserted at the centre
    of background sequences (:func:`~sklearn_demotif.interpret.marginalize`)
    is returned, its probabilities squared and renormalised (sharper, as the
    training sets' AMA-AUC prefers): an optimized input holds weak copies of
    the site, chimeras and repeats beside it.  ``output="input"`` returns the
    paper's literal output, the whole optimized input of the most probable
    restart.

    Parameters
    ----------
    estimator : SequenceClassifierBase or Pipeline
        A fitted classifier, e.g. :class:`DeepMotifClassifier`, or a Pipeline
        whose last step is one.
    target : label or None, default=None
        The class to optimise for, one of ``classes_``; ``None`` means
        ``classes_[1]``, the positive class of a binary classifier.
    task : int, str or None, default=None
        A multi-task model's task (index or name; required there, refused elsewhere).
    output : {"core", "input"}, default="core"
        The best core of the optimized inputs, or the whole optimized input.
    background : array-like or None, default=None
        With ``output="core"``: the sequences the cores are inserted into, as
        ``estimator`` takes them, e.g. the training negatives.  ``None`` means
        ``n_background`` random sequences of the training length (uniform
        bases, seeded by ``random_state``): no site of their own, so the
        effect is that of the core alone.
    n_background : int, default=200
        Random background sequences without ``background``.
    n_restarts : int, default=8
        Independent random starts, optimised together as one batch.
    n_steps : int, default=1000
        RMSprop steps.
    lr : float, default=0.05
        RMSprop learning rate.
    l2 : float, default=0.009
        Weight of the squared L2 norm of the input (the paper's lambda).
    random_state : int, RandomState instance or None, default=None
        Seed of the starting noise and of the random background.
    pseudocount : float, default=0.1
        Added to every entry after scaling the input to a maximum of 1 and
        before normalising the columns, so no base has probability 0 and the
        positions the network ignores (within about ``lr`` of 0) are cut off.

    Returns
    -------
    pwm : sklearn_demotif.motifs.PWM
        The core (at most 30 columns) or the whole input (``L`` columns).
        ``metadata`` holds ``output``, ``target`` (a multi-task model's: None,
        and ``task``, its name), ``probability`` (``P(target | S)`` of the
        restart it comes from), ``restart`` (its index), ``restart_probabilities``
        and ``stability`` (agreement of the restarts, :func:`restart_stability`).
        A core also holds ``effect`` and ``effect_sem`` (mean change of the
        target's log-odds when inserted into the background, and its standard
        error), ``n_restarts`` (restarts holding it) and ``trimmed_from``.
        Without any informative core, the best restart's most informative 30
        columns stand in.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        Before the classifier is fitted.
    ValueError
        For a target not in ``classes_``, a bad ``task``, or invalid settings.

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
    >>> core = optimize_class(clf, n_restarts=2, n_steps=20, random_state=0)
    >>> core.width <= 30, core.metadata["output"], "effect" in core.metadata
    (True, 'core', True)
    >>> optimize_class(clf, output="input", n_restarts=2, n_steps=20, random_state=0).width
    40
    """
    classifier = dna_classifier(estimator)
    rng = check_random_state(random_state)
    pwms, probabilities, index = _optimized_inputs(
        classifier, target, n_restarts, n_steps, lr, l2, rng, pseudocount, task=task
    )
    identity = _class_and_task(classifier, index)
    pwm, restart = _kept_motif(estimator, classifier, output, pwms, probabilities, rng,
                               (background, n_background), identity["target"], task)
    pwm.metadata.update(
        output=output, **identity, probability=float(probabilities[restart]), restart=restart,
        restart_probabilities=probabilities.tolist(), stability=restart_stability(pwms),
    )
    return pwm


def _kept_motif(estimator, classifier, output, pwms, probabilities, rng, background, label,
                task):
    """``(pwm, restart)``: the most probable restart's input, or the most effective core
    (``background``: the argument and ``n_background``)."""
    if output == "input":
        restart = int(np.argmax(probabilities))
        return pwms[restart], restart
    background = _background(estimator, classifier, *background, rng)
    pwm = _most_effective_core(classifier, pwms, probabilities, background, label, rng, task)
    return pwm, pwm.metadata.pop("restart_index")


def _class_and_task(classifier, index):
    """The metadata naming column ``index``: ``{"target": label}`` for a single-task model,
    ``{"target": None, "task": name}`` for a multi-task one."""
    if is_multilabel(classifier):
        return {"target": None, "task": str(classifier.task_names_[index])}
    label = classifier.classes_[index]
    return {"target": label.item() if hasattr(label, "item") else label}


def _most_effective_core(classifier, pwms, probabilities, background, label, rng, task=None):
    """The merged core of the restarts that raises ``label``'s log-odds most in ``background``.

    Every core's sites and strands are drawn with the same seed, so the cores
    are compared on the same random draws.  The winner is sharpened
    (:data:`CORE_SHARPENING`) and its effect measured again, as returned.
    """
    best = int(np.argmax(probabilities))
    cores = _clustered_cores(pwms, probabilities) or [_best_window(pwms[best], best)]
    seed = int(rng.randint(np.iinfo(np.int32).max))
    for core in cores:
        _measure_effect(classifier, background, core, label, task, seed)
    best = max(cores, key=lambda core: core.metadata["effect"])
    sharpened = best.matrix**CORE_SHARPENING
    best = best.copy(sharpened / sharpened.sum(axis=0))
    _measure_effect(classifier, background, best, label, task, seed)
    return best


def _measure_effect(classifier, background, core, label, task, seed):
    """Give ``core`` the ``effect`` and ``effect_sem`` of inserting it into ``background``."""
    effect = marginalize(classifier, background, core, target=label, task=task, random_state=seed)
    core.metadata.update(effect=float(effect.effect), effect_sem=float(effect.sem))


def _background(estimator, classifier, background, n_background, rng):
    """One-hot ``background``, else ``n_background`` uniform random training-length sequences."""
    if background is not None:
        return encoder_for(estimator)(background)
    bases = rng.randint(4, size=(n_background, int(classifier.sequence_length_)))
    return np.eye(4, dtype=np.float32)[bases].transpose(0, 2, 1)


def _best_window(pwm, restart, width=30):
    """The most informative ``width`` columns of a restart's input: a core of last resort."""
    information = pwm.information_content()
    width = min(width, pwm.width)
    start = int(np.convolve(information, np.ones(width), "valid").argmax())
    core = pwm.copy(pwm.matrix[:, start : start + width])
    core.metadata.update(trimmed_from=(start, start + width), restart_index=restart, n_restarts=1)
    return core


def _clustered_cores(pwms, probabilities, similarity=CORE_SIMILARITY):
    """The cores of every restart, merged across restarts: one PWM per motif.

    Restarts are taken from the most probable down and each is cut into its
    cores (:meth:`~sklearn_demotif.motifs.PWM.cores`, at most 30 columns);
    a core joins the first motif it resembles on either strand (similarity at
    least ``similarity``), else starts a new one.  Each motif is represented
    by its first core, the one of the most probable restart holding it;
    ``metadata`` gains ``restart_index`` and ``restart_probability`` (of that
    restart) and ``n_restarts`` (restarts holding the motif).  Used by
    :func:`optimize_class` and by the class-optimization view of
    :func:`~sklearn_demotif.interpret.find_motifs`.
    """
    clusters = []  # [representative core, set of restarts]
    for restart in np.argsort(-probabilities, kind="stable"):
        for core in pwms[restart].cores():
            for cluster in clusters:
                if motif_similarity(cluster[0], core) >= similarity:
                    cluster[1].add(int(restart))
                    break
            else:
                core.metadata.update(
                    restart_index=int(restart), restart_probability=float(probabilities[restart])
                )
                clusters.append([core, {int(restart)}])
    for core, restarts in clusters:
        core.metadata["n_restarts"] = len(restarts)
    return [core for core, _ in clusters]


def _class_optimization_cores(classifier, *, n_restarts, n_steps, random_state, task=None):
    """Merged cores (:func:`_clustered_cores`) of class optimization with default settings."""
    pwms, probabilities, _ = _optimized_inputs(
        classifier, n_restarts=n_restarts, n_steps=n_steps, random_state=random_state, task=task
    )
    cores = _clustered_cores(pwms, probabilities)
    for core in cores:
        core.metadata.pop("restart_index")
    return cores


def _optimized_inputs(
    classifier,
    target=None,
    n_restarts=CLASS_OPTIMIZATION["n_restarts"],
    n_steps=CLASS_OPTIMIZATION["n_steps"],
    lr=CLASS_OPTIMIZATION["lr"],
    l2=CLASS_OPTIMIZATION["l2"],
    random_state=None,
    pseudocount=CLASS_OPTIMIZATION["pseudocount"],
    task=None,
):
    """Every restart of class optimization: ``(pwms, probabilities, target_index)``.

    The work of :func:`optimize_class` (same parameters, validated there; the
    starting noise is the first draw of ``random_state``), before it keeps a
    restart: one PWM of ``L`` columns per restart, named ``"class <label>"``
    (``"task <name>"``), and ``P(target | S)`` (``P(task | S)``) of each; the
    index is that of the task's logit for a multi-task model.
    """
    check_is_fitted(classifier, "net_")
    multilabel = is_multilabel(classifier)
    index = _output_index(classifier, target, task)
    module = frozen_for_inference(classifier.module_)
    device = torch.device(classifier.device_)
    dtype = next(module.parameters()).dtype
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    generator = torch.Generator().manual_seed(seed)
    shape = (n_restarts, 4, int(classifier.sequence_length_))
    inputs = torch.rand(shape, generator=generator, dtype=dtype).to(device).requires_grad_()
    optimizer = torch.optim.RMSprop([inputs], lr=lr)

    def objective():
        log_probability = _log_probability(module(inputs), index, multilabel)
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
    name = (f"task {classifier.task_names_[index]}" if multilabel
            else f"class {classifier.classes_[index]}")
    pwms = [PWM(matrix, name=name) for matrix in optimised]
    return pwms, probabilities, index


def _log_probability(logits, index, multilabel):
    """``log P(class index | S)``: the log-sigmoid of a multi-task model's logit ``index`` (its
    tasks are independent), else the log-softmax over the classes."""
    if multilabel:
        return torch.nn.functional.logsigmoid(logits[:, index])
    return torch.log_softmax(logits, dim=1)[:, index]
