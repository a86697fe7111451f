"""Several peak files as the tasks of one data set: their names, one window per region, labels.

:func:`~sklearn_demotif.datasets.load_peaks` given a list or a dict of peak files
makes one multi-task data set: every file is a task, the positive windows are the
union of the files' windows (windows of different files that overlap by half or
more become one), and a window's label for task ``k`` is 1 when it overlaps a
peak of file ``k`` by at least half its width.  This module holds those rules;
``_peaks`` reads the files and makes the negatives.
"""

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..io import peak_centres

__all__ = ["peak_sources", "union_windows", "task_labels", "describe_tasks"]

#: Suffixes of compressed files, dropped before the format's suffix to name a task.
_COMPRESSION_SUFFIXES = (".gz", ".bgz", ".bz2", ".xz", ".zst")
#: Columns that ``regions`` has besides the task columns: no task may take their name.
REGION_COLUMNS = ("chrom", "start", "end", "name", "label", "kind")


def _task_name(source, index):
    """A task's name from its file: the name without the compression and format suffixes."""
    if isinstance(source, pd.DataFrame):
        source = source.attrs.get("source")
        if not source:
            return f"task{index}"
    name = Path(source).name
    for suffix in _COMPRESSION_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return Path(name).stem or name


def peak_sources(peaks):
    """``[(task name, peak file or table), ...]`` of a list or dict of peak files.

    Parameters
    ----------
    peaks : list or dict
        Peak files (paths or tables) named by their file names' stems, or a dict
        task name → peak file.

    Returns
    -------
    sources : list of (str, object)
        One pair per task, in the given order.

    Raises
    ------
    ValueError
        An empty list or dict, a name that is not a non-empty string, two tasks of
        the same name (naming them and their files), or a name that ``regions``
        uses for its own columns.

    Examples
    --------
    >>> from sklearn_demotif.datasets._peak_tasks import peak_sources
    >>> [name for name, _ in peak_sources(["a/CTCF.narrowPeak.gz", "b/GATA1.bed"])]
    ['CTCF', 'GATA1']
    """
    if isinstance(peaks, Mapping):
        sources = list(peaks.items())
        for name, _ in sources:
            if not isinstance(name, str) or not name:
                raise ValueError(f"peak file names must be non-empty strings, got {name!r}")
    else:
        sources = [(_task_name(source, index), source) for index, source in enumerate(peaks)]
    if not sources:
        raise ValueError("peaks is an empty list; give at least one peak file")
    names = [name for name, _ in sources]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        files = [
            f"{name}: {', '.join(str(source) for n, source in sources if n == name)}"
            for name in duplicates
        ]
        raise ValueError(
            f"two or more peak files have the same task name ({'; '.join(files)}); give a "
            "dict task name -> peak file to name them apart"
        )
    taken = sorted(set(names) & set(REGION_COLUMNS))
    if taken:
        raise ValueError(
            f"task name(s) {', '.join(map(repr, taken))} are columns of regions "
            f"({', '.join(REGION_COLUMNS)}); give a dict task name -> peak file with other names"
        )
    return sources


def union_windows(tables, width):
    """One ``width``-bp window per region of the union of the files' summit windows.

    The windows of all files (centred on each peak's summit, else its midpoint) are
    sorted by centre, chromosome by chromosome; a window joins the group of the first
    window before it while their centres are less than half a window apart, and each
    group becomes one window centred midway between its extreme centres.  That window
    overlaps every member's window by at least three quarters of the width, and two
    windows that come out are at least a quarter of the width apart.

    Parameters
    ----------
    tables : list of pandas.DataFrame
        The peaks of every file: ``chrom``, ``start``, ``end``, optionally ``summit``.
    width : int
        Window length.

    Returns
    -------
    windows : pandas.DataFrame
        ``chrom, start, end, summit``, one row per region, sorted by chromosome (in
        order of first appearance) and start.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.datasets._peak_tasks import union_windows
    >>> a = pd.DataFrame({"chrom": ["c", "c"], "start": [0, 500], "end": [200, 700]})
    >>> b = pd.DataFrame({"chrom": ["c"], "start": [100], "end": [160]})
    >>> union_windows([a, b], 101)
      chrom  start  end  summit
    0     c     65  166     115
    1     c    550  651     600
    """
    chroms = pd.concat([table["chrom"] for table in tables], ignore_index=True)
    centres = np.concatenate([peak_centres(table) for table in tables])
    rows = []
    for chrom in pd.unique(chroms):
        on = np.sort(centres[(chroms == chrom).to_numpy()])
        first = 0
        while first < len(on):
            last = int(np.searchsorted(on, on[first] + width / 2, side="left"))
            rows.append((chrom, (int(on[first]) + int(on[last - 1])) // 2))
            first = last
    windows = pd.DataFrame(rows, columns=["chrom", "summit"])
    windows.insert(1, "start", windows["summit"] - width // 2)
    windows.insert(2, "end", windows["start"] + width)
    return windows


def _extents(table, width):
    """Each peak's interval widened to hold its own summit window."""
    window_starts = peak_centres(table) - width // 2
    return (
        np.minimum(table["start"].to_numpy(np.int64), window_starts),
        np.maximum(table["end"].to_numpy(np.int64), window_starts + width),
    )


def task_labels(windows, tables, width):
    """For every window and file, 1.0 where the window overlaps a peak of the file by at least
    half its width (``ceil(width / 2)`` bases), else 0.0.

    A peak counts with its interval widened to hold its own summit window, so every
    peak's own window (and the union window that replaced it) is labelled 1 even for a
    peak narrower than half a window.

    Parameters
    ----------
    windows : pandas.DataFrame
        ``chrom``, ``start``, ``end`` of windows ``width`` long.
    tables : list of pandas.DataFrame
        The peaks of every file.
    width : int
        Window length.

    Returns
    -------
    labels : ndarray of float64 of shape (n_windows, n_files)

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.datasets._peak_tasks import task_labels
    >>> windows = pd.DataFrame({"chrom": ["c", "c"], "start": [0, 100], "end": [100, 200]})
    >>> peaks = pd.DataFrame({"chrom": ["c"], "start": [40], "end": [160]})
    >>> task_labels(windows, [peaks], 100).tolist()
    [[1.0], [1.0]]
    >>> task_labels(windows, [peaks.assign(start=150, end=170)], 100).tolist()
    [[0.0], [1.0]]
    """
    half = -(-width // 2)
    labels = np.zeros((len(windows), len(tables)))
    chroms = windows["chrom"].to_numpy()
    # A peak of extent [s, e), at least `half` long, overlaps window [w, w + width) by at
    # least `half` exactly when s <= w + width - half and e >= w + half.
    latest_start = windows["start"].to_numpy(np.int64) + width - half
    earliest_end = windows["start"].to_numpy(np.int64) + half
    for column, table in enumerate(tables):
        starts, ends = _extents(table, width)
        peak_chroms = table["chrom"].to_numpy()
        for chrom in pd.unique(chroms):
            rows = np.flatnonzero(chroms == chrom)
            on = peak_chroms == chrom
            if not on.any():
                continue
            order = np.argsort(starts[on], kind="stable")
            sorted_starts = starts[on][order]
            furthest_end = np.maximum.accumulate(ends[on][order])
            n_before = np.searchsorted(sorted_starts, latest_start[rows], side="right")
            hit = n_before > 0
            hit[hit] = furthest_end[n_before[hit] - 1] >= earliest_end[rows][hit]
            labels[rows, column] = hit
    return labels


def describe_tasks(names, tables, labels, width, genome_name, centred):
    """The description's sentence on the positives of a multi-task data set."""
    n_positive = labels.sum(axis=0).astype(int)
    n_tasks = (labels == 1).sum(axis=1)
    per_file = ", ".join(
        f"{name}: {len(table)} peaks, positive in {count}"
        for name, table, count in zip(names, tables, n_positive, strict=True)
    )
    return (
        f"{len(labels)} positives: {width}-bp windows of the genome {genome_name} centred on "
        f"the {centred} of the peaks of {len(names)} tasks, windows of different files that "
        f"overlap by half or more merged into one ({per_file}); {int((n_tasks > 1).sum())} "
        f"windows are positive for two or more tasks. A window is positive for a task when it "
        "overlaps one of its peaks by at least half its width; every negative is negative for "
        "every task."
    )
