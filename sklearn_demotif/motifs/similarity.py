"""How alike two motifs are, at their best alignment on either strand."""

import numpy as np

from .pwm import as_pwm

__all__ = ["motif_similarity"]


def motif_similarity(first, second):
    """Similarity of two motifs from 0 to 1: aligned columns, best offset and strand.

    The shorter motif slides along the longer one, forward and reverse
    complemented; at each alignment the similarity is the mean over the aligned
    columns of ``1 - TV(p, q)``, where ``TV(p, q) = sum_b |p_b - q_b| / 2`` is the
    total variation distance of two columns (1 for identical columns, 0 for
    columns with no base in common).  The best alignment counts.

    Parameters
    ----------
    first, second : PWM or array-like of shape (4, width)
        The motifs.

    Returns
    -------
    similarity : float
        1.0 when the shorter motif is a part of the longer one on either strand.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM, motif_similarity
    >>> gata = PWM.from_jaspar("MA0035.4")
    >>> motif_similarity(gata, gata.reverse_complement())
    1.0
    """
    first, second = as_pwm(first).matrix, as_pwm(second).matrix
    if first.shape[1] > second.shape[1]:
        first, second = second, first
    width = first.shape[1]
    best = 0.0
    for candidate in (second, second[::-1, ::-1]):
        windows = np.lib.stride_tricks.sliding_window_view(candidate, width, axis=1)
        # windows: (4, n_offsets, width)
        distances = 0.5 * np.abs(first[:, None, :] - windows).sum(axis=0)
        best = max(best, float((1 - distances.mean(axis=1)).max()))
    return best
