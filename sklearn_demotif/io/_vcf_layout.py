"""Check a VCF's layout in Python, streaming, before htslib reads it.

htslib (through cyvcf2) trusts what it reads: a VCF with spaces for tabs, a
blank line, a comment or a second header after the ``#CHROM`` line, or a
negative position crashes the interpreter; a position past 2**31 - 1 comes
back wrapped around; a gzip truncated in its body comes back as a partial
table.  :func:`check_vcf_layout` reads the file once, line by line, and
refuses all of these with a ``ValueError`` that names the file and the line,
so that htslib only ever sees files it reads correctly.
"""

import gzip
import re
import zlib
from pathlib import Path
from typing import NamedTuple

__all__ = ["FIXED_COLUMNS", "MAX_POSITION", "VcfLayout", "check_vcf_layout", "line_text"]

#: The eight columns every VCF header line starts with, after its ``#``.
FIXED_COLUMNS = ("CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")
#: The largest POS cyvcf2 returns as written (it wraps larger ones around).
MAX_POSITION = 2**31 - 1
#: The letters of REF, and of ALT alleles that are plain sequence.
BASES = "ACGTNacgtn"

_HEADER = "#" + "\t".join(FIXED_COLUMNS)
_POSITION_DIGITS = len(str(MAX_POSITION))
_FILEFORMAT = "##fileformat=VCF"
_GZIP_MAGIC = b"\x1f\x8b"
_BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")
_BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_ALLELE = re.compile(
    r"\*"  # an allele missing because of an overlapping deletion
    r"|<[^<>,\s]+>"  # symbolic: <DEL>, <*>, <NON_REF>
    r"|[ACGTNacgtn]*[\[\]][^\[\]\s,]+[\[\]][ACGTNacgtn]*"  # a breakend: G]chr2:5], [chr2:5[G
    r"|\.[ACGTNacgtn]+|[ACGTNacgtn]+\."  # a single breakend: .G, G.
)
_READ_ERRORS = (EOFError, OSError, zlib.error)


class VcfLayout(NamedTuple):
    """What :func:`check_vcf_layout` learnt: where records start, how many there are."""

    #: The number of records (lines after the header line).
    n_records: int
    #: The line number of the ``#CHROM`` header line; record ``k`` is on line ``header_line + k``.
    header_line: int
    #: Bytes to skip before htslib reads a plain file (3 for a UTF-8 byte-order mark).
    offset: int


def check_vcf_layout(path):
    """Check a VCF's header and the layout of every record, without htslib.

    Parameters
    ----------
    path : str or path-like
        A VCF file: plain, gzipped or bgzipped.

    Returns
    -------
    layout : VcfLayout
        ``n_records``, ``header_line`` and ``offset``.

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a file.
    ValueError
        For anything htslib would misread or crash on: the message names the
        file and, where there is one, the line and what is wrong with it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io._vcf_layout import check_vcf_layout
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "calls.vcf"
    >>> _ = path.write_text("##fileformat=VCFv4.2\\n"
    ...                     "#CHROM POS ID REF ALT QUAL FILTER INFO\\n")
    >>> check_vcf_layout(path)
    Traceback (most recent call last):
    ...
    ValueError: ...calls.vcf, line 2: columns are separated by spaces, not tabs
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such VCF file: {path}")
    compressed = _check_compression(path)
    with gzip.open(path, "rb") if compressed else open(path, "rb") as handle:
        lines = enumerate(handle, start=1)
        try:
            header_line, n_columns, offset = _read_header(path, lines, compressed)
            n_records = _check_records(path, lines, header_line, n_columns)
        except _READ_ERRORS as error:
            what = "as gzip, truncated or corrupt" if compressed else "to the end"
            raise ValueError(f"{path}: cannot be read {what} ({error})") from None
    return VcfLayout(n_records, header_line, offset)


def line_text(path, number):
    """Line ``number`` of a (gzipped) text file, shortened and quoted for a message."""
    with open(path, "rb") as handle:
        compressed = handle.read(2) == _GZIP_MAGIC
    try:
        with gzip.open(path, "rb") if compressed else open(path, "rb") as handle:
            for current, raw in enumerate(handle, start=1):
                if current == number:
                    return _quoted(_strip_line_end(raw).decode("utf-8", "replace"))
    except _READ_ERRORS:
        pass
    return "''"


def _check_compression(path):
    """Whether ``path`` is gzipped; refuse a bgzip file without its end-of-file block."""
    with open(path, "rb") as handle:
        head = handle.read(18)
        if head[:2] != _GZIP_MAGIC:
            return False
        is_bgzf = len(head) == 18 and head[3] & 4 and head[12:14] == b"BC"
        if is_bgzf and path.stat().st_size >= len(_BGZF_EOF):
            handle.seek(-len(_BGZF_EOF), 2)
            tail = handle.read()
        else:
            tail = b""
    if is_bgzf and tail != _BGZF_EOF:
        raise ValueError(f"{path}: truncated: the bgzip end-of-file block is missing")
    return True


def _strip_line_end(raw):
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    return raw[:-1] if raw.endswith(b"\r") else raw


def _quoted(text, width=60):
    return repr(text[:width] + ("..." if len(text) > width else ""))


def _decode(path, number, raw):
    """A line's text, without its line end; refuse control characters and bytes not UTF-8."""
    raw = _strip_line_end(raw)
    control = _CONTROL.search(raw)
    if control:
        raise ValueError(
            f"{path}, line {number}: control character {control.group().decode()!r} at byte "
            f"{control.start() + 1} (a VCF is tab-separated text)"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path}, line {number}: not UTF-8 text (byte {raw[error.start]:#04x} at byte "
            f"{error.start + 1})"
        ) from None


def _read_header(path, lines, compressed):
    """Read the ``##`` meta lines and the ``#CHROM`` line; return its number, columns, offset."""
    offset = 0
    for number, raw in lines:
        if number == 1 and raw.startswith(_BOM):
            if compressed:
                raise ValueError(
                    f"{path}: starts with a UTF-8 byte-order mark inside the gzip stream, "
                    "which htslib cannot read; recompress the file without it"
                )
            raw, offset = raw[len(_BOM):], len(_BOM)
        text = _decode(path, number, raw)
        if number == 1 and not text.startswith(_FILEFORMAT):
            raise ValueError(
                f"{path}: not a VCF file: line 1 is {_quoted(text)}, not '##fileformat=VCFv4.x'"
            )
        if text.startswith("##"):
            continue
        if text.startswith("#CHROM"):
            return number, _check_header_line(path, number, text), offset
        what = "an empty line" if not text else f"{_quoted(text)}"
        raise ValueError(
            f"{path}, line {number}: {what} comes before the #CHROM header line; only "
            "## meta lines may"
        )
    raise ValueError(f"{path}: not a VCF file: no #CHROM header line")


def _check_header_line(path, number, text):
    """The number of columns of a valid ``#CHROM`` header line."""
    columns = text.split("\t")
    if len(columns) == 1 and " " in text:
        raise ValueError(f"{path}, line {number}: columns are separated by spaces, not tabs")
    if "\t".join(columns[: len(FIXED_COLUMNS)]) != _HEADER:
        raise ValueError(
            f"{path}, line {number}: the header line must start with the tab-separated columns "
            f"#{' '.join(FIXED_COLUMNS)}; found {_quoted(text)}"
        )
    samples = columns[len(FIXED_COLUMNS) + 1:]
    if len(columns) > len(FIXED_COLUMNS) and (columns[len(FIXED_COLUMNS)] != "FORMAT"
                                             or not samples):
        raise ValueError(
            f"{path}, line {number}: after INFO, the header line has FORMAT then one column "
            f"per sample, or nothing; found {_quoted(chr(9).join(columns[8:]))}"
        )
    if "" in samples or len(set(samples)) < len(samples):
        raise ValueError(
            f"{path}, line {number}: sample names must be unique and non-empty; found "
            f"{_quoted(', '.join(samples))}"
        )
    return len(columns)


def _check_records(path, lines, header_line, n_columns):
    """Check every record's layout; return how many there are."""
    n_records = 0
    for number, raw in lines:
        n_records += 1
        text = _decode(path, number, raw)
        problem = _record_problem(text, n_columns, header_line)
        if problem:
            raise ValueError(
                f"{path}, line {number} (record {n_records}): cannot be parsed as VCF: "
                f"{_quoted(text)} ({problem})"
            )
    return n_records


def _record_problem(text, n_columns, header_line):
    """What is wrong with a record line, or ``None``."""
    if text[:1] == "#":
        if text.startswith("#CHROM"):
            return f"a second header line; the first is line {header_line}"
        return "a comment or meta line after the header line"
    if text.count("\t") != n_columns - 1:
        return _layout_problem(text, n_columns, header_line)
    chrom, position, _, reference, alternative, _ = text.split("\t", 5)
    if not chrom or " " in chrom:
        return f"CHROM {chrom!r} is empty or contains a space"
    if not (position.isascii() and position.isdigit() and len(position) <= _POSITION_DIGITS
            and 0 < int(position) <= MAX_POSITION):
        return f"POS {_shorter(position)} is not an integer from 1 to {MAX_POSITION}"
    if not reference or reference.strip(BASES):
        return f"REF {_shorter(reference)} is not a sequence of A, C, G, T, N"
    if alternative != "." and (not alternative or alternative.strip(BASES + ",")
                               or ",," in alternative or alternative[0] == ","
                               or alternative[-1] == ","):
        return _alternative_problem(alternative)
    return None


def _layout_problem(text, n_columns, header_line):
    """Why a record line does not have the header's columns."""
    if not text:
        return "an empty line; a VCF has none after its header"
    n_found = text.count("\t") + 1
    if n_found < n_columns and len(text.split()) >= min(n_columns, len(FIXED_COLUMNS)):
        return "columns are separated by spaces, not tabs"
    return f"{n_found} tab-separated columns; the header line (line {header_line}) has {n_columns}"


def _alternative_problem(alternative):
    for allele in alternative.split(","):
        if not _ALLELE.fullmatch(allele) and (not allele or allele.strip(BASES)):
            return (
                f"ALT allele {_shorter(allele)} is not a sequence of A, C, G, T, N, '*', "
                "a symbolic <ID> or a breakend"
            )
    return None


def _shorter(value):
    return _quoted(value, width=30)
