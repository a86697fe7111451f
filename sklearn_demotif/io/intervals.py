"""Genomic regions: region strings and BED files read, intervals merged and subtracted.

Interval arithmetic on BED-like tables (``chrom``, ``start``, ``end``) is bioframe's:
it is imported on first use (it imports matplotlib), and the pandas
deprecation warnings that bioframe 0.8 triggers under pandas 3 are kept from
the user, who can do nothing about them.
"""

import contextlib
import re
import warnings
from pathlib import Path

import pandas as pd

from .genome import as_genome
from .peaks import read_peaks

__all__ = ["intervals_outside", "merge_intervals", "read_regions"]


@contextlib.contextmanager
def _bioframe():
    import bioframe

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        yield bioframe


def intervals_outside(intervals, blocked):
    """The rows of ``intervals`` that overlap no interval of ``blocked``.

    Intervals are 0-based and end-exclusive, so touching ones do not overlap.

    Parameters
    ----------
    intervals, blocked : pandas.DataFrame
        Tables with ``chrom``, ``start`` and ``end`` (other columns are kept).

    Returns
    -------
    kept : pandas.DataFrame
        The rows of ``intervals`` that overlap nothing, index and order kept.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.io import intervals_outside
    >>> windows = pd.DataFrame({"chrom": ["c", "c", "c"], "start": [0, 10, 30],
    ...                         "end": [10, 20, 40]})
    >>> peaks = pd.DataFrame({"chrom": ["c"], "start": [15], "end": [31]})
    >>> intervals_outside(windows, peaks)
      chrom  start  end
    0     c      0   10
    """
    with _bioframe() as bioframe:
        return bioframe.setdiff(intervals, blocked)


def merge_intervals(intervals):
    """Overlapping or touching intervals merged, sorted by chromosome name and start.

    Parameters
    ----------
    intervals : pandas.DataFrame
        A table with ``chrom``, ``start`` and ``end``.

    Returns
    -------
    merged : pandas.DataFrame
        ``chrom, start, end``, in the order ``sort -k1,1 -k2,2n`` gives.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.io import merge_intervals
    >>> merge_intervals(pd.DataFrame({"chrom": ["c2", "c1", "c1"], "start": [0, 5, 0],
    ...                               "end": [9, 20, 10]}))
      chrom  start  end
    0    c1      0   20
    1    c2      0    9
    """
    with _bioframe() as bioframe:
        merged = bioframe.merge(intervals[["chrom", "start", "end"]])[["chrom", "start", "end"]]
    return merged.sort_values(["chrom", "start"], ignore_index=True)


_REGION_HELP = (
    "write it as chrom:start-end (0-based, end exclusive, as BED; commas allowed), "
    "e.g. chr1:10,000-20,000, or a chromosome name for all of it"
)


#: One region: a name, or name:start-end (end optional); numbers may have commas or k/M/G.
_COORDINATE = r"[0-9][0-9,]*(?:\.[0-9]+)?(?:[kKmMgG])?(?:bp)?"
_REGION_PATTERN = re.compile(rf"[^\s:]+(?::{_COORDINATE}-(?:{_COORDINATE})?)?")
#: What makes a string that is no file look like a path that was meant to be one.
_FILE_SUFFIXES = (".bed", ".bed.gz", ".narrowpeak", ".narrowpeak.gz", ".bedgraph", ".txt",
                  ".tsv", ".gz")


def _check_one_region(text):
    """A region string holds one region: no line break or tab, nothing after the end."""
    if any(character in text for character in "\r\n\t"):
        raise ValueError(
            f"region {text!r} holds a line break or a tab; give one region per string "
            "(a list of strings, or a BED file)"
        )
    stripped = text.strip()
    match = _REGION_PATTERN.match(stripped)
    rest = stripped[match.end():] if match is not None else ""
    # A missing end ("chr1:12-x") is a malformed coordinate, which bioframe names.
    if match is not None and ":" in match.group() and rest and not match.group().endswith("-"):
        raise ValueError(
            f"region {text!r} has {rest!r} after the region, which is not "
            f"read (strands and other suffixes are not part of a region); {_REGION_HELP}"
        )


def _parse_region(text, genome):
    if text.strip() in genome.sizes.index:
        chrom = text.strip()
        return chrom, 0, int(genome.sizes[chrom])
    _check_one_region(text)
    try:
        with _bioframe() as bioframe:
            chrom, start, end = bioframe.parse_region(text.strip(), check_bounds=False)
    except ValueError as error:
        raise ValueError(f"region {text!r} does not parse ({error}); {_REGION_HELP}") from None
    genome.check_chromosomes([chrom], f"region {text!r}")
    size = int(genome.sizes[chrom])
    end = size if end is None else end
    if not 0 <= start < end <= size:
        raise ValueError(
            f"region {text!r} is empty or not inside {chrom}, which has {size} bp "
            f"(coordinates are 0-based, end exclusive)"
        )
    return chrom, start, end


def _looks_like_a_path(text):
    return "/" in text or "\\" in text or text.lower().endswith(_FILE_SUFFIXES)


def _check_region_path(text):
    """A string naming a folder, or a path that does not exist, is an error, not a region."""
    path = Path(text)
    if path.is_dir():
        raise ValueError(f"{text} is a folder, not a regions file")
    if _looks_like_a_path(text) and not path.exists():
        raise ValueError(f"no such regions file: {text}")


def _file_regions(path, genome):
    table = read_peaks(path)
    source = str(path)
    genome.check_chromosomes(table["chrom"].unique(), source)
    rows = []
    for line, (chrom, start, end) in zip(
        table.index, table[["chrom", "start", "end"]].itertuples(index=False), strict=True
    ):
        if not 0 <= start < end <= int(genome.sizes[chrom]):
            raise ValueError(
                f"{source}, line {line}: region {chrom}:{start}-{end} is empty or not "
                f"inside {chrom}, which has {int(genome.sizes[chrom])} bp"
            )
        rows.append((chrom, int(start), int(end)))
    return rows


def read_regions(regions, genome):
    """Regions as a sorted table of non-overlapping intervals, checked against the genome.

    Parameters
    ----------
    regions : str, path-like, list of str or pandas.DataFrame
        ``"chrom:start-end"`` strings (0-based, end exclusive, as BED;
        ``"chr1"`` alone is the whole chromosome), a BED file (a
        :class:`~pathlib.Path`, or a string naming an existing file), or a
        table with ``chrom``, ``start`` and ``end``.
    genome : str, path-like or Genome
        The genome the regions lie on.

    Returns
    -------
    regions : pandas.DataFrame
        ``chrom, start, end``, sorted by chromosome name and start (the order
        ``sort -k1,1 -k2,2n`` and bedGraphToBigWig use), overlapping or
        touching regions merged.

    Raises
    ------
    ValueError
        For a region string that does not parse, holds more than one region
        (a line break or a tab) or text after the region (such as a strand,
        ``chr1:100-200:+``), a chromosome the genome lacks, a region outside
        its chromosome, or a string that looks like a file's path (a ``/`` or
        an extension such as ``.bed``) but names no file; the message names
        the region or the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_regions
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "genome.fa"
    >>> _ = path.write_text(">chr2\\n" + "ACGT" * 50 + "\\n>chr1\\n" + "ACGT" * 50 + "\\n")
    >>> read_regions(["chr2:0-50", "chr1:1,00-150", "chr1:120-180"], path)
      chrom  start  end
    0  chr1    100  180
    1  chr2      0   50
    """
    genome = as_genome(genome)
    if isinstance(regions, pd.DataFrame):
        table = regions[["chrom", "start", "end"]]
        source = regions.attrs.get("source", "the region table")
        rows = [(c, int(s), int(e)) for c, s, e in table.itertuples(index=False)]
        for chrom, start, end in rows:
            _parse_region(f"{chrom}:{start}-{end}", genome)
    elif isinstance(regions, Path) or (isinstance(regions, str) and Path(regions).is_file()):
        rows = _file_regions(regions, genome)
    else:
        if isinstance(regions, str):
            _check_region_path(regions)
        texts = [regions] if isinstance(regions, str) else list(regions)
        if not texts:
            raise ValueError("no regions given")
        rows = [_parse_region(str(text), genome) for text in texts]
    if not rows:
        raise ValueError(f"{source} has no regions")
    return merge_intervals(pd.DataFrame(rows, columns=["chrom", "start", "end"]))
