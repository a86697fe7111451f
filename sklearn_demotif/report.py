"""A one-file HTML report of a trained classifier: data, accuracy, motif and attributions.

:func:`make_report` returns the HTML text, :func:`write_report` writes it
atomically.  The report is a single self-contained file (CSS inline, figures as
base64 PNGs) that opens offline in any browser and can be mailed or archived as
it is.  Its sections:

* **Data**: how many training and test sequences, of which class, how long.
* **Model**: the estimator, its main hyperparameters, the epochs trained.
* **Performance**: the test ROC AUC and average precision, beside DeepBind's
  published AUCs when the experiment is one of theirs, the ROC and
  precision-recall curves and the learning curves.
* **Motif**: the class-optimised motif (the core of the optimized inputs that
  raises the log-odds most, trimmed) as a logo, with its effect, its best JASPAR
  matches and their q-values, beside a reference motif if one is given.
* **Motifs the model uses**: every motif :func:`~sklearn_demotif.interpret.find_motifs`
  finds on the test sequences, as logos with the views that found them, their
  support, enrichment, centrality, effect and best calibrated JASPAR match; and
  for the top two, how their joint effect and cooperativity change with the
  spacing between them (:func:`~sklearn_demotif.interpret.motif_spacing`).
* **Attribution maps**: saliency maps (gradient of the log-odds times the
  input) of the test sequences the model scores highest.

A multi-task (multilabel) model's report has, instead of the single-task
performance, motif and motif-set sections: a **per-task table** (ROC AUC,
average precision and positives of every task on the test sequences, the
unknown labels left out), the ROC curves of all tasks, **a motif set per
task** (``find_motifs(..., task=k)`` on that task's labelled test
sequences), **the motifs the tasks share** (motifs of different tasks whose
:func:`~sklearn_demotif.motifs.motif_similarity` is at least 0.8, the
similarity at which ``find_motifs`` merges two proposals into one motif), and
one attribution map per task (its top-scoring test sequence).
"""

import base64
import datetime
import html
import io
import os
from itertools import combinations
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions, validate_params

from ._atomic import check_outputs, input_file, write_atomically
from ._figures import new_axes
from ._options import MOTIF_SPACINGS
from ._utils import encoder_for, final_classifier, is_multilabel, positive_class_index
from ._version import __version__
from .datasets import PUBLISHED_AUCS_FILE, get_data_home, read_published_aucs
from .interpret import find_motifs, motif_spacing, optimize_class, saliency
from .motifs import PWM, compare_to_jaspar, motif_similarity
from .plotting import (
    plot_attribution,
    plot_learning_curves,
    plot_motif_spacing,
    plot_precision_recall_curve,
    plot_roc_curve,
)

__all__ = ["make_report", "write_report"]

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px;
       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em;
     margin-top: 1.8em; }
.subtitle { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.7em; text-align: left; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
.figures figure { margin: 0; }
figcaption { color: #555; font-size: 0.88em; text-align: center; }
.big { font-size: 1.6em; font-weight: 600; }
.note { color: #666; font-style: italic; }
.match { background: #e8f6e8; }
code { background: #f4f4f4; padding: 0 0.25em; }
img { max-width: 100%; height: auto; }
footer { margin-top: 3em; color: #888; font-size: 0.85em; }
"""


def _png(ax, dpi=110):
    """The figure of an axes as an ``<img>`` tag with a base64 PNG."""
    figure = ax.figure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{encoded}">'


def _escape(value):
    return html.escape(str(value))


def _table(rows, header=None, numeric=(), row_classes=None):
    parts = ["<table>"]
    if header:
        parts.append("<tr>" + "".join(f"<th>{_escape(cell)}</th>" for cell in header) + "</tr>")
    for index, row in enumerate(rows):
        css = f' class="{row_classes[index]}"' if row_classes and row_classes[index] else ""
        cells = "".join(
            f'<td class="num">{_escape(cell)}</td>'
            if column in numeric
            else f"<td>{_escape(cell)}</td>"
            for column, cell in enumerate(row)
        )
        parts.append(f"<tr{css}>{cells}</tr>")
    parts.append("</table>")
    return "".join(parts)


def _format(value, digits=3):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e5):
            return f"{value:.2e}"
        return f"{value:.{digits}f}"
    return str(value)


def _class_counts(y, classes):
    y = np.asarray(y)
    return ", ".join(f"{int(np.sum(y == label))} × {label}" for label in classes)


def _published_aucs(experiment, data_home):
    if experiment is None:
        return None
    try:
        table = read_published_aucs(data_home)
    except (ValueError, OSError):
        return None
    if table is None or experiment not in table.index:
        return None
    return table.loc[experiment]


def _section_data(classifier, X_test_onehot, y_test, X_train, y_train, experiment):
    rows = []
    if experiment:
        rows.append(("experiment", experiment))
    if y_train is not None:
        rows.append(("training sequences", _label_summary(classifier, y_train)))
    elif X_train is not None:
        rows.append(("training sequences", len(X_train)))
    rows.append(("test sequences", _label_summary(classifier, y_test)))
    rows.append(
        (
            "sequence length",
            f"{X_test_onehot.shape[2]} bp (trained on {classifier.sequence_length_} bp)",
        )
    )
    if is_multilabel(classifier):
        rows.append(("tasks", ", ".join(map(str, classifier.task_names_))))
    else:
        positive = classifier.classes_[positive_class_index(classifier.classes_)]
        classes = ", ".join(map(str, classifier.classes_))
        rows.append(("classes", f"{classes}; positive class: {positive}"))
    return "<h2>Data</h2>" + _table(rows)


def _label_summary(classifier, y):
    """How many sequences, and of which class (of a multi-task model: which labels)."""
    if not is_multilabel(classifier):
        return f"{len(y)} ({_class_counts(y, classifier.classes_)})"
    y = np.asarray(y, dtype=np.float64)
    return (
        f"{len(y)} ({y.shape[1]} tasks: {int(np.nansum(y))} positive labels, "
        f"{int(np.isnan(y).sum())} unknown)"
    )


def _section_model(classifier):
    params = classifier.get_params(deep=False)
    shown = {key: value for key, value in params.items() if key not in ("verbose",)}
    rows = [("estimator", type(classifier).__name__)]
    rows += [(key, value) for key, value in shown.items()]
    rows.append(("epochs trained", getattr(classifier, "n_epochs_", "–")))
    rows.append(("trained on", getattr(classifier, "device_", "–")))
    return "<h2>Model</h2>" + _table(rows, header=("setting", "value"))


def _section_performance(classifier, y_test, scores, experiment, data_home):
    from sklearn.metrics import accuracy_score, average_precision_score, roc_auc_score

    positive = classifier.classes_[positive_class_index(classifier.classes_)]
    y_binary = np.asarray(y_test) == positive
    auc = roc_auc_score(y_binary, scores)
    average_precision = average_precision_score(y_binary, scores)
    accuracy = accuracy_score(y_binary, scores >= 0.5)
    rows = [("this model (test set)", _format(auc), _format(average_precision), _format(accuracy))]
    published = _published_aucs(experiment, data_home)
    note = ""
    if published is not None:
        for column, label in (
            ("deepbind_star_auc", "DeepBind* (published, all training peaks)"),
            ("deepbind_auc", "DeepBind (published, top 500 peaks)"),
        ):
            if column in published.index:
                rows.append((label, _format(float(published[column])), "–", "–"))
        note = (
            '<p class="note">Published AUCs: Alipanahi et al. (2015), supplementary '
            "table, on the same test set.</p>"
        )
    elif experiment:
        note = f'<p class="note">No published DeepBind AUC found for {_escape(experiment)}.</p>'
    parts = [
        "<h2>Performance</h2>",
        f'<p>Test ROC AUC <span class="big">{auc:.3f}</span> &middot; average precision '
        f'<span class="big">{average_precision:.3f}</span> '
        f"({int(y_binary.sum())} positives of {len(y_binary)})</p>",
        _table(
            rows, header=("model", "ROC AUC", "average precision", "accuracy"), numeric=(1, 2, 3)
        ),
        note,
        '<div class="figures">',
    ]
    ax = plot_roc_curve(y_binary, scores, ax=new_axes((4.2, 4.0)), label="test set")
    parts.append(f"<figure>{_png(ax)}<figcaption>ROC curve on the test set</figcaption></figure>")
    ax = plot_precision_recall_curve(y_binary, scores, ax=new_axes((4.2, 4.0)), label="test set")
    parts.append(
        f"<figure>{_png(ax)}<figcaption>Precision-recall curve on the test set (dotted: the "
        "share of positives)</figcaption></figure>"
    )
    parts.append(_learning_curves(classifier))
    parts.append("</div>")
    return "".join(parts), auc


def _learning_curves(classifier):
    """The learning curves as a figure, a note when they cannot be drawn, else nothing."""
    history = getattr(classifier, "history_", None)
    if history is None or not len(history):
        return ""
    try:
        ax = plot_learning_curves(history, ax=new_axes((5.5, 3.4)))
    except ValueError as error:
        return f'<p class="note">No learning curves: {_escape(error)}</p>'
    return (
        f"<figure>{_png(ax)}<figcaption>Learning curves (validation split of the "
        "training data)</figcaption></figure>"
    )


def _as_reference(reference_motif):
    if reference_motif is None or isinstance(reference_motif, PWM):
        return reference_motif
    return PWM.from_jaspar(str(reference_motif))


def _aligns_reversed(matches, identifier):
    """Whether TOMTOM aligned the reverse complement of ``identifier`` with the motif."""
    if matches is None or not identifier or not len(matches):
        return False
    rows = matches[matches["matrix_id"] == identifier]
    return bool(len(rows)) and rows.iloc[0]["strand"] == "-"


def _section_motif(
    model, motif, matches, reference_motif, motif_params, trim_threshold, top_matches
):
    if isinstance(motif, str) and motif == "auto":
        motif = optimize_class(model, **(motif_params or {})).trim(trim_threshold)
    if motif is None:
        return "", None, None
    if isinstance(matches, str) and matches == "auto":
        matches = compare_to_jaspar(motif, top=top_matches)
    reference = _as_reference(reference_motif)
    parts = ["<h2>Motif</h2>"]
    stability = motif.metadata.get("stability")
    probability = motif.metadata.get("probability")
    effect = motif.metadata.get("effect")
    target = f"<code>{_escape(motif.metadata.get('target', ''))}</code>"
    what = (
        f"the whole input the network finds most typical of class {target}"
        if motif.metadata.get("output") == "input"
        else f"the core of the optimized inputs that raises the log-odds of class {target} most"
    )
    description = (
        f"<p>Class optimization: {what}, trimmed to its informative columns: {motif.width} "
        f"positions, consensus <code>{_escape(motif.consensus)}</code>"
    )
    if effect is not None:
        description += (
            f", effect on the log-odds when inserted into background sequences {effect:+.2f} "
            f"(± {motif.metadata.get('effect_sem', float('nan')):.2f})"
        )
    if probability is not None:
        description += f", P(class) = {probability:.3f}"
    if stability is not None:
        description += f", agreement of the restarts {stability:.2f} (1 = all found the same motif)"
    parts.append(description + ".</p>")
    parts.append('<div class="figures">')
    ax = motif.plot(ax=new_axes((max(3.5, 0.38 * motif.width + 1.2), 2.3)))
    ax.set_title("learned motif")
    parts.append(f"<figure>{_png(ax)}<figcaption>Learned motif</figcaption></figure>")
    if reference is not None:
        identifier = reference.metadata.get("identifier", "")
        label = f"{identifier} {reference.name or ''}".strip()
        if _aligns_reversed(matches, identifier):
            reference = reference.reverse_complement()
            label += " (reverse complement, as aligned)"
        ax = reference.plot(ax=new_axes((max(3.5, 0.38 * reference.width + 1.2), 2.3)))
        ax.set_title(f"reference: {label}")
        caption = f"<figcaption>Reference motif {_escape(label)}</figcaption>"
        parts.append(f"<figure>{_png(ax)}{caption}</figure>")
    parts.append("</div>")
    if matches is None:
        parts.append('<p class="note">No JASPAR comparison was made.</p>')
    elif len(matches) == 0:
        parts.append('<p class="note">No JASPAR motif matches.</p>')
    else:
        reference_id = reference.metadata.get("identifier") if reference is not None else None
        rows, classes = [], []
        for rank, row in enumerate(matches.itertuples(index=False), start=1):
            rows.append(
                (
                    rank,
                    row.matrix_id,
                    row.name,
                    _format(row.p_value),
                    _format(row.e_value),
                    _format(row.q_value),
                    row.offset,
                    row.overlap,
                    row.strand,
                )
            )
            classes.append("match" if reference_id and row.matrix_id == reference_id else "")
        parts.append(
            "<p>Best matches among JASPAR motifs (TOMTOM; q-value: Benjamini–Hochberg over "
            "all JASPAR targets)"
            + (", the reference motif highlighted" if reference_id else "")
            + ":</p>"
        )
        parts.append(
            _table(
                rows,
                header=(
                    "rank",
                    "matrix",
                    "TF",
                    "p-value",
                    "E-value",
                    "q-value",
                    "offset",
                    "overlap",
                    "strand",
                ),
                numeric=(0, 3, 4, 5, 6, 7),
                row_classes=classes,
            )
        )
    return "".join(parts), motif, matches


_VIEWS = {"class_optimization": "class optimization", "filters": "filters", "seqlets": "seqlets"}


def _jaspar_cell(match):
    if not match:
        return "–"
    return f"{match['id']} {match['name']} (q = {_format(match['q_value'])})"


def _section_motif_set(classifier, X_onehot, y_test, motifs, motifs_params):
    if isinstance(motifs, str) and motifs == "auto":
        params = {"random_state": 0, "verbose": 0, **(motifs_params or {})}
        motifs = find_motifs(classifier, X_onehot, y_test, **params)
    if motifs is None:
        return ""
    parts = [
        "<h2>Motifs the model uses</h2>",
        "<p>Found by <code>find_motifs</code> on the test sequences from three views "
        "(restarts of class optimization, first-layer filters, high-attribution seqlets), "
        "merged when they are one motif and ranked by how much having a site tells about "
        "being bound. Support: share of bound (unbound) test sequences with a FIMO site; "
        "centrality: 1 when the sites sit at the sequence centre, 0 when spread uniformly; "
        "effect: mean change of the log-odds when the motif is inserted at the centre of "
        "unbound test sequences; JASPAR: the best calibrated TOMTOM match.</p>",
    ]
    if not motifs:
        parts.append('<p class="note">No motif has sites enriched in bound sequences.</p>')
        return "".join(parts)
    parts.append(_motif_set_table(motifs))
    if len(motifs) >= 2:
        parts.append(_spacing_figure(classifier, X_onehot, y_test, motifs[0], motifs[1]))
    return "".join(parts)


def _motif_set_table(motifs):
    """The table of a motif set: rank, logo, consensus, views, support, ..., JASPAR match."""
    header = ["rank", "logo", "consensus", "found by", "support", "enrichment"]
    header += ["centrality", "effect", "JASPAR match"]
    rows = ["<table><tr>" + "".join(f"<th>{cell}</th>" for cell in header) + "</tr>"]
    for rank, motif in enumerate(motifs, start=1):
        metadata = motif.metadata
        ax = motif.plot(ax=new_axes((max(2.2, 0.28 * motif.width + 0.9), 1.3)))
        ax.set_title("")
        support = (
            f"{_format(metadata.get('support'), 2)} "
            f"({_format(metadata.get('negative_support'), 2)})"
        )
        views = ", ".join(_VIEWS.get(view, view) for view in metadata.get("methods", ()))
        cells = [
            f'<td class="num">{rank}</td>',
            f"<td>{_png(ax, dpi=80)}</td>",
            f"<td><code>{_escape(motif.consensus)}</code> ({motif.width})</td>",
            f"<td>{_escape(views or '–')}</td>",
            f'<td class="num">{_escape(support)}</td>',
            f'<td class="num">{_escape(_format(metadata.get("enrichment"), 1))}</td>',
            f'<td class="num">{_escape(_format(metadata.get("centrality"), 2))}</td>',
            f'<td class="num">{_escape(_format(metadata.get("effect"), 2))}</td>',
            f"<td>{_escape(_jaspar_cell(metadata.get('jaspar')))}</td>",
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(rows) + "</table>"


#: Background sequences and spacings of the report's spacing plot: 41 spacings x 3 edits x
#: 100 sequences are about 12,000 forward passes, 3 s on 2 CPU cores at 4,000 sequences/s.
SPACING_SEQUENCES, SPACINGS = 100, range(*MOTIF_SPACINGS)


def _spacing_figure(classifier, X_onehot, y_test, first, second):
    """The effect and cooperativity of motif 1 then motif 2 against their spacing."""
    negative = y_test != classifier.classes_[positive_class_index(classifier.classes_)]
    background = X_onehot[negative] if negative.any() else X_onehot
    sample = np.random.RandomState(0).permutation(len(background))[:SPACING_SEQUENCES]
    widest = min(SPACINGS.stop - 1, X_onehot.shape[2] - first.width - second.width)
    if widest < 0:
        return (
            f'<p class="note">No spacing plot: motifs 1 and 2 ({first.width} + {second.width} '
            f"columns) do not fit side by side in the {X_onehot.shape[2]}-base sequences.</p>"
        )
    spacings = range(SPACINGS.start, widest + 1)
    table = motif_spacing(
        classifier, background[sample], first, second, spacings=spacings, random_state=0
    )
    ax = plot_motif_spacing(table, ax=new_axes((5.5, 3.0)))
    return (
        f"<figure>{_png(ax)}<figcaption>Motif 1 (<code>{_escape(first.consensus)}</code>) then "
        f"motif 2 (<code>{_escape(second.consensus)}</code>) inserted {spacings.start}–"
        f"{widest} bases apart into {len(sample)} unbound test sequences: their joint "
        "effect on the log-odds and its cooperativity (beyond the sum of their own effects)"
        "</figcaption></figure>"
    )


def _section_attribution(classifier, X_onehot, scores, n_attribution, sequence_ids):
    if not n_attribution:
        return ""
    top = np.argsort(-scores, kind="stable")[:n_attribution]
    maps = np.asarray(saliency(classifier, X_onehot[top]))
    parts = [
        "<h2>Attribution maps</h2>",
        f"<p>Saliency (gradient of the log-odds × input, centred over the four bases) of the "
        f"{len(top)} test sequences the model scores highest: letters above the axis raise "
        "the odds of the positive class, letters below lower them; tall letters are the "
        "bases the prediction rests on.</p>",
    ]
    for index, attribution in zip(top, maps, strict=True):
        length = attribution.shape[1]
        size = (min(11.0, max(6.0, 0.1 * length + 1.0)), 1.9)
        ax = plot_attribution(attribution, sequence_onehot=X_onehot[index], ax=new_axes(size))
        name = sequence_ids[index] if sequence_ids is not None else f"test sequence {index}"
        ax.set_title(f"{name}: P = {scores[index]:.3f}", fontsize=9)
        parts.append(f"<figure>{_png(ax, dpi=100)}</figure>")
    return "".join(parts)


#: Similarity (:func:`~sklearn_demotif.motifs.motif_similarity`, either strand) at which
#: motifs of two tasks are one shared motif: the one at which ``find_motifs`` merges proposals.
SHARED_SIMILARITY = 0.8
#: ``find_motifs`` settings of a report on more than two tasks (``motifs_params`` overrides
#: them): half its restarts, half its sampled sequences and at most five motifs per task, so
#: that 5 to 8 tasks cost a few times one single-task report's motif set, not 5 to 8 times.
MANY_TASKS_MOTIF_SETTINGS = {"n_restarts": 8, "max_sequences": 1000, "max_motifs": 5}


def _known(y_test, task):
    """The mask of the test sequences whose label of ``task`` is known, and those labels."""
    known = ~np.isnan(y_test[:, task])
    return known, y_test[known, task].astype(int)


def _section_task_performance(classifier, y_test, scores):
    """The per-task table (ROC AUC, average precision, positives) and all tasks' ROC curves."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    rows, aucs, ax = [], [], new_axes((4.6, 4.2))
    for task, name in enumerate(classifier.task_names_):
        known, labels = _known(y_test, task)
        auc = average_precision = float("nan")
        if 0 < labels.sum() < len(labels):
            auc = roc_auc_score(labels, scores[known, task])
            average_precision = average_precision_score(labels, scores[known, task])
            plot_roc_curve(labels, scores[known, task], ax=ax, label=str(name))
            aucs.append(auc)
        rows.append((name, _format(auc), _format(average_precision), int(labels.sum()),
                     len(labels)))
    median = _format(float(np.median(aucs)) if aucs else None)
    return "".join([
        "<h2>Performance per task</h2>",
        f'<p>{len(rows)} tasks; median test ROC AUC <span class="big">{median}</span>. '
        "Each task is scored on the test sequences whose label it knows (unknown labels, "
        "NaN, are left out); a task without both classes there has no AUC.</p>",
        _table(rows, header=("task", "ROC AUC", "average precision", "positives",
                             "labelled sequences"), numeric=(1, 2, 3, 4)),
        '<div class="figures">',
        f"<figure>{_png(ax)}<figcaption>ROC curve of every task on the test set</figcaption>"
        "</figure>",
        _learning_curves(classifier),
        "</div>",
    ])


def _task_motif_sets(classifier, X_onehot, y_test, motifs, motifs_params):
    """Every task's motif set: ``{task name: list of PWM}``, found or given; None for none."""
    names = [str(name) for name in classifier.task_names_]
    if motifs is None:
        return None
    if isinstance(motifs, dict):
        unknown = sorted(set(map(str, motifs)) - set(names))
        if unknown:
            raise ValueError(f"motifs names tasks the model lacks: {unknown}; its tasks: {names}")
        return {name: list(motifs.get(name, ())) for name in names}
    if not (isinstance(motifs, str) and motifs == "auto"):
        raise ValueError(
            "the motifs of a multi-task model's report are 'auto' or a dict task name -> list "
            "of PWM"
        )
    settings = {"random_state": 0, "verbose": 0}
    if len(names) > 2:
        settings.update(MANY_TASKS_MOTIF_SETTINGS)
    settings.update(motifs_params or {})
    sets = {}
    for task, name in enumerate(names):
        known, labels = _known(y_test, task)
        if labels.sum() < 10:
            sets[name] = f"only {int(labels.sum())} bound test sequences; find_motifs needs 10"
            continue
        sets[name] = find_motifs(classifier, X_onehot, y_test[:, task], task=task, **settings)
    return sets


def _section_task_motif_sets(sets):
    parts = [
        "<h2>Motifs of each task</h2>",
        "<p>Found by <code>find_motifs(..., task=k)</code> on the test sequences whose label "
        "of the task is known, as for a single-task model: bound sequences are the task's "
        "positives, the effect is the change of the task's log-odds. Columns as in a "
        "single-task report.</p>",
    ]
    for name, motifs in sets.items():
        parts.append(f"<h3>{_escape(name)}</h3>")
        if isinstance(motifs, str):
            parts.append(f'<p class="note">No motif set: {_escape(motifs)}.</p>')
        elif not motifs:
            parts.append('<p class="note">No motif has sites enriched in bound sequences.</p>')
        else:
            parts.append(_motif_set_table(motifs))
    return "".join(parts)


def _shared_motifs(sets, similarity=SHARED_SIMILARITY):
    """Groups of motifs of different tasks that are one motif: lists of ``(task, rank, PWM)``.

    Two motifs of different tasks are one when their similarity is at least
    ``similarity``; groups are the connected motifs, kept when they span two
    tasks or more.
    """
    entries = [
        (task, rank, motif)
        for task, motifs in sets.items() if not isinstance(motifs, str)
        for rank, motif in enumerate(motifs, start=1)
    ]
    group_of = list(range(len(entries)))

    def root(index):
        while group_of[index] != index:
            index = group_of[index]
        return index

    for first, second in combinations(range(len(entries)), 2):
        if entries[first][0] != entries[second][0] and (
            motif_similarity(entries[first][2], entries[second][2]) >= similarity
        ):
            group_of[root(first)] = root(second)
    groups = {}
    for index, entry in enumerate(entries):
        groups.setdefault(root(index), []).append(entry)
    return [group for group in groups.values() if len({task for task, _, _ in group}) > 1]


def _section_shared_motifs(sets):
    groups = _shared_motifs(sets)
    parts = [
        "<h2>Motifs the tasks share</h2>",
        f"<p>Motifs of different tasks are one shared motif when their similarity (either "
        f"strand, <code>motif_similarity</code>) is at least {SHARED_SIMILARITY}, the "
        "similarity at which <code>find_motifs</code> merges two proposals into one motif.</p>",
    ]
    if not groups:
        parts.append('<p class="note">No motif is shared: each task\'s motifs are its own.</p>')
        return "".join(parts)
    rows = ["<table><tr><th>logo</th><th>consensus</th><th>tasks (rank of the motif there)</th>"
            "<th>JASPAR matches</th></tr>"]
    for group in groups:
        first = group[0][2]
        ax = first.plot(ax=new_axes((max(2.2, 0.28 * first.width + 0.9), 1.3)))
        ax.set_title("")
        tasks = ", ".join(f"{task} ({rank})" for task, rank, _ in group)
        matches = sorted({(motif.metadata.get("jaspar") or {}).get("name") or "–"
                          for _, _, motif in group})
        rows.append(
            f"<tr><td>{_png(ax, dpi=80)}</td><td><code>{_escape(first.consensus)}</code></td>"
            f"<td>{_escape(tasks)}</td><td>{_escape(', '.join(matches))}</td></tr>"
        )
    parts.append("".join(rows) + "</table>")
    return "".join(parts)


def _section_task_attribution(classifier, X_onehot, scores, n_attribution, sequence_ids):
    """One saliency map per task: of the test sequence the task scores highest."""
    if not n_attribution:
        return ""
    parts = [
        "<h2>Attribution maps</h2>",
        "<p>Saliency (gradient of the task's log-odds × input, centred over the four bases) "
        "of the test sequence each task scores highest: letters above the axis raise the "
        "task's odds, letters below lower them.</p>",
    ]
    for task, name in enumerate(classifier.task_names_):
        top = int(np.argmax(scores[:, task]))
        (attribution,) = saliency(classifier, X_onehot[top : top + 1], task=task)
        size = (min(11.0, max(6.0, 0.1 * attribution.shape[1] + 1.0)), 1.9)
        ax = plot_attribution(attribution, sequence_onehot=X_onehot[top], ax=new_axes(size))
        sequence = sequence_ids[top] if sequence_ids is not None else f"test sequence {top}"
        ax.set_title(f"{name}: {sequence}: P = {scores[top, task]:.3f}", fontsize=9)
        parts.append(f"<figure>{_png(ax, dpi=100)}</figure>")
    return "".join(parts)


def _task_sections(classifier, X_onehot, y_test, scores, motifs, motifs_params, n_attribution,
                   sequence_ids):
    """The sections of a multi-task model's report after its data and model."""
    sets = _task_motif_sets(classifier, X_onehot, y_test, motifs, motifs_params)
    return [
        _section_task_performance(classifier, y_test, scores),
        "" if sets is None else _section_task_motif_sets(sets),
        "" if sets is None else _section_shared_motifs(sets),
        _section_task_attribution(classifier, X_onehot, scores, n_attribution, sequence_ids),
    ]


_AUTO = StrOptions({"auto"})


@validate_params(
    {
        "model": "no_validation",
        "X_test": ["array-like"],
        "y_test": ["array-like"],
        "X_train": ["array-like", None],
        "y_train": ["array-like", None],
        "experiment": [str, None],
        "data_home": [str, os.PathLike, None],
        "title": [str, None],
        "description": [str, None],
        "motif": [_AUTO, PWM, None],
        "matches": [_AUTO, HasMethods(["itertuples"]), None],
        "reference_motif": [PWM, str, None],
        "motif_params": [dict, None],
        "trim_threshold": [Interval(Real, 0, 1, closed="both")],
        "top_matches": [Interval(Integral, 1, None, closed="left")],
        "motifs": [_AUTO, list, tuple, dict, None],
        "motifs_params": [dict, None],
        "n_attribution": [Interval(Integral, 0, None, closed="left")],
        "sequence_ids": ["array-like", None],
    },
    prefer_skip_nested_validation=False,
)
def make_report(
    model, X_test, y_test, *, X_train=None, y_train=None, experiment=None, data_home=None,
    title=None, description=None, motif="auto", matches="auto", reference_motif=None,
    motif_params=None, trim_threshold=0.1, top_matches=5, motifs="auto", motifs_params=None,
    n_attribution=3, sequence_ids=None,
):
    """The HTML report of a trained binary (or multi-task: see the module) classifier, as a string.

    Parameters
    ----------
    model : classifier or Pipeline
        A fitted classifier of this package, or a Pipeline ending in one (e.g.
        ``Pipeline([("onehot", OneHotDNA()), ("clf", DeepMotifClassifier())])``).
    X_test : array-like of str of shape (n_sequences,) or of shape (n_sequences, 4, length)
        Test sequences: DNA strings, or one-hot arrays for a bare classifier.
    y_test : array-like of shape (n_sequences,) or (n_sequences, n_tasks)
        Their labels; a multi-task model's: one column per task of 0, 1 and NaN (unknown).
    X_train, y_train : array-like or None, default=None
        The training data, only counted in the data summary.
    experiment : str or None, default=None
        Experiment name; when ``deepbind_aucs.tsv`` in ``data_home`` knows it,
        DeepBind's published AUCs are shown beside this model's.
    data_home : str or path-like or None, default=None
        Where to look for ``deepbind_aucs.tsv``; ``None`` means ``$DEMOTIF_DATA``.
    title : str or None, default=None
        Page title; by default from the experiment or the estimator.
    description : str or None, default=None
        A paragraph under the title (plain text), e.g. how the data was made.
    motif : "auto", PWM or None, default="auto"
        ``"auto"`` runs class optimization (:func:`~sklearn_demotif.interpret.optimize_class`
        with ``motif_params``) and trims the result; a PWM is shown as it is;
        ``None`` leaves the motif section out.  Unused for a multi-task model.
    matches : "auto", pandas.DataFrame or None, default="auto"
        JASPAR matches of the motif: ``"auto"`` runs
        :func:`~sklearn_demotif.motifs.compare_to_jaspar` (its first call in a
        process compiles TOMTOM, about a minute); a DataFrame with its columns is
        shown as it is; ``None`` shows none.
    reference_motif : PWM, str or None, default=None
        A motif to show beside the learned one (a PWM or a JASPAR matrix ID,
        e.g. the motif planted in synthetic data); its rows in the match table
        are highlighted.
    motif_params : dict or None, default=None
        Keyword arguments of ``optimize_class``, e.g. ``{"n_steps": 300,
        "random_state": 0}``.
    trim_threshold : float, default=0.1
        With ``motif="auto"``: :meth:`PWM.trim`'s threshold (end columns with
        less than this share of the top column's information are cut).
    top_matches : int, default=5
        How many JASPAR matches to list.
    motifs : "auto", list of PWM, dict or None, default="auto"
        The motif set: ``"auto"`` runs
        :func:`~sklearn_demotif.interpret.find_motifs` on the test sequences
        (about a minute on two CPU cores with its defaults; per task for a
        multi-task model, ``MANY_TASKS_MOTIF_SETTINGS`` beyond two tasks); a list
        (as ``find_motifs`` returns; a dict task name -> list for a multi-task
        model) is shown as it is; ``None`` leaves the section out.
    motifs_params : dict or None, default=None
        Keyword arguments of ``find_motifs`` with ``motifs="auto"``, e.g.
        ``{"n_restarts": 8, "n_steps": 300}``.
    n_attribution : int, default=3
        Attribution maps of this many top-scoring test sequences (one per task
        for a multi-task model); 0 for none.
    sequence_ids : array-like of str or None, default=None
        Names of the test sequences, used in the attribution section.

    Returns
    -------
    html : str
        A complete, self-contained HTML document.

    Raises
    ------
    ValueError
        For a classifier with more than two classes (not multi-task), test data
        that does not fit the model, or an invalid argument (named).

    See Also
    --------
    write_report : Write the report to a file.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.report import make_report
    >>> X, y = make_motif_dataset("MA0139", n_samples=80, length=30, random_state=0)
    >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=2, random_state=0, verbose=0)
    >>> model = make_pipeline(OneHotDNA(), clf).fit(X, y)
    >>> page = make_report(model, X, y, motif=None, motifs=None, n_attribution=0)
    >>> page.startswith("<!DOCTYPE html>"), "ROC curve" in page
    (True, True)
    """
    classifier, X_onehot, y_test, scores = _scored_test_data(model, X_test, y_test)
    if title is None:
        title = experiment or f"{type(classifier).__name__} report"
    ids = None if sequence_ids is None else [str(name) for name in sequence_ids]
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    head = [
        _section_data(classifier, X_onehot, y_test, X_train, y_train, experiment),
        _section_model(classifier),
    ]
    if is_multilabel(classifier):
        tasks = _task_sections(
            classifier, X_onehot, y_test, scores, motifs, motifs_params, n_attribution, ids
        )
        return _page(title, description, now, head + tasks)
    performance, _ = _section_performance(classifier, y_test, scores, experiment, data_home)
    motif_html, _, _ = _section_motif(
        model, motif, matches, reference_motif, motif_params, trim_threshold, top_matches
    )
    sections = [
        *head,
        performance,
        motif_html,
        _section_motif_set(classifier, X_onehot, y_test, motifs, motifs_params),
        _section_attribution(classifier, X_onehot, scores, n_attribution, ids),
    ]
    return _page(title, description, now, sections)


def _scored_test_data(model, X_test, y_test):
    """The binary classifier in ``model``, the one-hot test sequences, their labels and the
    classifier's probability of the positive class for each."""
    classifier = final_classifier(model)
    encode = encoder_for(model)
    if is_multilabel(classifier):
        return _scored_multilabel_data(classifier, encode(X_test), y_test)
    if len(classifier.classes_) != 2:
        raise ValueError(
            f"the report is for binary classifiers; this one has {len(classifier.classes_)} "
            f"classes {list(classifier.classes_)}"
        )
    X_onehot = encode(X_test)
    y_test = np.asarray(y_test)
    if len(y_test) != len(X_onehot):
        raise ValueError(
            f"X_test has {len(X_onehot)} sequences but y_test has {len(y_test)} labels"
        )
    scores = classifier.predict_proba(X_onehot)[:, positive_class_index(classifier.classes_)]
    return classifier, X_onehot, y_test, scores


def _scored_multilabel_data(classifier, X_onehot, y_test):
    """A multi-task model's test data: labels ``(n, n_tasks)`` of 0, 1 and NaN, probabilities."""
    y_test = np.asarray(y_test, dtype=np.float64)
    n_tasks = len(classifier.task_names_)
    if y_test.shape != (len(X_onehot), n_tasks):
        raise ValueError(
            f"y_test of a model with {n_tasks} tasks has one column per task and one row per "
            f"sequence, shape ({len(X_onehot)}, {n_tasks}); got {y_test.shape}"
        )
    return classifier, X_onehot, y_test, classifier.predict_proba(X_onehot)


def _page(title, description, now, sections):
    """The HTML document: head, title, subtitle, description, the sections and a footer."""
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_escape(title)}</h1>",
        f'<p class="subtitle">sklearn-demotif {_escape(__version__)} · {_escape(now)}</p>',
        f"<p>{_escape(description)}</p>" if description else "",
        *sections,
        f"<footer>Made by <code>sklearn_demotif.report</code> (sklearn-demotif "
        f"{_escape(__version__)}).</footer>",
        "</body></html>",
    ]
    return "\n".join(part for part in body if part) + "\n"


@validate_params({"path": [str, os.PathLike]}, prefer_skip_nested_validation=False)
def write_report(path, model, X_test, y_test, **kwargs):
    """Write the HTML report of a trained classifier to one self-contained file.

    The file is written to a temporary file in the same folder and renamed
    into place, so a reader never sees half a report.

    Parameters
    ----------
    path : str or path-like
        The HTML file; its folder must exist.
    model : classifier or Pipeline
        A fitted classifier, or a Pipeline ending in one.
    X_test : array-like
        Test sequences (DNA strings, or one-hot arrays for a bare classifier).
    y_test : array-like of shape (n_sequences,)
        Their labels.
    **kwargs
        Everything else :func:`make_report` takes.

    Returns
    -------
    path : pathlib.Path
        The report file.

    Raises
    ------
    ValueError
        When ``path`` is the published AUC table the report reads (with
        ``experiment``); nothing is written.

    See Also
    --------
    make_report : The report as a string.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.report import write_report
    >>> X, y = make_motif_dataset("MA0139", n_samples=80, length=30, random_state=0)
    >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=2, random_state=0, verbose=0)
    >>> model = make_pipeline(OneHotDNA(), clf).fit(X, y)
    >>> path = write_report(tempfile.mkdtemp() + "/report.html", model, X, y,
    ...                     motif=None, motifs=None, n_attribution=0)
    >>> path.name, path.stat().st_size > 10_000
    ('report.html', True)
    """
    if kwargs.get("experiment") is not None:
        published = get_data_home(kwargs.get("data_home")) / PUBLISHED_AUCS_FILE
        check_outputs(input_file("published AUC", published), files=[("the report", path)])
    text = make_report(model, X_test, y_test, **kwargs)
    return write_atomically(path, text.encode("utf-8"))
