"""In-silico experiments: what a motif does to a trained model's call.

Three controlled experiments on the log-odds of the target class (of a
multi-task model: of the task ``task=``), each
comparing a sequence with an edited copy of itself, so that everything but the
edit cancels:

- :func:`marginalize` inserts a motif at the centre of background sequences:
  how much does the motif alone raise the log-odds?
- :func:`ablate` shuffles a motif's sites away in real sequences: how much of
  the call rests on them?
- :func:`motif_spacing` inserts two motifs at a range of distances: at which
  spacing does the pair count most, and is it more than the sum of its halves
  (cooperativity)?

The background is either sequences given by the user (DNA strings, or one-hot
arrays of shape ``(n_sequences, 4, length)``) or ``"shuffle"``: a dinucleotide
shuffle (:func:`~sklearn_demotif.encoding.dinucleotide_shuffle`) of the
``sequences=`` given, which keeps their composition and destroys their motifs.
Every edited sequence is scored by the one batched scorer of
:mod:`sklearn_demotif.interpret`, on the model's device and at its inference
precision, as ``predict_proba`` scores (bfloat16 on GPUs and on CPUs with
native bfloat16, see the classifiers' ``precision``): about three significant
digits per score, which the means over many sequences average out.
"""

from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.validation import check_is_fitted

from .._options import MOTIF_SPACINGS, SCORING_BATCH_SIZE
from .._utils import encoder_for, final_classifier
from ..encoding import (
    ALPHABET,
    check_one_hot,
    dinucleotide_shuffle,
    one_hot_decode,
    one_hot_encode,
    reverse_complement,
)
from ..motifs import PWM, find_sites
from .attribution import _batched_log_odds, _log_odds_function

__all__ = ["marginalize", "ablate", "motif_spacing"]

#: The letter of a motif string that keeps the background's base (a gap).
GAP = "N"
#: Edited sequences built at a time by :func:`motif_spacing` (memory, not speed:
#: the forward passes take ``batch_size`` of them).
_CHUNK = 16_384

_BACKGROUND = ["array-like", StrOptions({"shuffle"})]
_MOTIF = [str, PWM]
_COMMON = {
    "model": "no_validation",
    "target": "no_validation",
    "task": "no_validation",
    "n_samples": [Interval(Integral, 1, None, closed="left"), None],
    "sequences": ["array-like", None],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "random_state": ["random_state"],
}


def _scorer(model, target, task=None):
    """The target's (a multi-task model's: the task's) log-odds as a function of one-hot
    input, and the device it runs on."""
    classifier = final_classifier(model)
    check_is_fitted(classifier, "net_")
    return _log_odds_function(classifier, target, task), torch.device(classifier.device_)


def _encode(model, X, name):
    """One-hot ``(n, 4, length)`` input: arrays as they are, anything else through the model."""
    array = None if isinstance(X, (list, tuple)) else np.asarray(X)
    if array is not None and array.ndim == 3 and array.dtype.kind in "fiub":
        return np.ascontiguousarray(check_one_hot(array, name=name), dtype=np.float32)
    return encoder_for(model)(X)


def _non_empty(X, name):
    if len(X) == 0:
        raise ValueError(f"{name} holds no sequence: give at least one")
    return X


def _background(model, background, sequences, n_samples, rng):
    """The one-hot background: given, or dinucleotide shuffles of ``sequences``; subsampled."""
    shuffle = isinstance(background, str)
    if shuffle and sequences is None:
        raise ValueError('background="shuffle" needs sequences=: the sequences to shuffle')
    if not shuffle and sequences is not None:
        raise ValueError('sequences= is only used with background="shuffle"')
    name = "sequences" if shuffle else "background"
    X = _encode(model, _non_empty(sequences if shuffle else background, name), name)
    if n_samples is not None and n_samples < len(X):
        X = X[np.sort(rng.choice(len(X), n_samples, replace=False))]
    if shuffle:
        X = one_hot_encode(dinucleotide_shuffle(one_hot_decode(X), random_state=rng))
    return X


def _check_motif(motif, name="motif"):
    """A motif string in upper case, checked letter by letter, or a PWM as it is."""
    if isinstance(motif, PWM):
        return motif
    if not motif:
        raise ValueError(f"{name} is empty")
    allowed = ALPHABET + GAP
    for position, character in enumerate(motif):
        if character.upper() not in allowed:
            raise ValueError(
                f"{name} {motif!r} contains {character!r} at position {position}; "
                f"allowed: {ALPHABET} and {GAP} (a gap that keeps the background's base)"
            )
    return motif.upper()


def _motif_width(motif):
    return motif.width if isinstance(motif, PWM) else len(motif)


def _sites(motif, n_sequences, rng, both_strands):
    """The inserted sites, ``(n_sequences, 4, width)``, and the mask of columns they overwrite.

    A string is the same site for every sequence (its ``N`` columns keep the
    background); a PWM gives one site sampled per sequence, on a random strand
    when ``both_strands``.
    """
    if isinstance(motif, str):
        columns = np.array([ALPHABET.find(base) for base in motif])
        site = np.zeros((4, len(motif)), dtype=np.float32)
        site[columns[columns >= 0], np.flatnonzero(columns >= 0)] = 1.0
        return np.broadcast_to(site, (n_sequences, *site.shape)), columns >= 0
    cumulative = np.cumsum(motif.matrix, axis=0)
    draws = rng.random_sample((n_sequences, 1, motif.width))
    bases = np.minimum((draws > cumulative[None]).sum(axis=1), 3)
    sites = np.eye(4, dtype=np.float32)[bases].transpose(0, 2, 1)
    if both_strands:
        flipped = rng.random_sample(n_sequences) < 0.5
        sites[flipped] = reverse_complement(sites[flipped])
    return sites, np.ones(motif.width, dtype=bool)


def _insert(X, sites, mask, start):
    """A copy of ``X`` with ``sites`` written from column ``start`` where ``mask`` is set."""
    edited = X.copy()
    columns = start + np.flatnonzero(mask)
    edited[:, :, columns] = sites[:, :, mask]
    return edited


def _check_fits(width, length, name):
    if width > length:
        raise ValueError(
            f"{name} is {width} bases long but the sequences only {length}: "
            "give a shorter motif or longer sequences"
        )


def _summary(deltas):
    """The mean of per-sequence changes and its standard error."""
    n = len(deltas)
    sem = float(np.std(deltas, ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return float(np.mean(deltas)) if n else float("nan"), sem


def _summaries(deltas):
    """Means and standard errors of the rows of ``deltas``, shape ``(n_rows, n_sequences)``."""
    n = deltas.shape[1]
    sem = deltas.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else np.full(len(deltas), np.nan)
    return deltas.mean(axis=1), sem


@validate_params(
    {**_COMMON, "background": _BACKGROUND, "motif": _MOTIF,
     "position": [StrOptions({"center"}), Interval(Integral, 0, None, closed="left")]},
    prefer_skip_nested_validation=True,
)
def marginalize(model, background, motif, *, target=None, task=None, n_samples=None,
                position="center", sequences=None, batch_size=SCORING_BATCH_SIZE,
                random_state=None):
    """The mean change of the log-odds when a motif is inserted into background sequences.

    Every background sequence is scored as it is and with the motif written
    over it (at the centre by default); the per-sequence differences are
    averaged.  The background carries whatever the sequences hold, so the
    number is the motif's effect *on top of* that background: use sequences
    like the model's unbound training sequences (or their shuffles).

    Parameters
    ----------
    model : SequenceClassifierBase or Pipeline
        A fitted classifier of this package, or a Pipeline ending in one (whose
        earlier steps then encode DNA strings).
    background : array-like or "shuffle"
        DNA strings (encoded as the model encodes them: a Pipeline's earlier
        steps, else one-hot at the training length), or one-hot of shape
        ``(n_sequences, 4, length)``, which reaches the classifier as it is; or
        ``"shuffle"``: one dinucleotide shuffle of each of ``sequences``.
    motif : str or PWM
        A DNA string of ``ACGT`` (``N`` columns keep the background's base, so
        ``"GGATAA" + "N" * 12 + "TTATCC"`` inserts a pair 12 bases apart); or a
        :class:`~sklearn_demotif.motifs.PWM`, of which one site is sampled per
        sequence and inserted on a random strand (reverse complemented half of
        the time).
    target : label or None, default=None
        One of ``classes_``; ``None`` means the positive class ``classes_[1]``.
    task : int, str or None, default=None
        For a multi-task model (required there): the task whose log-odds,
        ``decision_function(X)[:, task]``, is measured, by index or name.
    n_samples : int or None, default=None
        Use this many background sequences, drawn without replacement; ``None``
        uses all.
    position : "center" or int, default="center"
        Where the motif starts: the centre (``(length - width) // 2``) or a column.
    sequences : array-like or None, default=None
        The sequences to shuffle when ``background="shuffle"``.
    batch_size : int, default=1024
        Sequences per forward pass.
    random_state : int, RandomState instance or None, default=None
        Seed of the subsample, the shuffles and the PWM's sites and strands.

    Returns
    -------
    result : sklearn.utils.Bunch
        ``effect`` (float): mean change of the target's log-odds
        (``log P / (1 - P)``, natural log) from inserting the motif; ``sem``
        (float): its standard error (NaN for one sequence); ``n`` (int): the
        number of background sequences; ``deltas`` (ndarray of shape
        ``(n,)``): the change per sequence.

    Raises
    ------
    ValueError
        For an empty background, a motif longer than the sequences or with a
        letter other than ``ACGTN`` (named with its position), a position that
        does not fit, a target not in ``classes_``, or a task out of range,
        unknown, missing for a multi-task model or given to a single-task one.

    See Also
    --------
    motif_spacing : Two motifs at many distances.
    ablate : The reverse experiment: remove a motif's sites from real sequences.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.interpret import marginalize
    >>> X, y = make_motif_dataset("MA0035", n_samples=100, length=30, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepMotifClassifier(n_filters=8, max_epochs=2, random_state=0, verbose=0)
    ... ).fit(X, y)
    >>> result = marginalize(model, "shuffle", "GATAAG", sequences=X[y == 0], random_state=0)
    >>> result.n, result.deltas.shape
    (50, (50,))
    """
    rng = check_random_state(random_state)
    log_odds, device = _scorer(model, target, task)
    motif = _check_motif(motif)
    X = _background(model, background, sequences, n_samples, rng)
    length, width = X.shape[2], _motif_width(motif)
    _check_fits(width, length, "the motif")
    start = (length - width) // 2 if position == "center" else position
    if start + width > length:
        raise ValueError(
            f"position {start} puts the motif's end at {start + width}, past the sequences' "
            f"length {length}; the last position that fits is {length - width}"
        )
    sites, mask = _sites(motif, len(X), rng, both_strands=True)
    scores = _batched_log_odds(
        log_odds, np.concatenate([X, _insert(X, sites, mask, start)]), device, batch_size, fast=True
    )
    deltas = (scores[len(X):] - scores[: len(X)]).astype(np.float64)
    effect, sem = _summary(deltas)
    return Bunch(effect=effect, sem=sem, n=len(X), deltas=deltas)


def _as_pwm(motif):
    """A PWM for the scanner: a string's ``N`` columns are uniform."""
    return motif if isinstance(motif, PWM) else PWM(one_hot_encode([motif])[0].astype(float))


def _merged_sites(sites):
    """Per sequence, the merged ``[start, end)`` intervals of its sites on either strand."""
    merged = {}
    for sequence, start, end in sites[["sequence", "start", "end"]].itertuples(index=False):
        intervals = merged.setdefault(int(sequence), [])
        if intervals and start <= intervals[-1][1]:
            intervals[-1][1] = max(intervals[-1][1], int(end))
        else:
            intervals.append([int(start), int(end)])
    return merged


def _shuffled_copies(X, merged, n_shuffles, rng):
    """``n_shuffles`` copies of every sequence with sites, each site dinucleotide-shuffled.

    Rows are sequence-major: the copies of the first sequence with sites come first.
    """
    copies = np.repeat(X[list(merged)], n_shuffles, axis=0)
    row = 0
    for sequence, intervals in merged.items():
        for _ in range(n_shuffles):
            for start, end in intervals:
                (text,) = one_hot_decode(X[sequence : sequence + 1, :, start:end])
                shuffled = dinucleotide_shuffle(text, random_state=rng)
                copies[row, :, start:end] = one_hot_encode([shuffled])[0]
            row += 1
    return copies


@validate_params(
    {
        "model": "no_validation",
        "X": ["array-like"],
        "motif": _MOTIF,
        "target": "no_validation",
        "task": "no_validation",
        "p_value": [Interval(Real, 0, 1, closed="neither")],
        "n_shuffles": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def ablate(model, X, motif, *, target=None, task=None, p_value=1e-4, n_shuffles=10,
           batch_size=SCORING_BATCH_SIZE, random_state=None):
    """The drop of the log-odds when a motif's sites in real sequences are shuffled away.

    The motif's sites are found on both strands with FIMO
    (:func:`~sklearn_demotif.motifs.find_sites`); overlapping sites are merged,
    and every site is replaced by a dinucleotide shuffle of itself
    (:func:`~sklearn_demotif.encoding.dinucleotide_shuffle`), which keeps the
    local composition and breaks the motif.  The drop of a sequence is its
    log-odds minus the mean over ``n_shuffles`` shuffles; sequences without a
    site are left out.

    Parameters
    ----------
    model : SequenceClassifierBase or Pipeline
        A fitted classifier of this package, or a Pipeline ending in one.
    X : array-like
        DNA strings, or one-hot of shape ``(n_sequences, 4, length)``.
    motif : str or PWM
        The motif to remove: a :class:`~sklearn_demotif.motifs.PWM`, or a DNA
        string of ``ACGT`` (``N`` for any base), scanned as a PWM of its letters.
    target : label or None, default=None
        One of ``classes_``; ``None`` means the positive class ``classes_[1]``.
    task : int, str or None, default=None
        For a multi-task model (required there): the task whose log-odds,
        ``decision_function(X)[:, task]``, is measured, by index or name.
    p_value : float, default=1e-4
        FIMO's site threshold (relaxed for short motifs as
        :func:`~sklearn_demotif.motifs.site_threshold` says).
    n_shuffles : int, default=10
        Shuffles per sequence; their scores are averaged.
    batch_size : int, default=1024
        Sequences per forward pass.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffles.

    Returns
    -------
    result : sklearn.utils.Bunch
        ``effect`` (float): mean drop of the target's log-odds over the
        sequences with a site (positive when the motif raises the odds; NaN
        when no sequence has one); ``sem`` (float): its standard error;
        ``n`` (int): the number of sequences with at least one site;
        ``n_sites`` (int): the number of sites on either strand; ``deltas``
        (ndarray of shape ``(n,)``): the drop per sequence; ``sequences``
        (ndarray of shape ``(n,)``): their rows in ``X``.

    Raises
    ------
    ValueError
        For empty ``X``, a motif longer than the sequences or with a letter
        other than ``ACGTN``, a target not in ``classes_``, or a task out of
        range, unknown, missing for a multi-task model or given to a
        single-task one.

    See Also
    --------
    marginalize : The reverse experiment: insert a motif into a background.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.interpret import ablate
    >>> from sklearn_demotif.motifs import PWM
    >>> X, y = make_motif_dataset("MA0035", n_samples=100, length=30, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepMotifClassifier(n_filters=8, max_epochs=2, random_state=0, verbose=0)
    ... ).fit(X, y)
    >>> result = ablate(model, X[y == 1], PWM.from_jaspar("MA0035"), random_state=0)
    >>> result.n <= 50, result.deltas.shape == (result.n,)
    (True, True)
    """
    rng = check_random_state(random_state)
    log_odds, device = _scorer(model, target, task)
    pwm = _as_pwm(_check_motif(motif))
    X = _encode(model, _non_empty(X, "X"), "X")
    _check_fits(pwm.width, X.shape[2], "the motif")
    sites = find_sites(pwm, X, p_value=p_value)
    merged = _merged_sites(sites)
    indices = np.fromiter(merged, dtype=int, count=len(merged))
    copies = _shuffled_copies(X, merged, n_shuffles, rng)
    scores = _batched_log_odds(
        log_odds, np.concatenate([X[indices], copies]), device, batch_size, fast=True
    )
    original, shuffled = scores[: len(indices)], scores[len(indices):]
    deltas = (original - shuffled.reshape(len(indices), n_shuffles).mean(axis=1)).astype(np.float64)
    effect, sem = _summary(deltas)
    return Bunch(effect=effect, sem=sem, n=len(indices), n_sites=len(sites), deltas=deltas,
                 sequences=indices)


def _check_spacings(spacings, length, widths):
    """The spacings as integers, or a ValueError naming the largest one that fits."""
    spacings = np.asarray(spacings)
    if spacings.ndim != 1 or len(spacings) == 0 or spacings.dtype.kind not in "iu":
        raise ValueError(f"spacings must be a non-empty 1-D sequence of integers, got {spacings!r}")
    largest = length - sum(widths)
    if largest < 0:
        raise ValueError(
            f"the two motifs ({widths[0]} + {widths[1]} bases) do not fit in sequences of "
            f"length {length}"
        )
    if spacings.min() < 0 or spacings.max() > largest:
        culprit = spacings.min() if spacings.min() < 0 else spacings.max()
        raise ValueError(
            f"spacing {culprit} does not fit: with motifs of {widths[0]} and {widths[1]} bases "
            f"in sequences of length {length}, spacings go from 0 to {largest}"
        )
    return spacings.astype(int)


def _pair_starts(length, widths, spacing):
    """Where the two motifs start: the pair ``first + spacing + second`` centred."""
    first = (length - (widths[0] + spacing + widths[1])) // 2
    return first, first + widths[0] + spacing


def _spacing_deltas(score, X, first, second, spacings):
    """Per spacing and sequence, the changes from the pair, the first and the second alone.

    Returns an array of shape ``(3, n_spacings, n_sequences)``; the edited
    sequences are built in chunks of about ``_CHUNK`` and scored together.
    """
    (sites_1, mask_1), (sites_2, mask_2) = first, second
    widths = (len(mask_1), len(mask_2))
    reference = score(X)
    deltas = np.empty((3, len(spacings), len(X)))
    per_chunk = max(1, _CHUNK // (3 * len(X)))
    for chunk in range(0, len(spacings), per_chunk):
        edited = []
        for spacing in spacings[chunk : chunk + per_chunk]:
            start_1, start_2 = _pair_starts(X.shape[2], widths, spacing)
            alone_1 = _insert(X, sites_1, mask_1, start_1)
            edited += [_insert(alone_1, sites_2, mask_2, start_2), alone_1,
                       _insert(X, sites_2, mask_2, start_2)]
        scores = score(np.concatenate(edited)).reshape(-1, 3, len(X)) - reference
        deltas[:, chunk : chunk + per_chunk] = scores.transpose(1, 0, 2)
    return deltas


@validate_params(
    {**_COMMON, "background": _BACKGROUND, "first": _MOTIF, "second": _MOTIF,
     "spacings": ["array-like"]},
    prefer_skip_nested_validation=True,
)
def motif_spacing(model, background, first, second, *, spacings=range(*MOTIF_SPACINGS),
                  target=None, task=None, n_samples=None, sequences=None,
                  batch_size=SCORING_BATCH_SIZE, random_state=None):
    """How the effect of two motifs depends on the distance between them.

    For every spacing, ``first`` and then ``second`` are written on the same
    strand, ``spacing`` bases apart (from the end of ``first`` to the start of
    ``second``), the pair centred in every background sequence.  The
    *cooperativity* is the pair's effect minus the sum of the effects of each
    motif inserted alone **at the same columns as in the pair**: the model's
    response depends on where a motif sits (edges, pooling), and measuring
    the singles where they sit in the pair leaves only the interaction in the
    difference.  The two motifs never overlap, so their effects add up
    exactly for a model that treats them independently.

    Parameters
    ----------
    model : SequenceClassifierBase or Pipeline
        A fitted classifier of this package, or a Pipeline ending in one.
    background : array-like or "shuffle"
        DNA strings (encoded as the model encodes them: a Pipeline's earlier
        steps, else one-hot at the training length), or one-hot of shape
        ``(n_sequences, 4, length)``, which reaches the classifier as it is; or
        ``"shuffle"``: one dinucleotide shuffle of each of ``sequences``.
    first, second : str or PWM
        The motifs, in the order they are written (5' to 3'): DNA strings of
        ``ACGT`` (``N`` keeps the background's base), or PWMs, of which one
        site per sequence is sampled (on the PWM's own strand) and used at
        every spacing.
    spacings : array-like of int, default=range(0, 41)
        Bases between the end of ``first`` and the start of ``second``.
    target : label or None, default=None
        One of ``classes_``; ``None`` means the positive class ``classes_[1]``.
    task : int, str or None, default=None
        For a multi-task model (required there): the task whose log-odds,
        ``decision_function(X)[:, task]``, is measured, by index or name.
    n_samples : int or None, default=None
        Use this many background sequences, drawn without replacement.
    sequences : array-like or None, default=None
        The sequences to shuffle when ``background="shuffle"``.
    batch_size : int, default=1024
        Sequences per forward pass.
    random_state : int, RandomState instance or None, default=None
        Seed of the subsample, the shuffles and the PWMs' sites.

    Returns
    -------
    table : pandas.DataFrame
        One row per spacing, columns ``spacing``; ``effect`` and ``sem``: mean
        change of the target's log-odds (natural log) with both motifs
        inserted, and its standard error; ``first_effect`` and
        ``second_effect``: each motif alone at its place in the pair;
        ``cooperativity``: ``effect - (first_effect + second_effect)``, and
        ``cooperativity_sem``, its standard error over the sequences.

    Raises
    ------
    ValueError
        For an empty background, motifs with a letter other than ``ACGTN``,
        spacings that do not fit in the sequences (the message names the
        largest that does), a target not in ``classes_``, or a task out of
        range, unknown, missing for a multi-task model or given to a
        single-task one.

    See Also
    --------
    marginalize : One motif.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.interpret import motif_spacing
    >>> X, y = make_motif_dataset("MA0035", n_samples=100, length=30, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepMotifClassifier(n_filters=8, max_epochs=2, random_state=0, verbose=0)
    ... ).fit(X, y)
    >>> table = motif_spacing(model, X[y == 0], "GATA", "GATA", spacings=range(0, 11))
    >>> table.columns.tolist()[:3], len(table)
    (['spacing', 'effect', 'sem'], 11)
    """
    rng = check_random_state(random_state)
    log_odds, device = _scorer(model, target, task)
    first, second = _check_motif(first, "first"), _check_motif(second, "second")
    X = _background(model, background, sequences, n_samples, rng)
    widths = (_motif_width(first), _motif_width(second))
    spacings = _check_spacings(spacings, X.shape[2], widths)
    motifs = [_sites(motif, len(X), rng, both_strands=False) for motif in (first, second)]
    pair, alone_1, alone_2 = _spacing_deltas(
        lambda inputs: _batched_log_odds(log_odds, inputs, device, batch_size, fast=True),
        X, *motifs, spacings,
    )
    (effect, sem), (cooperativity, cooperativity_sem) = (
        _summaries(pair), _summaries(pair - alone_1 - alone_2)
    )
    return pd.DataFrame({
        "spacing": spacings, "effect": effect, "sem": sem,
        "first_effect": alone_1.mean(axis=1), "second_effect": alone_2.mean(axis=1),
        "cooperativity": cooperativity, "cooperativity_sem": cooperativity_sem,
    })
