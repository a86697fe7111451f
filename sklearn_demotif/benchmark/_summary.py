"""The summary of a benchmark: a markdown text and a scatter plot beside DeepBind's paper."""

import numpy as np

from .._figures import new_axes
from .._options import MODELS

#: How the summary and the plot name each of our models.
_NAMES = {"demo": "DeMo (ours)", "deepbind": "DeepBind (ours)"}


def _per_experiment(table):
    """One row per experiment: our AUC per model beside the published ones.

    The columns are ``n_train``, the published AUCs, each model's AUC (named
    by the model) and its average precision (``"<model> AP"``; NaN in rows of
    result files written before it was recorded).
    """
    if "average_precision" not in table:
        table = table.assign(average_precision=np.nan)
    wide = table.pivot_table(index="experiment", columns="model", values="auc", sort=False)
    precision = table.pivot_table(
        index="experiment", columns="model", values="average_precision", sort=False,
        dropna=False,
    ).reindex(index=wide.index, columns=wide.columns)
    published = table.groupby("experiment", sort=False)[
        ["n_train", "published_deepbind_star_auc", "published_deepbind_auc"]
    ].first()
    return published.join(wide).join(precision.add_suffix(" AP"))


def summarize_benchmark(table):
    """A short markdown summary of a :func:`run_benchmark` table.

    Median AUC per model (ours and DeepBind's published ones, over the same
    experiments) and median average precision (ours; DeepBind published
    none), how often our DeMo beats the published DeepBind* AUC and by how
    much, how our DeepBind compares with the published DeepBind*, and one
    line per experiment.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`run_benchmark`.

    Returns
    -------
    summary : str
        Markdown text.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.benchmark import summarize_benchmark
    >>> table = pd.DataFrame({
    ...     "experiment": ["A", "A", "B", "B"], "model": ["demo", "deepbind"] * 2,
    ...     "auc": [0.95, 0.93, 0.93, 0.90], "average_precision": [0.94, 0.9, 0.92, 0.88],
    ...     "n_train": [100] * 4,
    ...     "published_deepbind_star_auc": [0.94, 0.94, 0.91, 0.91],
    ...     "published_deepbind_auc": [0.90, 0.90, 0.88, 0.88]})
    >>> print(summarize_benchmark(table).splitlines()[7])
    - Our DeMo beats the published DeepBind* AUC on 2 of 2 experiments (median ΔAUC +0.0150).
    """
    wide = _per_experiment(table)
    lines = _median_lines(wide) + [""] + _comparison_lines(wide) + [""] + _experiment_lines(wide)
    return "\n".join(lines) + "\n"


def _ours(wide):
    """Our models present in the table, in the order of :data:`MODELS`."""
    return [model for model in MODELS if model in wide]


def _median_lines(wide):
    """The table of median AUC and average precision per model, ours and published."""
    lines = ["| model | experiments | median AUC | median average precision |", "|---|---|---|---|"]
    for model in _ours(wide):
        count, median = wide[model].notna().sum(), wide[model].median()
        lines.append(
            f"| {_NAMES[model]} | {count} | {median:.4f} | {wide[model + ' AP'].median():.4f} |"
        )
    for column, label in [
        ("published_deepbind_star_auc", "DeepBind* (published)"),
        ("published_deepbind_auc", "DeepBind (published)"),
    ]:
        lines.append(
            f"| {label} | {wide[column].notna().sum()} | {wide[column].median():.4f} | – |"
        )
    return lines


def _comparison_lines(wide):
    """How often, and by how much, our models beat the published DeepBind* AUC."""
    star = wide["published_deepbind_star_auc"]
    compared = star.notna()
    if not compared.any():
        return []
    lines = []
    for model, label in [("demo", "DeMo"), ("deepbind", "DeepBind")]:
        if model not in wide:
            continue
        delta = (wide[model] - star)[compared]
        lines.append(
            f"- Our {label} beats the published DeepBind* AUC on {int((delta > 0).sum())} of "
            f"{int(compared.sum())} experiments (median ΔAUC {delta.median():+.4f})."
        )
    if "deepbind" in wide:
        difference = wide["deepbind"][compared].median() - star[compared].median()
        lines.append(
            f"- Median AUC of our DeepBind minus that of the published DeepBind*: "
            f"{difference:+.4f}."
        )
    return lines


def _experiment_lines(wide):
    """One table row per experiment: our AUCs, our average precisions, the published AUCs."""
    ours = _ours(wide)
    lines = ["| experiment | n_train | " + " | ".join(
        [_NAMES[model] for model in ours] + [f"{_NAMES[model]} AP" for model in ours]
    ) + " | DeepBind* (published) | DeepBind (published) |"]
    lines.append("|---" * (4 + 2 * len(ours)) + "|")
    for name, row in wide.iterrows():
        values = [row[model] for model in ours] + [row[model + " AP"] for model in ours]
        ours_text = " | ".join(f"{value:.4f}" for value in values)
        lines.append(
            f"| {name} | {int(row['n_train'])} | {ours_text} | "
            f"{row['published_deepbind_star_auc']:.4f}"
            f" | {row['published_deepbind_auc']:.4f} |"
        )
    return lines


def plot_benchmark(table, ax=None):
    """Scatter our AUC against DeepBind's published DeepBind* AUC, one point per experiment.

    Points above the diagonal are experiments where our model beats the
    published DeepBind*.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`run_benchmark`.
    ax : matplotlib.axes.Axes or None, default=None
        Axes to draw on; ``None`` makes a new figure (without pyplot).

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_demotif.benchmark import plot_benchmark
    >>> table = pd.DataFrame({
    ...     "experiment": ["A", "B"], "model": ["demo", "demo"], "auc": [0.95, 0.90],
    ...     "n_train": [100, 100], "published_deepbind_star_auc": [0.94, 0.91],
    ...     "published_deepbind_auc": [0.90, 0.88]})
    >>> plot_benchmark(table).get_xlabel()
    'published DeepBind* AUC'
    """
    if ax is None:
        ax = new_axes((4.5, 4.5))
    wide = _per_experiment(table)
    star = wide["published_deepbind_star_auc"]
    styles = {
        "demo": ("DeMo (ours)", "o", "tab:blue"),
        "deepbind": ("DeepBind (ours)", "s", "tab:orange"),
    }
    values = [star.dropna()]
    for model in _ours(wide):
        label, marker, color = styles[model]
        ax.scatter(star, wide[model], label=label, marker=marker, color=color, alpha=0.8)
        values.append(wide[model].dropna())
    low = min(float(v.min()) for v in values if len(v)) - 0.01
    ax.plot([low, 1], [low, 1], color="grey", linewidth=1, linestyle="--")
    ax.set_xlim(low, 1.0)
    ax.set_ylim(low, 1.0)
    ax.set_aspect("equal")
    ax.set_xlabel("published DeepBind* AUC")
    ax.set_ylabel("our AUC")
    ax.legend(loc="lower right")
    return ax
