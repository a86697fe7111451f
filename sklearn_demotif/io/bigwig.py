"""Genome tracks as bigWig files, the indexed binary format genome browsers read, with pyBigWig.

A bedGraph of a genome scanned every 10 bp has some 300 million lines; a
bigWig holds the same bins compressed and indexed, with zoom levels, and is
what IGV, the UCSC browser and every peer tool open.  :func:`write_bigwig`
writes the bins the bedGraph writer would (each window's score on its central
``step`` bases, checked the same way) piece by piece, so a track from
:func:`~sklearn_demotif.interpret.iter_genome_scan` never sits in memory.
pyBigWig is an optional dependency, in the ``genome`` extra; writing a bigWig
without it raises an ``ImportError`` that says how to install it.
"""

import errno
import os
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Interval, validate_params

from .._atomic import atomic_path
from ._track_bins import iter_track_bins
from .genome import Genome, _import_genome_extra, _naming_convention

__all__ = ["write_bigwig", "BIGWIG_SUFFIXES"]

#: File extensions (compared without case) that name a bigWig file.
BIGWIG_SUFFIXES = (".bw", ".bigwig")


def _pybigwig():
    return _import_genome_extra("pyBigWig", "writing bigWig files")


def _chromosome_sizes(sizes):
    """Chromosome lengths by name, from a Series (or mapping), a :class:`Genome` or its path."""
    if isinstance(sizes, Genome):
        sizes = sizes.sizes
    elif isinstance(sizes, (str, os.PathLike)):
        with Genome(sizes) as genome:
            sizes = genome.sizes
    sizes = pd.Series(sizes, dtype=object)
    for name, length in sizes.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"chromosome names must be non-empty strings, got {name!r}")
        if not isinstance(length, Integral) or isinstance(length, bool) or length < 1:
            raise ValueError(
                f"the length of chromosome {name} must be a positive integer, got {length!r}"
            )
    if sizes.empty:
        raise ValueError("sizes has no chromosome: a bigWig needs the genome's chromosome sizes")
    return sizes.astype(np.int64)


def _check_inside(bins, sizes):
    """Refuse a bin on a chromosome the genome lacks, or past its chromosome's end."""
    lengths = bins["chrom"].map(sizes)
    unknown = np.flatnonzero(lengths.isna().to_numpy())
    if len(unknown):
        chrom = bins["chrom"].iloc[int(unknown[0])]
        known = list(sizes.index)
        shown = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
        renamed = _naming_convention([chrom], known)
        raise ValueError(
            f"the track's chromosome {chrom!r} is not in the genome ({len(known)} sequences: "
            f"{shown})" + (f"; the names follow another convention: {renamed}" if renamed else "")
        )
    past = np.flatnonzero(bins["end"].to_numpy(np.int64) > lengths.to_numpy(np.int64))
    if len(past):
        row = bins.iloc[int(past[0])]
        raise ValueError(
            f"the track's bin {row['chrom']}:{row['start']}-{row['end']} ends past the end of "
            f"{row['chrom']} ({sizes[row['chrom']]} bp): is the track from another assembly?"
        )


def _add_bins(bigwig, bins):
    bigwig.addEntries(
        bins["chrom"].tolist(),
        bins["start"].to_numpy(np.int64),
        ends=bins["end"].to_numpy(np.int64),
        values=bins["score"].to_numpy(np.float64),
    )


def _check_finished(pyBigWig, temporary):
    """Read the file back: pyBigWig reports a failure to finish it (a full disk) only on stderr."""
    try:
        pyBigWig.open(str(temporary)).close()
    except RuntimeError:
        raise OSError(errno.EIO, "pyBigWig could not finish the file (is the disk full?)") from None


@validate_params(
    {
        "path": [str, os.PathLike],
        "step": [Interval(Integral, 1, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def write_bigwig(path, track, sizes, *, step=None):
    """Write a genome track as a bigWig: the bins of the bedGraph, compressed and indexed.

    Each window gives its score to its central ``step`` bases, exactly as in
    :func:`~sklearn_demotif.interpret.write_bedgraph`, and the same tracks are
    refused.  The header lists every chromosome of ``sizes`` sorted by name,
    the order of a sorted track (``sort -k1,1``, as ``bedGraphToBigWig``
    expects).  The track is written piece by piece, so one from
    :func:`~sklearn_demotif.interpret.iter_genome_scan` never sits in memory;
    the file is written whole or not at all (a temporary file beside it,
    renamed at the end).  Values are stored as float32.

    Parameters
    ----------
    path : str or path-like
        The bigWig file.
    track : pandas.DataFrame or iterable of DataFrame
        ``chrom, start, end, score``, as
        :func:`~sklearn_demotif.interpret.scan_genome` returns or
        :func:`~sklearn_demotif.interpret.iter_genome_scan` yields, sorted by
        chromosome name and start.
    sizes : pandas.Series, dict, Genome, str or path-like
        The length of every chromosome by name, as ``Genome(path).sizes``
        gives; or a :class:`Genome`, or a genome FASTA's path, whose sizes
        are taken.
    step : int or None, default=None
        The scan's stride.  ``None`` takes the smallest distance between
        consecutive window starts on one chromosome (of the first piece), or
        the window's width when there is a single window.  A smaller step
        than that distance would leave gaps between the bins, and is refused.

    Returns
    -------
    path : pathlib.Path
        The written file.

    Raises
    ------
    ValueError
        For a track that is not sorted, whose bins overlap, whose ``step``
        leaves gaps between windows, with a NaN or infinite score, on a
        chromosome ``sizes`` lacks or with a bin past its chromosome's end
        (naming the first); nothing is written.
    ImportError
        When pyBigWig is not installed.

    See Also
    --------
    sklearn_demotif.interpret.write_bedgraph : The same bins as text.
    sklearn_demotif.interpret.write_track : A bigWig or a bedGraph, by extension.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> import pyBigWig
    >>> from sklearn_demotif.io import write_bigwig
    >>> track = pd.DataFrame({"chrom": "chr1", "start": [0, 10, 20], "end": [101, 111, 121],
    ...                       "score": [0.5, -1.25, 3.0]})
    >>> sizes = pd.Series({"chr2": 500, "chr1": 1000})
    >>> path = write_bigwig(pathlib.Path(tempfile.mkdtemp()) / "x.bw", track, sizes)
    >>> bigwig = pyBigWig.open(str(path))
    >>> bigwig.chroms(), bigwig.intervals("chr1")
    ({'chr1': 1000, 'chr2': 500}, ((45, 55, 0.5), (55, 65, -1.25), (65, 75, 3.0)))
    >>> bigwig.close()
    """
    pyBigWig = _pybigwig()
    sizes = _chromosome_sizes(sizes)
    chunks = [track] if isinstance(track, pd.DataFrame) else track
    with atomic_path(path) as temporary:
        bigwig = pyBigWig.open(str(temporary), "w")
        try:
            bigwig.addHeader([(name, int(sizes[name])) for name in sorted(sizes.index)])
            for bins in iter_track_bins(chunks, step, what="a bigWig"):
                _check_inside(bins, sizes)
                _add_bins(bigwig, bins)
        finally:
            bigwig.close()
        _check_finished(pyBigWig, temporary)
    return Path(path)
