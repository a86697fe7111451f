"""Genome tracks as bins: a scan's overlapping windows turned into the checked bins a file holds.

A scan's windows overlap (101 bp every 10 bp), which neither a bedGraph nor a
bigWig may; so each window gives its score to its central ``step`` bases, and
the bins tile the scanned regions without overlapping.  :func:`iter_track_bins`
makes those bins piece by piece and refuses what no track file should hold: an
unsorted track, bins that overlap, a ``step`` that leaves gaps between
windows, scores that are not numbers.  The bedGraph writer
(:func:`~sklearn_demotif.interpret.write_bedgraph`) and the bigWig writer
(:func:`~sklearn_demotif.io.write_bigwig`) both write these bins.
"""

import numpy as np
import pandas as pd

__all__ = ["iter_track_bins"]

_BIN_COLUMNS = ["chrom", "start", "end", "score"]


def _check_scores(chunk, what):
    """Refuse NaN and infinite scores: a track file holds numbers (scans never make them)."""
    scores = chunk["score"].to_numpy(np.float64)
    bad = np.flatnonzero(~np.isfinite(scores))
    if len(bad):
        row = chunk.iloc[int(bad[0])]
        raise ValueError(
            f"window {row['chrom']}:{row['start']}-{row['end']} has the score {scores[bad[0]]}; "
            f"{what} holds numbers only: drop the window or give it a score"
        )


def _window_spacing(chunk):
    """Distances between consecutive window starts on one chromosome (0 across chromosomes)."""
    chroms = chunk["chrom"].to_numpy()
    distances = np.diff(chunk["start"].to_numpy(np.int64))
    return np.where(chroms[1:] == chroms[:-1], distances, 0)


def _check_step(chunk, step, bin_starts, bin_ends):
    """Refuse a ``step`` smaller than the windows' spacing: its bins would leave gaps.

    Wider distances (windows of ``N`` left out, the next region) are real gaps.
    """
    distances = _window_spacing(chunk)
    spacing = int(distances[distances > 0].min()) if (distances > 0).any() else None
    widths = chunk["end"].to_numpy(np.int64) - chunk["start"].to_numpy(np.int64)
    if spacing is None or step >= min(spacing, int(widths.min())):
        return
    first = int(np.flatnonzero(distances == spacing)[0])
    chrom = chunk["chrom"].iloc[first]
    raise ValueError(
        f"step={step} leaves gaps: the windows start {spacing} bp apart, so nothing covers "
        f"{chrom}:{bin_ends[first]}-{bin_starts[first + 1]}; give the scan's stride "
        f"({spacing}) as step"
    )


class _Order:
    """Where the bins so far end: the last chromosome, its last bin, the chromosomes finished."""

    def __init__(self):
        self.last_chrom, self.last_end, self.finished = None, 0, set()

    def _walk(self, chroms, changes):
        """The first row starting a chromosome that sorts before the last one or was finished
        (or None), the chromosome before that row, and the chromosomes finished by then."""
        last, finished = self.last_chrom, set(self.finished)
        for index in changes:
            chrom = chroms[index]
            if chrom in finished or (last is not None and chrom < last):
                return int(index), last, finished
            if last is not None:
                finished.add(last)
            last = chrom
        return None, last, finished

    def check(self, chroms, starts, ends):
        """Refuse the first row, in the track's order, that is unsorted or overlaps the bin
        before it; then move on past these rows."""
        previous_chroms = np.concatenate([np.array([self.last_chrom], dtype=object), chroms[:-1]])
        changes = np.flatnonzero(chroms != previous_chroms)
        previous_ends = np.concatenate([[self.last_end], ends[:-1]])
        previous_ends[changes] = 0
        unsorted, before, finished = self._walk(chroms, changes)
        overlaps = np.flatnonzero(starts < previous_ends)
        overlap = int(overlaps[0]) if len(overlaps) else None
        if unsorted is not None and (overlap is None or unsorted <= overlap):
            raise ValueError(
                f"the track is not sorted by chromosome: {chroms[unsorted]} comes after "
                f"{before}; sort it by chrom and start"
            )
        if overlap is not None:
            raise ValueError(
                f"the track's bins overlap or are unsorted at {chroms[overlap]}:"
                f"{starts[overlap]}-{ends[overlap]} (the previous bin ends at "
                f"{previous_ends[overlap]}); give the windows' step"
            )
        self.last_chrom, self.last_end, self.finished = chroms[-1], int(ends[-1]), finished


def _bins(chunk, step):
    """The central ``step`` bases of every window (all of a narrower window)."""
    starts = chunk["start"].to_numpy(np.int64)
    widths = chunk["end"].to_numpy(np.int64) - starts
    covered = np.minimum(step, widths)
    bin_starts = starts + (widths - covered) // 2
    return bin_starts, bin_starts + covered


def _default_step(chunk):
    """The smallest distance between window starts on one chromosome, or the window's width."""
    distances = _window_spacing(chunk)
    if (distances > 0).any():
        return int(distances[distances > 0].min())
    return int(chunk["end"].iloc[0] - chunk["start"].iloc[0])


def iter_track_bins(chunks, step=None, what="a bedGraph"):
    """Non-overlapping, checked bins of a genome track, one DataFrame per piece of it.

    Each window gives its score to its central ``step`` bases (all of a window
    narrower than ``step``), so the bins of a scan tile its regions without
    overlapping.  Pieces are checked as they come: a track file is written
    whole or not at all, so an error in the last piece leaves nothing behind.

    Parameters
    ----------
    chunks : iterable of pandas.DataFrame
        ``chrom, start, end, score`` windows, sorted by chromosome name and
        start (as :func:`~sklearn_demotif.interpret.iter_genome_scan`
        yields them); empty pieces are skipped.
    step : int or None, default=None
        The scan's stride.  ``None`` takes the smallest distance between
        consecutive window starts on one chromosome (of the first piece), or
        the window's width when there is a single window.
    what : str, default="a bedGraph"
        The file the bins go to, for the messages.

    Yields
    ------
    bins : pandas.DataFrame
        ``chrom, start, end, score``: the bins of a non-empty piece (0-based,
        end exclusive), in its order.

    Raises
    ------
    ValueError
        Naming the first window with a NaN or infinite score, the first gap a
        ``step`` smaller than the windows' spacing would leave, the first
        chromosome out of order, or the first bin that overlaps the one before.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.io._track_bins import iter_track_bins
    >>> track = pd.DataFrame({"chrom": "chr1", "start": [0, 10, 20], "end": [101, 111, 121],
    ...                       "score": [0.5, -1.25, 3.0]})
    >>> next(iter_track_bins([track]))
      chrom  start  end  score
    0  chr1     45   55   0.50
    1  chr1     55   65  -1.25
    2  chr1     65   75   3.00
    """
    order = _Order()
    for chunk in chunks:
        if chunk.empty:
            continue
        _check_scores(chunk, what)
        if step is None:
            step = _default_step(chunk)
        bin_starts, bin_ends = _bins(chunk, step)
        _check_step(chunk, step, bin_starts, bin_ends)
        chroms = chunk["chrom"].to_numpy(object)
        order.check(chroms, bin_starts, bin_ends)
        yield pd.DataFrame(
            {"chrom": chroms, "start": bin_starts, "end": bin_ends,
             "score": chunk["score"].to_numpy()},
            columns=_BIN_COLUMNS,
        )
