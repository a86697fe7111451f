"""Drawing primitives shared by motifs and plots: new axes without pyplot, and logos.

Figures are made with :class:`matplotlib.figure.Figure` directly, never through
pyplot, so drawing works without a display, opens no window and leaves the
global backend alone.
"""

import warnings

import numpy as np

__all__ = ["new_axes", "draw_logo"]

_BASES = ["A", "C", "G", "T"]


def new_axes(figsize):
    """Axes on a new figure made without pyplot.

    Parameters
    ----------
    figsize : tuple of float
        Width and height in inches.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes; ``ax.figure.savefig(path)`` saves the figure.

    Examples
    --------
    >>> from sklearn_demotif._figures import new_axes
    >>> new_axes((3, 2)).figure.get_size_inches().tolist()
    [3.0, 2.0]
    """
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained").add_subplot()


def draw_logo(heights, ax, ylabel):
    """Draw letter heights of shape ``(4, length)`` (rows A, C, G, T) as a logo.

    Parameters
    ----------
    heights : array-like of shape (4, length)
        Height of every letter at every position; negative heights are drawn
        below the axis.
    ax : matplotlib.axes.Axes or None
        Where to draw; ``None`` makes new axes sized to the logo.
    ylabel : str
        The y-axis label.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from sklearn_demotif._figures import draw_logo
    >>> draw_logo([[1, 0], [0, 1], [0, 0], [0, 0]], None, "bits").get_ylabel()
    'bits'
    """
    import logomaker
    import pandas as pd
    from matplotlib.ticker import MaxNLocator

    frame = pd.DataFrame(np.asarray(heights, dtype=np.float64).T, columns=_BASES)
    if ax is None:
        ax = new_axes((max(3.0, 0.35 * len(frame) + 1.0), 2.2))
    with warnings.catch_warnings():
        # logomaker sets the y limits to the data's; all-zero heights warn.
        warnings.filterwarnings("ignore", message="Attempting to set identical")
        logomaker.Logo(frame, ax=ax, color_scheme="classic", flip_below=False)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("position")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax
