"""Whether a FASTA's ``.fai`` index still describes the file, checked before it is trusted.

An index is a table of byte offsets: once the FASTA is rewritten (another line
width, a shorter chromosome) and the index is not, every fetch reads the wrong
bytes.  These checks are cheap (a few small reads per sequence, never the whole
file) and structural: they find the index that no longer fits the file, not
changed bases inside an unchanged layout, which an index cannot mislead about.

:func:`stale_index` compares modification times, :func:`read_fai` checks the
index's own syntax, :func:`check_entries` checks every entry against the file
through a ``read(offset, size)`` function (plain bytes, or the uncompressed
stream of a bgzip file: :func:`bgzf_reader`).  A mismatch is an
:class:`IndexMismatch`, which the caller turns into a rebuild or an error.
"""

import bisect
import re
from collections import namedtuple
from pathlib import Path

__all__ = [
    "FaiEntry",
    "IndexMismatch",
    "bgzf_reader",
    "check_entries",
    "file_reader",
    "index_paths",
    "read_fai",
    "stale_index",
]

FaiEntry = namedtuple("FaiEntry", "name length offset line_bases line_bytes")

_FAI_FIELDS = ("length", "offset", "line_bases", "line_bytes")
_NUMBER = re.compile(r"[0-9]+")
_LINE_ENDS = (b"\n", b"\r\n")
_LINE_BREAKS = b"\r\n"
#: How much of a line (at its start and at its end) is read to see that it holds no line end.
_LINE_SAMPLE = 1 << 16
#: The most text (blank and ``;`` comment lines) read before the first header.
_MAX_PREAMBLE = 1 << 16
#: The longest header line looked for before a sequence's first base.
_MAX_HEADER = 1 << 20


class IndexMismatch(ValueError):
    """The index does not describe the FASTA; the message names the index and the sequence."""


def index_paths(fasta):
    """The index files of a FASTA: its ``.fai``, and its ``.gzi`` when bgzip-compressed.

    Examples
    --------
    >>> from sklearn_demotif.io._fasta_index import index_paths
    >>> [path.name for path in index_paths("hg38.fa.gz")]
    ['hg38.fa.gz.fai', 'hg38.fa.gz.gzi']
    """
    fasta = Path(fasta)
    paths = [Path(f"{fasta}.fai")]
    if fasta.name.lower().endswith((".gz", ".bgz")):
        paths.append(Path(f"{fasta}.gzi"))
    return paths


def stale_index(fasta, indexes):
    """The first index file older than the FASTA (modification time), or None.

    Examples
    --------
    >>> import os, tempfile, pathlib
    >>> from sklearn_demotif.io._fasta_index import stale_index
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> fasta, fai = folder / "g.fa", folder / "g.fa.fai"
    >>> _ = fasta.write_text(">a\\nACGT\\n"); _ = fai.write_text("a\\t4\\t3\\t4\\t5\\n")
    >>> os.utime(fai, ns=(1, 1)); stale_index(fasta, [fai]).name
    'g.fa.fai'
    """
    fasta_time = Path(fasta).stat().st_mtime_ns
    for index in indexes:
        if Path(index).stat().st_mtime_ns < fasta_time:
            return Path(index)
    return None


def read_fai(path):
    """The entries of a ``.fai`` file, checked line by line.

    Parameters
    ----------
    path : path-like
        A FASTA index: one line per sequence, five tab-separated columns
        (name, length, offset, line_bases, line_bytes).

    Returns
    -------
    entries : list of FaiEntry

    Raises
    ------
    IndexMismatch
        Naming the file and line: a wrong column count, a number that is not a
        non-negative integer, ``line_bytes < line_bases``, bases without a line
        length, a duplicate name, a blank line, or no entry at all.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io._fasta_index import read_fai
    >>> fai = pathlib.Path(tempfile.mkdtemp()) / "g.fa.fai"
    >>> _ = fai.write_text("chr1\\t10\\t6\\t4\\t5\\n")
    >>> read_fai(fai)
    [FaiEntry(name='chr1', length=10, offset=6, line_bases=4, line_bytes=5)]
    >>> _ = fai.write_text("chr1\\t10\\t6\\t4\\n")
    >>> read_fai(fai)
    Traceback (most recent call last):
    ...
    sklearn_demotif.io._fasta_index.IndexMismatch: ...g.fa.fai, line 1: 4 columns, ...
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("ascii")
    except UnicodeDecodeError as error:
        raise IndexMismatch(f"{path}: byte {error.start} is not ASCII text") from None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines:
        raise IndexMismatch(f"{path}: lists no sequence")
    entries, first_line = [], {}
    for number, line in enumerate(lines, start=1):
        entry = _parse_fai_line(line, f"{path}, line {number}")
        if entry.name in first_line:
            raise IndexMismatch(
                f"{path}, line {number}: sequence name {entry.name!r} is already on "
                f"line {first_line[entry.name]}"
            )
        first_line[entry.name] = number
        entries.append(entry)
    return entries


def _parse_fai_line(line, where):
    columns = line.split("\t")
    if len(columns) != 5:
        raise IndexMismatch(
            f"{where}: {len(columns)} columns, where a FASTA index has 5 "
            "(name, length, offset, line_bases, line_bytes)"
        )
    name, *numbers = columns
    if not name or name != name.strip() or len(name.split()) != 1:
        raise IndexMismatch(f"{where}: {name!r} is not a sequence name")
    for field, value in zip(_FAI_FIELDS, numbers, strict=True):
        if not _NUMBER.fullmatch(value):
            raise IndexMismatch(f"{where}: {field} {value!r} is not a non-negative integer")
    entry = FaiEntry(name, *map(int, numbers))
    if entry.line_bytes < entry.line_bases:
        raise IndexMismatch(
            f"{where}: line_bytes {entry.line_bytes} < line_bases {entry.line_bases}"
        )
    if entry.length and not entry.line_bases:
        raise IndexMismatch(f"{where}: {entry.length} bases but line_bases 0")
    return entry


class _Misfit(Exception):
    """What is wrong with one entry; check_entries names the entry."""


def file_reader(handle):
    """``read(offset, size)`` on a binary file object: fewer bytes at the end of the file."""

    def read(offset, size):
        handle.seek(offset)
        return handle.read(size)

    return read


def bgzf_reader(faidx):
    """``read(offset, size)`` on the uncompressed stream of a bgzip FASTA opened by pyfaidx.

    It seeks through the blocks of the ``.gzi`` index that pyfaidx read; an
    offset past the end reads nothing.
    """
    from Bio.bgzf import make_virtual_offset

    starts = [block.ustart for block in faidx.gzi_index]

    def read(offset, size):
        block = faidx.gzi_index[bisect.bisect_right(starts, offset) - 1]
        try:
            faidx.file.seek(make_virtual_offset(block.cstart, offset - block.ustart))
            return faidx.file.read(size)
        except (ValueError, OSError, EOFError):
            return b""

    return read


def check_entries(entries, read, fai, fasta):
    """Check every index entry against the file; raise :class:`IndexMismatch` at the first misfit.

    For each sequence: its offset follows its own header line (the byte before
    is a line end, and the line before starts with ``>NAME``, then whitespace
    or its end); its first line holds ``line_bases`` bases and a line end of
    ``line_bytes - line_bases`` bytes; its last base lies inside the file and
    is followed by a line end or the end of the file, then (after blank lines)
    by the header of the next sequence listed, or the end of the file after the
    last one: the entries cover the whole file.

    Parameters
    ----------
    entries : list of FaiEntry
    read : callable
        ``read(offset, size) -> bytes``, fewer bytes at the end of the file.
    fai, fasta : path-like
        The index and the FASTA, for the messages.

    Examples
    --------
    >>> import io
    >>> from sklearn_demotif.io._fasta_index import FaiEntry, check_entries, file_reader
    >>> read = file_reader(io.BytesIO(b">chr1\\nACGT\\nAC\\n"))
    >>> check_entries([FaiEntry("chr1", 6, 6, 4, 5)], read, "g.fa.fai", "g.fa")
    >>> check_entries([FaiEntry("chr1", 6, 6, 3, 4)], read, "g.fa.fai", "g.fa")
    Traceback (most recent call last):
    ...
    sklearn_demotif.io._fasta_index.IndexMismatch: g.fa.fai: chr1 ... a line of 3 bases ...
    """
    fai, fasta = Path(fai), Path(fasta)
    layouts = []
    for entry in sorted(entries, key=lambda entry: entry.offset):
        try:
            header_start, end = _check_layout(entry, read)
            layouts.append((entry, header_start, _next_header(read, end)))
        except _Misfit as misfit:
            raise IndexMismatch(
                f"{fai}: {entry.name} does not match {fasta.name}: {misfit}"
            ) from None
    try:
        _check_coverage(layouts, read)
    except _Misfit as misfit:
        raise IndexMismatch(f"{fai} does not match {fasta.name}: {misfit}") from None


def _check_coverage(layouts, read):
    """Check that the entries cover the file: each record ends where the next listed one begins."""
    if not layouts:
        return
    first_header = layouts[0][1]
    if first_header > _MAX_PREAMBLE:
        raise _Misfit(f"it lists no sequence for the first {first_header} bytes")
    for line in read(0, first_header).split(b"\n"):
        if line.strip() and not line.startswith(b";"):
            raise _Misfit(f"it lists no sequence for the text before byte {first_header}")
    for (entry, _, following), (after, header_start, _) in zip(layouts, layouts[1:], strict=False):
        if following != header_start:
            raise _Misfit(
                f"{entry.name} is followed by a header at byte {following}, not by the header "
                f"of {after.name} at byte {header_start}"
            )
    entry, _, following = layouts[-1]
    if following is not None:
        raise _Misfit(
            f"the file goes on after {entry.name}, the last sequence it lists (a header at "
            f"byte {following})"
        )


def _check_layout(entry, read):
    """Check header, first and last line of one sequence; the offset where its last line ends."""
    name, length, offset, line_bases, line_bytes = entry
    header_start = _check_header(read, name, offset)
    if length == 0:
        return header_start, offset
    first_bases = min(length, line_bases)
    end_length = line_bytes - line_bases if length > line_bases else None
    end = _check_line(read, offset, first_bases, end_length, "first")
    n_full_lines = (length - 1) // line_bases
    if n_full_lines:
        last_start = offset + n_full_lines * line_bytes
        if read(last_start - 1, 1) != b"\n":
            raise _Misfit(f"its last line does not start at byte {last_start}")
        end = _check_line(read, last_start, length - n_full_lines * line_bases, None, "last")
    return header_start, end


def _check_header(read, name, offset):
    if offset == 0:
        raise _Misfit("offset 0 leaves no room for its header line")
    size = 256
    while True:
        low = max(offset - size, 0)
        chunk = read(low, offset - low)
        if len(chunk) != offset - low:
            raise _Misfit(f"offset {offset} lies past the end of the file")
        line_ended = chunk.endswith(b"\n")
        if not line_ended and read(offset, 1):  # a last, empty record may lack its line end
            raise _Misfit(f"the byte before offset {offset} is not a line end")
        line_start = chunk.rfind(b"\n", 0, len(chunk) - line_ended) + 1
        if line_start or low == 0:
            break
        if size >= _MAX_HEADER:
            raise _Misfit(f"no header line within {_MAX_HEADER} bytes before offset {offset}")
        size *= 16
    header = chunk[line_start:].decode("utf-8", "surrogateescape")
    words = header[1:].split()
    if not header.startswith(">") or not words or words[0] != name:
        raise _Misfit(f"offset {offset} does not follow a '>{name}' header line")
    return low + line_start


def _check_line(read, start, n_bases, end_length, which):
    """Check a line of ``n_bases`` bases at ``start`` and its line end; the offset after it.

    With ``end_length`` None the line end may be missing at the end of the file.
    """
    head = read(start, min(n_bases, _LINE_SAMPLE))
    tail_start = max(start + n_bases - _LINE_SAMPLE, start)
    tail = read(tail_start, start + n_bases - tail_start + 2)
    bases = tail[: start + n_bases - tail_start]
    if len(bases) != start + n_bases - tail_start:
        raise _Misfit(f"its {which} line would end past the end of the file")
    if any(byte in head or byte in bases for byte in _LINE_BREAKS):
        raise _Misfit(f"its {which} line is shorter than {n_bases} bases")
    line_end = tail[len(bases) :]
    if end_length is None:
        if line_end not in (b"", b"\r") and not line_end.startswith(_LINE_ENDS):
            raise _Misfit(f"its {which} line is longer than {n_bases} bases")
        return start + n_bases + (2 if line_end.startswith(b"\r\n") else len(line_end[:1]))
    if line_end[:end_length] not in _LINE_ENDS or len(line_end) < end_length:
        raise _Misfit(
            f"the index describes a line of {n_bases} bases and {n_bases + end_length} bytes, "
            f"but its {which} line is not"
        )
    return start + n_bases + end_length


def _next_header(read, end):
    """Where the header after a sequence (and blank lines) starts; None at the end of the file."""
    chunk = read(end, 256)
    while chunk and not chunk.strip(b"\r\n"):
        end += len(chunk)
        chunk = read(end, 4096)
    if not chunk:
        return None
    following = len(chunk) - len(chunk.lstrip(b"\r\n"))
    if chunk[following : following + 1] != b">":
        raise _Misfit("its last line is not followed by the next header")
    return end + following
