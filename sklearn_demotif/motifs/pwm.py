"""The position weight matrix: the probability of every base at every motif position.

A :class:`PWM` holds a probability matrix of shape ``(4, width)`` with rows A, C,
G, T, the layout of the one-hot arrays of :mod:`sklearn_demotif.encoding`; it
knows its information content, consensus and reverse complement, trims its
uninformative flanks and draws itself as a sequence logo.  File formats are in
:mod:`sklearn_demotif.motifs.formats`.
"""

from numbers import Real

import numpy as np

from .._figures import draw_logo
from .._options import LOGO_KINDS
from ..encoding import ALPHABET
from ._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_motif

__all__ = ["PWM", "ALPHABET", "DEFAULT_TRIM_THRESHOLD", "as_pwm"]

#: Share of the most informative column's information an end column needs to
#: survive :meth:`PWM.trim` (DeepBind's rule).
DEFAULT_TRIM_THRESHOLD = 0.1
_COLUMN_SUM_TOLERANCE = 1e-3


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
    sklearn_demotif.interpret.optimize_class : Class optimization, which returns a PWM.
    compare_to_jaspar : TOMTOM against JASPAR.
    write_meme, write_jaspar, write_transfac : Write motifs to files.

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

    def trim(self, threshold=DEFAULT_TRIM_THRESHOLD):
        """Cut low-information flanks (DeepBind's rule).

        End columns whose information content is below ``threshold`` times the
        largest column information are dropped from both ends; inner columns
        are kept whatever their information.  A 101-column optimised input
        becomes a motif-sized PWM.

        Parameters
        ----------
        threshold : float, default=0.1
            Fraction of the maximum column information an end column needs
            (:data:`DEFAULT_TRIM_THRESHOLD`).

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

    def cores(
        self,
        min_information=0.3,
        relative=0.25,
        max_gap=2,
        min_width=4,
        min_total_information=2.0,
        max_width=30,
    ):
        """The informative cores of a motif: runs of informative columns, flanks cut.

        A column is informative when its information reaches both
        ``min_information`` bits and ``relative`` times the largest column
        information.  Runs of informative columns separated by at most
        ``max_gap`` weaker columns form one core; a core narrower than
        ``min_width`` columns or holding less than ``min_total_information``
        bits is dropped, and one wider than ``max_width`` is cut to its most
        informative ``max_width`` columns.  Where :meth:`trim` keeps
        everything between the first and the last informative column (a
        class-optimised input holding two motifs stays one wide PWM), this
        splits it into one PWM per motif, and never returns a 101-column one.

        Parameters
        ----------
        min_information : float, default=0.3
            Bits a column needs.
        relative : float, default=0.25
            Share of the most informative column's bits a column needs.
        max_gap : int, default=2
            Weak columns bridged inside a core.
        min_width : int, default=4
            Narrowest core kept.
        min_total_information : float, default=2.0
            Fewest bits a core needs in all (one fully specified base is 2).
        max_width : int, default=30
            Widest core; wider runs keep their most informative window.

        Returns
        -------
        cores : list of PWM
            Left to right; ``metadata["trimmed_from"]`` holds each core's
            ``(start, stop)`` columns in this motif.  Empty when no column
            is informative enough.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn_demotif.motifs import PWM
        >>> flank = np.full((4, 10), 0.25)
        >>> gata, rest = PWM.from_jaspar("MA0035.4"), PWM.from_jaspar("MA0138.3")
        >>> input_ = PWM(np.hstack([flank, gata.matrix, flank, rest.matrix, flank]))
        >>> [(core.width, core.metadata["trimmed_from"]) for core in input_.cores()]
        [(7, (12, 19)), (16, (31, 47))]
        """
        for value, name in ((min_information, "min_information"), (relative, "relative")):
            if not isinstance(value, Real) or value < 0:
                raise ValueError(f"{name} must be a non-negative number, got {value!r}")
        information = self.information_content()
        strong = np.flatnonzero(
            information >= max(min_information, relative * information.max(), 1e-12)
        )
        if not len(strong):
            return []
        breaks = np.flatnonzero(np.diff(strong) > max_gap + 1)
        runs = zip(
            strong[np.r_[0, breaks + 1]], strong[np.r_[breaks, len(strong) - 1]] + 1, strict=True
        )
        offset = self.metadata.get("trimmed_from", (0, self.width))[0]
        cores = []
        for start, stop in runs:
            if stop - start > max_width:
                window_sums = np.convolve(information[start:stop], np.ones(max_width), "valid")
                start = start + int(window_sums.argmax())
                stop = start + max_width
            enough = information[start:stop].sum() >= min_total_information
            if stop - start >= min_width and enough:
                core = self.copy(self.matrix[:, start:stop])
                core.metadata["trimmed_from"] = (offset + int(start), offset + int(stop))
                cores.append(core)
        return cores

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
        if kind == "information":
            heights, ylabel, top = self.matrix * self.information_content()[None, :], "bits", 2
        elif kind == "probability":
            heights, ylabel, top = self.matrix, "probability", 1
        else:
            raise ValueError(f"kind must be {' or '.join(map(repr, LOGO_KINDS))}, got {kind!r}")
        ax = draw_logo(heights, ax, ylabel)
        ax.set_ylim(0, top)
        if self.name:
            ax.set_title(self.name)
        return ax

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


def as_pwm(motif):
    """A PWM as it is, or a new one from an array of shape ``(4, width)``.

    Parameters
    ----------
    motif : PWM or array-like of shape (4, width)
        The motif, rows A, C, G, T.

    Returns
    -------
    pwm : PWM
        The motif as a PWM.

    Examples
    --------
    >>> from sklearn_demotif.motifs import as_pwm
    >>> as_pwm([[1.0], [0.0], [0.0], [0.0]]).consensus
    'A'
    """
    return motif if isinstance(motif, PWM) else PWM(motif)


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
