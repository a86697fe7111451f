"""Every motif a trained model uses, from three views, merged, trimmed and annotated.

:func:`find_motifs` asks a model what it learned three ways and reports the
motifs they agree on, most important first:

- **class optimization**: every restart of the Deep Motif paper's gradient
  ascent on the input (:func:`optimize_class` keeps only the best), cut into
  its informative cores and clustered;
- **filters**: the first convolution layer's filters as PWMs of the windows
  that activate them most in bound sequences (DeepBind, Basset);
- **seqlets**: high-attribution windows of bound sequences, clustered and
  aligned into PWMs (the idea of TF-MoDISco).

Every candidate is scanned with FIMO in bound and unbound sequences
(:func:`~sklearn_demotif.motifs.site_statistics`); candidates without
enriched sites are dropped, and candidates that are the same motif (alike on
either strand, or sitting on the same sites) are merged.  Each motif is
named by its best calibrated JASPAR match
(:func:`~sklearn_demotif.motifs.compare_to_jaspar`).
"""

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, validate_params
from sklearn.utils.validation import check_is_fitted
from tqdm.auto import tqdm

from .._options import MAX_MOTIFS
from .._utils import encoder_for, final_classifier, is_multilabel, positive_class_index, task_index
from ..encoding import dinucleotide_shuffle, one_hot_decode, one_hot_encode
from ..motifs import compare_to_jaspar, find_sites, motif_auc, motif_similarity, site_statistics
from ._filters import filter_motifs
from ._seqlets import seqlet_motifs
from .attribution import _batched_log_odds, _log_odds_function
from .class_optimization import _class_optimization_cores
from .experiments import marginalize

__all__ = ["find_motifs", "motif_table"]

METHODS = ("class_optimization", "filters", "seqlets")
#: Background sequences (unbound, or shuffles) each motif's effect is measured on.
EFFECT_SEQUENCES = 500

_COUNT = Interval(Integral, 1, None, closed="left")
_SHARE = Interval(Real, 0, 1, closed="both")


@validate_params(
    {
        "model": "no_validation",
        "X": ["array-like"],
        "y": ["array-like", None],
        "task": "no_validation",
        "methods": [list, tuple],
        "max_motifs": [_COUNT],
        "random_state": ["random_state"],
        "max_sequences": [_COUNT],
        "n_restarts": [_COUNT],
        "n_steps": [_COUNT],
        "merge_similarity": [_SHARE],
        "merge_overlap": [_SHARE],
        "min_site_information": [Interval(Real, 0, None, closed="left")],
        "max_enrichment_p": [_SHARE],
        "compare": ["boolean"],
        "verbose": ["verbose"],
    },
    prefer_skip_nested_validation=True,
)
def find_motifs(model, X, y=None, *, task=None, methods=METHODS, max_motifs=MAX_MOTIFS,
                random_state=None, max_sequences=2000, n_restarts=16, n_steps=1000,
                merge_similarity=0.8, merge_overlap=0.5, min_site_information=0.05,
                max_enrichment_p=1e-3, compare=True, verbose=1):
    """Every motif a trained classifier uses, most important first.

    Three views propose motifs (see the module's description): restarts of class optimization,
    first-layer filters and seqlets.  Each proposal is cut to its informative core
    (:meth:`~sklearn_demotif.motifs.PWM.cores`, so no motif is wider than 30 columns) and scanned
    with FIMO in the bound and unbound sequences (:func:`~sklearn_demotif.motifs.site_statistics`).
    A proposal is kept when its sites carry at least ``min_site_information`` bits about binding
    and are enriched in bound sequences (one-sided Fisher p below ``max_enrichment_p``).  Proposals
    are taken by decreasing site information; each joins the first motif it is one with, else
    starts a new one: on either strand the shorter lies inside the longer (similarity of at least
    ``merge_similarity``, :func:`~sklearn_demotif.motifs.motif_similarity`), or their sites overlap
    in at least ``merge_overlap`` of the bound sequences holding sites of both (a half-site and the
    full motif, a chimera of two halves).  A motif is shown as its most informative member and
    ranked by its site information: how much having a site tells about being bound.  Each motif's
    marginal effect is measured by inserting it into at most 500 background sequences
    (:func:`~sklearn_demotif.interpret.marginalize`).

    Parameters
    ----------
    model : SequenceClassifierBase or Pipeline
        A fitted binary (or multi-task) classifier of this package, or a Pipeline ending in one
        (whose earlier steps then encode ``X``).
    X : array-like
        Sequences: one-hot of shape ``(n_sequences, 4, length)`` for a classifier, whatever the
        Pipeline takes otherwise (e.g. DNA strings).
    y : array-like of shape (n_sequences,) or None, default=None
        Labels.  With labels, bound sequences are those labelled ``classes_[1]`` and the others are
        the unbound background.  Without, bound sequences are those the model calls positive
        (log-odds > 0) and the background is a dinucleotide shuffle of each of them.  A multi-task
        model's: one task's column ``y[:, task]`` of 0, 1 and NaN (unknown: the row is left out).
    task : int, str or None, default=None
        A multi-task model's task (index or name; required there, refused elsewhere).
    methods : sequence of str, default=("class_optimization", "filters", "seqlets")
        The views to run.
    max_motifs : int, default=10
        The most motifs returned.
    random_state : int, RandomState instance or None, default=None
        Seed of the sequence samples, class optimization and the shuffles.
    max_sequences : int, default=2000
        Bound (and unbound) sequences sampled for scanning; seqlets use at most 1000 bound
        sequences, filter importance 300.
    n_restarts, n_steps : int, default=16, 1000
        Class-optimization restarts and steps.
    merge_similarity, merge_overlap : float, default=0.8, 0.5
        Matrix similarity, and site overlap, at which two proposals are one motif.
    min_site_information : float, default=0.05
        Bits about binding a proposal's sites must carry (relative entropy of having a site in
        bound against unbound sequences); drops motifs that are rare everywhere or common
        everywhere.
    max_enrichment_p : float, default=1e-3
        Proposals need a one-sided Fisher p-value of enrichment below this.
    compare : bool, default=True
        Name every motif by its best JASPAR match (TOMTOM).
    verbose : int, default=1
        Show a progress bar over the steps (on stderr); 0 for silence.

    Returns
    -------
    motifs : list of PWM
        At most ``max_motifs``, most important first, each named ``"motif <rank>"``.  ``metadata``
        holds ``methods`` (the views that found it), ``members`` (``(method, consensus)`` of every
        merged proposal), the site statistics of
        :func:`~sklearn_demotif.motifs.site_statistics` (``support``, ``negative_support``,
        ``excess_support``, ``site_information`` (the ranking score, in bits), ``enrichment``,
        ``enrichment_p`` (None without labels: the background is then shuffles), ``centrality``),
        ``auc`` (ROC AUC of average motif affinity, bound against unbound), ``effect`` and
        ``effect_sem`` (mean change of the positive class's log-odds when the motif is inserted
        at the centre of background sequences, and its standard error) and ``jaspar``: the best
        calibrated JASPAR match ``{"id", "name", "q_value", "p_value"}`` (None with
        ``compare=False``), and for a multi-task model ``task``, the task's name.

    Raises
    ------
    ValueError
        For an unknown method, a non-binary classifier, labels that do not match ``X`` or are not
        the model's classes (naming them), a 2-D ``y``, a bad ``task`` or < 10 bound sequences.

    See Also
    --------
    sklearn_demotif.interpret.optimize_class : The single motif of class optimization
        (``DeepMotifClassifier.motif_``).
    sklearn_demotif.motifs.compare_to_jaspar : The calibrated JASPAR comparison.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.interpret import find_motifs
    >>> X, y = make_motif_dataset("MA0138", n_samples=400, length=60, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepMotifClassifier(n_filters=16, random_state=0, verbose=0)
    ... ).fit(X, y)
    >>> motifs = find_motifs(model, X, y, methods=("seqlets",), random_state=0, verbose=0)
    >>> best = motifs[0]
    >>> best.metadata["jaspar"]["name"], best.width <= 30, best.metadata["effect"] > 0
    ('REST', True, True)
    """
    classifier, log_odds, device, rng = _check_arguments(model, methods, random_state, task)
    X_positive, X_negative = _bound_and_background(
        classifier, encoder_for(model)(X), y, log_odds, device, max_sequences, rng
    )
    progress = tqdm(total=len(methods) + 4, desc="find_motifs", disable=not verbose, leave=False)
    proposals = _proposals(methods, classifier, log_odds, X_positive, device, rng, progress,
                           dict(n_restarts=n_restarts, n_steps=n_steps, task=task))
    progress.set_postfix_str("sites")
    proposals = _annotate(proposals, X_positive, X_negative, y is not None)
    kept = _enriched(proposals, min_site_information, max_enrichment_p)
    _step(progress, "merge")
    motifs = _merge(kept, merge_similarity, merge_overlap)[:max_motifs]
    _step(progress, "effects")
    _measure_effects(classifier, motifs, X_negative, rng, task=task)
    _step(progress, "names")
    _name_motifs(motifs, compare, classifier, task)
    progress.close()
    return motifs


def _step(progress, name):
    """Count the step done and show the next one's name (the steps: every method, then
    sites, merge, effects and names)."""
    progress.update()
    progress.set_postfix_str(name)


def _measure_effects(classifier, motifs, X_background, rng, max_sequences=EFFECT_SEQUENCES,
                     task=None):
    """Give every motif its marginal ``effect`` and ``effect_sem`` on a background sample."""
    background = X_background[rng.permutation(len(X_background))[:max_sequences]]
    seed = int(rng.randint(np.iinfo(np.int32).max))  # the same sites' draws for every motif
    for motif in motifs:
        effect = marginalize(classifier, background, motif, task=task, random_state=seed)
        motif.metadata.update(effect=float(effect.effect), effect_sem=float(effect.sem))


def _check_arguments(model, methods, random_state, task=None):
    """The fitted binary or multi-task classifier in ``model`` (``methods`` and ``task``
    checked), its (task's) log-odds function and device, and the random state."""
    classifier = final_classifier(model)
    check_is_fitted(classifier, "net_")
    unknown = sorted(set(methods) - set(METHODS))
    if unknown or not methods:
        raise ValueError(f"methods must be a non-empty subset of {METHODS}, got {methods!r}")
    if is_multilabel(classifier) or task is not None:
        task_index(classifier, task)
    else:
        positive_class_index(classifier.classes_)
    log_odds = _log_odds_function(classifier, task=task)
    return classifier, log_odds, torch.device(classifier.device_), check_random_state(random_state)


def _proposals(methods, classifier, log_odds, X_positive, device, rng, progress,
               class_optimization):
    """Every view's candidate PWMs, each with the view in ``metadata["method"]``;
    ``class_optimization`` holds ``n_restarts``, ``n_steps`` and ``task``."""
    proposals = []
    for method in methods:
        progress.set_postfix_str(method)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        if method == "class_optimization":
            found = _class_optimization_cores(classifier, **class_optimization, random_state=seed)
        elif method == "filters":
            found = [
                _best_core(pwm)
                for pwm in filter_motifs(log_odds.module, log_odds, X_positive, device)
            ]
        else:
            found = seqlet_motifs(log_odds, X_positive[:1000], device, random_state=seed)
        for pwm in found:
            if pwm is not None:
                pwm.metadata["method"] = method
                proposals.append(pwm)
        progress.update()
    return proposals


def _enriched(proposals, min_site_information, max_enrichment_p):
    """The proposals whose sites carry enough information and are enriched enough."""
    return [
        pwm
        for pwm in proposals
        if pwm.metadata["site_information"] >= min_site_information
        and pwm.metadata["_fisher_p"] < max_enrichment_p
    ]


def _name_motifs(motifs, compare, classifier, task=None):
    """Name the motifs by rank and, with ``compare``, by their best JASPAR match; a multi-task
    model's motifs also by their task."""
    for rank, pwm in enumerate(motifs, start=1):
        pwm.name = f"motif {rank}"
        if is_multilabel(classifier):
            pwm.metadata["task"] = str(classifier.task_names_[task_index(classifier, task)])
        pwm.metadata["jaspar"] = None
        if compare:
            best = compare_to_jaspar(pwm, top=1).iloc[0]
            pwm.metadata["jaspar"] = {
                "id": best["matrix_id"],
                "name": best["name"],
                "q_value": float(best["q_value"]),
                "p_value": float(best["p_value"]),
            }


@validate_params({"motifs": ["array-like"]}, prefer_skip_nested_validation=True)
def motif_table(motifs):
    """The motifs of :func:`find_motifs` as a table, one row per motif.

    Parameters
    ----------
    motifs : list of PWM
        As :func:`find_motifs` returns them.

    Returns
    -------
    table : pandas.DataFrame
        Columns ``rank``, ``name``, ``consensus``, ``width``, ``methods``
        (comma-separated), ``support``, ``negative_support``, ``enrichment``,
        ``enrichment_p``, ``centrality``, ``site_information``, ``auc``,
        ``effect`` (the mean change of the log-odds when the motif is
        inserted into background sequences), ``effect_sem``, ``jaspar_id``,
        ``jaspar_name`` and ``jaspar_q_value`` (empty without a comparison).

    Examples
    --------
    >>> from sklearn_demotif.interpret import motif_table
    >>> from sklearn_demotif.motifs import PWM
    >>> motif = PWM.from_jaspar("MA0035.4")
    >>> motif.metadata.update(methods=["seqlets"], support=0.5)
    >>> motif_table([motif])[["rank", "consensus", "methods", "support"]].values.tolist()
    [[1, 'TTCTAATCTAT', 'seqlets', 0.5]]
    """
    import pandas as pd

    numbers = ["support", "negative_support", "enrichment", "enrichment_p", "centrality"]
    numbers += ["site_information", "auc", "effect", "effect_sem"]
    rows = []
    for rank, motif in enumerate(motifs, start=1):
        metadata = motif.metadata
        match = metadata.get("jaspar") or {}
        row = {
            "rank": rank,
            "name": motif.name,
            "consensus": motif.consensus,
            "width": motif.width,
            "methods": ",".join(metadata.get("methods", ())),
        }
        row.update({key: metadata.get(key, np.nan) for key in numbers})
        row.update(
            jaspar_id=match.get("id"),
            jaspar_name=match.get("name"),
            jaspar_q_value=match.get("q_value", np.nan),
        )
        rows.append(row)
    columns = ["rank", "name", "consensus", "width", "methods", *numbers]
    return pd.DataFrame(rows, columns=columns + ["jaspar_id", "jaspar_name", "jaspar_q_value"])


def _labelled(classifier, X, y):
    """``X`` and ``y`` checked; for a multi-task model, without the rows of unknown (NaN) label.

    A 2-D ``y`` is refused: find_motifs works on one task at a time.
    """
    if y is None:
        return X, None
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        if not is_multilabel(classifier):
            raise ValueError(
                f"a multilabel y passed to a model fitted as binary: y has shape {y.shape}; "
                "give one label per sequence"
            )
        raise ValueError(
            f"find_motifs takes one task's labels, but y has shape {y.shape}: pass one column "
            "y[:, k] and task=k"
        )
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} sequences but y has {len(y)} labels")
    if is_multilabel(classifier):
        y = _task_labels(y)
        known = ~np.isnan(y)
        return X[known], y[known].astype(int)
    return X, y


def _task_labels(y):
    """One task's labels as floats, checked to be 0, 1 or NaN (unknown)."""
    try:
        y = y.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"a multi-task model's labels are 0, 1 or NaN (unknown); y holds {y.dtype} values"
        ) from None
    other = np.unique(y[~np.isnan(y) & (y != 0) & (y != 1)])
    if len(other):
        shown = ", ".join(map(repr, other[:5].tolist()))
        raise ValueError(
            f"a multi-task model's labels are 0, 1 or NaN (unknown); y holds {shown}"
        )
    return y


def _check_labels(classifier, y, n_sequences):
    """``y`` as an array: one label per sequence, each one of the model's classes."""
    y = np.asarray(y)
    if len(y) != n_sequences:
        raise ValueError(f"X has {n_sequences} sequences but y has {len(y)} labels")
    if is_multilabel(classifier):
        return y  # checked by _labelled: 0 and 1
    classes = classifier.classes_.tolist()
    unknown = sorted(set(y.tolist()).difference(classes), key=str)
    if unknown:
        shown = ", ".join(map(repr, unknown[:5])) + (", ..." if len(unknown) > 5 else "")
        raise ValueError(
            f"y holds labels the model does not know: {shown}; its classes are "
            f"{', '.join(map(repr, classes))}"
        )
    return y


def _bound_and_background(classifier, X, y, log_odds, device, max_sequences, rng):
    """Sampled bound sequences and their background (unbound, or shuffles of the bound); a
    multi-task model's sequences of unknown label left out."""
    X, y = _labelled(classifier, X, y)
    if y is not None:
        y = _check_labels(classifier, y, len(X))
        bound = y == (1 if is_multilabel(classifier) else _positive_class(classifier))
    else:
        bound = _batched_log_odds(log_odds, X, device, batch_size=512, fast=True) > 0
    if bound.sum() < 10:
        raise ValueError(
            f"find_motifs needs at least 10 bound sequences, got {int(bound.sum())}"
            + ("" if y is not None else " called positive by the model")
        )
    X_positive = X[rng.permutation(np.flatnonzero(bound))[:max_sequences]]
    unbound = np.flatnonzero(~bound) if y is not None else []
    if len(unbound):
        X_negative = X[rng.permutation(unbound)[:max_sequences]]
    else:
        shuffles = dinucleotide_shuffle(one_hot_decode(X_positive), random_state=rng)
        X_negative = one_hot_encode(shuffles)
    return X_positive, X_negative


def _positive_class(classifier):
    return classifier.classes_[positive_class_index(classifier.classes_)]


def _best_core(pwm):
    """The most informative core of a motif (None without any), keeping its metadata."""
    cores = pwm.cores()
    return max(cores, key=lambda core: core.information_content().sum()) if cores else None


def _annotate(proposals, X_positive, X_negative, labelled):
    """Site statistics and AMA AUC of every proposal; its sites kept for merging."""
    if not proposals:
        return []
    positive_sites = find_sites(proposals, X_positive)
    negative_sites = find_sites(proposals, X_negative)
    X_both = np.concatenate([X_positive, X_negative])
    y_both = np.r_[np.ones(len(X_positive), int), np.zeros(len(X_negative), int)]
    for pwm, sites, background in zip(proposals, positive_sites, negative_sites, strict=True):
        statistics = site_statistics(pwm, X_positive, X_negative, sites=(sites, background))
        pwm.metadata.update(statistics)
        pwm.metadata["_fisher_p"] = statistics["enrichment_p"]
        if not labelled:
            pwm.metadata["enrichment_p"] = None
        pwm.metadata["auc"] = motif_auc(pwm, X_both, y_both)
        pwm.metadata["_sites"] = sites
    return proposals


def site_overlap(first, second):
    """Share of the bound sequences holding sites of both motifs where two sites overlap."""
    joined = first[["sequence", "start", "end"]].merge(
        second[["sequence", "start", "end"]], on="sequence", suffixes=("", "_other")
    )
    if not len(joined):
        return 0.0
    overlapping = (joined["start"] < joined["end_other"]) & (joined["start_other"] < joined["end"])
    return joined.loc[overlapping, "sequence"].nunique() / joined["sequence"].nunique()


def _merge(proposals, min_similarity, min_overlap):
    """Group proposals that are one motif; one PWM per group, most important first.

    Proposals are taken by decreasing ``site_information``; each joins the
    first group whose leader (its most informative member) it resembles or
    shares sites with, else leads a new group.  Comparing with leaders only
    keeps a chain of weak resemblances from gluing motifs together.
    """
    order = sorted(proposals, key=lambda pwm: -pwm.metadata["site_information"])
    groups = []
    for pwm in order:
        for group in groups:
            leader = group[0]
            if (
                motif_similarity(leader, pwm) >= min_similarity
                or site_overlap(leader.metadata["_sites"], pwm.metadata["_sites"]) >= min_overlap
            ):
                group.append(pwm)
                break
        else:
            groups.append([pwm])
    motifs = []
    for group in groups:
        leader = group[0].copy()
        for key in ("method", "_sites", "_fisher_p"):
            leader.metadata.pop(key, None)
        leader.metadata["methods"] = sorted({pwm.metadata["method"] for pwm in group})
        leader.metadata["members"] = [(pwm.metadata["method"], pwm.consensus) for pwm in group]
        motifs.append(leader)
    return motifs

