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
is rebuilt from the hyperparameters and the tensors are loaded into it.  The
sha256 of every file is recorded in ``model.json`` and checked on loading, so a
truncated or edited weights file is reported, not half-loaded.

Plain ``pickle`` keeps working for fitted estimators too; model folders are the
format to share, pickles the quick way to cache within one installation.
"""

import hashlib
import importlib
import json
import os
import shutil
import tempfile
from numbers import Integral, Real
from pathlib import Path

import numpy as np

from ._utils import final_classifier
from ._version import __version__

__all__ = ["save_model", "load_model", "MODEL_FILE", "WEIGHTS_FILE", "HISTORY_FILE"]

MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.safetensors"
HISTORY_FILE = "history.json"

FORMAT_NAME = "sklearn-demotif-model"
FORMAT_VERSION = 1

#: Class name -> module of every estimator a model folder may name.  Loading
#: imports nothing else, whatever ``model.json`` says.
_REGISTRY = {
    "DeepMotifClassifier": "sklearn_demotif.classifier",
    "DeepBindClassifier": "sklearn_demotif.deepbind",
    "OneHotDNA": "sklearn_demotif.one_hot",
}


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
    try:
        module = importlib.import_module(_REGISTRY[name])
    except ImportError as error:
        raise ValueError(
            f"{where}the model needs {name}, which this installation of sklearn-demotif "
            f"({__version__}) does not have ({error})"
        ) from None
    return getattr(module, name)


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


def _classes_from_json(record, directory):
    try:
        dtype = np.dtype(record["dtype"])
        if dtype.kind not in "biufUO":
            raise TypeError(f"class dtype {dtype} is not allowed")
        return np.array(record["values"], dtype=dtype)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{directory / MODEL_FILE}: unreadable classes ({error})") from None


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


def _replaceable(directory):
    if not directory.exists():
        return True
    if not directory.is_dir():
        return False
    return (directory / MODEL_FILE).is_file() or not any(directory.iterdir())


def save_model(model, directory):
    """Save a fitted classifier (or ``Pipeline(OneHotDNA, classifier)``) to a folder.

    The folder receives ``weights.safetensors`` (the network's tensors),
    ``history.json`` (the training history) and ``model.json`` (class name,
    hyperparameters, classes, sequence length, package version and the sha256
    of the other two files).  It is written to a temporary folder beside
    ``directory`` and renamed into place, so an interrupted save never leaves
    a half-written model; an existing model folder is replaced.

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
        When ``directory`` exists and is neither empty nor a model folder.
    sklearn.exceptions.NotFittedError
        When the classifier is not fitted.

    See Also
    --------
    load_model : Read the folder back.

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
    import torch
    from safetensors.torch import save as save_tensors

    transformers, classifier_step = _pipeline_steps(model)
    classifier = _check_classifier(final_classifier(model))
    directory = Path(directory)
    if not _replaceable(directory):
        raise FileExistsError(
            f"{directory} exists and is not a model folder (no {MODEL_FILE}); "
            "choose a new or empty folder"
        )
    state = {
        key: tensor.detach().to("cpu").clone().contiguous()
        for key, tensor in classifier.module_.state_dict().items()
    }
    weights = save_tensors(state, metadata={"format": FORMAT_NAME})
    history = json.dumps(classifier.history_.to_list(), default=_history_default).encode()
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
        "pipeline": None
        if classifier_step is None
        else {
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
        },
        "classes": _classes_to_json(classifier.classes_),
        "sequence_length": int(classifier.sequence_length_),
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
    directory.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(
        tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent)
    )
    try:
        (temporary / WEIGHTS_FILE).write_bytes(weights)
        (temporary / HISTORY_FILE).write_bytes(history)
        (temporary / MODEL_FILE).write_text(json.dumps(description, indent=2) + "\n")
        os.chmod(temporary, 0o755)
        if directory.exists():
            backup = Path(
                tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".old", dir=directory.parent)
            )
            os.rename(directory, backup / "model")
            os.rename(temporary, directory)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.rename(temporary, directory)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return directory


def _read_description(directory):
    path = directory / MODEL_FILE
    if not directory.exists():
        raise FileNotFoundError(f"no such model folder: {directory}")
    if not directory.is_dir():
        raise ValueError(
            f"{directory} is a file, not a model folder (a folder holding {MODEL_FILE} "
            f"and {WEIGHTS_FILE}, written by save_model or `demotif train`)"
        )
    if not path.is_file():
        raise FileNotFoundError(f"{directory} is not a model folder: {MODEL_FILE} is missing")
    try:
        description = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a valid JSON file ({error})") from None
    if not isinstance(description, dict) or description.get("format") != FORMAT_NAME:
        raise ValueError(f"{path}: not a sklearn-demotif model description")
    if description.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"{path}: model format version {description.get('format_version')!r}; this "
            f"sklearn-demotif ({__version__}) reads version {FORMAT_VERSION}"
        )
    saved, current = description.get("sklearn_demotif_version"), __version__
    if _major_minor(saved) != _major_minor(current):
        raise ValueError(
            f"{path}: the model was saved by sklearn-demotif {saved} and this is "
            f"{current}; models load only within one major.minor release: install "
            f"sklearn-demotif=={'.'.join(_major_minor(saved))}.* or retrain"
        )
    return description


def _read_checked(directory, description, name):
    path = directory / name
    try:
        record = description["files"][name]
    except (KeyError, TypeError):
        raise ValueError(f"{directory / MODEL_FILE}: no checksum recorded for {name}") from None
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from the model folder")
    data = path.read_bytes()
    if len(data) != record.get("size") or _sha256(data) != record.get("sha256"):
        raise ValueError(
            f"{path}: contents do not match the checksum in {MODEL_FILE} "
            f"({len(data)} bytes, expected {record.get('size')}); the file was truncated "
            "or modified after saving"
        )
    return data


def _check_network(classifier, description, directory):
    """The saved skorch wrapper and loss must be the ones this classifier trains with.

    Models saved before :class:`~sklearn_demotif._training.SequenceNet` (a
    ``NeuralNetClassifier`` subclass that changes no tensor) record skorch's
    ``NeuralNetClassifier`` and load the same way.
    """
    import torch

    from ._training import SequenceNet

    expected = {"net_class": (SequenceNet.__name__, "NeuralNetClassifier"),
                "criterion": (torch.nn.CrossEntropyLoss.__name__,)}
    network = description.get("network")
    if not isinstance(network, dict):
        raise ValueError(f"{directory / MODEL_FILE}: field 'network' must be an object")
    for field, values in expected.items():
        if network.get(field) not in values:
            raise ValueError(
                f"{directory / MODEL_FILE}: field 'network.{field}' is "
                f"{network.get(field)!r}; a {type(classifier).__name__} uses {values[0]!r}"
            )


def load_model(directory, device=None):
    """Load a model folder written by :func:`save_model` or ``demotif train``.

    Only JSON and safetensors files are read, so loading runs no code from the
    folder.  The checksums in ``model.json`` are verified first, then the
    classifier is rebuilt from its hyperparameters and the weights are loaded
    into a fresh network: ``predict``, ``predict_proba``, ``decision_function``
    and ``motif_`` work as on the original, and ``history_`` is restored.

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
        For a file that is not a model description, a checksum that does not
        match (a truncated or modified weights file), tensors that do not fit
        the network, or a model saved by another major.minor release.

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
    from safetensors import SafetensorError
    from safetensors.torch import load as load_tensors
    from skorch.history import History

    directory = Path(directory)
    description = _read_description(directory)
    try:
        estimator_record = description["estimator"]
        classifier_class = _registered_class(estimator_record["class"], directory)
        params = dict(estimator_record["params"])
        classes = _classes_from_json(description["classes"], directory)
        sequence_length = int(description["sequence_length"])
        pipeline_record = description.get("pipeline")
    except (KeyError, TypeError) as error:
        raise ValueError(
            f"{directory / MODEL_FILE}: incomplete model description ({error})"
        ) from None
    weights = _read_checked(directory, description, WEIGHTS_FILE)
    history = _read_checked(directory, description, HISTORY_FILE)
    try:
        state = load_tensors(weights)
    except (SafetensorError, ValueError) as error:
        raise ValueError(f"{directory / WEIGHTS_FILE}: not a safetensors file ({error})") from None
    try:
        history = History(json.loads(history))
    except json.JSONDecodeError as error:
        raise ValueError(f"{directory / HISTORY_FILE}: not a valid JSON file ({error})") from None

    try:
        classifier = classifier_class(**params)
    except TypeError as error:
        raise ValueError(
            f"{directory / MODEL_FILE}: hyperparameters do not fit ({error})"
        ) from None
    _check_network(classifier, description, directory)
    try:
        classifier._restore(
            classes=classes,
            sequence_length=sequence_length,
            state_dict=state,
            history=history,
            device=device,
        )
    except ValueError as error:
        raise ValueError(f"{directory}: {error}") from None
    if pipeline_record is None:
        return classifier

    from sklearn.pipeline import Pipeline

    steps = []
    for record in pipeline_record.get("preprocessing", []):
        step_class = _registered_class(record["class"], directory)
        if record["class"] != "OneHotDNA":
            raise ValueError(
                f"{directory / MODEL_FILE}: unexpected pipeline step {record['class']!r}"
            )
        step = step_class(**record["params"])
        step.length_ = int(record["length_"])
        steps.append((record["name"], step))
    steps.append((pipeline_record["classifier_step"], classifier))
    return Pipeline(steps)
