"""Training data from what a ChIP-seq experiment gives: a peak file and a genome.

:func:`load_peaks` cuts a window around every peak's summit as a positive and
adds negatives of one or more kinds: dinucleotide shuffles of the positives
(DeepBind's protocol), genomic windows matched to the positives' GC content,
or windows beside the peaks.  Interval arithmetic (overlaps with peaks and
excluded regions) is bioframe's.  Every sequence carries its chromosome as its
group, so scikit-learn's group splitters (``GroupKFold``, ``LeaveOneGroupOut``)
and ``test_chromosomes`` keep correlated neighbours on one side of a split.
"""

import warnings
from collections.abc import Mapping
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from tqdm.auto import tqdm

from .._options import NEGATIVE_KINDS, PAST_END, PEAK_WINDOWS
from .._resources import check_memory
from ..encoding import dinucleotide_shuffle
from ..io import (
    as_genome,
    describe_peak,
    intervals_outside,
    peak_centres,
    read_peaks,
    window_composition,
)
from ._peak_tasks import describe_tasks, peak_sources, task_labels, union_windows

__all__ = ["load_peaks", "NEGATIVE_KINDS", "MAX_N_FRACTION", "MAX_N_NEGATIVES"]

#: Genomic negatives with a larger share of ``N`` are refused.
MAX_N_FRACTION = 0.1
#: Width of the GC bins that ``"gc_matched"`` negatives fill (0.02: 50 bins).
_GC_BIN = 0.02
#: Random windows drawn per needed negative and round, and the most rounds.
_OVERSAMPLING, _MAX_ROUNDS = 4, 40
#: The most negatives of one kind per peak: more adds little but memory and time.
MAX_N_NEGATIVES = 100
#: Below this share of the negatives asked for, a kind is an error; below all, a warning.
_MIN_SHARE_MADE = 0.5
#: Bytes a window costs besides its bases (a Python string, a row of ``regions``), an estimate.
_BYTES_PER_WINDOW = 400
#: Bytes a drawn random start costs while GC-matched sampling remembers it (start, GC).
_BYTES_PER_DRAW = 24
#: The stack level of load_peaks's caller, seen from the helpers that warn (which are
#: called by the helpers of ``_load_peaks``, below ``load_peaks`` and validate_params).
_CALLER = 6


def _negative_kinds(negatives):
    kinds = (negatives,) if isinstance(negatives, str) else tuple(negatives)
    unknown = [kind for kind in kinds if kind not in NEGATIVE_KINDS]
    if not kinds or unknown or len(set(kinds)) != len(kinds):
        raise ValueError(
            f"negatives must be one of {', '.join(map(repr, NEGATIVE_KINDS))} or a list of "
            f"different ones, got {negatives!r}"
        )
    return kinds


def _as_intervals(intervals, what):
    """A peak/interval table and how messages name its source."""
    if isinstance(intervals, pd.DataFrame):
        missing = {"chrom", "start", "end"} - set(intervals.columns)
        if missing:
            raise ValueError(f"{what} lacks the column(s) {sorted(missing)}")
        if intervals.empty:
            raise ValueError(f"{what} has no rows")
        return intervals, intervals.attrs.get("source", what)
    return read_peaks(intervals), str(intervals)


def _first_use(peaks):
    """For every chromosome, where the table first names it ("line 12" or "row 3")."""
    first = peaks.drop_duplicates("chrom")
    kind = "line" if peaks.index.name == "line" else "row"
    return {
        chrom: f"{kind} {label}"
        for label, chrom in zip(first.index, first["chrom"], strict=True)
    }


def _regions(chroms, starts, width, names, label, kind):
    starts = np.asarray(starts, dtype=np.int64)
    return pd.DataFrame(
        {
            "chrom": np.asarray(chroms, dtype=object),
            "start": starts,
            "end": starts + width,
            "name": np.asarray(names, dtype=object),
            "label": label,
            "kind": kind,
        }
    )


def _blocked_intervals(peaks, positives, exclude):
    """Where no negative may lie: every peak, every positive window, excluded regions."""
    parts = [peaks[["chrom", "start", "end"]], positives[["chrom", "start", "end"]]]
    if exclude is not None:
        parts.append(exclude[["chrom", "start", "end"]])
    return pd.concat(parts, ignore_index=True)


def _shuffled(positives, sequences, n_negatives, rng, verbose):
    regions, shuffles = [], []
    copies = tqdm(range(1, n_negatives + 1), desc="shuffle negatives", unit="copy",
                  disable=not verbose, leave=False)
    for copy in copies:
        shuffles += dinucleotide_shuffle(sequences, random_state=rng)
        part = positives.assign(label=0, kind="shuffle")
        part["name"] = part["name"] + f"::shuffle{copy}"
        regions.append(part)
    return pd.concat(regions, ignore_index=True), np.array(shuffles, dtype=object)


def _gc_bins(gc):
    return np.minimum((np.nan_to_num(gc) / _GC_BIN).astype(int), int(1 / _GC_BIN) - 1)


class _Tally:
    """Why windows were refused: counts that a shortfall's message reports."""

    def __init__(self):
        self.drawn = self.outside = self.usable = self.past_end = 0

    def reason(self, width, excluded):
        if not self.drawn:
            return f"the peaks' chromosomes are shorter than the {width}-bp window"
        return (
            f"of {self.drawn} distinct windows tried, {self.drawn - self.outside} overlap a "
            f"peak{excluded} and {self.outside - self.usable} are more than "
            f"{MAX_N_FRACTION:.0%} N: the genome has too little room outside the peaks"
            f"{' and excluded regions' if excluded else ''} for this many negatives"
        )


def _random_windows(genome, chrom, size, width, n_draws, seen, blocked, rng, tally):
    """New random windows on ``chrom`` that overlap nothing blocked and are mostly not N."""
    starts = rng.randint(0, size - width + 1, size=n_draws)
    starts = np.setdiff1d(np.unique(starts), seen, assume_unique=True)
    tally.drawn += len(starts)
    if not len(starts):
        return starts, starts, np.zeros(0, object), np.zeros(0)
    candidates = intervals_outside(
        pd.DataFrame({"chrom": chrom, "start": starts, "end": starts + width}), blocked
    )
    tally.outside += len(candidates)
    if candidates.empty:
        return starts, np.zeros(0, np.int64), np.zeros(0, object), np.zeros(0)
    windows, _ = genome.fetch_windows(candidates["chrom"], candidates["start"], width)
    gc, n_fraction = window_composition(windows)
    usable = n_fraction <= MAX_N_FRACTION
    tally.usable += int(usable.sum())
    return starts, candidates["start"].to_numpy()[usable], windows[usable], gc[usable]


def _gc_matched_on(genome, chrom, quota, blocked, width, rng, tally):
    """Windows of ``chrom`` filling ``quota`` (negatives per GC bin); also how many came
    from the nearest GC instead of their own bin."""
    size = int(genome.sizes[chrom])
    chosen_starts, chosen_sequences = [], []
    pool_starts, pool_gc = [], []
    seen = np.zeros(0, np.int64)
    for _ in range(_MAX_ROUNDS):
        needed = int(quota.sum())
        if not needed or size < width or len(seen) > size - width:
            break
        drawn, starts, windows, gc = _random_windows(
            genome, chrom, size, width, _OVERSAMPLING * needed + 100, seen, blocked, rng, tally
        )
        seen = np.union1d(seen, drawn)
        for start, sequence, value, bin_ in zip(starts, windows, gc, _gc_bins(gc), strict=True):
            if quota[bin_]:
                quota[bin_] -= 1
                chosen_starts.append(start)
                chosen_sequences.append(sequence)
            else:
                pool_starts.append(start)
                pool_gc.append(value)
    n_nearest = 0
    if quota.sum() and pool_gc:
        # Bins the genome rarely fills take the unused windows of the nearest GC.
        targets = np.repeat((np.arange(len(quota)) + 0.5) * _GC_BIN, quota)
        pool_gc = np.array(pool_gc)
        nearest_starts = []
        for target in targets[: len(pool_gc)]:
            nearest = int(np.nanargmin(np.abs(pool_gc - target)))
            pool_gc[nearest] = np.inf
            nearest_starts.append(pool_starts[nearest])
        windows, _ = genome.fetch_windows([chrom] * len(nearest_starts), nearest_starts, width)
        chosen_starts += nearest_starts
        chosen_sequences += list(windows)
        n_nearest = len(nearest_starts)
    return chosen_starts, chosen_sequences, n_nearest


def _gc_matched(genome, positives, positive_gc, blocked, width, n_negatives, rng, tally,
                verbose):
    """Per chromosome, random windows filling the positives' GC histogram ``n_negatives`` times."""
    regions, sequences, n_nearest = [], [], 0
    groups = tqdm(positives.groupby("chrom", sort=False), desc="gc_matched negatives",
                  unit="chromosome", disable=not verbose, leave=False)
    for chrom, group in groups:
        quota = np.bincount(_gc_bins(positive_gc[group.index]), minlength=int(1 / _GC_BIN))
        starts, made, n_near = _gc_matched_on(
            genome, chrom, quota * n_negatives, blocked, width, rng, tally
        )
        names = [f"{chrom}:{start}-{start + width}::gc_matched" for start in starts]
        regions.append(_regions(chrom, starts, width, names, 0, "gc_matched"))
        sequences += made
        n_nearest += n_near
    if n_nearest:
        warnings.warn(
            f"{n_nearest} GC-matched negatives come from a neighbouring GC bin: the genome "
            "has too few windows of the positives' GC content outside the peaks",
            stacklevel=_CALLER,
        )
    return pd.concat(regions, ignore_index=True), np.array(sequences, dtype=object)


def _flanks(genome, positives, centres, blocked, width, n_negatives, flank_distance, rng,
            tally):
    """Up to ``n_negatives`` windows per peak, ``flank_distance``, 2x, ... beside its centre.

    The sides alternate from a random first one; a window that cannot be used
    (past a chromosome end, on a peak or an excluded region, too many ``N``)
    gives its turn to the next in that order, among ``2 * n_negatives`` tries.
    ``tally`` counts the windows tried and refused.
    """
    n_tries = 2 * n_negatives
    first_side = np.where(rng.random_sample(len(positives)) < 0.5, -1, 1)
    tries = np.arange(n_tries)
    sides = first_side[:, None] * np.where(tries % 2 == 0, 1, -1)[None, :]
    distances = flank_distance * (tries // 2 + 1)[None, :]
    candidates = _regions(
        np.repeat(positives["chrom"].to_numpy(), n_tries),
        (centres[:, None] + sides * distances - width // 2).ravel(),
        width,
        np.repeat(positives["name"].to_numpy(), n_tries),
        0,
        "flanks",
    )
    candidates["peak"] = np.repeat(np.arange(len(positives)), n_tries)
    sizes = genome.sizes.reindex(candidates["chrom"]).to_numpy()
    inside = candidates[(candidates["start"] >= 0) & (candidates["end"] <= sizes)]
    kept = intervals_outside(inside, blocked).sort_index()  # peak by peak, tries in order
    windows, _ = genome.fetch_windows(kept["chrom"], kept["start"], width)
    usable = window_composition(windows)[1] <= MAX_N_FRACTION
    tally.drawn += len(candidates)
    tally.outside += len(kept)
    tally.usable += int(usable.sum())
    tally.past_end = len(candidates) - len(inside)
    kept, windows = kept[usable], windows[usable]
    chosen = (kept.groupby("peak").cumcount() < n_negatives).to_numpy()
    kept, windows = kept[chosen].reset_index(drop=True), windows[chosen]
    kept["name"] = kept["name"] + "::flank" + (kept.groupby("peak").cumcount() + 1).astype(str)
    return kept.drop(columns="peak"), windows


def _flank_reason(tally, n_negatives, flank_distance, excluded):
    inside = tally.drawn - tally.past_end
    return (
        f"of the {tally.drawn} windows within {n_negatives * flank_distance} bp of the peaks "
        f"tried, {tally.past_end} reach past a chromosome end, {inside - tally.outside} "
        f"overlap a peak{excluded} and {tally.outside - tally.usable} are more than "
        f"{MAX_N_FRACTION:.0%} N"
    )


def _check_made(kind, n_made, n_asked, reason, source, n_negatives):
    """Fewer negatives than asked: a warning, or an error below half of them."""
    if n_made >= n_asked:
        return
    text = (
        f"{n_made} of the {n_asked} {kind!r} negatives asked for ({n_negatives} per peak) "
        f"could be made from {source}: {reason}"
    )
    if n_made < _MIN_SHARE_MADE * n_asked:
        raise ValueError(
            f"only {text}; lower n_negatives, use a smaller exclude list or another kind "
            "of negatives (negatives='shuffle' always gives all of them)"
        )
    warnings.warn(f"only {text}", stacklevel=_CALLER)


def _gc_summary(positive_gc, negative_gc):
    from scipy.stats import ks_2samp

    negative_gc = negative_gc[~np.isnan(negative_gc)]
    if not len(negative_gc):
        return ""
    test = ks_2samp(positive_gc[~np.isnan(positive_gc)], negative_gc, method="asymp")
    return (
        f" (mean GC {np.nanmean(positive_gc):.3f} in the peaks, {negative_gc.mean():.3f} in "
        f"these negatives; Kolmogorov-Smirnov p = {test.pvalue:.2g})"
    )


_KIND_TEXT = {
    "shuffle": "dinucleotide shuffles of the peak windows (DeepBind's protocol)",
    "gc_matched": "genomic windows overlapping no peak{excluded}, drawn per chromosome to match "
    "the peaks' GC content, at most {max_n:.0%} N",
    "flanks": "windows {distance} bp beside the peaks' centres, overlapping no peak{excluded}",
}


def _describe(positives, kinds, n_negatives, counts, notes, gc_text, flank_distance, excluded):
    parts = [positives]
    for kind in kinds:
        text = _KIND_TEXT[kind].format(
            excluded=excluded, max_n=MAX_N_FRACTION, distance=flank_distance
        )
        parts.append(
            f"{counts.get(kind, 0)} negatives (n_negatives={n_negatives}): {text}"
            f"{gc_text.get(kind, '')}."
        )
    return " ".join(parts + notes)


@validate_params(
    {
        "width": [Interval(Integral, 1, None, closed="left")],
        "negatives": [StrOptions(set(NEGATIVE_KINDS)), list, tuple],
        "n_negatives": [Interval(Integral, 1, MAX_N_NEGATIVES, closed="both")],
        "random_state": ["random_state"],
        "past_end": [StrOptions(set(PAST_END))],
        "flank_distance": [Interval(Integral, 1, None, closed="left")],
        "verbose": ["verbose"],
    },
    prefer_skip_nested_validation=True,
)
def load_peaks(peaks, genome, *, width=PEAK_WINDOWS["width"], negatives=PEAK_WINDOWS["negatives"],
               n_negatives=PEAK_WINDOWS["n_negatives"], exclude=None, test_chromosomes=None,
               random_state=None, past_end="skip", flank_distance=1000, verbose=1):
    """Training sequences from a peak file (or several: one task each) and a genome FASTA.

    Every peak gives a positive: the ``width`` bases of the genome centred on its summit
    (narrowPeak's tenth column) where the file gives one, else on the interval's midpoint.
    Negatives are added ``n_negatives`` per peak for every kind asked for:

    * ``"shuffle"``: dinucleotide shuffles of the positive windows, which keep their dinucleotide
      counts (DeepBind's protocol);
    * ``"gc_matched"``: random genomic windows on the peak's chromosome that overlap no peak, no
      positive window and no ``exclude`` interval and are at most 10 % ``N``, drawn so that their
      GC content follows the positives' histogram (bins of 0.02) chromosome by chromosome; when the
      genome lacks windows of some GC content outside the peaks, the nearest GC fills in, with a
      warning;
    * ``"flanks"``: windows centred ``flank_distance`` bp beside every peak's centre (a random side
      first, then the other, then twice as far, ...); those past a chromosome end, overlapping a
      peak or an excluded region or more than 10 % ``N`` are dropped, with a warning.

    Several peak files (a list, or a dict task name → file) make one multi-task data set: the
    positives are the union of the files' windows (windows whose centres lie less than half a
    window apart become one); a window's label for file ``k`` is 1 when it overlaps a peak of file
    ``k`` (at least its own window) by half its width or more; negatives are 0 for every task.

    Parameters
    ----------
    peaks : str, path-like, pandas.DataFrame, list or dict
        A BED or narrowPeak file (plain or gzipped, see :func:`~sklearn_demotif.io.read_peaks`), or
        a table with ``chrom``, ``start``, ``end`` (and optionally ``name``, ``summit``); or a list
        of them, each task named by its file's name less its suffixes (``CTCF.narrowPeak.gz``:
        ``CTCF``), or a dict task name → file.
    genome : str, path-like or Genome
        The genome FASTA (plain or bgzipped, indexed on first use), see
        :class:`~sklearn_demotif.io.Genome`.
    width : int, default=101
        Window length, the sequence length the model will see.
    negatives : str or list of str, default="gc_matched"
        ``"shuffle"``, ``"gc_matched"``, ``"flanks"`` or a list of them.
    n_negatives : int, default=1
        Negatives of every kind per peak, at most :data:`MAX_N_NEGATIVES` (100).  A kind that gives
        fewer than half of them is an error that says why (the genome too small, everything
        overlapping peaks or excluded regions, too much ``N``); one that gives at least half but
        not all, a warning.
    exclude : str, path-like, pandas.DataFrame or None, default=None
        Regions to stay out of (e.g. the ENCODE blacklist), as a BED file or table: peaks whose
        window overlaps one are dropped (with a warning) and no negative overlaps one.
    test_chromosomes : sequence of str or None, default=None
        Chromosomes to hold out: the result then also has ``X_train``, ``y_train``,
        ``groups_train``, ``regions_train`` and ``X_test``, ``y_test``, ``groups_test``,
        ``regions_test``.
    random_state : int, RandomState instance or None, default=None
        Seed of the negatives.
    past_end : {"skip", "pad"}, default="skip"
        A peak whose window reaches past a chromosome end is left out, or its window is padded with
        ``N``; a warning counts them.
    flank_distance : int, default=1000
        With ``"flanks"``: distance from a peak's centre to the flank's centre.
    verbose : int, default=1
        0 silences the progress bars (tqdm, on stderr) of the steps that can take minutes:
        shuffling, and GC-matched sampling per chromosome.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``X`` (ndarray of str of shape (n_sequences,), uppercase), ``y`` (ndarray of int, 1 for
        peaks, 0 for negatives), ``groups`` (each sequence's chromosome; a shuffle has its peak's),
        ``regions`` (a DataFrame ``chrom, start, end, name, label, kind`` of the windows, kind
        ``"peak"`` or the negative's kind), ``description`` (how the data were made, in words, for
        reports), and the train/test parts with ``test_chromosomes``.  With several files, ``y``
        is an ndarray of float64 of shape (n_sequences, n_tasks) of 0 and 1, ``regions`` has a 0/1
        column per task, and ``task_names`` (list of str) names the tasks in order.

    Raises
    ------
    ValueError
        For a file without peaks or with a malformed line, a peak on a chromosome the genome lacks
        (naming the file and line, and a ``chr`` naming mismatch), a peak window that is all ``N``,
        fewer than half of the negatives of a kind, a request whose estimated memory exceeds the
        budget (:func:`sklearn_demotif._resources.memory_budget`, set by
        ``$DEMOTIF_MEMORY_BUDGET``; checked before anything is allocated), no peak (of a task) on
        the test chromosomes or none left for training, an empty list of files, two files of the
        same task name, or bad parameters.

    Warns
    -----
    UserWarning
        When exact duplicate peaks (same chrom, start, end and summit) are merged, peaks overlap
        ``exclude``, peak windows reach past a chromosome end, or a kind of negatives gives at
        least half but not all of those asked for.

    See Also
    --------
    sklearn_demotif.io.read_peaks : Read a peak file.
    sklearn.model_selection.GroupKFold : Cross-validation by chromosome with ``groups``.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn_demotif.datasets import load_peaks, make_genome_dataset
    >>> files = make_genome_dataset(tempfile.mkdtemp(), n_chromosomes=2,
    ...                             chromosome_length=60_000, n_peaks=20, random_state=0)
    >>> data = load_peaks(files.peaks, files.genome, test_chromosomes=["chr2"],
    ...                   random_state=0, verbose=0)
    >>> len(data.X_train), len(data.X_test), sorted(set(data.groups))
    (40, 40, ['chr1', 'chr2'])

    Several factors, one column of ``y`` each:

    >>> from sklearn_demotif.datasets import make_multitask_genome_dataset
    >>> files = make_multitask_genome_dataset(tempfile.mkdtemp(), ["MA0139", "MA0035"],
    ...     n_chromosomes=2, chromosome_length=60_000, n_regions=20, random_state=0)
    >>> data = load_peaks(files.peaks, files.genome, random_state=0, verbose=0)
    >>> data.task_names, data.y.shape
    (['CTCF', 'GATA1'], (80, 2))
    """
    return _load_peaks(
        check_random_state(random_state), _negative_kinds(negatives), as_genome(genome), peaks,
        width, n_negatives, exclude, test_chromosomes, past_end, flank_distance, verbose,
    )


def _load_peaks(rng, kinds, genome, peaks, width, n_negatives, exclude, test_chromosomes,
                past_end, flank_distance, verbose):
    """:func:`load_peaks` past its checks of the parameters' types."""
    peaks, source, tasks = _peak_table(peaks, genome, width)
    _check_memory(peaks, genome, width, kinds, n_negatives, source)
    test_chromosomes = _check_test_chromosomes(test_chromosomes, genome)
    positives, sequences, exclude, notes, excluded = _positive_windows(
        peaks, genome, width, exclude, past_end, source
    )
    positive_gc = _positive_gc(peaks, positives, sequences, width, genome)
    parts, texts, gc_text = _negative_windows(
        peaks if tasks is None else tasks.peaks, genome, positives, sequences, positive_gc,
        exclude, excluded, width, kinds, n_negatives, flank_distance, source, rng, verbose,
    )
    data = _assemble(parts, texts, peaks, source, genome, width, kinds, n_negatives, notes,
                     gc_text, flank_distance, excluded, tasks)
    if test_chromosomes:
        _split(data, test_chromosomes, source)
    return data


def _peak_table(peaks, genome, width):
    """The peaks on chromosomes of ``genome``, duplicates merged, how messages name them, and
    ``None``; for a list or dict of peak files, the union's windows (as a peak table centred
    on them), how messages name the files, and the tasks (names, tables, all their peaks)."""
    if not isinstance(peaks, (list, tuple, Mapping)):
        peaks, source = _as_intervals(peaks, "the peak table")
        genome.check_chromosomes(peaks["chrom"].unique(), source, _first_use(peaks))
        return _merge_duplicates(peaks, source), source, None
    names, tables = [], []
    for name, item in peak_sources(peaks):
        table, source = _as_intervals(item, f"the peak table of {name}")
        genome.check_chromosomes(table["chrom"].unique(), source, _first_use(table))
        tables.append(_merge_duplicates(table, source))
        names.append(name)
    every_peak = pd.concat([table[["chrom", "start", "end"]] for table in tables],
                           ignore_index=True)
    tasks = Bunch(names=names, tables=tables, peaks=every_peak)
    source = f"the peak files of {', '.join(names)}"
    return union_windows(tables, width), source, tasks


def _check_memory(peaks, genome, width, kinds, n_negatives, source):
    check_memory(
        _memory_needed(peaks, genome, width, kinds, n_negatives),
        f"load_peaks with n_negatives={n_negatives} of {len(kinds)} kind(s) for {len(peaks)} "
        f"peaks of {source} (width={width})",
        "lower n_negatives or width, ask for fewer kinds of negatives, or use fewer peaks",
    )


def _positive_windows(peaks, genome, width, exclude, past_end, source):
    """The peak windows (outside ``exclude``) and their sequences; also the exclude table,
    notes for the description and the words that name excluded regions in messages."""
    notes, excluded = [], ""
    centres = peak_centres(peaks)
    positives = _regions(
        peaks["chrom"], centres - width // 2, width, _peak_names(peaks), 1, "peak"
    )
    positives.index = peaks.index
    if exclude is not None:
        exclude, positives = _exclude_peaks(positives, exclude, genome, notes)
        excluded = " or excluded region"
    sequences, inside = genome.fetch_windows(
        positives["chrom"], positives["start"], width, past_end, what=f"peak windows of {source}"
    )
    if not inside.all():
        action = "padded with N" if past_end == "pad" else "left out"
        notes.append(f"{int((~inside).sum())} peak windows past a chromosome end {action}.")
        if past_end == "skip":
            positives = positives[inside]
    if positives.empty:
        raise ValueError(f"{source}: no peak window lies inside the genome {genome.path.name}")
    return positives, sequences, exclude, notes, excluded


def _exclude_peaks(positives, exclude, genome, notes):
    """The exclude table, and the peak windows that overlap none of it (with a warning)."""
    exclude, exclude_source = _as_intervals(exclude, "the exclude table")
    if not exclude["chrom"].isin(genome.sizes.index).any():
        # Regions on chromosomes the genome lacks are harmless, unless all are.
        genome.check_chromosomes(exclude["chrom"].unique(), exclude_source)
    kept = intervals_outside(positives, exclude)
    if len(kept) < len(positives):
        notes.append(
            f"{len(positives) - len(kept)} peaks overlapping {exclude_source} left out."
        )
        warnings.warn(
            f"{len(positives) - len(kept)} of {len(positives)} peak windows overlap the "
            f"excluded regions of {exclude_source} and were left out",
            stacklevel=_CALLER,
        )
    return exclude, kept


def _positive_gc(peaks, positives, sequences, width, genome):
    """The GC content of every peak window; refuses windows that are all ``N``."""
    positive_gc, n_fraction = window_composition(sequences)
    if (n_fraction == 1).any():
        first = positives.index[np.flatnonzero(n_fraction == 1)[0]]
        raise ValueError(
            f"{describe_peak(peaks, first)}: the {width}-bp window around the peak is all N in "
            f"{genome.path.name} ({int((n_fraction == 1).sum())} such peaks); remove them or "
            "check that the peaks and the genome are the same assembly"
        )
    return pd.Series(positive_gc, index=positives.index)


def _negative_windows(peaks, genome, positives, sequences, positive_gc, exclude, excluded, width,
                      kinds, n_negatives, flank_distance, source, rng, verbose):
    """The regions and sequences of the positives, then of every kind of negatives, and the
    GC summary of every genomic kind."""
    blocked = _blocked_intervals(peaks, positives, exclude)
    parts, texts, gc_text = [positives.reset_index(drop=True)], [sequences], {}
    for kind in kinds:
        tally = _Tally()
        if kind == "shuffle":
            regions, made = _shuffled(parts[0], sequences, n_negatives, rng, verbose)
        elif kind == "gc_matched":
            regions, made = _gc_matched(
                genome, positives, positive_gc, blocked, width, n_negatives, rng, tally, verbose
            )
            reason = tally.reason(width, excluded)
        else:
            centres_kept = positives["start"].to_numpy() + width // 2
            regions, made = _flanks(
                genome, parts[0], centres_kept, blocked, width, n_negatives, flank_distance, rng,
                tally,
            )
            reason = _flank_reason(tally, n_negatives, flank_distance, excluded)
        if kind != "shuffle":
            _check_made(kind, len(made), n_negatives * len(positives), reason, source,
                        n_negatives)
            gc_text[kind] = _gc_summary(positive_gc.to_numpy(), window_composition(made)[0])
        parts.append(regions)
        texts.append(made)
    return parts, texts, gc_text


def _centred(peaks):
    """What the windows are centred on, in words."""
    if "summit" in peaks and peaks["summit"].notna().all():
        return "summits"
    return "summits (midpoints where none is given)" if "summit" in peaks else "midpoints"


def _assemble(parts, texts, peaks, source, genome, width, kinds, n_negatives, notes, gc_text,
              flank_distance, excluded, tasks):
    """The Bunch of :func:`load_peaks` (before any train/test split); with ``tasks``, ``y``
    has a column per task, and so has ``regions``."""
    regions = pd.concat(parts, ignore_index=True)
    X = np.concatenate(texts).astype(object)
    y = regions["label"].to_numpy(np.int64)
    groups = regions["chrom"].to_numpy(dtype=object)
    counts = regions["kind"].value_counts().to_dict()
    if tasks is None:
        positives = (
            f"{counts['peak']} positives: {width}-bp windows of the genome {genome.path.name} "
            f"centred on the {_centred(peaks)} of the {len(peaks)} peaks in {source}."
        )
    else:
        positive = (regions["kind"] == "peak").to_numpy()
        y = np.zeros((len(regions), len(tasks.names)))
        y[positive] = task_labels(regions[positive], tasks.tables, width)
        for column, name in enumerate(tasks.names):
            regions[name] = y[:, column].astype(np.int64)
        centred = _centred(pd.concat(tasks.tables, ignore_index=True))
        positives = describe_tasks(tasks.names, tasks.tables, y[positive], width,
                                   genome.path.name, centred)
    description = _describe(
        positives, kinds, n_negatives, counts, notes, gc_text, flank_distance, excluded
    )
    data = Bunch(X=X, y=y, groups=groups, regions=regions, description=description)
    if tasks is not None:
        data["task_names"] = list(tasks.names)
    return data


def _merge_duplicates(peaks, source):
    """Exact duplicates (same chrom, start, end and summit) kept once, with a warning."""
    columns = [column for column in ("chrom", "start", "end", "summit") if column in peaks]
    duplicated = peaks.duplicated(columns).to_numpy()
    if not duplicated.any():
        return peaks
    first = describe_peak(peaks, peaks.index[np.flatnonzero(duplicated)[0]])
    warnings.warn(
        f"{int(duplicated.sum())} duplicate peaks in {source} (the same chrom, start, end and "
        f"summit as an earlier peak) were merged into the earlier ones; the first: {first}",
        stacklevel=_CALLER,
    )
    return peaks[~duplicated]


def _memory_needed(peaks, genome, width, kinds, n_negatives):
    """Bytes the request needs at its peak, an estimate: the windows of every kind, the
    flanks' candidates, one round of GC-matched windows and the starts it remembers."""
    per_window = width + _BYTES_PER_WINDOW
    n_peaks = len(peaks)
    n_bytes = 2 * n_peaks * (1 + n_negatives * len(kinds)) * per_window
    if "flanks" in kinds:
        n_bytes += 2 * n_negatives * n_peaks * per_window
    if "gc_matched" in kinds:
        n_draws = _OVERSAMPLING * n_negatives * int(peaks["chrom"].value_counts().max()) + 100
        size = int(genome.sizes.reindex(peaks["chrom"].unique()).max())
        n_bytes += n_draws * per_window + min(size, _MAX_ROUNDS * n_draws) * _BYTES_PER_DRAW
    return n_bytes


def _peak_names(peaks):
    if "name" in peaks and not (peaks["name"] == ".").all():
        return peaks["name"].astype(str).to_numpy()
    return [
        f"{c}:{s}-{e}"
        for c, s, e in zip(peaks["chrom"], peaks["start"], peaks["end"], strict=True)
    ]


def _check_test_chromosomes(test_chromosomes, genome):
    if test_chromosomes is None:
        return ()
    if isinstance(test_chromosomes, str):
        test_chromosomes = (test_chromosomes,)
    test_chromosomes = tuple(test_chromosomes)
    genome.check_chromosomes(test_chromosomes, "test_chromosomes")
    return test_chromosomes


def _split(data, test_chromosomes, source):
    test = np.isin(data.groups, test_chromosomes)
    labels = data.y.reshape(len(data.y), -1)
    for column, name in enumerate(data.get("task_names", [None])):
        positives = labels[:, column] == 1
        of = "" if name is None else f" of {name}"
        if not (test & positives).any():
            raise ValueError(
                f"{source}: no peak{of} lies on the test chromosomes {', '.join(test_chromosomes)}"
            )
        if (positives & ~test).sum() == 0:
            raise ValueError(
                f"{source}: every peak{of} lies on the test chromosomes "
                f"{', '.join(test_chromosomes)}; nothing is left to train on"
            )
    for part, mask in (("train", ~test), ("test", test)):
        data[f"X_{part}"] = data.X[mask]
        data[f"y_{part}"] = data.y[mask]
        data[f"groups_{part}"] = data.groups[mask]
        data[f"regions_{part}"] = data.regions[mask].reset_index(drop=True)
    data.description += (
        f" Held out for testing: {', '.join(test_chromosomes)} ({int(test.sum())} sequences; "
        f"{int((~test).sum())} for training)."
    )
