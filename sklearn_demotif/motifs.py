"""Position weight matrices, their file formats, and class optimization.

A :class:`PWM` holds a probability matrix of shape ``(4, width)`` with rows A, C,
G, T, the layout of the one-hot arrays of :mod:`sklearn_demotif.encoding`.  It
reads and writes the MEME, JASPAR and TRANSFAC formats and draws itself as a
sequence logo.

:func:`optimize_class` is the second half of the Deep Motif paper: it searches
for the input a trained classifier considers most likely to be bound and turns
it into a PWM.  ``DeepMotifClassifier.motif_()`` calls it.
"""

import re
from itertools import combinations
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ._atomic import write_atomically
from ._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_motif
from .networks import frozen_for_inference

__all__ = [
    "PWM",
    "optimize_class",
    "restart_stability",
    "read_meme",
    "read_jaspar",
    "read_transfac",
    "write_meme",
    "write_jaspar",
    "write_transfac",
]

ALPHABET = "ACGT"
_COLUMN_SUM_TOLERANCE = 1e-3
_DEFAULT_NSITES = 100


class PWM:
    """A position weight matrix: the probability of every base at every motif position.

    Parameters
    ----------
    matrix : array-like of shape (4, width)
        Probabilities with rows A, C, G, T (the layout of the one-hot arrays);
        every column must sum to 1 (within 1e-3; columns are then rescaled to
        sum to 1 exactly).
    name : str or None, default=None
        A name for the motif, e.g. the transcription factor.
    metadata : dict or None, default=None
        Anything else worth keeping: the file identifier (``"identifier"``),
        the number of sites (``"nsites"``), the stability of class optimization
        (``"stability"``), ...  Copied, never shared.

    Attributes
    ----------
    matrix : ndarray of shape (4, width), dtype float64
        The probabilities, read-only.
    name : str or None
        The motif's name.
    metadata : dict
        Extra information about the motif.

    Raises
    ------
    ValueError
        When the matrix is not two-dimensional with 4 rows, is empty, holds NaN,
        infinite or negative entries, or has a column that does not sum to 1;
        the message names the column.

    See Also
    --------
    optimize_class : Class optimization, which returns a PWM.
    sklearn_demotif.compare.compare_to_jaspar : TOMTOM against JASPAR.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM
    >>> pwm = PWM([[0.7, 0.0, 0.1], [0.1, 0.0, 0.1], [0.1, 1.0, 0.1], [0.1, 0.0, 0.7]])
    >>> pwm.width, pwm.consensus
    (3, 'AGT')
    >>> pwm.reverse_complement().consensus
    'ACT'
    """

    def __init__(self, matrix, name=None, metadata=None):
        self.matrix = _check_matrix(matrix)
        self.name = None if name is None else str(name)
        self.metadata = dict(metadata) if metadata else {}

    @property
    def width(self):
        """Number of positions (columns)."""
        return self.matrix.shape[1]

    def __len__(self):
        return self.width

    def __repr__(self):
        return f"PWM(name={self.name!r}, width={self.width}, consensus={self.consensus!r})"

    def copy(self, matrix=None):
        """A new PWM with the same name and a copy of the metadata.

        Parameters
        ----------
        matrix : array-like of shape (4, width) or None, default=None
            A replacement matrix; ``None`` keeps this one.

        Returns
        -------
        pwm : PWM
            The copy.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM
        >>> PWM([[1.0], [0.0], [0.0], [0.0]], name="A").copy().name
        'A'
        """
        return PWM(self.matrix if matrix is None else matrix, self.name, self.metadata)

    def information_content(self, background=None):
        """Information of every column in bits: the relative entropy to the background.

        ``IC_j = sum_b P[b, j] * log2(P[b, j] / background[b])``, which for the
        uniform background is ``2 + sum_b P[b, j] log2 P[b, j]``, between 0 (a
        uniform column) and 2 bits (a single base).

        Parameters
        ----------
        background : array-like of shape (4,) or None, default=None
            Base frequencies A, C, G, T; ``None`` is uniform.

        Returns
        -------
        information : ndarray of shape (width,)
            Bits per column.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM
        >>> PWM([[1.0, 0.25], [0.0, 0.25], [0.0, 0.25], [0.0, 0.25]]).information_content()
        array([2., 0.])
        """
        background = _check_background(background)
        probabilities = self.matrix
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = probabilities * np.log2(probabilities / background[:, None])
        return np.where(probabilities > 0, terms, 0.0).sum(axis=0)

    @property
    def consensus(self):
        """The most probable base of every column, as a string."""
        return "".join(ALPHABET[index] for index in self.matrix.argmax(axis=0))

    def reverse_complement(self):
        """The motif of the opposite strand.

        Returns
        -------
        pwm : PWM
            Columns reversed and A<->T, C<->G swapped; same name and metadata.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM
        >>> PWM.from_jaspar("MA0035.4").reverse_complement().consensus
        'ATAGATTAGAA'
        """
        return self.copy(self.matrix[::-1, ::-1])

    def trim(self, threshold=0.1):
        """Cut low-information flanks (DeepBind's rule).

        End columns whose information content is below ``threshold`` times the
        largest column information are dropped from both ends; inner columns
        are kept whatever their information.  A 101-column optimised input
        becomes a motif-sized PWM.

        Parameters
        ----------
        threshold : float, default=0.1
            Fraction of the maximum column information an end column needs.

        Returns
        -------
        pwm : PWM
            The trimmed motif; ``metadata["trimmed_from"]`` holds the
            ``(start, stop)`` slice of the original columns.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM
        >>> flank = [0.25, 0.25, 0.25, 0.25]
        >>> pwm = PWM(list(zip(flank, [0.0, 1.0, 0.0, 0.0], [0.9, 0.0, 0.1, 0.0], flank)))
        >>> pwm.trim().matrix.shape
        (4, 2)
        """
        if not isinstance(threshold, Real) or not 0 <= threshold <= 1:
            raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}")
        information = self.information_content()
        kept = np.flatnonzero(information >= threshold * information.max())
        start, stop = int(kept[0]), int(kept[-1]) + 1
        pwm = self.copy(self.matrix[:, start:stop])
        offset = self.metadata.get("trimmed_from", (0, self.width))[0]
        pwm.metadata["trimmed_from"] = (offset + start, offset + stop)
        return pwm

    def plot(self, ax=None, kind="information"):
        """Draw the motif as a sequence logo (through ``logomaker``).

        Works without a display: with ``ax=None`` a new matplotlib ``Figure``
        is made without pyplot, so nothing is shown and no backend is changed.

        Parameters
        ----------
        ax : matplotlib.axes.Axes or None, default=None
            Where to draw; ``None`` makes a new figure.
        kind : {"information", "probability"}, default="information"
            Letter heights in bits (probability times column information) or
            plain probabilities.

        Returns
        -------
        ax : matplotlib.axes.Axes
            The axes drawn on; ``ax.figure.savefig("logo.png")`` saves it.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM
        >>> ax = PWM.from_jaspar("MA0035").plot()
        >>> ax.get_ylabel()
        'bits'
        """
        from .plotting import plot_logo

        return plot_logo(self, ax=ax, kind=kind)

    @classmethod
    def from_jaspar(cls, matrix_id, release=DEFAULT_JASPAR_RELEASE):
        """Read a matrix from the JASPAR database shipped with ``pyjaspar`` (offline).

        Parameters
        ----------
        matrix_id : str
            A versioned ID such as ``"MA0139.2"``, or ``"MA0139"`` for the latest
            version in ``release``.
        release : str, default="JASPAR2024"
            The JASPAR release, pinned for reproducibility.

        Returns
        -------
        pwm : PWM
            Named after the transcription factor; ``metadata`` holds
            ``identifier`` (the versioned matrix ID), ``tf_family`` and ``release``.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM
        >>> pwm = PWM.from_jaspar("MA0139.2")
        >>> pwm.name, pwm.metadata["identifier"], pwm.width
        ('CTCF', 'MA0139.2', 15)
        """
        motif = fetch_jaspar_motif(matrix_id, release)
        metadata = {
            "identifier": motif.matrix_id,
            "tf_family": list(motif.tf_family),
            "release": release,
        }
        return cls(motif.matrix, name=motif.name, metadata=metadata)

    def to_meme(self, path=None):
        """Write the motif in MEME's minimal motif format.

        Parameters
        ----------
        path : str, path-like or None, default=None
            Where to write (atomically); ``None`` only returns the text.

        Returns
        -------
        text : str
            The MEME file; see :func:`write_meme`.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM, read_meme
        >>> pwm = PWM.from_jaspar("MA0035.4")
        >>> read_meme(pwm.to_meme())[0].name
        'GATA1'
        """
        return write_meme([self], path)

    def to_jaspar(self, path=None):
        """Write the motif in JASPAR's bracketed count format (``.jaspar``).

        Parameters
        ----------
        path : str, path-like or None, default=None
            Where to write (atomically); ``None`` only returns the text.

        Returns
        -------
        text : str
            The JASPAR file; see :func:`write_jaspar`.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM
        >>> print(PWM([[0.5], [0.5], [0.0], [0.0]], name="AM").to_jaspar())
        >AM
        A [ 50 ]
        C [ 50 ]
        G [ 0 ]
        T [ 0 ]
        <BLANKLINE>
        """
        return write_jaspar([self], path)

    def to_transfac(self, path=None):
        """Write the motif in TRANSFAC matrix format.

        Parameters
        ----------
        path : str, path-like or None, default=None
            Where to write (atomically); ``None`` only returns the text.

        Returns
        -------
        text : str
            The TRANSFAC file; see :func:`write_transfac`.

        Examples
        --------
        >>> from sklearn_demotif.motifs import PWM, read_transfac
        >>> pwm = PWM.from_jaspar("MA0139.2")
        >>> read_transfac(pwm.to_transfac())[0].consensus == pwm.consensus
        True
        """
        return write_transfac([self], path)


def _check_matrix(matrix):
    try:
        matrix = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"a PWM matrix must be numeric: {error}") from None
    if matrix.ndim != 2 or matrix.shape[0] != 4:
        hint = ""
        if matrix.ndim == 2 and matrix.shape[1] == 4:
            hint = "; it looks like (width, 4): pass matrix.T"
        raise ValueError(
            f"a PWM matrix must have shape (4, width) with rows A, C, G, T, "
            f"got shape {matrix.shape}{hint}"
        )
    if matrix.shape[1] == 0:
        raise ValueError("a PWM matrix needs at least one column")
    finite = np.isfinite(matrix)
    if not finite.all():
        column = int(np.argwhere(~finite)[0, 1])
        raise ValueError(f"PWM column {column} contains NaN or infinity")
    if (matrix < 0).any():
        row, column = np.argwhere(matrix < 0)[0]
        raise ValueError(
            f"PWM column {column} has a negative probability "
            f"({ALPHABET[row]}: {matrix[row, column]:g})"
        )
    sums = matrix.sum(axis=0)
    wrong = np.flatnonzero(np.abs(sums - 1) > _COLUMN_SUM_TOLERANCE)
    if len(wrong):
        raise ValueError(
            f"PWM column {wrong[0]} sums to {sums[wrong[0]]:.6g}, not 1; "
            "normalise counts with matrix / matrix.sum(axis=0)"
        )
    if np.abs(sums - 1).max() > 1e-12:
        matrix = matrix / sums
    matrix.setflags(write=False)
    return matrix


def _check_background(background):
    if background is None:
        return np.full(4, 0.25)
    background = np.asarray(background, dtype=np.float64)
    if background.shape != (4,) or (background <= 0).any() or not np.isfinite(background).all():
        raise ValueError(
            f"background must hold 4 positive frequencies (A, C, G, T), got {background!r}"
        )
    return background / background.sum()


# ---------------------------------------------------------------------------
# File formats


def _read_text(source):
    """A path or the text itself: text is anything holding a line break."""
    if isinstance(source, bytes):
        source = source.decode()
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return source, "<text>"
    path = Path(source)
    return path.read_text(), str(path)


def _write_text(text, path):
    if path is not None:
        write_atomically(path, text)
    return text


def _as_pwms(pwms):
    if isinstance(pwms, PWM):
        return [pwms]
    pwms = list(pwms)
    for index, pwm in enumerate(pwms):
        if not isinstance(pwm, PWM):
            raise TypeError(f"motif {index} is a {type(pwm).__name__}, not a PWM")
    return pwms


def _token(text):
    return re.sub(r"\s+", "_", str(text).strip())


def _names(pwm, index):
    """The file identifier and, when different, the name of a motif."""
    identifier = pwm.metadata.get("identifier") or pwm.name or f"motif_{index + 1}"
    identifier = _token(identifier)
    name = _token(pwm.name) if pwm.name else None
    return identifier, (name if name and name != identifier else None)


def _from_counts(counts, source, line, name, metadata):
    counts = np.asarray(counts, dtype=np.float64)
    if (counts < 0).any() or not np.isfinite(counts).all():
        raise ValueError(f"{source}, line {line}: negative or non-finite count in motif {name!r}")
    totals = counts.sum(axis=0)
    if (totals <= 0).any():
        column = int(np.flatnonzero(totals <= 0)[0])
        raise ValueError(f"{source}, line {line}: column {column + 1} of motif {name!r} is empty")
    metadata.setdefault("nsites", float(np.round(totals.max(), 6)))
    return PWM(counts / totals, name=name, metadata=metadata)


def _format_number(value):
    return f"{value:.10g}"


def write_meme(pwms, path=None):
    """Write motifs in MEME's minimal motif format (version 4, DNA, uniform background).

    Each motif is written as ``MOTIF <identifier> [<name>]`` and a
    ``letter-probability matrix`` with one row per position, readable by the
    MEME suite (TOMTOM, FIMO, ...), ``memelite`` and Biopython.

    Parameters
    ----------
    pwms : PWM or sequence of PWM
        The motifs.  The identifier is ``metadata["identifier"]`` or the name.
    path : str, path-like or None, default=None
        Where to write (atomically); ``None`` only returns the text.

    Returns
    -------
    text : str
        The file's contents.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM, write_meme
    >>> print(write_meme(PWM([[1.0, 0.5], [0.0, 0.5], [0.0, 0.0], [0.0, 0.0]], "AM")))
    MEME version 4
    <BLANKLINE>
    ALPHABET= ACGT
    <BLANKLINE>
    strands: + -
    <BLANKLINE>
    Background letter frequencies
    A 0.25 C 0.25 G 0.25 T 0.25
    <BLANKLINE>
    MOTIF AM
    letter-probability matrix: alength= 4 w= 2 nsites= 100 E= 0
     1.00000000 0.00000000 0.00000000 0.00000000
     0.50000000 0.50000000 0.00000000 0.00000000
    <BLANKLINE>
    """
    lines = [
        "MEME version 4",
        "",
        "ALPHABET= ACGT",
        "",
        "strands: + -",
        "",
        "Background letter frequencies",
        "A 0.25 C 0.25 G 0.25 T 0.25",
        "",
    ]
    for index, pwm in enumerate(_as_pwms(pwms)):
        identifier, name = _names(pwm, index)
        nsites = _format_number(pwm.metadata.get("nsites", _DEFAULT_NSITES))
        evalue = pwm.metadata.get("evalue", 0)
        lines.append(f"MOTIF {identifier}" + (f" {name}" if name else ""))
        lines.append(
            f"letter-probability matrix: alength= 4 w= {pwm.width} nsites= {nsites} E= {evalue}"
        )
        lines += [" " + " ".join(f"{p:.8f}" for p in column) for column in pwm.matrix.T]
        if pwm.metadata.get("url"):
            lines.append(f"URL {pwm.metadata['url']}")
        lines.append("")
    return _write_text("\n".join(lines) + "\n", path)


_MEME_ALPHABETS = ("ACGT", "DNA")


def read_meme(source):
    """Read every motif of a MEME file (minimal format or the output of ``meme``).

    Reads the ``letter-probability matrix`` of each ``MOTIF``, as written by
    the MEME suite, JASPAR, ``memelite`` or :func:`write_meme`; log-odds
    matrices and other sections are skipped.

    Parameters
    ----------
    source : str or path-like
        A file path, or the text itself (any string with a line break).

    Returns
    -------
    pwms : list of PWM
        The motifs in file order.  ``name`` is the alternate name when the
        MOTIF line has one, else the identifier; ``metadata`` holds
        ``identifier``, ``nsites`` and ``evalue`` when given, and ``url``.

    Raises
    ------
    ValueError
        For a non-DNA alphabet, a malformed matrix row, a column that does not
        sum to 1 or a truncated matrix; the message names the line.

    Examples
    --------
    >>> from sklearn_demotif.motifs import read_meme
    >>> text = '''MEME version 4
    ... ALPHABET= ACGT
    ... MOTIF MA0035.4 Gata1
    ... letter-probability matrix: alength= 4 w= 2 nsites= 10 E= 0
    ... 0.1 0.0 0.9 0.0
    ... 1.0 0.0 0.0 0.0
    ... '''
    >>> pwm = read_meme(text)[0]
    >>> pwm.name, pwm.consensus, pwm.metadata["identifier"]
    ('Gata1', 'GA', 'MA0035.4')
    """
    text, origin = _read_text(source)
    lines = text.splitlines()
    pwms = []
    identifier = alternate = None
    line_number = 0
    while line_number < len(lines):
        line = lines[line_number]
        line_number += 1
        stripped = line.strip()
        if stripped.startswith("ALPHABET"):
            alphabet = stripped.split("=", 1)[-1].strip() if "=" in stripped else ""
            letters = alphabet.split()[0].strip('"').upper() if alphabet else ""
            if letters and letters not in _MEME_ALPHABETS and "DNA" not in stripped.upper():
                raise ValueError(
                    f"{origin}, line {line_number}: alphabet {alphabet!r} is not DNA (ACGT)"
                )
        elif line.startswith("MOTIF"):
            fields = line.split()
            if len(fields) < 2:
                raise ValueError(f"{origin}, line {line_number}: MOTIF without an identifier")
            identifier = fields[1]
            alternate = fields[2] if len(fields) > 2 and "=" not in fields[2] else None
        elif stripped.startswith("letter-probability matrix"):
            if identifier is None:
                raise ValueError(
                    f"{origin}, line {line_number}: letter-probability matrix before any MOTIF"
                )
            header = dict(re.findall(r"(\w+)=\s*(\S+)", stripped))
            if "w" not in header:
                raise ValueError(f"{origin}, line {line_number}: matrix header without w=")
            if header.get("alength", "4") != "4":
                raise ValueError(
                    f"{origin}, line {line_number}: alength={header['alength']}, expected 4 (DNA)"
                )
            width = int(header["w"])
            rows = []
            while len(rows) < width:
                if line_number >= len(lines):
                    raise ValueError(
                        f"{origin}: motif {identifier!r} ends after {len(rows)} of {width} rows"
                    )
                row_text = lines[line_number].strip()
                line_number += 1
                if not row_text:
                    continue
                try:
                    row = [float(value) for value in row_text.split()]
                except ValueError:
                    row = []
                if len(row) != 4:
                    raise ValueError(
                        f"{origin}, line {line_number}: expected 4 probabilities (A C G T) "
                        f"for motif {identifier!r}, got {row_text!r}"
                    )
                rows.append(row)
            metadata = {"identifier": identifier}
            if "nsites" in header:
                metadata["nsites"] = float(header["nsites"])
            if "E" in header:
                metadata["evalue"] = header["E"]
            matrix = np.array(rows).T
            sums = matrix.sum(axis=0)
            bad = np.flatnonzero(np.abs(sums - 1) > 0.01)
            if len(bad):
                raise ValueError(
                    f"{origin}, line {line_number - width + bad[0]}: row of motif {identifier!r} "
                    f"sums to {sums[bad[0]]:.6g}, not 1"
                )
            try:
                pwm = PWM(matrix / sums, name=alternate or identifier, metadata=metadata)
            except ValueError as error:
                raise ValueError(f"{origin}, motif {identifier!r}: {error}") from None
            pwms.append(pwm)
            identifier = alternate = None
        elif stripped.startswith("URL") and pwms and "url" not in pwms[-1].metadata:
            pwms[-1].metadata["url"] = stripped[3:].strip()
    return pwms


def write_jaspar(pwms, path=None):
    """Write motifs in JASPAR's bracketed count format, as ``.jaspar`` files use.

    Counts are ``probability * metadata["nsites"]`` (100 sites when unknown),
    so matrices read from count files keep their counts.

    Parameters
    ----------
    pwms : PWM or sequence of PWM
        The motifs.
    path : str, path-like or None, default=None
        Where to write (atomically); ``None`` only returns the text.

    Returns
    -------
    text : str
        The file's contents: ``>identifier name`` and four rows ``A [ ... ]``.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM, write_jaspar
    >>> pwm = PWM([[0.5], [0.5], [0.0], [0.0]], metadata={"identifier": "X1", "nsites": 4})
    >>> print(write_jaspar(pwm).splitlines()[:2])
    ['>X1', 'A [ 2 ]']
    """
    lines = []
    for index, pwm in enumerate(_as_pwms(pwms)):
        identifier, name = _names(pwm, index)
        nsites = float(pwm.metadata.get("nsites", _DEFAULT_NSITES))
        lines.append(f">{identifier}" + (f"\t{name}" if name else ""))
        counts = pwm.matrix * nsites
        for letter, row in zip(ALPHABET, counts):
            lines.append(f"{letter} [ " + " ".join(_format_number(c) for c in row) + " ]")
        lines.append("")
    return _write_text("\n".join(lines), path)


def read_jaspar(source):
    """Read motifs from JASPAR count files: ``.jaspar`` (bracketed) or ``.pfm``.

    A motif starts with a ``>identifier [name]`` header (optional for a
    single ``.pfm`` matrix) and has four rows of counts or frequencies, either
    labelled (``A [ 4 19 0 ]``, in any letter order) or bare in A, C, G, T
    order.  Counts are divided by their column sums.

    Parameters
    ----------
    source : str or path-like
        A file path, or the text itself (any string with a line break).

    Returns
    -------
    pwms : list of PWM
        The motifs; ``metadata`` holds ``identifier`` and ``nsites`` (the
        largest column sum).

    Raises
    ------
    ValueError
        For rows of different lengths, a row that is not numbers, a motif
        without four rows or an empty column; the message names the line.

    Examples
    --------
    >>> from sklearn_demotif.motifs import read_jaspar
    >>> text = '''>MA0035.4\\tGata1
    ... A  [ 2 18  0 ]
    ... C  [ 0  0  0 ]
    ... G  [18  2  0 ]
    ... T  [ 0  0 20 ]
    ... '''
    >>> pwm = read_jaspar(text)[0]
    >>> pwm.name, pwm.consensus, pwm.metadata["nsites"]
    ('Gata1', 'GAT', 20.0)
    """
    text, origin = _read_text(source)
    blocks, current = [], None
    for line_number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith(">"):
            fields = stripped[1:].split(None, 1)
            current = {"header": fields, "rows": [], "line": line_number}
            blocks.append(current)
            continue
        if current is None:
            current = {"header": [], "rows": [], "line": line_number}
            blocks.append(current)
        match = re.fullmatch(r"([ACGTacgt])?\s*\[?([^\[\]]*)\]?", stripped)
        try:
            values = [float(value) for value in match.group(2).split()] if match else None
        except ValueError:
            values = None
        if not values:
            raise ValueError(
                f"{origin}, line {line_number}: expected a row of counts such as "
                f"'A [ 3 0 12 ]', got {stripped!r}"
            )
        letter = match.group(1).upper() if match.group(1) else None
        current["rows"].append((letter, values, line_number))
    pwms = []
    for index, block in enumerate(blocks):
        header = block["header"]
        identifier = header[0] if header else f"motif_{index + 1}"
        name = header[1].strip() if len(header) > 1 else identifier
        rows = block["rows"]
        if len(rows) != 4:
            raise ValueError(
                f"{origin}, line {block['line']}: motif {identifier!r} has {len(rows)} rows, "
                "expected 4 (A, C, G, T)"
            )
        letters = [letter for letter, _, _ in rows]
        if all(letters):
            if sorted(letters) != list(ALPHABET):
                raise ValueError(
                    f"{origin}, line {block['line']}: motif {identifier!r} has rows "
                    f"{''.join(letters)}, expected one each of A, C, G, T"
                )
            rows = sorted(rows, key=lambda row: ALPHABET.index(row[0]))
        elif any(letters):
            raise ValueError(
                f"{origin}, line {block['line']}: motif {identifier!r} labels some rows but not all"
            )
        widths = {len(values) for _, values, _ in rows}
        if len(widths) != 1:
            raise ValueError(
                f"{origin}, line {rows[0][2]}: the rows of motif {identifier!r} differ in "
                f"length ({sorted(widths)})"
            )
        counts = [values for _, values, _ in rows]
        pwms.append(
            _from_counts(counts, origin, block["line"], name, {"identifier": identifier})
        )
    return pwms


def write_transfac(pwms, path=None):
    """Write motifs in TRANSFAC matrix format (records ended by ``//``), as JASPAR does.

    Each record has ``AC`` (the identifier), ``ID`` (the name), a ``P0 A C G
    T`` header, one numbered row of counts per position with its consensus
    base, and ``XX`` separators; keys and values are two spaces apart, as
    Biopython requires.  Counts are ``probability * metadata["nsites"]`` (100
    sites when unknown).

    Parameters
    ----------
    pwms : PWM or sequence of PWM
        The motifs.
    path : str, path-like or None, default=None
        Where to write (atomically); ``None`` only returns the text.

    Returns
    -------
    text : str
        The file's contents.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM, write_transfac
    >>> print(write_transfac(PWM([[1.0], [0.0], [0.0], [0.0]], name="A1")))
    AC  A1
    XX
    ID  A1
    XX
    P0         A         C         G         T
    01       100         0         0         0  A
    XX
    //
    <BLANKLINE>
    """
    lines = []
    for index, pwm in enumerate(_as_pwms(pwms)):
        identifier, name = _names(pwm, index)
        nsites = float(pwm.metadata.get("nsites", _DEFAULT_NSITES))
        lines += [f"AC  {identifier}", "XX", f"ID  {name or identifier}", "XX"]
        lines.append("P0  " + "  ".join(f"{letter:>8}" for letter in ALPHABET))
        for position, column in enumerate(pwm.matrix.T * nsites, start=1):
            counts = "  ".join(f"{_format_number(c):>8}" for c in column)
            lines.append(f"{position:02d}  {counts}  {ALPHABET[int(column.argmax())]}")
        lines += ["XX", "//"]
    return _write_text("\n".join(lines) + "\n", path)


def read_transfac(source):
    """Read motifs from a TRANSFAC matrix file (as JASPAR and Biopython write them).

    Records are separated by ``//``; the matrix follows a ``P0`` (or ``PO``)
    line naming the base of each column, one numbered row per position.  The
    identifier comes from ``AC`` (else ``ID``), the name from ``NA``, else
    ``ID``, else the identifier: JASPAR writes ``AC MA0139.1`` and ``ID CTCF``.

    Parameters
    ----------
    source : str or path-like
        A file path, or the text itself (any string with a line break).

    Returns
    -------
    pwms : list of PWM
        The motifs; ``metadata`` holds ``identifier`` and ``nsites`` (the
        largest column sum).

    Raises
    ------
    ValueError
        For a matrix row with the wrong number of counts, a header that does
        not name A, C, G and T, or a record without a matrix; the message names
        the line.

    Examples
    --------
    >>> from sklearn_demotif.motifs import read_transfac
    >>> text = '''ID MA0035.4
    ... NA Gata1
    ... P0 A C G T
    ... 01 2 0 18 0 G
    ... 02 18 0 2 0 A
    ... //
    ... '''
    >>> read_transfac(text)[0].consensus
    'GA'
    """
    text, origin = _read_text(source)
    pwms = []
    record = {"fields": {}, "columns": None, "rows": [], "line": 1}

    def finish(line_number):
        if record["columns"] is None and not record["fields"]:
            return
        fields = record["fields"]
        identifier = fields.get("AC") or fields.get("ID") or f"motif_{len(pwms) + 1}"
        if record["columns"] is None or not record["rows"]:
            raise ValueError(
                f"{origin}, line {record['line']}: record {identifier!r} has no P0 matrix"
            )
        counts = np.array(record["rows"]).T[[record["columns"].index(b) for b in ALPHABET]]
        metadata = {"identifier": identifier}
        name = fields.get("NA") or fields.get("ID") or identifier
        pwms.append(_from_counts(counts, origin, record["line"], name, metadata))

    for line_number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("//"):
            finish(line_number)
            record = {"fields": {}, "columns": None, "rows": [], "line": line_number + 1}
            continue
        key, _, value = stripped.partition(" ")
        value = value.strip()
        if key in ("P0", "PO"):
            columns = [letter.upper() for letter in value.split()]
            if sorted(columns) != list(ALPHABET):
                raise ValueError(
                    f"{origin}, line {line_number}: matrix header names {columns}, "
                    "expected A, C, G and T"
                )
            record["columns"] = columns
        elif record["columns"] is not None and key.isdigit():
            fields = value.split()
            try:
                counts = [float(count) for count in fields[:4]]
            except ValueError:
                counts = []
            if len(counts) != 4:
                raise ValueError(
                    f"{origin}, line {line_number}: expected 4 counts after position {key}, "
                    f"got {value!r}"
                )
            record["rows"].append(counts)
        elif key in ("ID", "AC", "NA") and key not in record["fields"]:
            record["fields"][key] = value
    finish(len(text.splitlines()))
    return pwms


# ---------------------------------------------------------------------------
# Class optimization


def _final_classifier(estimator):
    """The classifier itself, or the last step of a Pipeline."""
    steps = getattr(estimator, "steps", None)
    return steps[-1][1] if steps else estimator


def _target_index(classes, target):
    classes = list(classes)
    if target is None:
        if len(classes) != 2:
            raise ValueError(
                f"target=None picks the positive class of a binary classifier, but this one "
                f"has {len(classes)} classes; pass target=<one of them>"
            )
        return 1
    for index, label in enumerate(classes):
        if isinstance(label, str) == isinstance(target, str) and label == target:
            return index
    shown = [label.item() if hasattr(label, "item") else label for label in classes]
    raise ValueError(f"target {target!r} is not one of the classes {shown}")


def _column_similarity(first, second):
    """1 - total variation distance of aligned columns, averaged over the overlap.

    The shorter motif slides along the longer one on both strands; the best
    alignment counts.
    """
    if first.shape[1] > second.shape[1]:
        first, second = second, first
    width = first.shape[1]
    best = 0.0
    for candidate in (second, second[::-1, ::-1]):
        for offset in range(candidate.shape[1] - width + 1):
            window = candidate[:, offset : offset + width]
            distance = 0.5 * np.abs(first - window).sum(axis=0)
            best = max(best, float(1 - distance.mean()))
    return best


def restart_stability(pwms):
    """How much the restarts of class optimization agree, from 0 to 1.

    Every restart's PWM is trimmed (:meth:`PWM.trim`); for every pair, the
    shorter trimmed motif slides along the longer one on both strands, and at
    the best alignment the similarity is the mean over the aligned columns of
    ``1 - TV(p, q)``, where ``TV(p, q) = sum_b |p_b - q_b| / 2`` is the total
    variation distance of two columns (1 for identical columns, 0 for columns
    with no base in common).  The stability is the mean over all pairs.
    Values near 1 say that every restart found the same motif; a
    motif-less network gives random inputs and values near 0.5 or below.

    Parameters
    ----------
    pwms : sequence of PWM
        The motifs of the restarts.

    Returns
    -------
    stability : float
        Mean pairwise similarity; 1.0 for fewer than two motifs.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM, restart_stability
    >>> gata = PWM.from_jaspar("MA0035.4")
    >>> restart_stability([gata, gata.reverse_complement()])
    1.0
    """
    matrices = [pwm.trim().matrix for pwm in pwms]
    pairs = list(combinations(matrices, 2))
    if not pairs:
        return 1.0
    return float(np.mean([_column_similarity(first, second) for first, second in pairs]))


def _check_count(value, name):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _check_nonnegative(value, name, strictly=False):
    if not isinstance(value, Real) or isinstance(value, bool) or not np.isfinite(value) or (
        value <= 0 if strictly else value < 0
    ):
        kind = "positive" if strictly else "non-negative"
        raise ValueError(f"{name} must be a {kind} number, got {value!r}")
    return float(value)


def optimize_class(
    estimator,
    target=None,
    n_restarts=8,
    n_steps=1000,
    lr=0.05,
    l2=0.009,
    random_state=None,
    pseudocount=0.1,
):
    """Class optimization: the input a trained classifier finds most typical of a class.

    Following Deep Motif (Lanchantin et al., 2016), an input ``S`` of shape
    ``(4, L)`` (``L`` the training length) starts as uniform noise in [0, 1]
    and is optimised, with the network in evaluation mode, to maximise::

        log P(target | S) - l2 * ||S||^2

    by backpropagation into the input with RMSprop, as in the authors' code.
    All restarts form one batch.  Each result is clipped to [0, 1], divided
    by its maximum, given a Laplace pseudocount and normalised column by
    column into a PWM.  The restart with the highest ``P(target | S)`` is
    returned.

    Parameters
    ----------
    estimator : SequenceClassifierBase or Pipeline
        A fitted classifier, e.g. :class:`DeepMotifClassifier`, or a Pipeline
        whose last step is one.
    target : label or None, default=None
        The class to optimise for, one of ``classes_``; ``None`` means
        ``classes_[1]``, the positive class of a binary classifier.
    n_restarts : int, default=8
        Independent random starts, optimised together as one batch.
    n_steps : int, default=1000
        RMSprop steps.
    lr : float, default=0.05
        RMSprop learning rate.
    l2 : float, default=0.009
        Weight of the squared L2 norm of the input (the paper's lambda).
    random_state : int, RandomState instance or None, default=None
        Seed of the starting noise.
    pseudocount : float, default=0.1
        Added to every entry after scaling the input to a maximum of 1 and
        before normalising the columns (Laplace smoothing), so no base has
        probability 0.  Positions the network ignores end the optimisation
        within about ``lr`` of 0; a pseudocount above that noise makes them
        nearly uniform, so :meth:`PWM.trim` cuts them off.  Smaller values
        give sharper but wider motifs (0.01 leaves all 101 columns of a
        DeMo input after trimming), larger ones flatter motifs.

    Returns
    -------
    pwm : PWM
        ``L`` columns; trim it with :meth:`PWM.trim`.  ``metadata`` holds
        ``target``, ``probability`` (``P(target | S)`` of the returned
        restart), ``restart_probabilities`` (all restarts), ``restart`` (the
        index of the returned one) and ``stability``: the mean pairwise
        similarity of the restarts' trimmed PWMs in [0, 1] (see
        :func:`restart_stability`), near 1 when all restarts agree.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        Before the classifier is fitted.
    ValueError
        For a target that is not one of ``classes_``, or invalid settings.

    See Also
    --------
    DeepMotifClassifier.motif_ : The same, as a method of the classifier.

    Examples
    --------
    >>> from sklearn_demotif import DeepMotifClassifier
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.motifs import optimize_class
    >>> X, y = make_motif_dataset("MA0035", n_samples=200, length=40, random_state=0)
    >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=1, random_state=0, verbose=0)
    >>> clf = clf.fit(one_hot_encode(X), y)
    >>> pwm = optimize_class(clf, n_restarts=2, n_steps=20, random_state=0)
    >>> pwm.width, 0 <= pwm.metadata["stability"] <= 1
    (40, True)
    """
    classifier = _final_classifier(estimator)
    check_is_fitted(classifier, "net_")
    n_restarts = _check_count(n_restarts, "n_restarts")
    n_steps = _check_count(n_steps, "n_steps")
    lr = _check_nonnegative(lr, "lr", strictly=True)
    l2 = _check_nonnegative(l2, "l2")
    pseudocount = _check_nonnegative(pseudocount, "pseudocount", strictly=True)
    target_index = _target_index(classifier.classes_, target)
    module = frozen_for_inference(classifier.module_)
    device = torch.device(classifier.device_)
    dtype = next(module.parameters()).dtype
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    generator = torch.Generator().manual_seed(seed)
    shape = (n_restarts, 4, int(classifier.sequence_length_))
    inputs = torch.rand(shape, generator=generator, dtype=dtype).to(device).requires_grad_()
    optimizer = torch.optim.RMSprop([inputs], lr=lr)

    def objective():
        log_probability = torch.log_softmax(module(inputs), dim=1)[:, target_index]
        return log_probability, log_probability - l2 * inputs.pow(2).sum(dim=(1, 2))

    for _ in range(n_steps):
        _, value = objective()
        (inputs.grad,) = torch.autograd.grad(-value.sum(), inputs)
        optimizer.step()
    with torch.no_grad():
        log_probability, _ = objective()

    probabilities = log_probability.exp().cpu().numpy().astype(np.float64)
    optimised = inputs.detach().clamp(0, 1).cpu().numpy().astype(np.float64)
    maxima = optimised.max(axis=(1, 2), keepdims=True)
    optimised = np.divide(optimised, maxima, out=np.zeros_like(optimised), where=maxima > 0)
    optimised += pseudocount
    optimised /= optimised.sum(axis=1, keepdims=True)
    label = classifier.classes_[target_index]
    pwms = [PWM(matrix, name=f"class {label}") for matrix in optimised]
    best = int(np.argmax(probabilities))
    pwm = pwms[best]
    pwm.metadata.update(
        target=label.item() if hasattr(label, "item") else label,
        probability=float(probabilities[best]),
        restart_probabilities=probabilities.tolist(),
        restart=best,
        stability=restart_stability(pwms),
    )
    return pwm
