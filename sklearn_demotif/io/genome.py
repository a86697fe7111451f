"""Random access to a genome FASTA through its index, with pyfaidx.

A genome is never read whole: :class:`Genome` opens the FASTA's ``.fai`` index
(building it beside the file when it is missing and the folder is writable)
and reads only the bases asked for.  Plain and bgzip-compressed FASTA are read;
soft-masked (lowercase) bases come back uppercase.  Coordinates are 0-based and
end-exclusive, as in BED.
"""

import importlib
import os
import re
import struct
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._options import PAST_END
from ._fasta_index import (
    IndexMismatch,
    bgzf_reader,
    check_entries,
    file_reader,
    index_paths,
    read_fai,
    stale_index,
)

__all__ = ["Genome", "as_genome", "window_composition"]

_GZIP_MAGIC = b"\x1f\x8b"
_GENOME_EXTRA = 'pip install "sklearn-demotif[genome]"'
_HOW_TO_INDEX = (
    "run `samtools faidx {path}` where you may write, or link the FASTA into a writable "
    "folder (ln -s) and open the link"
)
#: The letters a genome FASTA may hold (uppercase): bases, N and the IUPAC ambiguity codes.
DNA_ALPHABET = "ACGTNRYSWKMBDHV"
_WITHOUT_DNA = str.maketrans("", "", DNA_ALPHABET)
_NOT_DNA = re.compile(f"[^{DNA_ALPHABET}]")


def _import_genome_extra(module, needed_for, distribution=None):
    """Import an optional module of the ``genome`` extra, or say how to install it.

    The ``ImportError`` reads ``"<needed_for> needs <distribution>: pip install
    ..."``; ``distribution`` defaults to ``module``.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(f"{needed_for} needs {distribution or module}: {_GENOME_EXTRA}") from None


def _is_bgzf(path):
    """Whether a gzip file is block-gzipped (bgzip): its header carries the ``BC`` field."""
    with open(path, "rb") as handle:
        header = handle.read(18)
    return len(header) >= 18 and header[3] & 4 and header[12:14] == b"BC"


def _check_compression(path):
    """Whether the FASTA is bgzip-compressed; an error for gzip and for bgzip without Biopython."""
    with open(path, "rb") as handle:
        compressed = handle.read(2) == _GZIP_MAGIC
    if not compressed:
        return False
    if not _is_bgzf(path):
        raise ValueError(
            f"{path} is gzip-compressed, but random access needs bgzip (block gzip): "
            f"recompress it with `gunzip -c {path.name} | bgzip > {path.stem}.gz` "
            "(bgzip comes with htslib / samtools), or decompress it"
        )
    if not path.name.lower().endswith((".gz", ".bgz")):
        raise ValueError(f"{path} is bgzip-compressed; give it a .gz or .bgz name")
    # pyfaidx reads bgzip through Biopython.
    _import_genome_extra("Bio.bgzf", f"reading the bgzip-compressed genome {path}", "Biopython")
    return True


def _open_fasta(path):
    """pyfaidx's ``Fasta`` on ``path``, its index checked first and rebuilt where stale."""
    if not path.is_file():
        raise FileNotFoundError(f"no such genome FASTA: {path}")
    compressed = _check_compression(path)
    indexes = index_paths(path)
    missing = [index for index in indexes if not index.is_file()]
    writable = os.access(path.parent, os.W_OK)
    if missing and not writable:
        names = " and ".join(index.name for index in missing)
        raise ValueError(
            f"{path} has no index ({names}) and its folder is read-only, so it cannot be "
            f"built there: {_HOW_TO_INDEX.format(path=path)}"
        )
    if not missing:
        try:
            return _open_indexed(path, indexes, compressed)
        except IndexMismatch as error:
            mismatch = error
            if not writable:
                raise ValueError(
                    f"{mismatch}; the index cannot be trusted and the folder is read-only, "
                    f"so it cannot be rebuilt there: {_HOW_TO_INDEX.format(path=path)}"
                ) from None
        warnings.warn(f"{mismatch}: rebuilding the index", UserWarning, stacklevel=3)
        for index in indexes:
            index.unlink(missing_ok=True)
    fasta = _pyfaidx(path, build=True)
    try:
        _check_index(path, indexes[0], fasta, compressed)
    except IndexMismatch as mismatch:
        fasta.close()
        raise ValueError(
            f"{path}: cannot be indexed as FASTA (the index built for it does not fit it: "
            f"{mismatch})"
        ) from None
    return fasta


def _open_indexed(path, indexes, compressed):
    """Open with the existing index, raising IndexMismatch when it does not fit the file."""
    stale = stale_index(path, indexes)
    if stale is not None:
        raise IndexMismatch(f"{path} is newer than its index {stale}")
    entries = read_fai(indexes[0])
    try:
        fasta = _pyfaidx(path, build=False)
    except ValueError as error:
        raise IndexMismatch(f"{indexes[0]}: cannot be read with the FASTA ({error})") from None
    try:
        _check_index(path, indexes[0], fasta, compressed, entries)
    except IndexMismatch:
        fasta.close()
        raise
    return fasta


def _check_index(path, fai, fasta, compressed, entries=None):
    entries = read_fai(fai) if entries is None else entries
    if compressed:
        check_entries(entries, bgzf_reader(fasta.faidx), fai, path)
        return
    with open(path, "rb") as handle:
        check_entries(entries, file_reader(handle), fai, path)


def _pyfaidx(path, build):
    import pyfaidx

    try:
        return pyfaidx.Fasta(
            str(path), as_raw=True, sequence_always_upper=False, rebuild=build,
            build_index=build,
        )
    except (pyfaidx.FastaIndexingError, ValueError, IndexError, struct.error) as error:
        raise ValueError(_why_not_indexed(path, error)) from None
    except OSError as error:
        raise OSError(f"{path}: cannot be opened or indexed ({error})") from None


def _why_not_indexed(path, error):
    """The message for pyfaidx's error while indexing or opening ``path``."""
    import pyfaidx

    message = str(error)
    if isinstance(error, UnicodeDecodeError):
        return (
            f"{_where_not_text(path)}: byte {error.object[error.start]:#04x} is not text; a "
            "genome FASTA holds DNA: ACGTN and IUPAC codes"
        )
    if message.startswith("Duplicate key"):
        return (
            f"{path}: two sequences are named {message.removeprefix('Duplicate key ')}; a "
            "genome's names (the first word of each header line) must be unique"
        )
    nameless = re.fullmatch(r"Bad sequence name .* at line (\d+)\.", message)
    if nameless:  # pyfaidx counts this line from 0
        return f"{path}, line {int(nameless[1]) + 1}: a header line without a name"
    if isinstance(error, pyfaidx.FastaIndexingError):
        return f"{path}: cannot be indexed as FASTA ({message})"
    return f"{path}: {message}"


def _where_not_text(path):
    """``"genome.fa, line 7"``: the first line that is not UTF-8 (the file, for bgzip)."""
    if _check_compression(path):
        return str(path)
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode()
            except UnicodeDecodeError:
                return f"{path}, line {number}"
    return str(path)


class Genome:
    """A genome FASTA opened for random access (pyfaidx), never read whole.

    Parameters
    ----------
    path : str or path-like
        A FASTA file, plain or bgzip-compressed (``.fa.gz`` made by ``bgzip``;
        reading it needs Biopython, in the ``genome`` extra).  The ``.fai``
        index (and ``.gzi`` for bgzip) is built beside it when missing; in a
        read-only folder the error says how to build it elsewhere.  An existing
        index is checked before it is trusted: it must not be older than the
        FASTA, every line must be well formed, and every entry must fit the
        file (its offset follows its own header line, its first and last line
        have the lengths it gives, and the entries cover the whole file).  For
        bgzip the same checks read the uncompressed stream through the ``.gzi``
        blocks and Biopython's bgzf reader.  An index that fails is rebuilt in a
        writable folder (with a warning) and refused in a read-only one.

    Attributes
    ----------
    path : pathlib.Path
        The FASTA file.
    sizes : pandas.Series
        Length of every sequence, indexed by its name (the first word of its
        header), in the file's order: bioframe's ``chromsizes``.

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a file.
    ValueError
        For a file that is not FASTA (or has lines of uneven length inside a
        record, which an index cannot describe, or repeats a name), a gzip
        file that is not bgzip, or, in a read-only folder, a missing index or
        one that does not fit the FASTA (naming both files and the sequence).
        Letters that are not DNA are refused when they are read (``fetch``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import Genome
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "genome.fa"
    >>> _ = path.write_text(">chr1\\nACGTacgtNN\\n>chr2\\nGGGG\\n")
    >>> genome = Genome(path)
    >>> genome.sizes.to_dict(), genome.fetch("chr1", 2, 8)
    ({'chr1': 10, 'chr2': 4}, 'GTACGT')
    """

    def __init__(self, path):
        self.path = Path(path)
        self._fasta = _open_fasta(self.path)
        self.sizes = pd.Series(
            {name: len(record) for name, record in self._fasta.records.items()},
            name="length",
            dtype=np.int64,
        )
        self.sizes.index.name = "chrom"

    def __repr__(self):
        return f"Genome({str(self.path)!r})"

    def __contains__(self, chrom):
        return chrom in self.sizes.index

    def __getstate__(self):
        return {"path": self.path}

    def __setstate__(self, state):
        self.__init__(state["path"])

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        """Close the FASTA file."""
        self._fasta.close()

    def fetch(self, chrom, start, end):
        """The bases ``[start, end)`` of a chromosome, uppercase.

        Parameters
        ----------
        chrom : str
            A sequence name of the genome.
        start, end : int
            0-based start and exclusive end, ``0 <= start <= end <= sizes[chrom]``.

        Returns
        -------
        sequence : str
            ``end - start`` bases.

        Raises
        ------
        ValueError
            For an unknown chromosome or coordinates outside it, and for a
            letter that is not DNA (``ACGTN`` and the IUPAC codes
            ``RYSWKMBDHV``, either case) in the bases read, naming the
            chromosome and its 0-based position.
        """
        size = self._size(chrom)
        if not 0 <= start <= end <= size:
            raise ValueError(
                f"{chrom}:{start}-{end} is outside {chrom} (0-{size}) in {self.path.name}"
            )
        if start == end:
            return ""
        return self._read(chrom, int(start), int(end))

    def _read(self, chrom, start, end):
        """The bases ``[start, end)``, inside the chromosome, checked to be DNA, uppercase."""
        try:
            raw = self._fasta.faidx.fetch(chrom, start + 1, end)
        except UnicodeDecodeError as error:
            before = error.object[: error.start].replace(b"\n", b"").replace(b"\r", b"")
            self._refuse(chrom, start + len(before), f"byte {error.object[error.start]:#04x}")
        if not raw.isascii():
            offset = next(i for i, letter in enumerate(raw) if not letter.isascii())
            self._refuse(chrom, start + offset, repr(raw[offset]))
        sequence = raw.upper()
        if sequence.translate(_WITHOUT_DNA):
            letter = _NOT_DNA.search(sequence)
            self._refuse(chrom, start + letter.start(), repr(letter.group()))
        if len(sequence) != end - start:
            raise ValueError(
                f"{self.path.name}: {chrom}:{start}-{end} read {len(sequence)} bases, not "
                f"{end - start}: the file changed since it was opened"
            )
        return sequence

    def _refuse(self, chrom, position, what):
        raise ValueError(
            f"{self.path.name}: {chrom} has {what} at position {position} (0-based); a genome "
            f"FASTA holds DNA: ACGTN and IUPAC codes ({DNA_ALPHABET})"
        )

    def _size(self, chrom):
        try:
            return int(self.sizes[chrom])
        except KeyError:
            self.check_chromosomes([chrom], "")
            raise

    def fetch_windows(self, chroms, starts, width, past_end="pad", what="windows"):
        """Windows of ``width`` bases; those that reach past a chromosome end padded or skipped.

        Parameters
        ----------
        chroms : array-like of str of shape (n_windows,)
            Chromosome of every window.
        starts : array-like of int of shape (n_windows,)
            0-based starts; they may be negative or reach past the end.
        width : int
            Window length.
        past_end : {"pad", "skip"}, default="pad"
            What to do with a window that reaches before base 0 or past the
            chromosome's end: fill the missing bases with ``N``, or leave the
            window out.  Either way a warning counts them.
        what : str, default="windows"
            How the warning names the windows (e.g. "peak windows").

        Returns
        -------
        sequences : ndarray of str of shape (n_kept,)
            The windows, uppercase; all of them with ``"pad"``.
        inside : ndarray of bool of shape (n_windows,)
            Which windows lie wholly inside their chromosome.

        Raises
        ------
        ValueError
            For an unknown chromosome, or a letter that is not DNA in a window
            (as :meth:`fetch`).

        Examples
        --------
        >>> import tempfile, pathlib, warnings
        >>> from sklearn_demotif.io import Genome
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "genome.fa"
        >>> _ = path.write_text(">chr1\\nACGTACGTAC\\n")
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     Genome(path).fetch_windows(["chr1", "chr1"], [2, 8], 4)
        (array(['GTAC', 'ACNN'], dtype=object), array([ True, False]))
        """
        if past_end not in PAST_END:
            raise ValueError(f"past_end must be 'pad' or 'skip', got {past_end!r}")
        chroms = np.asarray(chroms, dtype=object)
        starts = np.asarray(starts, dtype=np.int64)
        self.check_chromosomes(pd.unique(chroms), "")
        sizes = self.sizes.reindex(chroms).to_numpy(np.int64)
        inside = (starts >= 0) & (starts + width <= sizes)
        sequences = []
        for chrom, start, size, whole in zip(chroms, starts, sizes, inside, strict=True):
            if whole:
                start = int(start)
                sequences.append(self._read(chrom, start, start + width))
            elif past_end == "pad":
                low, high = max(int(start), 0), min(int(start) + width, int(size))
                middle = self.fetch(chrom, low, high) if low < high else ""
                left = min(low - int(start), width)
                sequences.append("N" * left + middle + "N" * (width - left - len(middle)))
        n_outside = int((~inside).sum())
        if n_outside:
            first = int(np.flatnonzero(~inside)[0])
            action = "padded with N" if past_end == "pad" else "skipped"
            warnings.warn(
                f"{n_outside} of {len(inside)} {what} reach past a chromosome end and were "
                f"{action} (the first: {chroms[first]}:{starts[first]}-{starts[first] + width}, "
                f"{chroms[first]} has {sizes[first]} bp)",
                stacklevel=2,
            )
        return np.array(sequences, dtype=object), inside

    def check_chromosomes(self, names, source, where=None):
        """Fail clearly when names are not sequences of this genome.

        Parameters
        ----------
        names : iterable of str
            Chromosome names to check.
        source : str
            What the names come from (a file's name), for the message.
        where : dict or None, default=None
            Where each name is first used (e.g. ``{"1": "line 12"}``).

        Raises
        ------
        ValueError
            Naming the first unknown chromosome and where it is used, the
            genome's names and, when the names differ only by a ``chr`` prefix
            (UCSC ``chr1`` against Ensembl ``1``), that convention mismatch.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from sklearn_demotif.io import Genome
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "genome.fa"
        >>> _ = path.write_text(">chr1\\nACGT\\n")
        >>> Genome(path).check_chromosomes(["1"], "calls.vcf")
        Traceback (most recent call last):
        ...
        ValueError: calls.vcf: chromosome '1' is not in the genome genome.fa ...
        """
        unknown = [name for name in dict.fromkeys(names) if name not in self.sizes.index]
        if not unknown:
            return
        where = where or {}
        first = unknown[0]
        place = f"{source}, {where[first]}" if first in where else source
        known = list(self.sizes.index)
        shown = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
        message = (
            f"{place}: chromosome {first!r} is not in the genome {self.path.name} "
            f"({len(known)} sequences: {shown})"
        )
        if len(unknown) > 1:
            others = ", ".join(repr(name) for name in unknown[1:6])
            message += f"; nor {others}" + (", ..." if len(unknown) > 6 else "")
        renamed = _naming_convention(unknown, known)
        if renamed:
            message += (
                f". The names follow another convention: {renamed}; rename the chromosomes "
                "of one file to match the other (e.g. bcftools annotate --rename-chrs, or "
                "sed for a BED file)"
            )
        if not source:
            message = message.lstrip(": ")
        raise ValueError(message)


def _naming_convention(unknown, known):
    """``"'1' here, 'chr1' in the genome"`` when the names differ by a ``chr`` prefix."""
    known = set(known)
    for name in unknown:
        if f"chr{name}" in known:
            return f"{name!r} here, {'chr' + name!r} in the genome"
        if name.startswith("chr") and name[3:] in known:
            return f"{name!r} here, {name[3:]!r} in the genome"
        if name in ("MT", "chrM") and ({"chrM", "MT"} - {name}) & known:
            return f"{name!r} here, {(({'chrM', 'MT'} - {name}) & known).pop()!r} in the genome"
    return None


def as_genome(genome):
    """A :class:`Genome` for a path, or the genome itself.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import Genome, as_genome
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "genome.fa"
    >>> _ = path.write_text(">chr1\\nACGT\\n")
    >>> genome = Genome(path)
    >>> as_genome(genome) is genome, type(as_genome(path)).__name__
    (True, 'Genome')
    """
    return genome if isinstance(genome, Genome) else Genome(genome)


def window_composition(sequences):
    """GC and N content of equally long DNA strings.

    Parameters
    ----------
    sequences : array-like of str of shape (n_sequences,)
        Uppercase DNA of one length.

    Returns
    -------
    gc : ndarray of float of shape (n_sequences,)
        Share of G and C among the bases that are not ``N`` (NaN when all are).
    n_fraction : ndarray of float of shape (n_sequences,)
        Share of ``N``.

    Examples
    --------
    >>> from sklearn_demotif.io import window_composition
    >>> gc, n_fraction = window_composition(["GGAT", "NNCA"])
    >>> gc.tolist(), n_fraction.tolist()
    ([0.5, 0.5], [0.0, 0.5])
    """
    sequences = list(sequences)
    if not sequences:
        return np.zeros(0), np.zeros(0)
    width = len(sequences[0])
    codes = np.frombuffer("".join(sequences).encode("ascii"), dtype=np.uint8)
    codes = codes.reshape(len(sequences), width)
    n_count = (codes == ord("N")).sum(axis=1)
    gc_count = ((codes == ord("G")) | (codes == ord("C"))).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        gc = np.where(n_count < width, gc_count / np.maximum(width - n_count, 1), np.nan)
    return gc, n_count / width
