"""DNA text to one-hot arrays and back, reverse complements and dinucleotide shuffles.

Arrays are channels-first, ``(n_sequences, 4, length)``, with the channels in the
order A, C, G, T, as PyTorch's ``Conv1d`` expects.  Complementing a base is then a
flip of the channel axis (A<->T, C<->G), and a reverse complement flips both axes.
"""

from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, validate_params

__all__ = [
    "ALPHABET",
    "IUPAC_CODES",
    "one_hot_encode",
    "one_hot_decode",
    "reverse_complement",
    "reverse_complement_sequence",
    "dinucleotide_shuffle",
]

#: The four bases, in the order of the one-hot channels and of a PWM's rows.
ALPHABET = "ACGT"

#: Base frequencies of every IUPAC nucleotide code, in A, C, G, T order.
IUPAC_CODES = {
    "A": (1.0, 0.0, 0.0, 0.0),
    "C": (0.0, 1.0, 0.0, 0.0),
    "G": (0.0, 0.0, 1.0, 0.0),
    "T": (0.0, 0.0, 0.0, 1.0),
    "R": (0.5, 0.0, 0.5, 0.0),
    "Y": (0.0, 0.5, 0.0, 0.5),
    "S": (0.0, 0.5, 0.5, 0.0),
    "W": (0.5, 0.0, 0.0, 0.5),
    "K": (0.0, 0.0, 0.5, 0.5),
    "M": (0.5, 0.5, 0.0, 0.0),
    "B": (0.0, 1 / 3, 1 / 3, 1 / 3),
    "D": (1 / 3, 0.0, 1 / 3, 1 / 3),
    "H": (1 / 3, 1 / 3, 0.0, 1 / 3),
    "V": (1 / 3, 1 / 3, 1 / 3, 0.0),
    "N": (0.25, 0.25, 0.25, 0.25),
}

_ALLOWED = "".join(IUPAC_CODES)
_CODE_LETTERS = np.array(list(IUPAC_CODES))
_CODE_VECTORS = np.array(list(IUPAC_CODES.values()), dtype=np.float32)

_LOOKUP = np.full((256, 4), np.nan, dtype=np.float32)
for _letter, _frequencies in IUPAC_CODES.items():
    _LOOKUP[ord(_letter)] = _frequencies
    _LOOKUP[ord(_letter.lower())] = _frequencies


def _as_sequence_list(sequences):
    if isinstance(sequences, (str, bytes)):
        raise TypeError(
            "expected a list or 1-D array of DNA strings, got a single string; "
            "wrap it in a list: [sequence]"
        )
    if hasattr(sequences, "toarray"):
        raise TypeError("Sparse input is not supported: pass DNA strings")
    array = np.asarray(sequences, dtype=object)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(
            f"expected a 1-D array-like of DNA strings, got an array of shape {array.shape}"
        )
    for index, sequence in enumerate(array):
        if not isinstance(sequence, str):
            raise TypeError(
                f"sequence {index} is a {type(sequence).__name__}, not a DNA string"
            )
    return list(array)


def _fit_to_length(sequence, length):
    """Centre-crop a longer sequence or pad a shorter one with N on both sides."""
    excess = len(sequence) - length
    if excess > 0:
        start = excess // 2
        return sequence[start : start + length]
    if excess < 0:
        left = -excess // 2
        return "N" * left + sequence + "N" * (-excess - left)
    return sequence


@validate_params(
    {"length": [Interval(Integral, 1, None, closed="left"), None]},
    prefer_skip_nested_validation=True,
)
def one_hot_encode(sequences, *, length=None):
    """Encode DNA strings as a float32 array of shape ``(n_sequences, 4, length)``.

    Channels are A, C, G, T.  Lowercase letters are accepted, and the IUPAC
    ambiguity codes encode as their base frequencies (``N`` is 0.25 everywhere,
    ``R`` is half A and half G, and so on).

    Parameters
    ----------
    sequences : array-like of str of shape (n_sequences,)
        The DNA sequences.
    length : int or None, default=None
        With ``None`` all sequences must have one length.  With an int, longer
        sequences are centre-cropped and shorter ones padded with ``N`` on both
        sides.

    Returns
    -------
    X : ndarray of shape (n_sequences, 4, length), dtype float32
        The one-hot encoding.

    Raises
    ------
    ValueError
        For an empty sequence, lengths that differ when ``length`` is None, or a
        character that is not a nucleotide code; the message names the sequence
        index, the character and its position.

    Examples
    --------
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> one_hot_encode(["ACGTN"])[0]
    array([[1.  , 0.  , 0.  , 0.  , 0.25],
           [0.  , 1.  , 0.  , 0.  , 0.25],
           [0.  , 0.  , 1.  , 0.  , 0.25],
           [0.  , 0.  , 0.  , 1.  , 0.25]], dtype=float32)
    """
    sequences = _as_sequence_list(sequences)
    for index, sequence in enumerate(sequences):
        if len(sequence) == 0:
            raise ValueError(f"sequence {index} is empty")
    if length is None:
        lengths = {len(sequence) for sequence in sequences}
        if len(lengths) > 1:
            first_length = len(sequences[0])
            differing = [i for i, s in enumerate(sequences) if len(s) != first_length]
            shown = ", ".join(
                f"sequence {i} has length {len(sequences[i])}" for i in differing[:5]
            )
            raise ValueError(
                f"sequences differ in length: sequence 0 has length {first_length}, "
                f"{shown}{' ...' if len(differing) > 5 else ''}; give a length to "
                "centre-crop or pad them with N (length=... in Python, --length in demotif)"
            )
        length = lengths.pop() if lengths else 0
    else:
        sequences = [_fit_to_length(sequence, length) for sequence in sequences]
    if not sequences:
        return np.zeros((0, 4, length), dtype=np.float32)
    try:
        text = "".join(sequences).encode("ascii")
    except UnicodeEncodeError:
        text = None
    if text is None:
        codes = None
    else:
        codes = np.frombuffer(text, dtype=np.uint8).reshape(len(sequences), length)
    if codes is None or np.isnan(_LOOKUP[codes, 0]).any():
        _raise_for_invalid_character(sequences)
    return np.ascontiguousarray(_LOOKUP[codes].transpose(0, 2, 1))


def _raise_for_invalid_character(sequences):
    allowed = set(_ALLOWED + _ALLOWED.lower())
    for index, sequence in enumerate(sequences):
        for position, character in enumerate(sequence):
            if character not in allowed:
                raise ValueError(
                    f"sequence {index} contains {character!r} at position {position}; "
                    f"allowed: ACGT and the IUPAC codes {_ALLOWED[4:]} (any case)"
                )


def one_hot_decode(X):
    """Turn one-hot arrays back into DNA strings.

    Each column becomes the IUPAC code whose base frequencies are nearest to
    it, so ``one_hot_decode(one_hot_encode(s))`` gives back ``s`` in uppercase.

    Parameters
    ----------
    X : array-like of shape (n_sequences, 4, length)
        One-hot encoded sequences, channels A, C, G, T.

    Returns
    -------
    sequences : ndarray of str of shape (n_sequences,)
        The decoded sequences.

    Examples
    --------
    >>> from sklearn_demotif.encoding import one_hot_decode, one_hot_encode
    >>> one_hot_decode(one_hot_encode(["acgtn", "RYAAW"])).tolist()
    ['ACGTN', 'RYAAW']
    """
    X = check_one_hot(X)
    columns = X.transpose(0, 2, 1)
    distances = ((columns[:, :, None, :] - _CODE_VECTORS[None, None]) ** 2).sum(-1)
    letters = _CODE_LETTERS[distances.argmin(-1)]
    return np.array(["".join(row) for row in letters], dtype=object)


def check_one_hot(X, *, name="X"):
    """Check that ``X`` is a finite numeric array of shape ``(n_sequences, 4, length)``.

    Parameters
    ----------
    X : array-like
        The candidate array.
    name : str, default="X"
        How error messages refer to ``X``.

    Returns
    -------
    X : ndarray of shape (n_sequences, 4, length), dtype float32
        The checked array.

    Raises
    ------
    ValueError
        When ``X`` holds strings, is empty, has another shape (the channels-last
        layout ``(n_sequences, length, 4)`` gets its own hint), or contains NaN,
        inf or a value that float32 cannot hold.
    TypeError
        For sparse matrices.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_demotif.encoding import check_one_hot
    >>> check_one_hot(np.zeros((2, 4, 10))).shape
    (2, 4, 10)
    """
    if isinstance(X, str) or (
        isinstance(X, (list, tuple)) and len(X) > 0 and isinstance(X[0], str)
    ):
        raise ValueError(
            f"{name} holds DNA strings; encode them first with OneHotDNA() "
            "(for example in a Pipeline) to get an array of shape (n_sequences, 4, length)"
        )
    if hasattr(X, "toarray") or hasattr(X, "tocsr"):
        raise TypeError(
            f"Sparse input is not supported: {name} must be a dense array of shape "
            "(n_sequences, 4, length)"
        )
    X = np.asarray(X)
    if X.dtype.kind in "OUS":
        raise ValueError(
            f"{name} holds strings or objects (dtype {X.dtype}); encode DNA with "
            "OneHotDNA() to get a float array of shape (n_sequences, 4, length)"
        )
    if X.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {name} has dtype {X.dtype}")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got dtype {X.dtype}")
    # The network computes in float32: a finite float64 beyond its range would become inf.
    with np.errstate(over="ignore", invalid="ignore"):
        X = X.astype(np.float32, copy=False)
    if not np.isfinite(X).all():
        sequence = int(np.argwhere(~np.isfinite(X))[0, 0]) if X.ndim else 0
        raise ValueError(
            f"{name} contains NaN, infinity or a value beyond float32's range "
            f"(first in sequence {sequence})"
        )
    if X.ndim != 3 or X.shape[1] != 4:
        if X.ndim == 3 and X.shape[2] == 4:
            raise ValueError(
                f"{name} has shape {X.shape}, which looks channels-last "
                "(n_sequences, length, 4); this package uses channels-first "
                "(n_sequences, 4, length): pass X.transpose(0, 2, 1)"
            )
        raise ValueError(
            f"{name} must have shape (n_sequences, 4, length) with channels A, C, G, T; "
            f"got shape {X.shape}"
        )
    if X.shape[0] == 0 or X.shape[2] == 0:
        raise ValueError(f"{name} is empty: shape {X.shape}")
    return X


#: Complement of every base and IUPAC code, in either case (a ``str.translate`` table).
_COMPLEMENT = str.maketrans(
    "ACGTRYSWKMBDHVNacgtryswkmbdhvn", "TGCAYRSWMKVHDBNtgcayrswmkvhdbn"
)


def reverse_complement_sequence(sequence):
    """Reverse complement a DNA string; case and IUPAC codes are kept (``R`` <-> ``Y``).

    Parameters
    ----------
    sequence : str
        DNA text: ``ACGTN`` and the IUPAC codes, either case; other
        characters pass unchanged.

    Returns
    -------
    reverse_complement : str
        The other strand, read 5' to 3'.

    See Also
    --------
    reverse_complement : The same for one-hot arrays.

    Examples
    --------
    >>> from sklearn_demotif.encoding import reverse_complement_sequence
    >>> reverse_complement_sequence("AACGtn")
    'naCGTT'
    """
    return sequence.translate(_COMPLEMENT)[::-1]


def reverse_complement(X):
    """Reverse complement one-hot sequences.

    Parameters
    ----------
    X : ndarray of shape (n_sequences, 4, length) or (4, length)
        One-hot sequences (or a position weight matrix), channels A, C, G, T.

    Returns
    -------
    X_rc : ndarray of the same shape
        The reverse complement: both the channel and the position axes flipped.

    Examples
    --------
    >>> from sklearn_demotif.encoding import one_hot_decode, one_hot_encode, reverse_complement
    >>> one_hot_decode(reverse_complement(one_hot_encode(["AACG"]))).tolist()
    ['CGTT']
    """
    X = np.asarray(X)
    if X.ndim not in (2, 3) or X.shape[-2] != 4:
        raise ValueError(
            f"expected shape (n_sequences, 4, length) or (4, length), got {X.shape}"
        )
    return np.ascontiguousarray(X[..., ::-1, ::-1])


@validate_params({"random_state": ["random_state"]}, prefer_skip_nested_validation=True)
def dinucleotide_shuffle(sequences, *, random_state=None):
    """Shuffle sequences while keeping their dinucleotide counts (Altschul-Erickson).

    The shuffle is a random Eulerian walk through the graph whose edges are the
    sequence's dinucleotides, drawn uniformly among all walks with the same
    first and last letters (Altschul & Erickson, 1985).  Every dinucleotide
    count, the first base and the last base are kept exactly.  This is how
    DeepBind and DeMo make their negative (unbound) sequences.

    Parameters
    ----------
    sequences : str or array-like of str
        One sequence or many; any letters are allowed and kept as they are.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible shuffles.

    Returns
    -------
    shuffled : str or list of str
        A string for a string, otherwise a list with one shuffle per sequence.

    Examples
    --------
    >>> from sklearn_demotif.encoding import dinucleotide_shuffle
    >>> shuffled = dinucleotide_shuffle("AACGTTACGA", random_state=0)
    >>> sorted(shuffled) == sorted("AACGTTACGA"), shuffled[0], shuffled[-1]
    (True, 'A', 'A')
    """
    rng = check_random_state(random_state)
    if isinstance(sequences, str):
        return _shuffle_one(sequences, rng)
    return [_shuffle_one(sequence, rng) for sequence in _as_sequence_list(sequences)]


def _shuffle_one(sequence, rng):
    if len(sequence) < 3:
        return sequence
    edges = {}
    for left, right in zip(sequence, sequence[1:], strict=False):
        edges.setdefault(left, []).append(right)
    last = sequence[-1]
    # Pick, for every letter but the last, the final edge out of it so that those
    # edges form a tree pointing at the last letter; that makes the walk Eulerian.
    while True:
        last_edges = {
            vertex: targets[rng.randint(len(targets))]
            for vertex, targets in edges.items()
            if vertex != last
        }
        if _reaches(last_edges, last):
            break
    walks = {}
    for vertex, targets in edges.items():
        targets = list(targets)
        if vertex in last_edges:
            targets.remove(last_edges[vertex])
            rng.shuffle(targets)
            targets.append(last_edges[vertex])
        else:
            rng.shuffle(targets)
        walks[vertex] = targets[::-1]
    letters = [sequence[0]]
    for _ in range(len(sequence) - 1):
        letters.append(walks[letters[-1]].pop())
    return "".join(letters)


def _reaches(last_edges, last):
    for start in last_edges:
        vertex, seen = start, set()
        while vertex != last:
            if vertex in seen:
                return False
            seen.add(vertex)
            vertex = last_edges[vertex]
    return True
