"""Genome tracks: a trained classifier's score in sliding windows along genomic regions.

:func:`scan_genome` scores every window of the model's training length, moved
``stride`` bases at a time over the regions, with ``decision_function`` (the
positive class's log-odds).  The genome is read a batch of windows at a time,
so memory does not grow with the regions' length; :func:`iter_genome_scan`
yields the scores batch by batch and :func:`write_bedgraph` writes them as a
bedGraph a genome browser opens, without holding the track in memory
(:func:`write_track`: a bigWig or a bedGraph, by the file's extension).  A
multi-task model's scan holds one score column per task (or one task's, with
``task=``), which the writers put in one file per task (or one task's file).
"""

from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Interval, validate_params
from sklearn.utils.validation import check_is_fitted
from tqdm.auto import tqdm

from .._atomic import write_atomically
from .._options import SCAN_STRIDE, SCORING_BATCH_SIZE
from .._resources import check_memory
from .._utils import (
    encoder_for,
    final_classifier,
    is_multilabel,
    positive_class_index,
    task_index,
)
from ..io import BIGWIG_SUFFIXES, as_genome, read_regions, write_bigwig
from ..io._track_bins import iter_track_bins
from ._tasks import TRACK_COLUMNS, task_column, write_task_tracks

__all__ = ["scan_genome", "iter_genome_scan", "write_bedgraph", "write_track"]

#: Bytes of a Python ``str`` beyond its characters (CPython, ASCII).
_STR_OVERHEAD = 49


def _check_batch_memory(n_windows, width, batch_size, what="windows"):
    """Refuse a batch whose one-hot array and text would not fit the memory budget.

    A batch holds ``n_windows`` windows of ``width`` bases as text and as
    float32 one-hot ``(n_windows, 4, width)``; the network's activations come
    on top, so this is a floor.

    Examples
    --------
    >>> from sklearn_demotif.interpret.genome_scan import _check_batch_memory
    >>> _check_batch_memory(1024, 101, 1024)
    >>> _check_batch_memory(10**12, 101, 10**12)
    Traceback (most recent call last):
    ...
    ValueError: batch_size=1000000000000 (... windows of 101 bp at a time) needs about ...
    """
    n_bytes = n_windows * (4 * width * np.dtype(np.float32).itemsize + width + _STR_OVERHEAD)
    check_memory(
        n_bytes,
        f"batch_size={batch_size} ({n_windows} {what} of {width} bp at a time)",
        "lower batch_size (demotif: --batch-size)",
    )


def _log_odds_scorer(model, task=None):
    """``(width, score, tasks)``: the model's window width, a scorer of DNA windows and the
    task names it scores.

    ``score(windows)`` is ``decision_function``: the positive class's log-odds
    of a binary classifier, or the log-odds of one task of a multi-task model
    (``task=``), of shape ``(n_windows,)``, and ``tasks`` is ``None``; for a
    multi-task model with ``task=None`` it is every task's, of shape
    ``(n_windows, n_tasks)``, and ``tasks`` their names.
    """
    classifier = final_classifier(model)
    check_is_fitted(classifier)
    encode = encoder_for(model)
    column, tasks = None, None
    if is_multilabel(classifier):
        if task is None:
            tasks = [str(name) for name in classifier.task_names_]
        else:
            column = task_index(classifier, task)
    else:
        task_index(classifier, task)  # a ValueError for a task given to a single-task model
        positive_class_index(classifier.classes_)  # binary classifiers only

    def score(windows):
        scores = np.asarray(classifier.decision_function(encode(windows)), dtype=np.float64)
        return scores if column is None else scores[:, column]

    return int(classifier.sequence_length_), score, tasks


def _track_piece(chrom, starts, width, scores, tasks):
    """One piece of a track: ``chrom, start, end`` and a ``score`` per task or one ``score``."""
    piece = {"chrom": chrom, "start": starts, "end": starts + width}
    if tasks is None:
        return pd.DataFrame({**piece, "score": scores}, columns=TRACK_COLUMNS)
    piece.update({task_column("score", name): scores[:, k] for k, name in enumerate(tasks)})
    return pd.DataFrame(piece)


#: The constraints of a scan's options.
_SCAN_OPTIONS = {
    "stride": [Interval(Integral, 1, None, closed="left")],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "verbose": ["verbose"],
}
#: The constraints of a track writer's ``step``.
_STEP = [Interval(Integral, 1, None, closed="left"), None]


@validate_params(_SCAN_OPTIONS, prefer_skip_nested_validation=True)
def iter_genome_scan(
    model, genome, regions, *, task=None, stride=SCAN_STRIDE, batch_size=SCORING_BATCH_SIZE,
    verbose=1,
):
    """:func:`scan_genome`, batch by batch: a generator of DataFrames, in memory one at a time.

    Parameters and results are those of :func:`scan_genome`; every yielded
    DataFrame holds the windows of at most ``batch_size`` consecutive starts
    (fewer where windows are all ``N``).  Regions are checked before the
    first batch.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_genome_dataset, make_motif_dataset
    >>> from sklearn_demotif.interpret import iter_genome_scan
    >>> files = make_genome_dataset(tempfile.mkdtemp(), n_chromosomes=1,
    ...                             chromosome_length=30_000, n_peaks=5, random_state=0)
    >>> X, y = make_motif_dataset("MA0139", n_samples=40, length=30, random_state=0)
    >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=1, random_state=0, verbose=0)
    >>> model = make_pipeline(OneHotDNA(), clf).fit(X, y)
    >>> chunks = iter_genome_scan(model, files.genome, "chr1:5000-5120", batch_size=4,
    ...                           verbose=0)
    >>> [len(chunk) for chunk in chunks]
    [4, 4, 2]
    """
    width, score, tasks = _log_odds_scorer(model, task)
    genome = as_genome(genome)
    regions = read_regions(regions, genome)
    lengths = (regions["end"] - regions["start"]).to_numpy()
    short = np.flatnonzero(lengths < width)
    if len(short):
        row = regions.iloc[short[0]]
        raise ValueError(
            f"region {row.chrom}:{row.start}-{row.end} is {lengths[short[0]]} bp, shorter than "
            f"the model's {width}-bp window"
        )
    counts = (lengths - width) // stride + 1
    _check_batch_memory(min(batch_size, int(counts.max())), width, batch_size)
    with tqdm(total=int(counts.sum()), disable=not verbose, unit="window",
              desc="scanning") as bar:
        for (chrom, start, end), count in zip(regions.itertuples(index=False), counts, strict=True):
            n_scored = 0
            for first in range(0, int(count), batch_size):
                n = min(batch_size, int(count) - first)
                low = int(start) + first * stride
                span = genome.fetch(chrom, low, low + (n - 1) * stride + width)
                offsets = np.arange(n) * stride
                n_count = np.concatenate([[0], np.cumsum(np.frombuffer(
                    span.encode("ascii"), dtype=np.uint8) == ord("N"))])
                scored = n_count[offsets + width] - n_count[offsets] < width
                windows = [span[offset : offset + width] for offset in offsets[scored]]
                starts = low + offsets[scored]
                bar.update(n)
                if not windows:
                    continue
                n_scored += len(windows)
                yield _track_piece(chrom, starts, width, score(windows), tasks)
            if not n_scored:
                raise ValueError(
                    f"region {chrom}:{start}-{end} is all N in {genome.path.name}: "
                    "no window to score"
                )


@validate_params(_SCAN_OPTIONS, prefer_skip_nested_validation=True)
def scan_genome(
    model, genome, regions, *, task=None, stride=SCAN_STRIDE, batch_size=SCORING_BATCH_SIZE,
    verbose=1,
):
    """Score sliding windows along genomic regions: a genome track of the model.

    Windows have the model's training length (``sequence_length_``) and start
    at each region's start, then every ``stride`` bases, as long as they fit
    in the region.  Their score is ``decision_function``: the positive class's
    log-odds, ``log P(bound) - log P(unbound)``; for a multi-task model, the
    log-odds of the task ``task=``, or with ``task=None`` of every task, one
    column per task (:func:`write_track` writes them as one file per task, or
    one task's).  Windows made only of ``N``
    (assembly gaps) are not scored and have no row.  The genome is read one
    batch of windows at a time.

    Parameters
    ----------
    model : classifier or Pipeline
        A fitted binary or multi-task classifier of this package, or a
        Pipeline ending in one (e.g. ``OneHotDNA`` then ``DeepMotifClassifier``).
    genome : str, path-like or Genome
        The genome FASTA (plain or bgzipped), see
        :class:`~sklearn_demotif.io.Genome`.
    regions : str, path-like, list of str or pandas.DataFrame
        ``"chrom:start-end"`` strings (0-based, end exclusive; ``"chr1"``
        alone is the whole chromosome), a BED file or a table with ``chrom``,
        ``start`` and ``end`` (overlapping regions
        are merged and the track is sorted by chromosome name and start, see
        :func:`~sklearn_demotif.io.read_regions`).
    task : int, str or None, default=None
        For a multi-task model: the task (index or name) whose log-odds is the
        ``score``; ``None`` scores every task, one ``score_<task name>``
        column each.  Must be ``None`` for a single-task model.
    stride : int, default=10
        Bases between the starts of consecutive windows.
    batch_size : int, default=1024
        Windows read and scored at a time; memory grows with it, not with
        the regions.  A batch that would need more than the memory budget
        (:func:`~sklearn_demotif._resources.check_memory`) is refused.
    verbose : int, default=1
        0 silences the progress bar (tqdm, on stderr).

    Returns
    -------
    track : pandas.DataFrame
        ``chrom, start, end, score``: every scored window (0-based, end
        exclusive) and its log-odds; for a multi-task model with
        ``task=None``, ``chrom, start, end`` and ``score_<task name>`` per
        task, in the order of ``task_names_``.

    Raises
    ------
    ValueError
        For a region that does not parse, lies outside its chromosome, is
        shorter than one window or is all ``N``, for classifiers with more
        than two classes, for a task out of range, unknown or given to a
        single-task model, and for a ``batch_size`` past the memory budget.

    See Also
    --------
    write_bedgraph : Write a track as a bedGraph file.
    write_track : Write a track as a bigWig or a bedGraph, by the file's extension.
    iter_genome_scan : The same scores, batch by batch.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_genome_dataset, make_motif_dataset
    >>> from sklearn_demotif.interpret import scan_genome
    >>> files = make_genome_dataset(tempfile.mkdtemp(), n_chromosomes=1,
    ...                             chromosome_length=30_000, n_peaks=5, random_state=0)
    >>> X, y = make_motif_dataset("MA0139", n_samples=40, length=30, random_state=0)
    >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=1, random_state=0, verbose=0)
    >>> model = make_pipeline(OneHotDNA(), clf).fit(X, y)
    >>> track = scan_genome(model, files.genome, "chr1:5000-5060", verbose=0)
    >>> track[["chrom", "start", "end"]]
      chrom  start   end
    0  chr1   5000  5030
    1  chr1   5010  5040
    2  chr1   5020  5050
    3  chr1   5030  5060
    """
    chunks = list(
        iter_genome_scan(
            model, genome, regions, task=task, stride=stride, batch_size=batch_size,
            verbose=verbose,
        )
    )
    return pd.concat(chunks, ignore_index=True)


def _bedgraph_lines(chunks, step):
    for bins in iter_track_bins(chunks, step, what="a bedGraph"):
        yield "".join(
            f"{chrom}\t{start}\t{end}\t{score:.6g}\n"
            for chrom, start, end, score in zip(
                bins["chrom"], bins["start"].tolist(), bins["end"].tolist(),
                bins["score"].tolist(), strict=True
            )
        )


@validate_params({"step": _STEP}, prefer_skip_nested_validation=True)
def write_bedgraph(path, track, *, step=None, task=None):
    """Write a genome track as a bedGraph: sorted, 0-based, one line per window.

    Windows of a scan overlap (a 101-bp window every 10 bp), which a bedGraph
    may not; so each line gives a window's score to its central ``step``
    bases, and the lines tile the scanned regions without overlapping, as
    genome browsers and ``bedGraphToBigWig`` expect.  There is no track line.
    The file is written whole or not at all, in pieces, so a track from
    :func:`iter_genome_scan` never sits in memory.

    Parameters
    ----------
    path : str or path-like
        The bedGraph file.
    track : pandas.DataFrame or iterable of DataFrame
        ``chrom, start, end, score``, as :func:`scan_genome` returns or
        :func:`iter_genome_scan` yields, sorted by chromosome name and start.
    step : int or None, default=None
        The scan's stride.  ``None`` takes the smallest distance between
        consecutive window starts on one chromosome (of the first piece), or
        the window's width when there is a single window.  A smaller step
        than that distance would leave gaps between the bins, and is refused.
    task : int, str or None, default=None
        For a multi-task track (``score_<task>`` columns, as
        :func:`scan_genome` gives with ``task=None``): the task, by index
        among those columns or by name, whose scores are written to ``path``;
        ``None`` writes one file per task beside ``path``, named
        ``<stem>.<task name><suffix>`` (``scan.GATA1.bedGraph``), all from one
        pass over the track.  Must be ``None`` for a one-score track.

    Returns
    -------
    path : pathlib.Path or list of pathlib.Path
        The written file; the task files, in the order of the tasks, for a
        multi-task track with ``task=None``.

    Raises
    ------
    ValueError
        For a track that is not sorted, whose bins overlap, whose ``step``
        leaves gaps between windows, or with a NaN or infinite score (naming
        the first), and for a ``task`` the track does not have; nothing is
        written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from sklearn_demotif.interpret import write_bedgraph
    >>> track = pd.DataFrame({"chrom": "chr1", "start": [0, 10, 20], "end": [101, 111, 121],
    ...                       "score": [0.5, -1.25, 3.0]})
    >>> path = write_bedgraph(pathlib.Path(tempfile.mkdtemp()) / "x.bedGraph", track)
    >>> print(path.read_text(), end="")
    chr1	45	55	0.5
    chr1	55	65	-1.25
    chr1	65	75	3
    """
    return write_task_tracks(path, track, task, _bedgraph_writer(step))


def _bedgraph_writer(step):
    return lambda path, chunks: write_atomically(path, _bedgraph_lines(chunks, step))


@validate_params({"step": _STEP}, prefer_skip_nested_validation=True)
def write_track(path, track, *, sizes=None, step=None, task=None):
    """Write a genome track as a bigWig or a bedGraph, as the file's extension says.

    ``.bw`` and ``.bigwig`` (any case: ``.bigWig``) make a bigWig with
    :func:`~sklearn_demotif.io.write_bigwig`; any other extension, or none,
    a bedGraph with :func:`write_bedgraph`.  Both hold the same bins (each
    window's score on its central ``step`` bases), written piece by piece,
    whole or not at all.

    Parameters
    ----------
    path : str or path-like
        The file; its extension chooses the format.
    track : pandas.DataFrame or iterable of DataFrame
        ``chrom, start, end, score``, as :func:`scan_genome` returns or
        :func:`iter_genome_scan` yields, sorted by chromosome name and start.
    sizes : pandas.Series, dict, Genome, str, path-like or None, default=None
        The chromosome sizes a bigWig's header lists, or the genome (a
        :class:`~sklearn_demotif.io.Genome` or its path) to take them from;
        required for a bigWig, unused for a bedGraph.
    step : int or None, default=None
        The scan's stride, see :func:`write_bedgraph`.
    task : int, str or None, default=None
        For a multi-task track, the task whose scores go to ``path``, or
        ``None`` for one file per task; see :func:`write_bedgraph`.

    Returns
    -------
    path : pathlib.Path or list of pathlib.Path
        The written file; the task files for a multi-task track with
        ``task=None``.

    Raises
    ------
    ValueError
        For a bigWig without ``sizes``, and for the tracks
        :func:`write_bedgraph` and :func:`~sklearn_demotif.io.write_bigwig`
        refuse (a ``task`` the track lacks among them); nothing is written.
    ImportError
        For a bigWig when pyBigWig is not installed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from sklearn_demotif.interpret import write_track
    >>> track = pd.DataFrame({"chrom": "chr1", "start": [0, 10], "end": [101, 111],
    ...                       "score": [0.5, -1.25]})
    >>> import pyBigWig
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_track(folder / "x.bedGraph", track).read_text().split()
    ['chr1', '45', '55', '0.5', 'chr1', '55', '65', '-1.25']
    >>> bigwig = pyBigWig.open(str(write_track(folder / "x.bw", track, sizes={"chr1": 1000})))
    >>> bigwig.intervals("chr1")
    ((45, 55, 0.5), (55, 65, -1.25))
    >>> bigwig.close()
    """
    if Path(path).suffix.lower() not in BIGWIG_SUFFIXES:
        return write_bedgraph(path, track, step=step, task=task)
    if sizes is None:
        raise ValueError(
            f"{path} is a bigWig (by its extension), whose header lists the chromosome sizes: "
            "give sizes (the genome, or its sizes)"
        )
    return write_task_tracks(
        path, track, task, lambda one_path, chunks: write_bigwig(one_path, chunks, sizes, step=step)
    )
