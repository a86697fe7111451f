"""Figures: sequence logos, attribution maps, ROC and learning curves, motif spacing.

Every function draws on a matplotlib ``Axes`` it is given, or on a new
``matplotlib.figure.Figure`` made without pyplot, so plotting works on machines
without a display, never opens a window and never changes the global backend.
Save a figure with ``ax.figure.savefig("logo.png")``.
"""

import numpy as np
from sklearn.utils._param_validation import StrOptions, validate_params

from ._figures import draw_logo, new_axes
from ._options import LOGO_KINDS
from ._utils import final_classifier
from .motifs import as_pwm

__all__ = [
    "plot_logo",
    "plot_motifs",
    "plot_attribution",
    "plot_roc_curve",
    "plot_precision_recall_curve",
    "plot_learning_curves",
    "plot_motif_spacing",
]


@validate_params({"kind": [StrOptions(set(LOGO_KINDS))]}, prefer_skip_nested_validation=True)
def plot_logo(matrix_or_pwm, *, ax=None, kind="information"):
    """Draw a position weight matrix as a sequence logo (through ``logomaker``).

    Parameters
    ----------
    matrix_or_pwm : PWM or array-like of shape (4, width)
        The motif; an array holds probabilities with rows A, C, G, T.
    ax : matplotlib.axes.Axes or None, default=None
        Where to draw; ``None`` makes a new figure (without pyplot).
    kind : {"information", "probability"}, default="information"
        ``"information"``: letter height = probability times the column's
        information content in bits (the classic logo, 0 to 2 bits).
        ``"probability"``: letter height = probability.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM
    >>> from sklearn_demotif.plotting import plot_logo
    >>> ax = plot_logo(PWM.from_jaspar("MA0139.2"), kind="probability")
    >>> ax.get_ylabel(), len(ax.patches) > 0
    ('probability', True)
    """
    return as_pwm(matrix_or_pwm).plot(ax=ax, kind=kind)


@validate_params({"kind": [StrOptions(set(LOGO_KINDS))]}, prefer_skip_nested_validation=True)
def plot_motifs(pwms, *, kind="information"):
    """Draw several motifs as logos, one row each, on one new figure.

    Each row is titled with the motif's name and, when its ``metadata`` has
    one (as :func:`~sklearn_demotif.interpret.find_motifs` sets it), its best
    JASPAR match and the views that found it.  All rows share the width of
    the widest motif, so logos are drawn to the same scale.

    Parameters
    ----------
    pwms : sequence of PWM
        The motifs, drawn top to bottom.
    kind : {"information", "probability"}, default="information"
        As in :func:`plot_logo`.

    Returns
    -------
    figure : matplotlib.figure.Figure
        Made without pyplot; ``figure.savefig("motifs.png")`` saves it.

    Examples
    --------
    >>> from sklearn_demotif.motifs import PWM
    >>> from sklearn_demotif.plotting import plot_motifs
    >>> figure = plot_motifs([PWM.from_jaspar("MA0035.4"), PWM.from_jaspar("MA0139.2")])
    >>> [ax.get_title() for ax in figure.axes]
    ['GATA1', 'CTCF']
    """
    from matplotlib.figure import Figure

    pwms = [as_pwm(pwm) for pwm in pwms]
    if not pwms:
        raise ValueError("plot_motifs needs at least one motif")
    width = max(pwm.width for pwm in pwms)
    figure = Figure(figsize=(0.32 * width + 1.6, 1.9 * len(pwms)), layout="constrained")
    for pwm, ax in zip(pwms, figure.subplots(len(pwms), 1, squeeze=False)[:, 0], strict=True):
        pwm.plot(ax=ax, kind=kind)
        ax.set_xlim(-0.5, width - 0.5)
        ax.set_title(_motif_title(pwm), fontsize=9)
    return figure


def _motif_title(pwm):
    title = pwm.name or ""
    match = pwm.metadata.get("jaspar")
    if match:
        title += f": {match['name']} ({match['id']}, q = {match['q_value']:.2g})"
    methods = pwm.metadata.get("methods")
    if methods:
        title += f"; found by {', '.join(method.replace('_', ' ') for method in methods)}"
    return title


def plot_attribution(attribution, sequence_onehot=None, *, ax=None):
    """Draw the attribution map of one sequence as a logo-style plot.

    Letters above the axis push the prediction towards the target class,
    letters below push it away.

    Parameters
    ----------
    attribution : array-like of shape (4, length) or (1, 4, length)
        One sequence's map from :func:`~sklearn_demotif.interpret.saliency`
        or :func:`~sklearn_demotif.interpret.in_silico_mutagenesis`, rows A,
        C, G, T.
    sequence_onehot : array-like of shape (4, length) or (1, 4, length), default=None
        The sequence itself.  When given, each position shows only its own
        base, with height the attribution summed over the four rows at that
        position: the saliency of the base for a saliency map, the summed
        change of log-odds of all three substitutions for a mutagenesis map
        (negative where the base matters).  When ``None`` the map is drawn as
        it is, every row its own letter.
    ax : matplotlib.axes.Axes or None, default=None
        Where to draw; ``None`` makes a new figure (without pyplot).

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_demotif.encoding import one_hot_encode
    >>> from sklearn_demotif.plotting import plot_attribution
    >>> sequence = one_hot_encode(["ACGTTGCA"])
    >>> ax = plot_attribution(sequence * np.linspace(-1, 1, 8), sequence_onehot=sequence)
    >>> ax.get_ylabel()
    'attribution'
    """
    attribution = _one_map(attribution, "attribution")
    if sequence_onehot is not None:
        sequence_onehot = _one_map(sequence_onehot, "sequence_onehot")
        if sequence_onehot.shape != attribution.shape:
            raise ValueError(
                f"sequence_onehot has shape {sequence_onehot.shape} but attribution has "
                f"shape {attribution.shape}"
            )
        attribution = sequence_onehot * attribution.sum(axis=0, keepdims=True)
    ax = draw_logo(attribution, ax, "attribution")
    ax.axhline(0, color="0.5", linewidth=0.5)
    return ax


def _one_map(array, name):
    array = np.asarray(array, dtype=np.float64)
    if array.ndim == 3 and array.shape[0] == 1:
        array = array[0]
    if array.ndim != 2 or array.shape[0] != 4:
        raise ValueError(
            f"{name} must have shape (4, length) or (1, 4, length) for one sequence, "
            f"got shape {array.shape}; select one sequence with X[i]"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return array


@validate_params(
    {"y_true": ["array-like"], "y_score": ["array-like"], "label": [str, None]},
    prefer_skip_nested_validation=True,
)
def plot_roc_curve(y_true, y_score, *, ax=None, label=None, pos_label=None):
    """Draw a ROC curve with its area under the curve in the legend.

    Parameters
    ----------
    y_true : array-like of shape (n_sequences,)
        True labels.
    y_score : array-like of shape (n_sequences,)
        Scores of the positive class, e.g. ``predict_proba(X)[:, 1]``.
    ax : matplotlib.axes.Axes or None, default=None
        Where to draw; ``None`` makes a new figure (without pyplot).  Draw
        several curves on one axes to compare models.
    label : str or None, default=None
        Name of the curve in the legend, before its AUC.
    pos_label : label or None, default=None
        The positive class; ``None`` means 1 for labels in {0, 1} or {-1, 1}.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from sklearn_demotif.plotting import plot_roc_curve
    >>> ax = plot_roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], label="toy")
    >>> ax.get_legend().get_texts()[0].get_text()
    'toy (AUC = 0.750)'
    """
    from sklearn.metrics import auc, roc_curve

    false_positive_rate, true_positive_rate, _ = roc_curve(y_true, y_score, pos_label=pos_label)
    area = auc(false_positive_rate, true_positive_rate)
    ax = new_axes((4.2, 4.0)) if ax is None else ax
    ax.plot(false_positive_rate, true_positive_rate, linewidth=1.5,
            label=_curve_label(label, "AUC", area))
    ax.plot([0, 1], [0, 1], linestyle="--", linewidth=0.8, color="0.6")
    return _unit_square(ax, "false positive rate", "true positive rate", "lower right")


def _curve_label(label, name, value):
    return f"{name} = {value:.3f}" if label is None else f"{label} ({name} = {value:.3f})"


def _unit_square(ax, xlabel, ylabel, legend):
    """Equal axes from 0 to 1 with their labels and a legend: the frame of a ROC or PR curve."""
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.01)
    ax.set_aspect("equal")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc=legend, frameon=False)
    return ax


@validate_params(
    {"y_true": ["array-like"], "y_score": ["array-like"], "label": [str, None]},
    prefer_skip_nested_validation=True,
)
def plot_precision_recall_curve(y_true, y_score, *, ax=None, label=None, pos_label=None):
    """Draw a precision-recall curve with its average precision in the legend.

    Where positives are rare (a genome scan, say) a good ROC AUC can hide a low
    precision; this curve and its average precision (the area under it, as
    :func:`sklearn.metrics.average_precision_score` computes it) show it.  The
    dotted line is the share of positives, a random classifier's precision.

    Parameters
    ----------
    y_true : array-like of shape (n_sequences,)
        True labels.
    y_score : array-like of shape (n_sequences,)
        Scores of the positive class, e.g. ``predict_proba(X)[:, 1]``.
    ax : matplotlib.axes.Axes or None, default=None
        Where to draw; ``None`` makes a new figure (without pyplot).
    label : str or None, default=None
        Name of the curve in the legend, before its average precision.
    pos_label : label or None, default=None
        The positive class; ``None`` means 1 for labels in {0, 1} or {-1, 1}.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes drawn on.

    See Also
    --------
    plot_roc_curve : The ROC curve of the same scores.

    Examples
    --------
    >>> from sklearn_demotif.plotting import plot_precision_recall_curve
    >>> ax = plot_precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], label="toy")
    >>> ax.get_legend().get_texts()[0].get_text()
    'toy (AP = 0.833)'
    """
    from sklearn.metrics import average_precision_score, precision_recall_curve

    positive = 1 if pos_label is None else pos_label
    precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label=positive)
    average = average_precision_score(y_true, y_score, pos_label=positive)
    ax = new_axes((4.2, 4.0)) if ax is None else ax
    ax.step(recall, precision, where="post", linewidth=1.5,
            label=_curve_label(label, "AP", average))
    ax.axhline(np.mean(np.asarray(y_true) == positive), linestyle=":", linewidth=0.8, color="0.6")
    return _unit_square(ax, "recall", "precision", "lower left")


def plot_learning_curves(history, *, ax=None):
    """Draw the training and validation loss per epoch, and the validation accuracy.

    Parameters
    ----------
    history : skorch.History, list of dict or fitted estimator
        Per-epoch records with ``epoch`` and any of ``train_loss``,
        ``valid_loss``, ``valid_acc`` (skorch's keys), or a fitted classifier
        (or a Pipeline ending in one) whose ``history_`` is used.  The epoch
        whose weights early stopping kept (the lowest validation loss) is
        marked.
    ax : matplotlib.axes.Axes or None, default=None
        Where to draw the losses; ``None`` makes a new figure (without pyplot).
        The accuracy goes on a twin axis at the right.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes of the losses.

    Examples
    --------
    >>> from sklearn_demotif.plotting import plot_learning_curves
    >>> history = [{"epoch": 1, "train_loss": 0.7, "valid_loss": 0.6, "valid_acc": 0.6},
    ...            {"epoch": 2, "train_loss": 0.5, "valid_loss": 0.4, "valid_acc": 0.8}]
    >>> ax = plot_learning_curves(history)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['train loss', 'valid loss', 'valid accuracy']
    """
    history = getattr(final_classifier(history), "history_", history)
    records = list(history)
    if not records:
        raise ValueError("history is empty: no epoch to plot")
    if ax is None:
        ax = new_axes((5.5, 3.2))
    epochs = [record.get("epoch", index + 1) for index, record in enumerate(records)]

    def column(key):
        values = [record.get(key) for record in records]
        return None if any(value is None for value in values) else np.asarray(values, float)

    plotted = False
    for key in ("train_loss", "valid_loss"):
        values = column(key)
        if values is not None:
            ax.plot(epochs, values, marker="o", markersize=3, label=key.replace("_", " "))
            plotted = True
    if not plotted:
        raise ValueError("history has neither train_loss nor valid_loss in every epoch")
    valid_loss = column("valid_loss")
    if valid_loss is not None:
        best = int(np.argmin(valid_loss))
        ax.axvline(epochs[best], color="0.6", linestyle=":", linewidth=1)
        ax.annotate("kept", (epochs[best], ax.get_ylim()[1]), ha="center", va="top",
                    fontsize=8, color="0.4")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    handles, labels = ax.get_legend_handles_labels()
    accuracy = column("valid_acc")
    if accuracy is not None:
        twin = ax.twinx()
        (line,) = twin.plot(epochs, accuracy, color="tab:green", linestyle="--", marker=".",
                            label="valid accuracy")
        twin.set_ylabel("validation accuracy")
        twin.set_ylim(0, 1)
        handles.append(line)
        labels.append(line.get_label())
    ax.legend(handles, labels, loc="center right", frameon=False, fontsize=8)
    for side in ("top",):
        ax.spines[side].set_visible(False)
    return ax


def plot_motif_spacing(table, *, ax=None, title=None):
    """Draw the effect of two motifs, and their cooperativity, against the spacing between them.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`~sklearn_demotif.interpret.motif_spacing` returns it: one row per
        spacing with the columns ``spacing`` (bases between the two motifs),
        ``effect`` (mean change of the log-odds when both are inserted) and
        ``cooperativity`` (that effect beyond the sum of the two motifs' own).
    ax : matplotlib.axes.Axes or None, default=None
        Where to draw; ``None`` makes a new figure (without pyplot).
    title : str or None, default=None
        The axes' title.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        For a table without one of the three columns, naming it, or without rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.plotting import plot_motif_spacing
    >>> table = pd.DataFrame({"spacing": [0, 1, 2], "effect": [3.0, 4.5, 3.2],
    ...                       "cooperativity": [0.1, 1.5, 0.2]})
    >>> ax = plot_motif_spacing(table)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['effect of both', 'cooperativity']
    """
    for column in ("spacing", "effect", "cooperativity"):
        if column not in getattr(table, "columns", ()):
            raise ValueError(f"table has no column {column!r}; motif_spacing's table has one")
    if not len(table):
        raise ValueError("table has no rows: no spacing to plot")
    if ax is None:
        ax = new_axes((5.5, 3.0))
    spacing = np.asarray(table["spacing"], float)
    ax.plot(spacing, np.asarray(table["effect"], float), marker="o", markersize=3,
            label="effect of both")
    ax.plot(spacing, np.asarray(table["cooperativity"], float), marker=".", linestyle="--",
            color="tab:red", label="cooperativity")
    ax.axhline(0, color="0.6", linewidth=0.8)
    ax.set_xlabel("spacing (bases between the motifs)")
    ax.set_ylabel("change of the log-odds")
    if title:
        ax.set_title(title, fontsize=9)
    ax.legend(loc="best", frameon=False, fontsize=8)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    return ax
