"""Model files: save a trained classifier as safetensors weights plus a JSON description.

``save_model`` writes a folder::

    model/
        model.json          what the model is: class, hyperparameters, classes,
                            sequence length, package version, file checksums
        weights.safetensors the network's tensors (``module_.state_dict()``)
        history.json        skorch's per-epoch training history

Loading reads JSON and raw tensors only, so it never runs pickled code: a model
folder from a stranger is as safe to open as a CSV file.  The estimator class is
looked up by name in a fixed registry of this package's classifiers, the network
is rebuilt from the hyperparameters and the tensors are loaded into it.

Nothing is misread: ``model.json`` carries the sha256 of its own content and of
the other two files, and is checked against a schema (:mod:`._model_schema`)
before anything else is read; the hyperparameters are checked by the estimator's
own ``_parameter_constraints``, the tensors' shapes against the network those
hyperparameters build (on torch's ``meta`` device, allocating nothing) and their
values for NaN.  Every failure is a ``ValueError`` (``FileNotFoundError`` for a
missing file) naming the file and the field.

Nothing is lost: ``save_model`` writes only into a new or empty folder or into a
model folder of this package (a ``model.json`` with the format marker), replaces
only the three files it writes and never removes anything else.

Plain ``pickle`` keeps working for fitted estimators too; model folders are the
format to share, pickles the quick way to cache within one installation.
"""

import hashlib
import importlib
import json
import os
import re
import shutil
import stat
import tempfile
from numbers import Integral, Real
from pathlib import Path

import numpy as np
from sklearn.utils._param_validation import validate_params

from ._atomic import check_writable, error_naming, write_atomically
from ._model_schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_DESCRIPTION_BYTES,
    check_description,
    description_checksum,
)
from ._utils import final_classifier
from ._version import __version__

__all__ = [
    "save_model",
    "load_model",
    "check_model_directory",
    "MODEL_FILE",
    "WEIGHTS_FILE",
    "HISTORY_FILE",
]

MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.safetensors"
HISTORY_FILE = "history.json"
#: The files ``save_model`` writes, in the order it writes them: the
#: description last, so that its checksums name files already in place.
_WRITTEN = (WEIGHTS_FILE, HISTORY_FILE, MODEL_FILE)

#: Class name -> module of every estimator a model folder may name.  Loading
#: imports nothing else, whatever ``model.json`` says.
_REGISTRY = {
    "DeepMotifClassifier": "sklearn_demotif.classifier",
    "DeepBindClassifier": "sklearn_demotif.deepbind",
    "OneHotDNA": "sklearn_demotif.one_hot",
}
_CLASSIFIERS = ("DeepMotifClassifier", "DeepBindClassifier")
#: Tensor dtypes a module's state may hold (BatchNorm counts its batches in int64).
_TENSOR_DTYPES = ("float16", "bfloat16", "float32", "float64", "int64")


def _major_minor(version):
    return tuple(str(version).split(".")[:2])


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _registered_class(name, directory=None):
    where = f"{directory / MODEL_FILE}: " if directory is not None else ""
    if name not in _REGISTRY:
        raise ValueError(
            f"{where}unknown estimator class {name!r}; model folders can hold "
            f"{', '.join(sorted(_REGISTRY))}"
        )
    return getattr(importlib.import_module(_REGISTRY[name]), name)


def _json_value(name, value):
    """A hyperparameter as JSON: tuples become lists, numpy scalars Python numbers."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        return float(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_json_value(name, item) for item in value]
    if isinstance(value, np.random.RandomState):
        # The seed only matters for training; a loaded model predicts the same without it.
        return None
    raise TypeError(
        f"hyperparameter {name}={value!r} ({type(value).__name__}) cannot be written to "
        "JSON; model folders hold numbers, strings, booleans, None and lists of them"
    )


def _json_params(estimator):
    return {
        name: _json_value(name, value) for name, value in estimator.get_params(deep=False).items()
    }


def _classes_to_json(classes):
    classes = np.asarray(classes)
    if classes.dtype.kind == "O" and not all(isinstance(label, str) for label in classes):
        raise TypeError(
            "classes_ holds objects that are not strings; model folders hold integer, "
            "float, boolean or string class labels"
        )
    if classes.dtype.kind not in "biufUO":
        raise TypeError(f"classes_ of dtype {classes.dtype} cannot be written to JSON")
    return {"dtype": classes.dtype.str, "values": classes.tolist()}


def _pipeline_steps(model):
    """``(preprocessing steps, classifier step name)`` of a Pipeline, ``([], None)`` otherwise.

    Model folders hold a classifier alone or after ``OneHotDNA`` steps only.
    """
    steps = getattr(model, "steps", None)
    if not steps:
        return [], None
    *transformers, (name, _) = steps
    for step_name, step in transformers:
        if type(step).__name__ != "OneHotDNA":
            raise TypeError(
                f"pipeline step {step_name!r} is a {type(step).__name__}; model folders "
                "hold Pipeline(OneHotDNA, classifier) or a classifier alone; "
                "pickle other pipelines"
            )
    return transformers, name


def _check_classifier(classifier):
    from sklearn.utils.validation import check_is_fitted

    from .classifier import SequenceClassifierBase

    name = type(classifier).__name__
    if not isinstance(classifier, SequenceClassifierBase) or name not in _REGISTRY:
        raise TypeError(
            f"save_model cannot save a {name}; it saves {', '.join(sorted(_REGISTRY))} "
            "(alone or after OneHotDNA in a Pipeline); pickle other estimators"
        )
    if _registered_class(name) is not type(classifier):
        raise TypeError(f"{name} is not sklearn_demotif's {name}; pickle it instead")
    check_is_fitted(classifier, "net_")
    return classifier


def _history_default(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"history value {value!r} is not JSON-serialisable")


#: What a path that is not a regular file is, for messages.
_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode):
    """What a ``st_mode`` says the path is: ``"a regular file"``, ``"a folder"``, ``"a FIFO"``..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")


def _regular_file(path, missing):
    """``os.stat`` of a file about to be read, refusing anything but a regular file.

    Checked before opening, so a FIFO or a device in a model folder is an
    error, never a read that blocks or does not end.  ``missing`` is the
    message when there is nothing at ``path``.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(missing) from None
    if stat.S_ISDIR(status.st_mode):
        raise ValueError(f"{path} is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise ValueError(f"{path} is not a regular file ({_kind(status.st_mode)})")
    return status


def _is_model_folder(directory):
    """Whether ``directory`` holds a ``model.json`` of this package (its format marker)."""
    path = directory / MODEL_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_DESCRIPTION_BYTES:
            return False
        description = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False
    return (
        isinstance(description, dict)
        and description.get("format") == FORMAT_NAME
        and type(description.get("format_version")) is int
    )


def check_model_directory(directory):
    """Fail now, before any training, when :func:`save_model` would refuse ``directory``.

    ``save_model`` writes into a new folder, an empty folder, or a model folder
    of this package (whose ``model.json`` carries the format marker
    ``sklearn-demotif-model`` and a version), and nowhere else: a folder of
    other files, even one with a ``model.json`` from another tool, is refused,
    so nothing unrelated is ever replaced.  The folder (or the nearest
    existing folder above it) must also be writable.

    Parameters
    ----------
    directory : str or path-like
        The model folder to be written.

    Returns
    -------
    directory : pathlib.Path
        The folder.

    Raises
    ------
    FileExistsError
        When ``directory`` is a file, or a non-empty folder that is not a
        model folder of this package.
    OSError
        When it cannot be written; the message names it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.persistence import check_model_directory
    >>> project = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (project / "model.json").write_text('{"name": "keras"}')
    >>> check_model_directory(project)
    Traceback (most recent call last):
    ...
    FileExistsError: ... holds files and its model.json is not an sklearn-demotif model ...
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        mode = directory.stat().st_mode
        what = "a file" if stat.S_ISREG(mode) else f"not a folder ({_kind(mode)})"
        raise FileExistsError(f"{directory} is {what}, not a model folder")
    if directory.is_dir() and any(directory.iterdir()) and not _is_model_folder(directory):
        what = (
            f"its {MODEL_FILE} is not an sklearn-demotif model description (no format marker "
            f"{FORMAT_NAME!r})"
            if (directory / MODEL_FILE).exists()
            else f"it has no {MODEL_FILE}"
        )
        raise FileExistsError(
            f"{directory} holds files and {what}; model folders are written only into a new "
            "or empty folder or over an sklearn-demotif model folder, so choose another one"
        )
    check_writable(directory, folder=True)
    return directory


def _write_new_folder(directory, files):
    """Write ``files`` into a temporary folder beside ``directory``, then rename it into place."""
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(
            tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent)
        )
    except OSError as error:
        raise error_naming(directory, error) from None
    try:
        for name in _WRITTEN:
            (temporary / name).write_bytes(files[name])
        os.chmod(temporary, 0o755)
        # Replaces an empty folder; fails, leaving it alone, if one appeared meanwhile.
        os.rename(temporary, directory)
    except OSError as error:
        raise error_naming(directory, error) from None
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


@validate_params({"directory": [str, os.PathLike]}, prefer_skip_nested_validation=True)
def save_model(model, directory):
    """Save a fitted classifier (or ``Pipeline(OneHotDNA, classifier)``) to a folder.

    The folder receives ``weights.safetensors`` (the network's tensors),
    ``history.json`` (the training history) and ``model.json`` (class name,
    hyperparameters, classes, sequence length, package version, the sha256 of
    the other two files and of its own content).

    A new or empty folder is written as a temporary folder beside it and
    renamed into place, so an interrupted save leaves nothing.  An existing
    model folder of this package is updated file by file (each file written
    whole, then renamed; ``model.json`` last): files other than these three
    are kept, and an interrupted update leaves a folder that
    :func:`load_model` refuses (a checksum mismatch), never one that loads a
    mix.  Any other folder is refused (see :func:`check_model_directory`).

    Parameters
    ----------
    model : DeepMotifClassifier, DeepBindClassifier or Pipeline
        A fitted classifier of this package, alone or as the last step of a
        pipeline whose other steps are :class:`OneHotDNA` (the pipeline is
        saved whole, so the model folder takes DNA strings again).
    directory : str or path-like
        The model folder; parent folders are created.

    Returns
    -------
    directory : pathlib.Path
        The model folder.

    Raises
    ------
    TypeError
        For another kind of estimator or a hyperparameter JSON cannot hold.
    FileExistsError
        When ``directory`` is a file, or a non-empty folder that is not a
        model folder of this package.
    OSError
        When the folder cannot be written; the message names ``directory``.
    sklearn.exceptions.NotFittedError
        When the classifier is not fitted.

    See Also
    --------
    load_model : Read the folder back.
    check_model_directory : The check on ``directory``, to make before training.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> from sklearn_demotif.persistence import load_model, save_model
    >>> X, y = make_motif_dataset("MA0139", n_samples=60, length=30, random_state=0)
    >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=1, random_state=0, verbose=0)
    >>> model = make_pipeline(OneHotDNA(), clf).fit(X, y)
    >>> folder = save_model(model, tempfile.mkdtemp() + "/model")
    >>> sorted(path.name for path in folder.iterdir())
    ['history.json', 'model.json', 'weights.safetensors']
    >>> (load_model(folder).predict_proba(X) == model.predict_proba(X)).all()
    np.True_
    """
    transformers, classifier_step = _pipeline_steps(model)
    classifier = _check_classifier(final_classifier(model))
    directory = check_model_directory(directory)
    weights = _weights_bytes(classifier)
    history = json.dumps(classifier.history_.to_list(), default=_history_default).encode()
    description = _describe(classifier, transformers, classifier_step, weights, history)
    files = {
        WEIGHTS_FILE: weights,
        HISTORY_FILE: history,
        MODEL_FILE: (json.dumps(description, indent=2) + "\n").encode(),
    }
    _write_model_files(directory, files)
    return directory


def _weights_bytes(classifier):
    """The network's tensors, on the CPU, as a safetensors file's bytes."""
    from safetensors.torch import save as save_tensors

    state = {
        key: tensor.detach().to("cpu").clone().contiguous()
        for key, tensor in classifier.module_.state_dict().items()
    }
    return save_tensors(state, metadata={"format": FORMAT_NAME})


def _feature_names(classifier):
    """The ``feature_names_in`` field: a DataFrame ``X``'s column names, ``None`` otherwise."""
    names = getattr(classifier, "feature_names_in_", None)
    return None if names is None else [str(name) for name in names]


def _task_names(classifier):
    """The ``task_names`` field: a multilabel classifier's tasks, ``None`` otherwise."""
    names = getattr(classifier, "task_names_", None)
    return None if names is None else [str(name) for name in names]


def _pipeline_description(transformers, classifier_step):
    """The ``pipeline`` field of ``model.json``: ``None`` for a classifier alone."""
    if classifier_step is None:
        return None
    return {
        "classifier_step": classifier_step,
        "preprocessing": [
            {
                "name": name,
                "class": type(step).__name__,
                "params": _json_params(step),
                "length_": int(step.length_),
            }
            for name, step in transformers
        ],
    }


def _describe(classifier, transformers, classifier_step, weights, history):
    """``model.json``'s content: what the model is, and the checksums of the other files."""
    import torch

    net = classifier.net_
    description = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "sklearn_demotif_version": __version__,
        "torch_version": torch.__version__,
        "estimator": {
            "class": type(classifier).__name__,
            "params": _json_params(classifier),
        },
        "pipeline": _pipeline_description(transformers, classifier_step),
        "classes": _classes_to_json(classifier.classes_),
        "task_names": _task_names(classifier),
        "sequence_length": int(classifier.sequence_length_),
        "n_features_in": int(getattr(classifier, "n_features_in_", 4)),
        "feature_names_in": _feature_names(classifier),
        "n_epochs": int(classifier.n_epochs_),
        "network": {
            "net_class": type(net).__name__,
            "criterion": type(net.criterion_).__name__,
        },
        "files": {
            WEIGHTS_FILE: {"sha256": _sha256(weights), "size": len(weights)},
            HISTORY_FILE: {"sha256": _sha256(history), "size": len(history)},
        },
    }
    description["description_sha256"] = description_checksum(description)
    return description


def _write_model_files(directory, files):
    """Update a model folder file by file (``model.json`` last), or write a new one whole."""
    if directory.is_dir() and any(directory.iterdir()):
        for name in _WRITTEN:
            write_atomically(directory / name, files[name])
    else:
        _write_new_folder(directory, files)


def _read_description(directory):
    """``model.json`` parsed and checked: marker, versions, its own checksum, the schema."""
    path = directory / MODEL_FILE
    try:
        mode = os.stat(directory).st_mode
    except FileNotFoundError:
        raise FileNotFoundError(f"no such model folder: {directory}") from None
    if not stat.S_ISDIR(mode):
        what = "a file" if stat.S_ISREG(mode) else f"not a folder ({_kind(mode)})"
        raise ValueError(
            f"{directory} is {what}, not a model folder (a folder holding {MODEL_FILE} "
            f"and {WEIGHTS_FILE}, written by save_model or `demotif train`)"
        )
    missing = f"{directory} is not a model folder: {MODEL_FILE} is missing"
    size = _regular_file(path, missing).st_size
    if size > MAX_DESCRIPTION_BYTES:
        raise ValueError(
            f"{path}: {size} bytes, more than a model description holds "
            f"({MAX_DESCRIPTION_BYTES}); not an sklearn-demotif model description"
        )
    try:
        description = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else error
        raise ValueError(f"{path}: not a valid JSON file ({reason})") from None
    if not isinstance(description, dict) or description.get("format") != FORMAT_NAME:
        raise ValueError(
            f"{path}: not a sklearn-demotif model description (field 'format' is not "
            f"{FORMAT_NAME!r})"
        )
    version = description.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ValueError(
            f"{path}: field 'format_version' is {repr(version)[:20]}; this sklearn-demotif "
            f"({__version__}) reads model format version {FORMAT_VERSION}"
            + ("; retrain the model, or load it with the release that saved it and save it "
               "again" if version == 1 else "")
        )
    saved, current = description.get("sklearn_demotif_version"), __version__
    if _major_minor(saved) != _major_minor(current):
        raise ValueError(
            f"{path}: the model was saved by sklearn-demotif {str(saved)[:20]} and this is "
            f"{current} (field 'sklearn_demotif_version'); models load only within one "
            f"major.minor release: install sklearn-demotif=="
            f"{'.'.join(_major_minor(saved))}.* or retrain"
        )
    try:
        checksum = description_checksum(description)
    except (RecursionError, ValueError):
        checksum = None
    if description.get("description_sha256") != checksum:
        raise ValueError(
            f"{path}: field 'description_sha256' does not match the description; the file "
            "was edited or damaged after saving"
        )
    classes = check_description(description, str(path), _CLASSIFIERS)
    return description, classes


def _read_checked(directory, description, name):
    """A file of the folder: its size compared before reading, then its sha256."""
    path = directory / name
    record = description["files"][name]
    size = _regular_file(path, f"{path} is missing from the model folder").st_size
    if size != record["size"]:
        raise ValueError(
            f"{path}: {size} bytes, but {MODEL_FILE} records {record['size']} (field "
            f"'files.{name}.size'); the file was truncated or modified after saving"
        )
    data = path.read_bytes()
    if _sha256(data) != record["sha256"]:
        raise ValueError(
            f"{path}: contents do not match the checksum in {MODEL_FILE} "
            f"(field 'files.{name}.sha256'); the file was truncated or modified after saving"
        )
    return data


def _read_tensors(directory, data):
    from safetensors import SafetensorError
    from safetensors.torch import load as load_tensors

    path = directory / WEIGHTS_FILE
    try:
        state = load_tensors(data)
    except (SafetensorError, ValueError, RuntimeError) as error:
        raise ValueError(f"{path}: not a safetensors file ({error})") from None
    for key, tensor in state.items():
        dtype = str(tensor.dtype).removeprefix("torch.")
        if dtype not in _TENSOR_DTYPES:
            raise ValueError(f"{path}: tensor {key!r} has dtype {dtype}, not a network's")
        if tensor.is_floating_point() and not tensor.isfinite().all():
            raise ValueError(f"{path}: tensor {key!r} holds NaN or infinity")
    return state


def _read_history(directory, data, n_epochs):
    from skorch.history import History

    path = directory / HISTORY_FILE
    try:
        epochs = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"{path}: not a valid JSON file ({error})") from None
    if not isinstance(epochs, list) or not all(isinstance(epoch, dict) for epoch in epochs):
        raise ValueError(f"{path}: not a training history (a list of one object per epoch)")
    if len(epochs) != n_epochs:
        raise ValueError(
            f"{directory / MODEL_FILE}: field 'n_epochs' is {n_epochs}, but {HISTORY_FILE} "
            f"holds {len(epochs)} epochs"
        )
    return History(epochs)


def _new_estimator(estimator_class, params, field, where):
    """An unfitted estimator from saved hyperparameters whose names it accepts.

    ``field`` is where the parameters are in ``model.json``; its sibling
    ``class`` field names the estimator.  The values are validated by the
    estimator's own ``_restore_fitted`` (see :func:`_parameter_error`).
    """
    accepted = estimator_class().get_params()
    for name in params:
        if name not in accepted:
            raise ValueError(
                f"{where}: field '{field}.{name}' is not a parameter of "
                f"{estimator_class.__name__} (field '{field.rpartition('.')[0]}.class')"
            )
    return estimator_class(**params)


def _parameter_error(error, field, where):
    """An estimator's ``InvalidParameterError`` as a ``ValueError`` naming the field."""
    named = re.search(r"The '(\w+)' parameter", str(error))
    culprit = f"{field}.{named.group(1)}" if named else field
    return ValueError(f"{where}: field {culprit!r}: {error}")


def _check_network(classifier, description, where):
    """The saved skorch wrapper and loss must be the ones this classifier trains with.

    The loss is the cross-entropy for one label column, the masked binary
    cross-entropy for a multilabel model (``task_names`` not null).

    Models saved before :class:`~sklearn_demotif._training.SequenceNet` (a
    ``NeuralNetClassifier`` subclass that changes no tensor) record skorch's
    ``NeuralNetClassifier`` and load the same way.
    """
    from torch.nn import CrossEntropyLoss

    from ._multilabel import MaskedBCEWithLogitsLoss
    from ._training import SequenceNet

    task_names = description.get("task_names")
    criterion = CrossEntropyLoss if task_names is None else MaskedBCEWithLogitsLoss
    kind = (
        "one label column (field 'task_names' is null)" if task_names is None
        else f"{len(task_names)} tasks (field 'task_names')"
    )
    expected = {"net_class": (SequenceNet.__name__, "NeuralNetClassifier"),
                "criterion": (criterion.__name__,)}
    for field, values in expected.items():
        if description["network"][field] not in values:
            fitted_on = f" fitted on {kind}" if field == "criterion" else ""
            raise ValueError(
                f"{where}: field 'network.{field}' is {description['network'][field]!r}; "
                f"a {type(classifier).__name__}{fitted_on} uses {values[0]!r}"
            )


def _restore_error(error, device, where):
    """A classifier's ``RestoreError`` as a ``ValueError`` naming the field at fault.

    A device passed to :func:`load_model` is the caller's, not the folder's:
    its error is raised as it is.
    """
    if error.part == "device":
        if device is not None:
            return error
        return ValueError(
            f"{where}: field 'estimator.params.device': {error}; pass device='cpu' "
            "(demotif: --device cpu) to load the model elsewhere"
        )
    if error.part == "weights":
        return ValueError(
            f"{where}: field 'estimator.params' does not match {WEIGHTS_FILE}: {error}"
        )
    return ValueError(f"{where}: field 'estimator.params': {error}")


# Not skipping nested validation: the hyperparameters read from model.json are checked by
# the estimator's own validation, which must run.
@validate_params({"directory": [str, os.PathLike]}, prefer_skip_nested_validation=False)
def load_model(directory, *, device=None):
    """Load a model folder written by :func:`save_model` or ``demotif train``.

    Only JSON and safetensors files are read, so loading runs no code from the
    folder.  ``model.json`` is checked first (its own checksum, then every
    field against the schema and the hyperparameters against the estimator's
    constraints), then the sizes and checksums of the other files, then the
    tensors against the network the hyperparameters build (once, on torch's
    ``meta`` device), which then receives the weights:
    ``predict``, ``predict_proba``, ``decision_function`` and ``motif_`` work
    as on the original, and ``history_`` is restored.

    Models load within one major.minor release of sklearn-demotif (a model
    saved by 0.1.0 loads in 0.1.3, not in 0.2.0), because the network layout
    may change between minor releases.

    Parameters
    ----------
    directory : str or path-like
        The model folder.
    device : str or None, default=None
        Where to put the network; ``None`` applies the saved ``device``
        hyperparameter (``"auto"``: CUDA when available, else the CPU).

    Returns
    -------
    model : classifier or Pipeline
        What was saved: the classifier alone or the ``Pipeline``.

    Raises
    ------
    FileNotFoundError
        When the folder or one of its files is missing.
    ValueError
        For anything else that is not as ``save_model`` wrote it, naming the
        file and, for ``model.json``, the field: a file that is not a model
        description, a description edited after saving (its own checksum), a
        field missing, unknown, of the wrong type or out of range (see
        ``docs/persistence.md``), hyperparameters the estimator refuses, a
        weights or history file whose size or sha256 differs from the record
        (the size is compared before the file is read), tensors that do not
        fit the network or hold NaN, a device this machine does not have, or
        a model saved by another major.minor release.

    See Also
    --------
    save_model : Write a model folder.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn_demotif.persistence import load_model
    >>> load_model(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    FileNotFoundError: ... is not a model folder: model.json is missing
    """
    from sklearn.utils._param_validation import InvalidParameterError

    from .classifier import RestoreError

    directory = Path(directory)
    description, classes = _read_description(directory)
    where = str(directory / MODEL_FILE)
    classifier_class = _registered_class(description["estimator"]["class"], directory)
    classifier = _new_estimator(
        classifier_class, description["estimator"]["params"], "estimator.params", where
    )
    _check_network(classifier, description, where)

    def read_state():
        state = _read_tensors(directory, _read_checked(directory, description, WEIGHTS_FILE))
        history = _read_history(
            directory, _read_checked(directory, description, HISTORY_FILE),
            description["n_epochs"],
        )
        return state, history

    try:
        classifier._restore_fitted(
            classes=classes,
            sequence_length=description["sequence_length"],
            n_features_in=description.get("n_features_in", 4),
            task_names=description.get("task_names"),
            feature_names_in=description.get("feature_names_in"),
            read_state=read_state,
            device=device,
        )
    except InvalidParameterError as error:
        raise _parameter_error(error, "estimator.params", where) from None
    except RestoreError as error:
        raise _restore_error(error, device, where) from None
    pipeline_record = description["pipeline"]
    if pipeline_record is None:
        return classifier

    from sklearn.pipeline import Pipeline

    steps = []
    for index, record in enumerate(pipeline_record["preprocessing"]):
        field = f"pipeline.preprocessing[{index}].params"
        step = _new_estimator(
            _registered_class(record["class"], directory), record["params"], field, where
        )
        try:
            step._restore_fitted(record["length_"])
        except InvalidParameterError as error:
            raise _parameter_error(error, field, where) from None
        steps.append((record["name"], step))
    steps.append((pipeline_record["classifier_step"], classifier))
    return Pipeline(steps)
