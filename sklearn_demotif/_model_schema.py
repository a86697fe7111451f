"""What ``model.json`` may hold: its schema, its own checksum and the limits on sizes.

A model folder's description is checked field by field before anything else
of the folder is read: every object has exactly its fields, every value its
type, range and allowed names, and every size a ceiling, so an edited or
damaged file gives a ``ValueError`` that names the field, never a ``KeyError``,
a ``RecursionError``, a 10-GB allocation or a silently different model.  The
estimator-specific checks (hyperparameters against the estimator's own
``_parameter_constraints``, tensors against the network) are made by
:mod:`sklearn_demotif.persistence`, which knows the estimators.

The description carries the sha256 of its own canonical JSON form
(``description_sha256``), so an edit by hand is reported as such; the
description in turn carries the size and sha256 of the weights and history
files, so one checksum chain covers the whole folder.
"""

import hashlib
import json
import re

import numpy as np

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_DESCRIPTION_BYTES",
    "MAX_FILE_BYTES",
    "MAX_SEQUENCE_LENGTH",
    "MAX_CLASSES",
    "MAX_EPOCHS",
    "description_checksum",
    "check_description",
]

FORMAT_NAME = "sklearn-demotif-model"
#: Version 2 added ``description_sha256``; version 1 folders are refused.
FORMAT_VERSION = 2

#: Ceilings on what a model folder may ask a loader to read or allocate.
MAX_DESCRIPTION_BYTES = 1 << 20
MAX_FILE_BYTES = {"weights.safetensors": 1 << 30, "history.json": 64 << 20}
MAX_SEQUENCE_LENGTH = 1_000_000
MAX_CLASSES = 10_000
#: Input channels (``n_features_in``; absent in folders written before it, meaning 4).
#: ``task_names`` (a multilabel model's tasks) is likewise optional: absent or null
#: means one label column; so is ``feature_names_in`` (the column names of a DataFrame
#: ``X``, one per input channel): absent or null means none.
MAX_CHANNELS = 1_000_000
MAX_EPOCHS = 1_000_000
_MAX_STRING = 1_000
_MAX_STEPS = 16

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CLASS_DTYPE = re.compile(r"[<>|=]?(?:[iu][1248]|f[248]|b1|U[1-9][0-9]{0,2}|O)")
_TOP_FIELDS = (
    "format",
    "format_version",
    "sklearn_demotif_version",
    "torch_version",
    "estimator",
    "pipeline",
    "classes",
    "sequence_length",
    "n_epochs",
    "network",
    "files",
    "description_sha256",
)


def description_checksum(description):
    """The sha256 of a description's canonical JSON, ``description_sha256`` left out.

    Keys sorted, no white space, ASCII only: the same description gives the
    same checksum whoever wrote the file and however it is indented.

    Examples
    --------
    >>> from sklearn_demotif._model_schema import description_checksum
    >>> description_checksum({"b": 1, "a": [0.5]}) == description_checksum({"a": [0.5], "b": 1})
    True
    """
    content = {key: value for key, value in description.items() if key != "description_sha256"}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


class _Checker:
    """Field checks whose failures name the file and the field."""

    def __init__(self, where):
        self.where = where

    def fail(self, field, problem):
        raise ValueError(f"{self.where}: field {field!r} {problem}")

    def object(self, value, field, required, optional=()):
        if not isinstance(value, dict):
            self.fail(field, f"must be an object, got {_shown(value)}")
        prefix = f"{field}." if field else ""
        for key in required:
            if key not in value:
                self.fail(prefix + key, "is missing")
        for key in value:
            if key not in required and key not in optional:
                self.fail(prefix + str(key)[:40], "is not a field of a model description")
        return value

    def integer(self, value, field, low, high):
        if type(value) is not int:
            self.fail(field, f"must be an integer, got {_shown(value)}")
        if not low <= value <= high:
            self.fail(field, f"must be between {low} and {high}, got {_shown(value)}")
        return value

    def string(self, value, field, pattern=None, allowed=None):
        if not isinstance(value, str):
            self.fail(field, f"must be a string, got {_shown(value)}")
        if allowed is not None and value not in allowed:
            self.fail(field, f"must be one of {sorted(allowed)}, got {_shown(value)}")
        if len(value) > _MAX_STRING or (pattern is not None and not pattern.fullmatch(value)):
            self.fail(field, f"is not a valid value: {_shown(value)}")
        return value

    def list(self, value, field, low, high):
        if not isinstance(value, list):
            self.fail(field, f"must be a list, got {_shown(value)}")
        if not low <= len(value) <= high:
            self.fail(field, f"must hold {low} to {high} items, got {len(value)}")
        return value


def _shown(value):
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def _check_params(check, params, field):
    """Hyperparameters: names to JSON scalars or flat lists of them (the estimator checks more)."""
    if not isinstance(params, dict):
        check.fail(field, f"must be an object, got {_shown(params)}")
    for name, value in params.items():
        scalar_or_list = [value] if not isinstance(value, list) else value
        if isinstance(value, list) and len(value) > _MAX_STEPS * 64:
            check.fail(f"{field}.{name}", f"holds {len(value)} items")
        for item in scalar_or_list:
            if not (item is None or isinstance(item, (bool, int, float, str))):
                check.fail(f"{field}.{name}", f"must be a number, string, boolean, null or a "
                           f"list of them, got {_shown(value)}")
            if isinstance(item, str) and len(item) > _MAX_STRING:
                check.fail(f"{field}.{name}", "holds a string that is too long")
    return params


def _check_classes(check, record):
    check.object(record, "classes", ("dtype", "values"))
    dtype_text = check.string(record["dtype"], "classes.dtype", pattern=_CLASS_DTYPE)
    dtype = np.dtype(dtype_text)
    values = check.list(record["values"], "classes.values", 2, MAX_CLASSES)
    kinds = {"i": int, "u": int, "f": (int, float), "b": bool, "U": str, "O": str}
    wanted = kinds[dtype.kind]
    for index, value in enumerate(values):
        field = f"classes.values[{index}]"
        if not isinstance(value, wanted) or (dtype.kind in "iuf" and isinstance(value, bool)):
            check.fail(field, f"must be a {dtype.kind!r}-kind label of dtype {dtype_text}, "
                       f"got {_shown(value)}")
        if isinstance(value, float) and not np.isfinite(value):
            check.fail(field, f"must be finite, got {_shown(value)}")
        if isinstance(value, str) and len(value) > _MAX_STRING:
            check.fail(field, "is too long")
    try:
        array = np.array(values, dtype=dtype)
        exact = array.tolist() == values
    except (OverflowError, ValueError, TypeError):
        exact = False
    if not exact:
        check.fail("classes.values", f"do not fit dtype {dtype_text}")
    if not all(array[index] < array[index + 1] for index in range(len(array) - 1)):
        check.fail("classes.values", "must be sorted and distinct, as fit's LabelEncoder gives "
                   "them (swapped classes would swap every prediction)")
    return array


def _check_feature_names(check, names, n_features_in):
    """``feature_names_in``: null, or one distinct string per input channel."""
    if names is None:
        return
    check.list(names, "feature_names_in", n_features_in, n_features_in)
    for index, name in enumerate(names):
        check.string(name, f"feature_names_in[{index}]")
    if len(set(names)) != len(names):
        check.fail("feature_names_in", "must be distinct names")


def _check_task_names(check, names, classes):
    """``task_names``: null (one label column) or one distinct name per output, 0 to n - 1."""
    if names is None:
        return None
    check.list(names, "task_names", 2, MAX_CLASSES)
    for index, name in enumerate(names):
        check.string(name, f"task_names[{index}]")
        if not name:
            check.fail(f"task_names[{index}]", "must be a non-empty string")
    if len(set(names)) != len(names):
        check.fail("task_names", "must be distinct names")
    if len(names) != len(classes) or classes.tolist() != list(range(len(names))):
        check.fail("task_names", f"names {len(names)} tasks, so field 'classes.values' must be "
                   f"0 to {len(names) - 1} (a multilabel model's classes_)")
    return names


def _check_pipeline(check, record, sequence_length):
    if record is None:
        return None
    check.object(record, "pipeline", ("classifier_step", "preprocessing"))
    steps = check.list(record["preprocessing"], "pipeline.preprocessing", 0, _MAX_STEPS)
    names = []
    for index, step in enumerate(steps):
        field = f"pipeline.preprocessing[{index}]"
        check.object(step, field, ("name", "class", "params", "length_"))
        names.append((check.string(step["name"], f"{field}.name", pattern=_STEP_NAME),
                      f"{field}.name"))
        check.string(step["class"], f"{field}.class", allowed={"OneHotDNA"})
        params = _check_params(check, step["params"], f"{field}.params")
        length = check.integer(step["length_"], f"{field}.length_", 1, MAX_SEQUENCE_LENGTH)
        if length != sequence_length:
            check.fail(f"{field}.length_", f"is {length} but the classifier was trained on "
                       f"sequences of {sequence_length} (field 'sequence_length')")
        if params.get("length") not in (None, length):
            check.fail(f"{field}.params.length", f"must be null or {length} (length_), got "
                       f"{_shown(params.get('length'))}")
    names.append((check.string(record["classifier_step"], "pipeline.classifier_step",
                               pattern=_STEP_NAME), "pipeline.classifier_step"))
    seen = set()
    for name, field in names:
        if name in seen:
            check.fail(field, f"repeats the step name {name!r}")
        seen.add(name)
    return record


_STEP_NAME = re.compile(r"(?!.*__)[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
_VERSION = re.compile(r"[0-9A-Za-z.+_-]{1,64}")


def check_description(description, where, classifier_names):
    """Check every field of a parsed ``model.json`` but the estimator-specific ones.

    Parameters
    ----------
    description : object
        The parsed JSON.
    where : str
        How messages name the file.
    classifier_names : collection of str
        The estimator classes a model folder may name.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
        The class labels with their saved dtype (for a multilabel model,
        whose ``task_names`` is a list, the task indices).

    Raises
    ------
    ValueError
        Naming the first field that is missing, unknown, of the wrong type,
        out of range or inconsistent with another.

    Examples
    --------
    >>> from sklearn_demotif._model_schema import check_description
    >>> check_description({"format": "sklearn-demotif-model"}, "model.json", {"X"})
    Traceback (most recent call last):
    ...
    ValueError: model.json: field 'format_version' is missing
    """
    check = _Checker(where)
    check.object(description, "", _TOP_FIELDS,
                 optional=("n_features_in", "task_names", "feature_names_in"))
    check.string(description["format"], "format", allowed={FORMAT_NAME})
    check.integer(description["format_version"], "format_version", FORMAT_VERSION,
                  FORMAT_VERSION)
    check.string(description["sklearn_demotif_version"], "sklearn_demotif_version",
                 pattern=_VERSION)
    check.string(description["torch_version"], "torch_version", pattern=_VERSION)
    check.string(description["description_sha256"], "description_sha256", pattern=_SHA256)
    estimator = check.object(description["estimator"], "estimator", ("class", "params"))
    check.string(estimator["class"], "estimator.class", allowed=set(classifier_names))
    _check_params(check, estimator["params"], "estimator.params")
    sequence_length = check.integer(
        description["sequence_length"], "sequence_length", 1, MAX_SEQUENCE_LENGTH
    )
    check.integer(description["n_epochs"], "n_epochs", 0, MAX_EPOCHS)
    if "n_features_in" in description:
        check.integer(description["n_features_in"], "n_features_in", 1, MAX_CHANNELS)
    _check_feature_names(check, description.get("feature_names_in"),
                         description.get("n_features_in", 4))
    network = check.object(description["network"], "network", ("net_class", "criterion"))
    for key in ("net_class", "criterion"):
        check.string(network[key], f"network.{key}")
    files = check.object(description["files"], "files", tuple(MAX_FILE_BYTES))
    for name, ceiling in MAX_FILE_BYTES.items():
        record = check.object(files[name], f"files.{name}", ("sha256", "size"))
        check.string(record["sha256"], f"files.{name}.sha256", pattern=_SHA256)
        check.integer(record["size"], f"files.{name}.size", 0, ceiling)
    classes = _check_classes(check, description["classes"])
    _check_task_names(check, description.get("task_names"), classes)
    _check_pipeline(check, description["pipeline"], sequence_length)
    return classes
