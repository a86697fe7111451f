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

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted
from tqdm.auto import tqdm

from .._options import MAX_MOTIFS
from .._utils import check_count, encoder_for, final_classifier, positive_class_index
from ..encoding import dinucleotide_shuffle, one_hot_decode, one_hot_encode
from ..motifs import compare_to_jaspar, find_sites, motif_auc, motif_similarity, site_statistics
from ._filters import filter_motifs
from ._seqlets import seqlet_motifs
from .attribution import _batched_log_odds, _log_odds_function
from .class_optimization import _optimized_inputs

__all__ = ["find_motifs", "motif_table"]

METHODS = ("class_optimization", "filters", "seqlets")


def find_motifs(model, X, y=None, methods=METHODS, max_motifs=MAX_MOTIFS, random_state=None, *,
                max_sequences=2000, n_restarts=16, n_steps=1000, merge_similarity=0.8,
                merge_overlap=0.5, min_site_information=0.05, max_enrichment_p=1e-3,
                compare=True, verbose=1):
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
    ranked by its site information: how much having a site tells about being bound.

    :meth:`DeepMotifClassifier.motif_` stays the paper's single motif.

    Parameters
    ----------
    model : SequenceClassifierBase or Pipeline
        A fitted binary classifier of this package, or a Pipeline ending in one (whose earlier
        steps then encode ``X``).
    X : array-like
        Sequences: one-hot of shape ``(n_sequences, 4, length)`` for a classifier, whatever the
        Pipeline takes otherwise (e.g. DNA strings).
    y : array-like of shape (n_sequences,) or None, default=None
        Labels.  With labels, bound sequences are those labelled ``classes_[1]`` and the others are
        the unbound background.  Without, bound sequences are those the model calls positive
        (log-odds > 0) and the background is a dinucleotide shuffle of each of them.
    methods : sequence of str, default=("class_optimization", "filters", "seqlets")
        The views to run.
    max_motifs : int, default=10
        The most motifs returned.
    random_state : int, RandomState instance or None, default=None
        Seed of the sequence sample, class optimization and the shuffles.
    max_sequences : int, default=2000
        Bound (and unbound) sequences sampled for scanning; seqlets use at most 1000 bound
        sequences, filter importance 300.
    n_restarts : int, default=16
        Class-optimization restarts.
    n_steps : int, default=1000
        Class-optimization steps.
    merge_similarity : float, default=0.8
        Matrix similarity at which two proposals are one motif.
    merge_overlap : float, default=0.5
        Site overlap at which two proposals are one motif.
    min_site_information : float, default=0.05
        Bits about binding a proposal's sites must carry (relative entropy of having a site in
        bound against unbound sequences); drops motifs that are rare everywhere or common
        everywhere.
    max_enrichment_p : float, default=1e-3
        Proposals need a one-sided Fisher p-value of enrichment below this.
    compare : bool, default=True
        Name every motif by its best JASPAR match (TOMTOM; the first call in a process loads
        JASPAR, a few seconds).
    verbose : int, default=1
        Show a progress bar over the steps (on stderr); 0 for silence.

    Returns
    -------
    motifs : list of PWM
        At most ``max_motifs``, most important first, each named ``"motif <rank>"``.  ``metadata``
        holds:

        ``methods``
            The views that found it.
        ``support``, ``negative_support``, ``excess_support``
            Share of bound and of unbound sequences with a FIMO site (p below ``site_p_value``),
            and their difference.
        ``site_information``
            The ranking score, in bits (see :func:`~sklearn_demotif.motifs.site_statistics`).
        ``enrichment``, ``enrichment_p``
            Their ratio and its one-sided Fisher exact p-value (None without labels: the background
            is then shuffles, and the p-value is the same test against them).
        ``centrality``
            1 when the sites sit at the sequences' centre, 0 when spread uniformly
            (:func:`~sklearn_demotif.motifs.site_statistics`).
        ``auc``
            ROC AUC of average motif affinity, bound against unbound.
        ``jaspar``
            The best calibrated JASPAR match: ``{"id", "name", "q_value", "p_value"}`` (None with
            ``compare=False``).
        ``members``
            ``(method, consensus)`` of every merged proposal.

    Raises
    ------
    ValueError
        For an unknown method, a classifier that is not binary, labels that do not match ``X`` or
        are not the model's classes (naming them), or fewer than 10 bound sequences.

    See Also
    --------
    sklearn_demotif.interpret.optimize_class : The paper's single motif.
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
    >>> motifs[0].metadata["jaspar"]["name"], motifs[0].width <= 30
    ('REST', True)
    """
    classifier, max_motifs, rng = _check_arguments(model, methods, max_motifs, random_state)
    device, log_odds = torch.device(classifier.device_), _log_odds_function(classifier)
    X_positive, X_negative = _bound_and_background(
        classifier, encoder_for(model)(X), y, log_odds, device, max_sequences, rng
    )
    steps = [*methods, "sites", "merge"] + (["jaspar"] if compare else [])
    progress = tqdm(total=len(steps), desc="find_motifs", disable=not verbose, leave=False)
    proposals = _proposals(
        methods, classifier, log_odds, X_positive, device, n_restarts, n_steps, rng, progress
    )
    progress.set_postfix_str("sites")
    proposals = _annotate(proposals, X_positive, X_negative, y is not None)
    kept = _enriched(proposals, min_site_information, max_enrichment_p)
    progress.update()
    progress.set_postfix_str("merge")
    motifs = _merge(kept, merge_similarity, merge_overlap)[:max_motifs]
    progress.update()
    _name_motifs(motifs, compare)
    progress.update()
    progress.close()
    return motifs


def _check_arguments(model, methods, max_motifs, random_state):
    """The fitted binary classifier in ``model``, ``max_motifs`` checked and the random state."""
    classifier = final_classifier(model)
    check_is_fitted(classifier, "net_")
    unknown = sorted(set(methods) - set(METHODS))
    if unknown or not methods:
        raise ValueError(f"methods must be a non-empty subset of {METHODS}, got {methods!r}")
    max_motifs = check_count(max_motifs, "max_motifs")
    positive_class_index(classifier.classes_)
    return classifier, max_motifs, check_random_state(random_state)


def _proposals(methods, classifier, log_odds, X_positive, device, n_restarts, n_steps, rng,
               progress):
    """Every view's candidate PWMs, each with the view in ``metadata["method"]``."""
    proposals = []
    for method in methods:
        progress.set_postfix_str(method)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        if method == "class_optimization":
            found = _class_optimization_motifs(classifier, n_restarts, n_steps, seed)
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


def _name_motifs(motifs, compare):
    """Name the motifs by rank and, with ``compare``, by their best JASPAR match."""
    for rank, pwm in enumerate(motifs, start=1):
        pwm.name = f"motif {rank}"
        pwm.metadata["jaspar"] = None
        if compare:
            best = compare_to_jaspar(pwm, top=1).iloc[0]
            pwm.metadata["jaspar"] = {
                "id": best["matrix_id"],
                "name": best["name"],
                "q_value": float(best["q_value"]),
                "p_value": float(best["p_value"]),
            }


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
        ``jaspar_id``, ``jaspar_name`` and ``jaspar_q_value`` (empty without
        a comparison).

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
    numbers += ["site_information", "auc"]
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


def _check_labels(classifier, y, n_sequences):
    """``y`` as an array: one label per sequence, each one of the model's classes."""
    y = np.asarray(y)
    if len(y) != n_sequences:
        raise ValueError(f"X has {n_sequences} sequences but y has {len(y)} labels")
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
    """Sampled bound sequences and their background (unbound, or shuffles of the bound)."""
    if y is not None:
        y = _check_labels(classifier, y, len(X))
        bound = y == classifier.classes_[positive_class_index(classifier.classes_)]
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


def _best_core(pwm):
    """The most informative core of a motif (None without any), keeping its metadata."""
    cores = pwm.cores()
    return max(cores, key=lambda core: core.information_content().sum()) if cores else None


def _class_optimization_motifs(classifier, n_restarts, n_steps, seed, similarity=0.8):
    """Cores of every restart, clustered greedily from the most probable restart down."""
    pwms, probabilities, _ = _optimized_inputs(
        classifier, n_restarts=n_restarts, n_steps=n_steps, random_state=seed
    )
    clusters = []  # [representative core, set of restarts]
    for restart in np.argsort(-probabilities, kind="stable"):
        for core in pwms[restart].cores():
            for cluster in clusters:
                if motif_similarity(cluster[0], core) >= similarity:
                    cluster[1].add(int(restart))
                    break
            else:
                core.metadata["restart_probability"] = float(probabilities[restart])
                clusters.append([core, {int(restart)}])
    for core, restarts in clusters:
        core.metadata["n_restarts"] = len(restarts)
    return [core for core, _ in clusters]


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

