"""Peak files: BED3 to BED12 and ENCODE narrowPeak, plain or gzipped.

:func:`read_peaks` reads the intervals a ChIP-seq pipeline calls (MACS2, the
ENCODE pipeline) into a :class:`pandas.DataFrame` whose index is the line of the
file each peak came from, so that later errors can name it.  Coordinates stay as
BED writes them: 0-based starts, exclusive ends.
"""

import math

import numpy as np
import pandas as pd

from ._text import READ_ERRORS, open_text

__all__ = ["read_peaks", "peak_centres", "describe_peak"]

#: Lines that carry no interval (UCSC track and browser lines, comments).
_HEADER_PREFIXES = ("track", "browser", "#")
#: Columns of a narrowPeak file beyond BED6, in order.
_NARROWPEAK_COLUMNS = ("signal_value", "p_value", "q_value")
_BED_COLUMNS = ("chrom", "start", "end", "name", "score", "strand")
_STRANDS = ("+", "-", ".")
#: Coordinates have at most this many digits (10**15 bp, far beyond any chromosome).
_MAX_DIGITS = 15


def _number(text, what, where):
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {what} {text[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {what} {text[:40]!r} is not a finite number")
    return value


def _coordinate(text, what, where):
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{where}: {what} {text[:40]!r} is not a non-negative integer")
    if len(text) > _MAX_DIGITS:
        raise ValueError(f"{where}: {what} {text[:40]!r} is larger than any chromosome")
    return int(text)


def _is_number(text):
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _is_bed12(fields):
    """12 columns whose 11th and 12th are comma lists of ``blockCount`` (10th) integers."""
    if len(fields) != 12 or not (fields[9].isascii() and fields[9].isdigit()):
        return False
    lists = [field.rstrip(",").split(",") for field in fields[10:12]]
    return all(
        len(values) == int(fields[9]) and all(v.isascii() and v.isdigit() for v in values)
        for values in lists
    )


def _is_narrowpeak(fields):
    """10 or more columns, the 7th to 9th numbers and the 10th an offset or ``-1`` (not BED12)."""
    return (
        len(fields) >= 10
        and not _is_bed12(fields)
        and all(_is_number(text) for text in fields[6:9])
        and (fields[9] == "-1" or (fields[9].isascii() and fields[9].isdigit()))
    )


def _file_format(fields, where):
    """``"narrowPeak"`` or ``"bed"``, decided by a file's first peak."""
    n_columns = len(fields)
    if n_columns < 3:
        raise ValueError(
            f"{where}: {n_columns} column(s); a peak needs at least chrom, start and end (BED)"
        )
    if _is_narrowpeak(fields):
        return "narrowPeak"
    if n_columns > 12:
        raise ValueError(
            f"{where}: {n_columns} columns, but BED has at most 12 and this is no narrowPeak "
            "(its 7th to 9th columns are numbers, its 10th the summit's offset or -1)"
        )
    return "bed"


def _parse_line(fields, n_columns, file_format, where):
    """One peak as a list in the order of :func:`_columns`."""
    if len(fields) != n_columns:
        raise ValueError(
            f"{where}: {len(fields)} columns, but the file's first peak has {n_columns}"
        )
    chrom = fields[0]
    if not chrom:
        raise ValueError(f"{where}: the chromosome name is empty")
    start = _coordinate(fields[1], "start", where)
    end = _coordinate(fields[2], "end", where)
    if end < start:
        raise ValueError(f"{where}: end {end} is before start {start}")
    row = [chrom, start, end]
    if n_columns >= 4:
        row.append(fields[3])
    if n_columns >= 5:
        row.append(np.nan if fields[4] == "." else _number(fields[4], "score", where))
    if n_columns >= 6:
        if fields[5] not in _STRANDS:
            raise ValueError(f"{where}: strand {fields[5][:40]!r} is not +, - or .")
        row.append(fields[5])
    if file_format == "narrowPeak":
        row += [_number(text, name.replace("_", " "), where)
                for name, text in zip(_NARROWPEAK_COLUMNS, fields[6:9], strict=True)]
        row.append(_summit(fields[9], start, end, where))
    return row


def _summit(offset, start, end, where):
    if offset == "-1":
        return None
    offset = _coordinate(offset, "summit offset", where)
    if offset > end - start:
        raise ValueError(
            f"{where}: summit offset {offset} lies past the peak's end "
            f"(the peak is {end - start} bp long)"
        )
    return start + offset


def _columns(n_columns, file_format):
    columns = list(_BED_COLUMNS[: min(n_columns, 6)])
    if file_format == "narrowPeak":
        columns += [*_NARROWPEAK_COLUMNS, "summit"]
    return columns


def _peak_lines(handle):
    """``(line number, fields)`` of every line that is not blank, a header or a comment."""
    for line_number, line in enumerate(handle, start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith(_HEADER_PREFIXES):
            continue
        yield line_number, line.split("\t") if "\t" in line else line.split()


def read_peaks(path):
    """Read peaks from a BED or narrowPeak file, gzipped or plain.

    Every line has the same number of tab-separated columns (white space when
    the file has no tabs).  The first peak decides the format:

    * ENCODE narrowPeak when it has 10 or more columns whose 7th to 9th are
      numbers (signal value, p-value, q-value) and whose 10th is the summit's
      offset from the start or ``-1`` for none; columns after the 10th are
      ignored;
    * BED otherwise, 3 (chrom, start, end) to 12 columns (name, score,
      strand, ...; columns after the strand are ignored).  A BED12 line,
      whose 11th and 12th columns are comma lists of ``blockCount`` (the 10th)
      integers, is BED even when it also fits the narrowPeak rule.

    The text is UTF-8 (a byte-order mark is dropped); ``track`` and
    ``browser`` lines, ``#`` comments and blank lines are skipped.

    Parameters
    ----------
    path : str or path-like
        The peak file.

    Returns
    -------
    peaks : pandas.DataFrame
        ``chrom``, ``start``, ``end`` (0-based, end exclusive) and, where the
        file has them, ``name``, ``score``, ``strand``; narrowPeak files also
        give ``signal_value``, ``p_value``, ``q_value`` and ``summit`` (the
        summit's 0-based position on the chromosome, ``<NA>`` where the file
        says ``-1``).  The index, named ``line``, is each peak's line in the
        file; ``peaks.attrs["source"]`` is the file's name.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    ValueError
        For a folder, a file compressed otherwise than with gzip, bytes that
        are not UTF-8, a file without peaks, or a line that is malformed (too
        few or inconsistent columns, a coordinate that is not a non-negative integer,
        an end before the start, a score that is not a number, a strand other
        than ``+ - .``, a summit outside the peak); the message names the file
        and the line.

    See Also
    --------
    sklearn_demotif.datasets.load_peaks : Training data from peaks and a genome.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_peaks
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "peaks.narrowPeak"
    >>> line = "\\t".join(["chr1", "100", "300", "p1", "50", ".", "8.1", "12", "9", "120"])
    >>> _ = path.write_text("track name=x\\n" + line + "\\n")
    >>> peaks = read_peaks(path)
    >>> peaks[["chrom", "start", "end", "summit"]]
         chrom  start  end  summit
    line
    2     chr1    100  300     220
    """
    rows, lines, n_columns, file_format = [], [], None, None
    with open_text(path) as handle:
        try:
            for line_number, fields in _peak_lines(handle):
                where = f"{path}, line {line_number}"
                if file_format is None:
                    n_columns, file_format = len(fields), _file_format(fields, where)
                rows.append(_parse_line(fields, n_columns, file_format, where))
                lines.append(line_number)
        except READ_ERRORS as error:
            raise ValueError(f"{path}: cannot be read ({error})") from None
    if not rows:
        raise ValueError(f"{path}: no peaks found (only headers, comments or blank lines)")
    peaks = pd.DataFrame(
        rows, columns=_columns(n_columns, file_format), index=pd.Index(lines, name="line")
    )
    peaks = peaks.astype({"chrom": str, "start": np.int64, "end": np.int64})
    if "summit" in peaks:
        peaks["summit"] = peaks["summit"].astype("Int64")
    peaks.attrs["source"] = str(path)
    return peaks


def peak_centres(peaks):
    """Each peak's centre: its summit where one is given, else the interval's midpoint.

    Parameters
    ----------
    peaks : pandas.DataFrame
        ``chrom``, ``start``, ``end`` and optionally ``summit``, as
        :func:`read_peaks` gives.

    Returns
    -------
    centres : ndarray of int of shape (n_peaks,)
        0-based positions; the midpoint of an interval is ``(start + end) // 2``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.io import peak_centres
    >>> peaks = pd.DataFrame({"chrom": ["c", "c"], "start": [0, 10], "end": [10, 30],
    ...                       "summit": pd.array([3, None], dtype="Int64")})
    >>> peak_centres(peaks).tolist()
    [3, 20]
    """
    midpoints = (peaks["start"].to_numpy(np.int64) + peaks["end"].to_numpy(np.int64)) // 2
    if "summit" not in peaks:
        return midpoints
    summits = pd.array(peaks["summit"], dtype="Int64")
    return np.where(summits.isna(), midpoints, summits.fillna(0).to_numpy(np.int64))


def describe_peak(peaks, label):
    """How error messages name one peak: its file and line, or its row and region.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.io import describe_peak
    >>> peaks = pd.DataFrame({"chrom": ["chr1"], "start": [5], "end": [9]})
    >>> describe_peak(peaks, 0)
    'peak 0 (chr1:5-9)'
    """
    row = peaks.loc[label]
    region = f"{row['chrom']}:{row['start']}-{row['end']}"
    source = peaks.attrs.get("source")
    if source and peaks.index.name == "line":
        return f"{source}, line {label} ({region})"
    return f"peak {label} ({region})"
