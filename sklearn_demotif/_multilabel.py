"""Multilabel targets: one 0/1 column per task, NaN where a label is unknown.

A 2-D ``y`` of shape ``(n_samples, n_tasks)`` with ``n_tasks >= 2`` trains one
network with one output per task (scikit-learn's multilabel indicator
convention, as ``MLPClassifier``).  Here live the few pieces that convention
needs: reading and checking such a ``y`` (:func:`multilabel_targets`), naming
its tasks (:func:`check_task_names`), the loss that leaves unknown labels out
(:class:`MaskedBCEWithLogitsLoss`) and the per-task ROC AUC on known labels
(:func:`per_task_auc`), which early stopping averages.
"""

import numpy as np
import torch
from sklearn.metrics import roc_auc_score

__all__ = [
    "multilabel_targets",
    "check_task_names",
    "MaskedBCEWithLogitsLoss",
    "per_task_auc",
]


def _first_bad_label(values, known):
    """``(row, column)`` of the first entry that is neither 0, 1 nor NaN, else ``None``."""
    with np.errstate(invalid="ignore"):
        bad = known & (values != 0) & (values != 1)
    if not bad.any():
        return None
    row, column = np.argwhere(bad)[0]
    return int(row), int(column)


def _label_error(value, row, column):
    return ValueError(
        f"multilabel y holds {value!r} at row {row}, column {column}; labels are 0, 1 or "
        "NaN (unknown)"
    )


def _as_float_labels(y):
    """A 2-D array ``y`` as float64, refusing any entry that is not 0, 1 or NaN (naming it)."""
    array = y
    if array.dtype.kind not in "biuf":  # strings or objects: check each entry as given
        for (row, column), value in np.ndenumerate(array):
            number = isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating))
            if not (number and (value in (0, 1) or value != value)):
                raise _label_error(value, row, column)
    values = array.astype(np.float64)
    known = ~np.isnan(values)
    bad = _first_bad_label(values, known)
    if bad is not None:
        raise _label_error(values[bad].item(), *bad)
    return values, known


def multilabel_targets(y):
    """A multilabel ``y`` read and checked, or ``None`` for a single-label ``y``.

    ``y`` is multilabel when it is 2-D with at least two columns (a 2-D ``y``
    of one column is a column vector, read as one label per sample).  Its
    entries must be 0, 1 or NaN (unknown); every column needs both a known 0
    and a known 1, or no ROC AUC, no early stopping and no useful output could
    be had for that task.

    Parameters
    ----------
    y : array-like of shape (n_samples,) or (n_samples, n_tasks)
        Labels; a pandas DataFrame's column names are returned with them.

    Returns
    -------
    targets : tuple of (ndarray of shape (n_samples, n_tasks), list of str or None) or None
        The labels as float32 (NaN where unknown) and the DataFrame's column
        names (``None`` for other inputs); ``None`` when ``y`` is not
        multilabel.

    Raises
    ------
    ValueError
        For an entry other than 0, 1 or NaN (naming it, its row and column), a
        column without any known label or without both classes (naming the
        column).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_demotif._multilabel import multilabel_targets
    >>> labels, names = multilabel_targets([[1, 0], [0, np.nan], [0, 1]])
    >>> labels.shape, names
    ((3, 2), None)
    >>> multilabel_targets([1, 0, 1]) is None
    True
    >>> multilabel_targets([[1, 0], [2, 1]])
    Traceback (most recent call last):
    ...
    ValueError: multilabel y holds 2.0 at row 1, column 0; labels are 0, 1 or NaN (unknown)
    """
    if hasattr(y, "toarray"):  # a scipy sparse indicator matrix
        y = y.toarray()
    columns = getattr(y, "columns", None)
    y = np.asarray(y)
    if y.ndim != 2 or y.shape[1] < 2:
        return None
    values, known = _as_float_labels(y)
    names = None if columns is None else [str(name) for name in columns]
    for column in range(values.shape[1]):
        task = f"task {column}" + (f" ({names[column]!r})" if names else "")
        present = values[known[:, column], column]
        if present.size == 0:
            raise ValueError(
                f"{task} of the multilabel y has no known label (its column is all NaN); "
                "drop the column or label some samples"
            )
        if np.unique(present).size < 2:
            raise ValueError(
                f"{task} of the multilabel y has only the label {int(present[0])} among its "
                f"{present.size} known labels; each task needs both 0 and 1"
            )
    return values.astype(np.float32), names


def check_task_names(task_names, column_names, n_tasks):
    """The task names of a multilabel fit: the parameter, else the columns, else ``taskK``.

    Parameters
    ----------
    task_names : sequence of str or None
        The estimator's ``task_names`` parameter.
    column_names : list of str or None
        The column names of a DataFrame ``y``.
    n_tasks : int
        Columns of ``y``.

    Returns
    -------
    names : ndarray of str of shape (n_tasks,)

    Raises
    ------
    ValueError
        When ``task_names`` is not ``n_tasks`` distinct strings.

    Examples
    --------
    >>> from sklearn_demotif._multilabel import check_task_names
    >>> check_task_names(None, None, 2).tolist()
    ['task0', 'task1']
    >>> check_task_names(["CTCF", "CTCF"], None, 2)
    Traceback (most recent call last):
    ...
    ValueError: task_names repeats 'CTCF'; give each of the 2 tasks its own name
    """
    if task_names is None:
        names = column_names or [f"task{index}" for index in range(n_tasks)]
        return np.asarray(names, dtype=str)
    names = [task_names] if isinstance(task_names, str) else list(task_names)
    if len(names) != n_tasks:
        raise ValueError(
            f"task_names has {len(names)} names but y has {n_tasks} label columns; "
            "give one name per column"
        )
    for name in names:
        if not isinstance(name, str) or not name:
            raise ValueError(f"task_names holds {name!r}; task names are non-empty strings")
    seen = set()
    for name in names:
        if name in seen:
            raise ValueError(
                f"task_names repeats {name!r}; give each of the {n_tasks} tasks its own name"
            )
        seen.add(name)
    return np.asarray(names, dtype=str)


class MaskedBCEWithLogitsLoss(torch.nn.Module):
    """Binary cross-entropy on logits, averaged over the known labels only.

    Each of the ``n_tasks`` outputs is one task's log-odds; a target of NaN
    (unknown) adds nothing to the loss and no gradient.  The loss is the mean
    over the known entries of the batch (0, with a gradient of 0, when none is
    known), so a sample labelled for one task weighs as much as one labelled
    for all.

    Examples
    --------
    >>> import torch
    >>> from sklearn_demotif._multilabel import MaskedBCEWithLogitsLoss
    >>> logits = torch.tensor([[0.0, 5.0], [0.0, -5.0]])
    >>> target = torch.tensor([[1.0, float("nan")], [0.0, float("nan")]])
    >>> round(MaskedBCEWithLogitsLoss()(logits, target).item(), 4)  # log(2)
    0.6931
    """

    def forward(self, input, target):
        target = target.to(input.dtype)
        known = ~torch.isnan(target)
        losses = torch.nn.functional.binary_cross_entropy_with_logits(
            input, torch.where(known, target, torch.zeros_like(target)), reduction="none"
        )
        return (losses * known).sum() / known.sum().clamp(min=1)


def per_task_auc(y_true, y_score):
    """ROC AUC of every task on its known labels; NaN where a task lacks a class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples, n_tasks)
        0, 1 or NaN (unknown; left out).
    y_score : array-like of shape (n_samples, n_tasks)
        Scores of each task (``predict_proba`` or ``decision_function``).

    Returns
    -------
    aucs : ndarray of shape (n_tasks,)

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_demotif._multilabel import per_task_auc
    >>> y = np.array([[1, np.nan], [0, 1], [1, 0], [np.nan, 0]])
    >>> per_task_auc(y, [[0.9, 0.0], [0.1, 0.8], [0.7, 0.3], [0.5, 0.9]]).tolist()
    [1.0, 0.5]
    """
    y_true = np.asarray(y_true, dtype=np.float64)
    y_score = np.asarray(y_score, dtype=np.float64)
    aucs = np.full(y_true.shape[1], np.nan)
    for task in range(y_true.shape[1]):
        known = ~np.isnan(y_true[:, task])
        labels = y_true[known, task]
        if np.unique(labels).size == 2:
            aucs[task] = roc_auc_score(labels, y_score[known, task])
    return aucs
