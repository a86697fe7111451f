"""Motif files: MEME, JASPAR (``.jaspar``, ``.pfm``) and TRANSFAC, read and written.

Readers take a path or the text itself and return a list of :class:`PWM`;
writers take one PWM or several and return the text, writing it atomically
when given a path.  :func:`write_motifs` picks the format from the file name.
"""

import re
from pathlib import Path

import numpy as np
from sklearn.utils._param_validation import StrOptions, validate_params

from .._atomic import write_atomically
from .._options import MOTIF_FORMAT_NAMES, MOTIF_FORMATS
from ..io import read_lines
from .pwm import ALPHABET, PWM

__all__ = [
    "MOTIF_FORMATS",
    "read_meme",
    "read_jaspar",
    "read_transfac",
    "write_meme",
    "write_jaspar",
    "write_transfac",
    "write_motifs",
    "motif_format",
]

_DEFAULT_NSITES = 100


def _read_text(source):
    """A path (plain or gzipped) or the text itself: text is anything holding a line break."""
    if isinstance(source, bytes):
        source = source.decode("utf-8", errors="replace")
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return source, "<text>"
    return "\n".join(read_lines(source)), str(source)


def _no_motifs(origin, format_name):
    return ValueError(f"{origin}: no {format_name} motif found")


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
    with np.errstate(over="ignore"):
        totals = counts.sum(axis=0)
    if not np.isfinite(totals).all():
        raise ValueError(f"{source}, line {line}: counts of motif {name!r} are too large")
    if (totals <= 0).any():
        column = int(np.flatnonzero(totals <= 0)[0])
        raise ValueError(f"{source}, line {line}: column {column + 1} of motif {name!r} is empty")
    metadata.setdefault("nsites", float(np.round(totals.max(), 6)))
    try:
        return PWM(counts / totals, name=name, metadata=metadata)
    except ValueError as error:
        raise ValueError(f"{source}, line {line}: motif {name!r}: {error}") from None


def _counts(pwm):
    """The motif's count matrix (4, width): probabilities times ``nsites`` (100 when unknown)."""
    return pwm.matrix * float(pwm.metadata.get("nsites", _DEFAULT_NSITES))


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


_MEME_ALPHABETS = (ALPHABET, "DNA")


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
        For a non-DNA alphabet, a ``w=`` that is not a positive integer, a
        malformed matrix row, a column that does not sum to 1, a truncated
        matrix or a file without motifs; the message names the file and the
        line.

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
            _check_meme_alphabet(stripped, origin, line_number)
        elif line.startswith("MOTIF"):
            identifier, alternate = _meme_motif_names(line, origin, line_number)
        elif stripped.startswith("letter-probability matrix"):
            if identifier is None:
                raise ValueError(
                    f"{origin}, line {line_number}: letter-probability matrix before any MOTIF"
                )
            pwm, line_number = _read_meme_matrix(
                lines, line_number, identifier, alternate, origin
            )
            pwms.append(pwm)
            identifier = alternate = None
        elif stripped.startswith("URL") and pwms and "url" not in pwms[-1].metadata:
            pwms[-1].metadata["url"] = stripped[3:].strip()
    if not pwms:
        raise _no_motifs(origin, "MEME")
    return pwms


def _check_meme_alphabet(stripped, origin, line_number):
    """Refuse an ``ALPHABET`` line that names anything but DNA."""
    alphabet = stripped.split("=", 1)[-1].strip() if "=" in stripped else ""
    letters = alphabet.split()[0].strip('"').upper() if alphabet else ""
    if letters and letters not in _MEME_ALPHABETS and "DNA" not in stripped.upper():
        raise ValueError(
            f"{origin}, line {line_number}: alphabet {alphabet!r} is not DNA (ACGT)"
        )


def _meme_motif_names(line, origin, line_number):
    """The identifier and the alternate name (or None) of a ``MOTIF`` line."""
    fields = line.split()
    if len(fields) < 2:
        raise ValueError(f"{origin}, line {line_number}: MOTIF without an identifier")
    alternate = fields[2] if len(fields) > 2 and "=" not in fields[2] else None
    return fields[1], alternate


def _read_meme_matrix(lines, header_line, identifier, alternate, origin):
    """The PWM whose ``letter-probability matrix`` header is line ``header_line`` (1-based),
    and the number of the last line it used."""
    header = dict(re.findall(r"(\w+)=\s*(\S+)", lines[header_line - 1].strip()))
    if "w" not in header:
        raise ValueError(f"{origin}, line {header_line}: matrix header without w=")
    if header.get("alength", "4") != "4":
        raise ValueError(
            f"{origin}, line {header_line}: alength={header['alength']}, expected 4 (DNA)"
        )
    width = _header_number(header, "w", origin, header_line)
    metadata = {"identifier": identifier}
    if "nsites" in header:
        metadata["nsites"] = _header_number(header, "nsites", origin, header_line)
    if "E" in header:
        metadata["evalue"] = header["E"]
    line_number = header_line
    rows = []
    while len(rows) < width:
        if line_number >= len(lines):
            raise ValueError(
                f"{origin}, line {header_line}: motif {identifier!r} ends after "
                f"{len(rows)} of {width} rows"
            )
        row_text = lines[line_number].strip()
        line_number += 1
        if row_text:
            rows.append(_probability_row(row_text, origin, line_number, identifier))
    try:
        pwm = PWM(np.array(rows).T, name=alternate or identifier, metadata=metadata)
    except ValueError as error:
        raise ValueError(
            f"{origin}, line {header_line}: motif {identifier!r}: {error}"
        ) from None
    return pwm, line_number


def _header_number(header, key, origin, line_number):
    """``w=`` (a positive integer) or ``nsites=`` (a finite number >= 0) of a MEME matrix."""
    text = header[key]
    try:
        value = int(text) if key == "w" else float(text)
    except ValueError:
        value = None
    if value is None or not np.isfinite(value) or value < (1 if key == "w" else 0):
        kind = "a positive integer" if key == "w" else "a number >= 0"
        raise ValueError(f"{origin}, line {line_number}: {key}= {text[:20]!r} is not {kind}")
    return value


def _probability_row(text, origin, line_number, identifier):
    """One row of a letter-probability matrix: four finite probabilities summing to 1."""
    try:
        row = [float(value) for value in text.split()]
    except ValueError:
        row = []
    if len(row) != 4:
        raise ValueError(
            f"{origin}, line {line_number}: expected 4 probabilities (A C G T) "
            f"for motif {identifier!r}, got {text[:60]!r}"
        )
    if not all(0 <= value <= 1 for value in row):
        raise ValueError(
            f"{origin}, line {line_number}: probabilities of motif {identifier!r} must lie in "
            f"[0, 1], got {text[:60]!r}"
        )
    total = sum(row)
    if abs(total - 1) > 0.01:
        raise ValueError(
            f"{origin}, line {line_number}: row of motif {identifier!r} sums to {total:.6g}, not 1"
        )
    return [value / total for value in row]


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
        lines.append(f">{identifier}" + (f"\t{name}" if name else ""))
        for letter, row in zip(ALPHABET, _counts(pwm), strict=True):
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
    if not pwms:
        raise _no_motifs(origin, "JASPAR")
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
        lines += [f"AC  {identifier}", "XX", f"ID  {name or identifier}", "XX"]
        lines.append("P0  " + "  ".join(f"{letter:>8}" for letter in ALPHABET))
        for position, column in enumerate(_counts(pwm).T, start=1):
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
    if not pwms:
        raise _no_motifs(origin, "TRANSFAC")
    return pwms


_WRITERS = {"meme": write_meme, "jaspar": write_jaspar, "transfac": write_transfac}


@validate_params(
    {"format": [StrOptions(set(MOTIF_FORMAT_NAMES)), None]},
    prefer_skip_nested_validation=True,
)
def write_motifs(pwms, path, *, format=None):
    """Write motifs to a file in the format its extension names (MEME by default).

    Parameters
    ----------
    pwms : PWM or sequence of PWM
        The motifs, at least one.
    path : str or path-like
        The file, written atomically; parent folders are created.
    format : {"meme", "jaspar", "transfac"} or None, default=None
        ``None`` picks the format from the extension (:data:`MOTIF_FORMATS`);
        a name without an extension is MEME, an unknown extension an error
        (``m.xyz`` is not guessed to be MEME).

    Returns
    -------
    format : str
        The format written.

    Raises
    ------
    ValueError
        For an unknown format or extension, and for no motifs; nothing is
        written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.motifs import PWM, read_transfac, write_motifs
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ctcf.transfac"
    >>> write_motifs(PWM.from_jaspar("MA0139.2"), path)
    'transfac'
    >>> read_transfac(path)[0].name
    'CTCF'
    """
    path = Path(path)
    format = motif_format(path, format=format)
    pwms = _as_pwms(pwms)
    if not pwms:
        raise ValueError(f"no motifs to write to {path}; a motif file holds at least one")
    path.parent.mkdir(parents=True, exist_ok=True)
    _WRITERS[format](pwms, path)
    return format


@validate_params(
    {"format": [StrOptions(set(MOTIF_FORMAT_NAMES)), None]},
    prefer_skip_nested_validation=True,
)
def motif_format(path, *, format=None):
    """The format :func:`write_motifs` writes to ``path``: ``format``, else the extension's.

    Parameters
    ----------
    path : str or path-like
        The motif file.
    format : {"meme", "jaspar", "transfac"} or None, default=None
        An explicit format; ``None`` reads the extension (:data:`MOTIF_FORMATS`),
        MEME for a name without one.

    Returns
    -------
    format : str

    Raises
    ------
    ValueError
        For an unknown format, or an unknown extension with ``format=None``,
        listing the known ones.

    Examples
    --------
    >>> from sklearn_demotif.motifs.formats import motif_format
    >>> motif_format("ctcf.pfm"), motif_format("ctcf"), motif_format("ctcf.xyz", format="jaspar")
    ('jaspar', 'meme', 'jaspar')
    >>> motif_format("ctcf.xyz")
    Traceback (most recent call last):
    ...
    ValueError: ctcf.xyz: unknown motif file extension '.xyz'; use one of .meme, .txt, ...
    """
    if format is not None:
        return format
    path = Path(path)
    suffix = path.suffix.lower()
    if not suffix:
        return "meme"
    if suffix not in MOTIF_FORMATS:
        known = ", ".join(MOTIF_FORMATS)
        raise ValueError(
            f"{path}: unknown motif file extension {path.suffix!r}; use one of {known} or "
            "give the format (demotif: --format)"
        )
    return MOTIF_FORMATS[suffix]
