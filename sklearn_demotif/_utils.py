"""The few answers every part of the package needs once.

Which classifier sits inside a model, which class is the positive one, and how
DNA reaches that classifier: motifs, attributions, the report, the benchmark,
model files, the command line and the plots all ask, and all get their answer
here.

The positive class follows scikit-learn: for a binary classifier it is
``classes_[1]``, the class whose log-odds ``decision_function`` returns and
whose probability ``predict_proba(X)[:, 1]`` is.  With the labels 0 and 1 that
is 1; with ``"bound"`` and ``"unbound"`` it is ``"unbound"`` (the classes are
sorted), so name the classes so that the bound one sorts last, or pass
``target=`` where a function takes it.
"""

from numbers import Integral

import numpy as np

__all__ = [
    "final_classifier",
    "dna_classifier",
    "check_dna_input",
    "positive_class_index",
    "target_index",
    "is_multilabel",
    "task_index",
    "encoder_for",
]


def final_classifier(model):
    """The fitted classifier inside a model.

    Parameters
    ----------
    model : estimator, Pipeline or search
        A classifier, a :class:`~sklearn.pipeline.Pipeline` whose last step is
        one, or a fitted search (``GridSearchCV``, ``RandomizedSearchCV``) whose
        ``best_estimator_`` is either.

    Returns
    -------
    classifier : estimator
        The classifier itself.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_demotif._utils import final_classifier
    >>> final_classifier(make_pipeline(StandardScaler(), LogisticRegression()))
    LogisticRegression()
    """
    model = getattr(model, "best_estimator_", model)
    steps = getattr(model, "steps", None)
    return steps[-1][1] if steps else model


def check_dna_input(classifier):
    """Check that a classifier was fitted on one-hot DNA (4 channels A, C, G, T).

    The classifiers also fit any number of channels (a 2-D numeric ``X`` is
    read as channels of length one); motifs, attributions, genome scans,
    variant effects and the report need DNA, and call this first.  A
    classifier without ``n_features_in_`` (saved before it existed) was fitted
    on DNA.

    Parameters
    ----------
    classifier : estimator
        A classifier of this package.

    Returns
    -------
    classifier : estimator
        The same classifier.

    Raises
    ------
    ValueError
        When its ``n_features_in_`` is not 4.

    Examples
    --------
    >>> from sklearn_demotif._utils import check_dna_input
    >>> class Tabular:
    ...     n_features_in_ = 7
    >>> check_dna_input(Tabular())
    Traceback (most recent call last):
    ...
    ValueError: Tabular was fitted on 7-channel input, not one-hot DNA (4 channels A, C, G, T)
    """
    n_channels = getattr(classifier, "n_features_in_", 4)
    if n_channels != 4:
        raise ValueError(
            f"{type(classifier).__name__} was fitted on {n_channels}-channel input, not "
            "one-hot DNA (4 channels A, C, G, T)"
        )
    return classifier


def dna_classifier(model):
    """The classifier inside a model, checked to be fitted on one-hot DNA.

    :func:`final_classifier` followed by :func:`check_dna_input`.

    Examples
    --------
    >>> from sklearn_demotif import DeepMotifClassifier
    >>> from sklearn_demotif._utils import dna_classifier
    >>> dna_classifier(DeepMotifClassifier())
    DeepMotifClassifier()
    """
    return check_dna_input(final_classifier(model))


def positive_class_index(classes):
    """The column of the positive class: ``1``, as scikit-learn's binary convention.

    Parameters
    ----------
    classes : array-like of shape (2,)
        A binary classifier's ``classes_``.

    Returns
    -------
    index : int
        Always 1, the index of ``classes_[1]``.

    Raises
    ------
    ValueError
        When there are not exactly two classes.

    Examples
    --------
    >>> from sklearn_demotif._utils import positive_class_index
    >>> positive_class_index(["bound", "unbound"])
    1
    """
    if len(classes) != 2:
        raise ValueError(
            f"the positive class is defined for binary classifiers, but this one has "
            f"{len(classes)} classes {_shown(classes)}; pass target=<one of them>"
        )
    return 1


def target_index(classes, target=None):
    """The column of ``target`` in ``classes_``; ``None`` means the positive class.

    Labels are compared by value and kind, so the string ``"1"`` does not pick
    the integer class ``1``.

    Parameters
    ----------
    classes : array-like of shape (n_classes,)
        A classifier's ``classes_``.
    target : label or None, default=None
        One of ``classes``; ``None`` means :func:`positive_class_index`.

    Returns
    -------
    index : int
        Position of the target in ``classes``.

    Raises
    ------
    ValueError
        For a label that is not one of ``classes``.

    Examples
    --------
    >>> from sklearn_demotif._utils import target_index
    >>> target_index([0, 1]), target_index(["a", "b", "c"], "c")
    (1, 2)
    """
    if target is None:
        return positive_class_index(classes)
    for index, label in enumerate(classes):
        if isinstance(label, str) == isinstance(target, str) and label == target:
            return index
    raise ValueError(f"target {target!r} is not one of the classes {_shown(classes)}")


def is_multilabel(classifier):
    """Whether a fitted classifier was fitted on a multilabel ``y`` (one column per task).

    Such a classifier has ``n_tasks_`` and ``task_names_``; its
    ``decision_function`` returns one log-odds column per task.

    Parameters
    ----------
    classifier : estimator, Pipeline or search
        A classifier, or a model holding one (see :func:`final_classifier`).

    Returns
    -------
    multilabel : bool
        ``False`` for an unfitted or single-label classifier.

    Examples
    --------
    >>> from sklearn_demotif._utils import is_multilabel
    >>> class MultiTask:
    ...     n_tasks_ = 3
    >>> is_multilabel(MultiTask()), is_multilabel(object())
    (True, False)
    """
    return hasattr(final_classifier(classifier), "n_tasks_")


def task_index(classifier, task):
    """The output column of ``task`` in a multilabel classifier; ``None`` for a single-label one.

    Parameters
    ----------
    classifier : estimator, Pipeline or search
        A fitted classifier, or a model holding one (see :func:`final_classifier`).
    task : int, str or None
        For a multilabel classifier, an index ``0`` to ``n_tasks_ - 1`` or
        one of ``task_names_``.  For a single-label classifier, ``None``.

    Returns
    -------
    index : int or None
        The column of ``decision_function`` (and ``predict_proba``) holding
        the task; ``None`` for a single-label classifier.

    Raises
    ------
    ValueError
        For a multilabel classifier: ``task=None``, an index out of range or
        a name that is not one of its tasks (naming the tasks).  For a
        single-label classifier: any ``task`` but ``None``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_demotif._utils import task_index
    >>> class MultiTask:
    ...     n_tasks_, task_names_ = 3, np.array(["ARID3A", "CTCFL", "GABPA"])
    >>> task_index(MultiTask(), "CTCFL"), task_index(MultiTask(), 2)
    (1, 2)
    >>> task_index(MultiTask(), None)
    Traceback (most recent call last):
    ...
    ValueError: this model has 3 tasks (ARID3A, CTCFL, GABPA); pass task= as an index 0-2 or a name
    """
    classifier = final_classifier(classifier)
    if not is_multilabel(classifier):
        if task is None:
            return None
        raise ValueError(
            f"task={task!r} is for multi-task models; this model was fitted on one label "
            "column, so leave task=None"
        )
    names = [str(name) for name in classifier.task_names_]
    n_tasks = len(names)
    tasks = f"this model has {n_tasks} tasks ({', '.join(names)})"
    hint = f"pass task= as an index 0-{n_tasks - 1} or a name"
    if task is None:
        raise ValueError(f"{tasks}; {hint}")
    if isinstance(task, str):
        if task in names:
            return names.index(task)
        raise ValueError(f"task={task!r} is not a task of this model: {tasks}; {hint}")
    if isinstance(task, (Integral, np.integer)) and not isinstance(task, (bool, np.bool_)):
        if 0 <= task < n_tasks:
            return int(task)
        raise ValueError(f"task={task!r} is out of range: {tasks}; {hint}")
    raise ValueError(f"task={task!r} is neither an index nor a name: {tasks}; {hint}")


def _shown(classes):
    return [label.item() if hasattr(label, "item") else label for label in classes]


def encoder_for(model):
    """A function that turns what a user passes into the classifier's one-hot input.

    The classifier must have been fitted on one-hot DNA
    (:func:`check_dna_input`).

    For a Pipeline the earlier steps transform ``X`` (e.g. DNA strings through
    :class:`~sklearn_demotif.OneHotDNA`).  For a bare classifier DNA strings are
    encoded at the classifier's training length (centre-cropped or padded
    with ``N``) and arrays are checked as they are.

    Parameters
    ----------
    model : estimator or Pipeline
        A fitted classifier of this package, or a Pipeline ending in one.

    Returns
    -------
    encode : callable
        Maps ``X`` to a float32 array of shape ``(n_sequences, 4, length)``.

    Examples
    --------
    >>> from sklearn_demotif._utils import encoder_for
    >>> class Fitted:
    ...     sequence_length_ = 6
    >>> encoder_for(Fitted())(["ACGT"]).shape
    (1, 4, 6)
    """
    from .encoding import check_one_hot, one_hot_encode

    model = getattr(model, "best_estimator_", model)
    dna_classifier(model)
    steps = getattr(model, "steps", None)
    if steps and len(steps) > 1:
        preprocessing = model[:-1]
        return lambda X: check_one_hot(preprocessing.transform(X))
    classifier = final_classifier(model)

    def encode(X):
        if isinstance(X, (list, tuple)) or np.asarray(X).dtype.kind in "OUS":
            return one_hot_encode(X, length=int(classifier.sequence_length_))
        return check_one_hot(X)

    return encode


