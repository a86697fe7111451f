"""scikit-learn classifiers for one-hot DNA, trained with skorch.

The estimators are thin ``ClassifierMixin, BaseEstimator`` classes whose ``fit``
builds a skorch ``NeuralNetClassifier`` around a network from
:mod:`sklearn_demotif.networks`.  Keeping skorch inside (rather than subclassing
it) keeps ``__init__`` pure assignment, validates input the scikit-learn way and
lets ``clone``, ``GridSearchCV`` and pickling work as for any estimator.

Input layouts: ``X`` of shape ``(n_samples, n_channels, length)`` (one-hot DNA
has 4 channels A, C, G, T), or a 2-D numeric ``X`` of shape
``(n_samples, n_features)``, read as ``n_features`` channels of length one
(``X[:, :, None]``).  ``n_features_in_`` is the number of channels either way.
"""

import threading
import warnings
from numbers import Integral, Real

import numpy as np
import torch
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data
from skorch.dataset import ValidSplit

from ._batches import BatchDataset, collate_batch
from ._multilabel import MaskedBCEWithLogitsLoss, check_task_names, multilabel_targets
from ._options import (
    DEMO_NETWORK,
    EARLY_STOPPING,
    LR_SCHEDULES,
    PRECISIONS,
    default_kernel_sizes,
)
from ._training import (
    SequenceNet,
    cpu_inference_chunk,
    resolve_device,
    resolve_precision,
    training_callbacks,
)
from ._utils import is_multilabel
from .interpret.class_optimization import optimize_class
from .networks import DeepMotifNetwork, ReverseComplementWrapper

__all__ = ["DeepMotifClassifier", "LEGACY_SETTINGS", "resolve_device"]


class RestoreError(ValueError):
    """Why a saved state does not make a fitted classifier (see ``_restore_fitted``).

    ``part`` says what is at fault, so that the caller can name it in its own
    terms (:func:`~sklearn_demotif.persistence.load_model` names the field of
    ``model.json``): ``"device"`` (not on this machine), ``"hyperparameters"``
    (they build no network) or ``"weights"`` (the tensors do not fit the
    network the hyperparameters build).
    """

    def __init__(self, message, part):
        super().__init__(message)
        self.part = part


#: Held while a classifier seeds and uses torch's process-wide random generator
#: (``fit``): two threads fitting at once with the same
#: ``random_state`` would otherwise draw from one generator in turn and get
#: different models.  Fits in threads of one process therefore run one after
#: the other; use processes (joblib's default loky backend) to fit in parallel.
_SEEDED_SECTION = threading.RLock()

#: The defaults of version 0.2, which the present ones replaced:
#: ``DeepMotifClassifier(**LEGACY_SETTINGS)`` max-pools by 2 between convolutions,
#: drops out 30 % of the activations before pooling, trains up to 30 epochs, stops 5
#: epochs after the best validation loss and keeps that epoch's weights, with no
#: weight averaging (``docs/benchmarks.md``, time to accuracy).
LEGACY_SETTINGS = {
    "pool_size": 2,
    "dropout": 0.3,
    "dropout_after_pooling": False,
    "ema_epochs": None,
    "max_epochs": 30,
    "early_stopping": "valid_loss",
    "patience": 5,
}


_DNA_HINT = (
    "encode DNA strings with OneHotDNA() to get a float array of shape (n_sequences, 4, length)"
)


_CHANNELS_LAST_HINT = (
    "This package uses channels-first arrays (n_sequences, 4, length); for one-hot "
    "DNA in the channels-last layout (n_sequences, length, 4) pass X.transpose(0, 2, 1)."
)


def _looks_channels_last(X):
    """Whether a 3-D ``X`` is one-hot DNA along its last axis rather than along axis 1."""
    if X.ndim != 3 or X.shape[2] != 4 or X.shape[1] == 4:
        return False
    return bool(np.isin(X, (0, 1)).all() and (X.sum(axis=2) <= 1).all())


def _explained(message, X, n_channels):
    """scikit-learn's message about a bad ``X``, with what this package adds to it.

    ``n_channels`` is the fitted ``n_features_in_`` (``None`` before ``fit``).
    """
    if "could not convert string" in message:
        return f"{message}; {_DNA_HINT}"
    if "is expecting" in message and np.ndim(X) == 3 and np.shape(X)[2] == n_channels:
        return f"{message} {_CHANNELS_LAST_HINT}"
    if "NaN" in message or "infinity" in message:
        with np.errstate(over="ignore", invalid="ignore"):
            finite = np.isfinite(np.asarray(X, dtype=np.float32))
        if not finite.all():
            first = int(np.argwhere(~finite)[0, 0])
            lines = message.split("\n")
            return "\n".join([f"{lines[0].rstrip('.')} (first in sequence {first})", *lines[1:]])
    return message


def _reject_text(X):
    """A ``ValueError`` with a hint to ``OneHotDNA`` for DNA strings passed as ``X``."""
    if isinstance(X, str) or (
        isinstance(X, (list, tuple)) and len(X) > 0 and isinstance(X[0], str)
    ) or getattr(getattr(X, "dtype", None), "kind", None) in ("U", "S"):
        raise ValueError(f"X holds strings; {_DNA_HINT}")


class SequenceClassifierBase(ClassifierMixin, BaseEstimator):
    """Shared machinery of the sequence classifiers: validation, training, prediction.

    Subclasses set ``_parameter_constraints`` and implement
    ``_build_network(n_classes, n_channels, multilabel=False)``, which returns a
    ``torch.nn.Module`` mapping ``(batch, n_channels, length)`` to logits.
    Everything else, from input checks to the skorch training loop, early
    stopping and strand handling, lives here.
    """

    _common_constraints = {
        "lr": [Interval(Real, 0, None, closed="neither")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "validation_fraction": [None, Interval(Real, 0, 1, closed="neither")],
        "lr_schedule": [StrOptions(set(LR_SCHEDULES))],
        "warmup_epochs": [None, Interval(Real, 0, None, closed="neither")],
        "early_stopping": [StrOptions(set(EARLY_STOPPING))],
        "patience": [None, Interval(Integral, 1, None, closed="left")],
        "ema_epochs": [None, Interval(Real, 0, None, closed="neither")],
        "reverse_complement": ["boolean"],
        "device": [str],
        "precision": [StrOptions(set(PRECISIONS))],
        "compile": ["boolean"],
        "predict_batch_size": [Interval(Integral, 1, None, closed="left")],
        "task_names": [None, "array-like"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def _build_network(self, n_classes, n_channels, multilabel=False):
        raise NotImplementedError

    def _build_module(self, n_classes, n_channels=4, multilabel=False):
        """The network (in the strand wrapper if ``reverse_complement``).

        ``n_classes`` is the number of outputs: classes, or tasks when
        ``multilabel`` (one log-odds per task).
        """
        if self.reverse_complement and n_channels != 4:
            raise ValueError(
                f"reverse_complement=True reads X as one-hot DNA (4 channels A, C, G, T), "
                f"but X has {n_channels} channels; set reverse_complement=False"
            )
        network = self._build_network(n_classes, n_channels, multilabel=multilabel)
        return ReverseComplementWrapper(network) if self.reverse_complement else network

    def _build_on_meta(self, n_classes, n_channels=4, multilabel=False):
        """The module on torch's ``meta`` device: shapes without memory.

        Whatever a hyperparameter could break in the network is raised here as
        a ``ValueError``, in a second and without allocating anything.
        """
        try:
            with torch.device("meta"):
                return self._build_module(n_classes, n_channels, multilabel=multilabel)
        except RuntimeError as error:
            first_line = str(error).strip().splitlines()[0]
            raise ValueError(
                f"these hyperparameters do not build a {type(self).__name__} ({first_line})"
            ) from None

    def _check_buildable(self, n_classes=2, device=None, n_channels=4, multilabel=False):
        """Check the hyperparameters and the device before any training.

        The parameters are validated against ``_parameter_constraints``, the
        device (``device``, else the ``device`` parameter) is resolved, and the
        network is built on torch's ``meta`` device, which allocates no memory:
        whatever a hyperparameter could break in the network is raised here as
        a ``ValueError``, in a second, instead of after the data are read or
        during training.  ``fit`` and the command line call it.

        Returns
        -------
        shapes : dict of str to tuple of int
            The shape of every tensor of the module's ``state_dict()``.
        """
        self._validate_params()
        resolve_device(self.device if device is None else device)
        module = self._build_on_meta(n_classes, n_channels, multilabel)
        return {key: tuple(tensor.shape) for key, tensor in module.state_dict().items()}

    def _callbacks(self):
        return training_callbacks(
            lr_schedule=self.lr_schedule,
            max_epochs=self.max_epochs,
            warmup_epochs=self.warmup_epochs,
            early_stopping=self.early_stopping,
            patience=self.patience,
            validate=self.validation_fraction is not None,
        )

    def _make_net(self, module, n_classes, seed, multilabel=False):
        """The skorch net around ``module``; ``fit`` and ``_restore_fitted`` both build it.

        A ``multilabel`` net has ``n_classes`` (= tasks) sigmoid outputs, the
        masked binary cross-entropy as its loss and an unstratified split.
        """
        on_cuda = torch.device(self.device_).type == "cuda"
        autocast_dtype = resolve_precision(self.precision, self.device_)
        # skorch's default accuracy scorer cannot read unknown (NaN) labels.
        multilabel_settings = (
            {"predict_nonlinearity": torch.sigmoid, "callbacks__valid_acc": None}
            if multilabel else {}
        )
        return SequenceNet(
            module,
            criterion=MaskedBCEWithLogitsLoss if multilabel else torch.nn.CrossEntropyLoss,
            optimizer=torch.optim.Adam,
            optimizer__weight_decay=self.weight_decay,
            lr=self.lr,
            batch_size=self.batch_size,
            max_epochs=self.max_epochs,
            train_split=self._train_split(seed, stratified=not multilabel),
            callbacks=self._callbacks(),
            iterator_train__shuffle=True,
            iterator_train__pin_memory=on_cuda,
            iterator_valid__pin_memory=on_cuda,
            iterator_valid__batch_size=self.predict_batch_size,
            dataset=BatchDataset,
            iterator_train__collate_fn=collate_batch,
            iterator_valid__collate_fn=collate_batch,
            classes=np.arange(n_classes),
            device=self.device_,
            compile=self.compile,
            autocast_dtype=autocast_dtype,
            inference_chunk=cpu_inference_chunk(autocast_dtype),
            ema_epochs=self.ema_epochs,
            verbose=self.verbose,
            **multilabel_settings,
        )

    def _restore_fitted(
        self, *, classes, sequence_length, read_state, device=None, n_features_in=4,
        task_names=None, feature_names_in=None,
    ):
        """Make this unfitted classifier the fitted one whose saved state is given.

        The one entry point of :func:`~sklearn_demotif.persistence.load_model`,
        in the order of its checks: the hyperparameters are validated against
        ``_parameter_constraints``, the device is resolved, the network is
        built once, on torch's ``meta`` device (allocating nothing), and only
        then is ``read_state`` called.  The tensors' names and shapes are
        compared with that network's, and only then does it get memory on the
        device (exactly what the tensors hold) and their values.  The skorch
        net around it is
        built as :meth:`fit` builds it (same dataset, collate functions,
        optimizer and callbacks) and every fitted attribute is set, so the
        result predicts exactly as the saved classifier did and can be cloned
        and refitted.

        Parameters
        ----------
        classes : ndarray of shape (n_classes,)
            The class labels.
        sequence_length : int
            Length of the training sequences.
        read_state : callable
            Returns ``(state_dict, history)``: the module's tensors
            (``module_.state_dict()``, dict of str to torch.Tensor) and the
            training history (``skorch.History``).  Called once the
            hyperparameters have built a network, so nothing is read for
            hyperparameters that fail; its exceptions pass through.
        device : str or None, default=None
            Where to put the network; ``None`` resolves this classifier's
            ``device`` parameter.
        n_features_in : int, default=4
            Channels of the input it was fitted on (4: one-hot DNA).
        task_names : sequence of str or None, default=None
            The task names of a multilabel classifier (``classes`` is then
            ``0`` to ``n_tasks - 1``); ``None`` for a single-label one.
        feature_names_in : sequence of str or None, default=None
            The column names of the DataFrame ``X`` it was fitted on (one per
            channel), which ``predict`` then checks; ``None`` for other ``X``.

        Returns
        -------
        self : object
            The fitted classifier.

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            When a hyperparameter breaks ``_parameter_constraints``.
        RestoreError
            When the device is not on this machine (``part="device"``), the
            hyperparameters build no network (``"hyperparameters"``) or the
            tensors do not fit it (``"weights"``).
        """
        self._validate_params()
        try:
            device_ = resolve_device(self.device if device is None else device)
        except ValueError as error:
            raise RestoreError(str(error), "device") from None
        multilabel = task_names is not None
        try:
            module = self._build_on_meta(len(classes), int(n_features_in), multilabel)
        except ValueError as error:
            raise RestoreError(str(error), "hyperparameters") from None
        state_dict, history = read_state()
        self._load_weights(module, state_dict, device_)
        self.classes_ = np.asarray(classes)
        self._set_tasks(np.asarray(task_names, dtype=str) if multilabel else None)
        self.n_features_in_ = int(n_features_in)
        if feature_names_in is not None:
            self.feature_names_in_ = np.asarray(feature_names_in, dtype=object)
        self.sequence_length_ = int(sequence_length)
        self.device_ = device_
        try:
            net = self._make_net(module, len(self.classes_), 0, multilabel).initialize()
        except ValueError as error:
            raise RestoreError(str(error), "hyperparameters") from None
        net.history = history
        net.module_.eval()
        self.net_ = net
        self.history_ = history
        self.n_epochs_ = len(history)
        return self

    def _load_weights(self, module, state_dict, device):
        """Give the ``meta`` module memory on ``device`` and the tensors of ``state_dict``.

        The names and shapes are compared first, so the memory allocated is
        exactly what the tensors hold.
        """
        expected = {key: tuple(tensor.shape) for key, tensor in module.state_dict().items()}
        found = {key: tuple(tensor.shape) for key, tensor in state_dict.items()}
        if found != expected:
            different = sorted(set(found) ^ set(expected)) or sorted(
                key for key in found if found[key] != expected[key]
            )
            key = different[0]
            raise RestoreError(
                f"the tensors do not fit a {type(self).__name__} with these hyperparameters "
                f"({key}: {found.get(key, 'missing')} in the weights, "
                f"{expected.get(key, 'none')} in the network)",
                "weights",
            )
        module.to_empty(device=device)
        try:
            module.load_state_dict(state_dict, strict=True)
        except RuntimeError as error:
            first_line = str(error).strip().splitlines()[0]
            raise RestoreError(f"the tensors cannot be loaded ({first_line})", "weights") from None

    def _train_split(self, seed, stratified=True):
        if self.validation_fraction is None:
            return None
        return ValidSplit(self.validation_fraction, stratified=stratified, random_state=seed)

    def _set_tasks(self, task_names):
        """Set ``task_names_`` and ``n_tasks_`` (multilabel), or remove them (``None``)."""
        if task_names is None:
            for name in ("task_names_", "n_tasks_"):
                self.__dict__.pop(name, None)
            return
        self.task_names_ = task_names
        self.n_tasks_ = len(task_names)

    def _fit_targets(self, y):
        """``(encoded y, classes_, task names or None)`` from what ``fit`` was given.

        A 2-D ``y`` of at least two columns is multilabel: float32 0/1/NaN,
        ``classes_ = arange(n_tasks)``.  Anything else is one label per
        sample, encoded ``0`` to ``n_classes - 1`` as int64.
        """
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y is None"
            )
        targets = multilabel_targets(y)
        if targets is not None:
            labels, column_names = targets
            task_names = check_task_names(self.task_names, column_names, labels.shape[1])
            return labels, np.arange(labels.shape[1]), task_names
        if self.task_names is not None:
            raise ValueError(
                f"task_names={self.task_names!r} names the columns of a multilabel y, but y "
                "has one label column; set task_names=None"
            )
        y = column_or_1d(y, warn=True)
        if len(y) == 0:
            raise ValueError("y is empty; fit needs labelled sequences of at least two classes")
        check_classification_targets(y)
        encoder = LabelEncoder().fit(y)
        if len(encoder.classes_) < 2:
            raise ValueError(
                f"y has only one class ({encoder.classes_[0]!r}); a classifier needs at "
                "least two, e.g. bound sequences and shuffled negatives"
            )
        return encoder.transform(y).astype(np.int64), encoder.classes_, None

    def _validate_X(self, X, *, reset):
        """``X`` as a float32 array of shape ``(n_samples, n_channels, length)``.

        scikit-learn's ``validate_data`` checks it (numbers, finite, not empty,
        not sparse) and sets (``reset=True``) or compares ``n_features_in_``
        and ``feature_names_in_``; a 2-D ``X`` becomes channels of length one.
        """
        _reject_text(X)
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                X = validate_data(self, X, reset=reset, allow_nd=True, dtype=np.float32)
        except ValueError as error:
            n_channels = getattr(self, "n_features_in_", None)
            raise ValueError(_explained(str(error), X, n_channels)) from None
        if reset and _looks_channels_last(X):
            message = (
                f"X has shape {X.shape} and is one-hot along its last axis, which looks "
                f"channels-last; it would be read as {X.shape[1]} channels of length 4. "
                f"{_CHANNELS_LAST_HINT}"
            )
            if self.reverse_complement:  # needs DNA: the layout is surely a mistake
                raise ValueError(message)
            warnings.warn(message, UserWarning, stacklevel=3)
        if X.ndim == 2:
            return X[:, :, None]
        if X.ndim != 3:
            raise ValueError(
                f"X must have shape (n_samples, n_channels, length) or (n_samples, "
                f"n_features); got shape {X.shape}"
            )
        if 0 in X.shape[1:]:
            raise ValueError(f"X is empty: shape {X.shape} has no channels or length 0")
        return X

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the network on one-hot sequences (or other channels).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_channels, length) or (n_samples, n_features)
            One-hot DNA (4 channels A, C, G, T), e.g. from :class:`OneHotDNA`;
            any other number of channels; or a 2-D numeric array, read as
            ``n_features`` channels of length one.  ``n_features_in_`` is the
            number of channels.
        y : array-like of shape (n_sequences,) or (n_sequences, n_tasks)
            Class labels of any type; or, multilabel, one column per task
            (``n_tasks >= 2``) holding 1 (bound), 0 (not bound) or NaN
            (unknown, left out of the loss).  A pandas DataFrame's column
            names become ``task_names_`` unless ``task_names`` is set.

        Returns
        -------
        self : object
            The fitted classifier.

        Raises
        ------
        ValueError
            For a multilabel ``y`` holding anything but 0, 1 and NaN (naming
            the value, its row and column), a task column with no known label
            or only one class among them (naming the task), or ``task_names``
            that are not one distinct string per column.

        Notes
        -----
        Training seeds torch's process-wide random generator, so ``fit`` holds
        a process-wide lock while it trains: fits started in several threads of
        one process run one after the other, and each draws the random numbers
        its ``random_state`` gives alone.  Other torch work running in the same
        process at the same time (a prediction in another thread) can still
        change the CPU's arithmetic in the last digits, which training may
        amplify.  To train in parallel, use processes (joblib's default
        backend, ``GridSearchCV(n_jobs=...)``).
        """
        y, classes, task_names = self._fit_targets(y)
        multilabel = task_names is not None
        X = self._validate_X(X, reset=True)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} sequences but y has {len(y)} labels")
        self._check_buildable(len(classes), n_channels=X.shape[1], multilabel=multilabel)
        self.classes_ = classes
        self._set_tasks(task_names)
        self.sequence_length_ = X.shape[2]
        self.device_ = resolve_device(self.device)
        seed = int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))
        device = torch.device(self.device_)
        devices = [device.index or 0] if device.type == "cuda" else []
        with _SEEDED_SECTION, torch.random.fork_rng(devices=devices):
            torch.manual_seed(seed)
            module = self._build_module(len(self.classes_), X.shape[1], multilabel)
            net = self._make_net(module, len(self.classes_), seed, multilabel)
            net.fit(X, y)
        self.net_ = net
        self.history_ = net.history
        self.n_epochs_ = len(net.history)
        return self

    def _logits(self, X):
        """The network's logits for ``X``, as float64, of shape (n_samples, n_classes).

        On the CPU the network always sees pieces of exactly its inference
        chunk (``cpu_inference_chunk``: 128 samples in float32, 256 in
        bfloat16; the last piece padded with zeros): matrix products round
        differently for different numbers of rows, and equal pieces make every
        sample's scores independent of the others predicted with it
        (scikit-learn's subset invariance).
        """
        check_is_fitted(self, "net_")
        X = self._validate_X(X, reset=False)
        n_samples, batch_size = len(X), self.predict_batch_size
        chunk = self.net_.inference_chunk
        if chunk and torch.device(self.device_).type == "cpu":
            batch_size = -(-batch_size // chunk) * chunk
            if n_samples % chunk:
                padding = np.zeros((-n_samples % chunk, *X.shape[1:]), X.dtype)
                X = np.concatenate([X, padding])
        # predict_batch_size may have changed since fit (set_params, load_model).
        self.net_.iterator_valid__batch_size = batch_size
        return self.net_.forward(X).cpu().numpy().astype(np.float64)[:n_samples]

    def predict_proba(self, X):
        """Class probabilities, averaged over both strands when ``reverse_complement``.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_channels, length) or (n_samples, n_features)
            One-hot DNA, or what the classifier was fitted on (see :meth:`fit`).

        Returns
        -------
        proba : ndarray of shape (n_sequences, n_classes) or (n_sequences, n_tasks)
            Probabilities in the order of ``classes_``; for a multilabel
            classifier, each task's probability of label 1 (the sigmoid of
            its log-odds), which need not sum to one.
        """
        logits = self._logits(X)
        if is_multilabel(self):
            return expit(logits)
        # The softmax in float64 keeps probabilities in the order of the logits.
        logits -= logits.max(axis=1, keepdims=True)
        proba = np.exp(logits)
        return proba / proba.sum(axis=1, keepdims=True)

    def decision_function(self, X):
        """Logits; for two classes, the logit difference of ``classes_[1]`` over ``classes_[0]``.

        For a multilabel classifier, the log-odds of label 1 of every task.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_channels, length) or (n_samples, n_features)
            One-hot DNA, or what the classifier was fitted on (see :meth:`fit`).

        Returns
        -------
        scores : ndarray of shape (n_sequences,), (n_sequences, n_classes) or \
(n_sequences, n_tasks)
            One score per sequence for binary problems, one per class (or
            task) otherwise.
        """
        logits = self._logits(X)
        if is_multilabel(self):
            return logits
        return logits[:, 1] - logits[:, 0] if logits.shape[1] == 2 else logits

    def predict(self, X):
        """Most probable class of every sequence.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_channels, length) or (n_samples, n_features)
            One-hot DNA, or what the classifier was fitted on (see :meth:`fit`).

        Returns
        -------
        labels : ndarray of shape (n_sequences,) or (n_sequences, n_tasks)
            Labels from ``classes_``; for a multilabel classifier, 0 or 1 per
            task (1 where its probability is at least 0.5).
        """
        if is_multilabel(self):
            return (self._logits(X) >= 0).astype(np.int64)
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]

    def score(self, X, y, sample_weight=None):
        """Mean accuracy; for a multilabel classifier, the share of rows with every task right.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_channels, length) or (n_samples, n_features)
            One-hot DNA, or what the classifier was fitted on (see :meth:`fit`).
        y : array-like of shape (n_sequences,) or (n_sequences, n_tasks)
            True labels, of the kind the classifier was fitted on: one column
            for a binary or multiclass classifier, one per task (0 or 1, no
            NaN) for a multilabel one.
        sample_weight : array-like of shape (n_sequences,), default=None
            Sample weights.

        Returns
        -------
        score : float

        Raises
        ------
        ValueError
            For a multilabel ``y`` given to a single-label classifier, a
            single-label one given to a multilabel classifier, or unknown
            (NaN) labels, which subset accuracy cannot score (score each task
            on its known labels instead, ``docs/classifier.md``).
        """
        check_is_fitted(self, "net_")
        y_array = np.asarray(y)
        n_columns = y_array.shape[1] if y_array.ndim == 2 else 1
        if not is_multilabel(self) and n_columns > 1:
            kind = "binary" if len(self.classes_) == 2 else "multiclass"
            raise ValueError(
                f"a multilabel y ({n_columns} columns) passed to a model fitted as {kind} "
                "(one label column); pass the labels the model was fitted on"
            )
        if is_multilabel(self):
            if n_columns != self.n_tasks_:
                raise ValueError(
                    f"y has {n_columns} label column{'s' * (n_columns > 1)}, but this model "
                    f"was fitted as multilabel on {self.n_tasks_} tasks "
                    f"({', '.join(self.task_names_)}); pass one column per task"
                )
            if np.isnan(y_array.astype(np.float64)).any():
                raise ValueError(
                    "y holds unknown (NaN) labels; score() is the subset accuracy and needs "
                    "every label; score each task on its known labels instead "
                    "(docs/classifier.md, multilabel y)"
                )
        return super().score(X, y, sample_weight=sample_weight)

    @property
    def module_(self):
        """The trained ``torch.nn.Module`` (with the strand wrapper, if any)."""
        check_is_fitted(self, "net_")
        module = self.net_.module_
        # With compile=True, skorch holds the compiled wrapper; the module is inside.
        return getattr(module, "_orig_mod", module)

    def motif_(self, target=None, **kwargs):
        """Class optimization: the motif this classifier finds most typical of a class.

        Optimises inputs of the training length from uniform noise to
        maximise ``log P(target | S) - l2 * ||S||^2`` (RMSprop, network in
        evaluation mode, all restarts in one batch), cuts them into cores,
        merges the cores the restarts agree on and returns the one that raises
        the class's log-odds most when inserted into background sequences
        (``output="input"``: the paper's whole optimized input instead).
        ``clf.motif_(...)`` is ``optimize_class(clf, ...)``, whose signature is
        the one source of the keywords and their defaults.  A multilabel
        classifier takes ``task=`` (an index or one of ``task_names_``) instead
        of ``target``: ``clf.motif_(task="GATA1")`` maximises ``log
        sigmoid(logit_task(S)) - l2 * ||S||^2``.

        Parameters
        ----------
        target : label or None, default=None
            One of ``classes_``; ``None`` means ``classes_[1]``, the positive
            class of a binary classifier.
        **kwargs
            Forwarded to :func:`sklearn_demotif.interpret.optimize_class`:
            ``task`` (required for a multilabel classifier), ``output``,
            ``background``, ``n_background``, ``n_restarts``, ``n_steps``,
            ``lr``, ``l2``, ``random_state`` and ``pseudocount``, with its
            defaults.

        Returns
        -------
        pwm : sklearn_demotif.motifs.PWM
            The core, at most 30 columns (``output="input"``:
            ``sequence_length_`` columns; use ``pwm.trim()``).
            ``pwm.metadata`` holds ``output``, the core's ``effect`` and
            ``effect_sem``, the restarts' agreement ``stability`` and, for a
            multilabel classifier, ``task``.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            Before ``fit``.
        ValueError
            For a target that is not one of ``classes_``, a task missing, out of
            range or unknown (multilabel) or given to a single-label
            classifier, or invalid settings.
        TypeError
            For a keyword that ``optimize_class`` does not take.

        Examples
        --------
        >>> from sklearn_demotif import DeepMotifClassifier
        >>> from sklearn_demotif.datasets import make_motif_dataset
        >>> from sklearn_demotif.encoding import one_hot_encode
        >>> X, y = make_motif_dataset("MA0035", n_samples=200, length=40, random_state=0)
        >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=1, random_state=0, verbose=0)
        >>> clf = clf.fit(one_hot_encode(X), y)
        >>> clf.motif_(n_steps=20, random_state=0).width <= 30
        True
        >>> clf.motif_(output="input", n_steps=20, random_state=0).matrix.shape
        (4, 40)
        """
        return optimize_class(self, target=target, **kwargs)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = True
        tags.input_tags.three_d_array = True
        tags.non_deterministic = False
        tags.classifier_tags.multi_label = True
        return tags


class DeepMotifClassifier(SequenceClassifierBase):
    """The Deep Motif (DeMo) classifier: convolutions, highway layers and softmax.

    DeMo (Lanchantin, Singh, Lin & Qi) classifies DNA sequences as bound or not
    by a transcription factor.  ``n_conv_layers`` convolutions of ``n_filters``
    channels find motif-like patterns, a global max-pool keeps the strongest
    match of each, ``n_highway_layers`` highway layers of ``highway_units``
    combine them and a softmax layer gives the class probabilities.

    Training uses Adam on the cross-entropy loss with shuffled mini-batches for
    up to 15 epochs and keeps an exponential moving average of the weights over
    about one epoch; the average is scored by ROC AUC on a stratified
    validation split drawn from the training data only, training stops 3
    epochs after the best score, and the average of that best epoch is kept.
    ``DeepMotifClassifier(**LEGACY_SETTINGS)`` gives the settings of version
    0.2 (pooling by 2, up to 30 epochs, best validation loss, no
    averaging), which train for more epochs.  With
    ``reverse_complement=True`` each training sequence is read from a random
    strand and predictions average both strands.

    Input is one-hot DNA of shape ``(n_sequences, 4, length)``; ``X`` of
    other channel counts, and a 2-D numeric ``X`` of shape ``(n_samples,
    n_features)`` read as ``n_features`` channels of length one, are fitted
    too with ``reverse_complement=False`` (``docs/classifier.md``, input
    layouts).

    The defaults were chosen on validation splits of training data (never on test
    sets) and need no tuning to beat DeepBind's published AUCs on ENCODE data;
    see ``docs/benchmarks.md``.

    Parameters
    ----------
    n_conv_layers : int, default=3
        Number of convolution layers.
    n_filters : int, default=128
        Channels of every convolution.
    kernel_sizes : sequence of int or None, default=None
        Kernel width of each convolution layer, one per layer.  ``None`` means
        9 for the first, 5 for the second and 3 for the others.
    pool_size : int, default=3
        Max-pooling width between convolution layers.  3 rather than 2
        shortens the second and third convolutions, where most of the
        arithmetic is, to about two thirds and one half of their length, so an
        epoch is cheaper for about the same validation AUC per epoch
        (``docs/classifier.md``).
    n_highway_layers : int, default=5
        Number of highway layers.
    highway_units : int, default=32
        Width of the highway layers.
    dropout : float, default=0.1
        Dropout probability after the convolutions and before the output.
    dropout_after_pooling : bool, default=True
        Drop out the pooled activations of the convolutions followed by
        pooling (convolution, normalisation, pooling, ReLU, dropout, as
        DeepSEA and Basset order them) rather than the full-length ones
        before pooling (``False``, the 0.2 network).  The mask then covers a
        third of the positions, which makes a training step cheaper.  The same
        rate perturbs pooled activations more than full-length ones (pooling
        keeps the largest survivor of a window), so the default rate after
        pooling is lower than the 0.3 used before it; it was chosen on
        hold-outs of training data (``docs/classifier.md``).
    lr : float, default=3e-3
        Adam's learning rate (the peak of a ``"onecycle"`` or ``"cosine"``
        schedule).
    weight_decay : float, default=0.0
        Adam's L2 penalty.
    batch_size : int, default=128
        Mini-batch size for training.
    max_epochs : int, default=15
        Passes over the training data (and the span of a learning-rate
        schedule).
    validation_fraction : float or None, default=0.1
        Share of the training data held out (stratified) to pick the best
        epoch; ``None`` trains on everything and keeps the last epoch.
    lr_schedule : {"constant", "onecycle", "cosine"}, default="constant"
        Learning rate over the ``max_epochs`` budget: ``"constant"`` keeps
        ``lr``; the schedules are stepped every batch: ``"onecycle"`` warms up
        from ``lr / 25`` to ``lr`` over the first 30 % of the budget and
        anneals to nearly 0 (``OneCycleLR``, which also cycles Adam's first
        beta); ``"cosine"`` warms up linearly over
        ``warmup_epochs`` and decays to 0 along a cosine.  The default is a
        constant rate: on hold-outs of training data neither schedule trained
        better for the time (``docs/classifier.md``).
    warmup_epochs : float or None, default=None
        Length of the warm-up; ``None`` means 30 % of ``max_epochs`` for
        ``"onecycle"`` and one epoch for ``"cosine"``.
    early_stopping : {"valid_auc", "valid_loss"}, default="valid_auc"
        What scores the validation split after every epoch: ROC AUC
        (one-vs-rest for more classes) or the loss.  The weights of the best
        epoch are kept.
    patience : int or None, default=3
        Epochs without improvement before training stops; ``None`` trains
        all ``max_epochs`` and keeps the best.
    ema_epochs : float or None, default=1.0
        Keep an exponential moving average of the weights over about this
        many epochs of optimizer steps
        (:class:`~sklearn_demotif._training.WeightAverage`); the average is
        what is validated, picked by early stopping and kept.  ``None`` keeps
        the optimizer's own weights.
    reverse_complement : bool, default=True
        Augment with reverse complements and average both strands at
        prediction.  Only for one-hot DNA: ``fit`` on ``X`` with another
        number of channels than 4 raises ``ValueError``; set it to ``False``.
    device : str, default="auto"
        ``"auto"`` takes CUDA when available, else the CPU; or any torch
        device.  One that is not available raises ``ValueError`` before
        training.
    precision : {"auto", "float32", "bfloat16", "float16"}, default="auto"
        Arithmetic of the forward passes (``torch.autocast``; weights and
        optimizer stay float32): ``"auto"`` is bfloat16 on CUDA GPUs that
        support it, float16 (with loss scaling) on older ones, bfloat16 on
        CPUs that compute it natively (AVX-512 BF16 or AMX BF16) and float32
        on other CPUs, where bfloat16 is emulated and slower.  Losses,
        weight averages, the optimizer and the returned predictions are
        float32 in every case; class optimization and attributions compute
        their gradients in float32.
    compile : bool, default=False
        Compile the network with ``torch.compile`` before training (skorch's
        ``compile``).  On a 2-core CPU compiling took minutes and did not pay
        back within one factor's training, so it is off by default; try it
        for long GPU trainings.
    predict_batch_size : int, default=1024
        Sequences per batch when predicting and validating.  On the CPU the
        network sees them in pieces of exactly 128 (the last one padded), so
        larger batches only save overhead and a sequence's scores do not
        depend on the others predicted with it; on a GPU they fill the device.
    task_names : sequence of str or None, default=None
        Names of the tasks of a multilabel ``y`` (one distinct string per
        column); ``None`` takes a DataFrame's column names, else ``"task0"``,
        ``"task1"``, ...  Must be ``None`` for a single-label ``y``.
    random_state : int, RandomState instance or None, default=None
        Seed for weights, batches, dropout and the validation split.  The same
        integer gives the same model on the CPU.
    verbose : int, default=1
        1 prints skorch's table of epochs; 0 is silent.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels; for a multilabel ``y``, the task indices
        ``0`` to ``n_tasks - 1`` (as ``MLPClassifier``).
    task_names_ : ndarray of str of shape (n_tasks,)
        Names of the tasks; defined only when fitted on a multilabel ``y``.
    n_tasks_ : int
        Number of tasks (outputs); defined only when fitted on a multilabel ``y``.
    net_ : skorch.NeuralNetClassifier
        The trained skorch net (a :class:`~sklearn_demotif._training.SequenceNet`).
    history_ : skorch.History
        Per-epoch training and validation losses.
    n_epochs_ : int
        Epochs actually trained.
    sequence_length_ : int
        Length of the training sequences (1 for 2-D ``X``).
    n_features_in_ : int
        Number of input channels seen during fit: 4 for one-hot DNA,
        ``n_features`` for 2-D ``X``.
    feature_names_in_ : ndarray of str of shape (n_features,)
        Names of the columns of a 2-D ``X`` seen during fit, defined only when
        it was a DataFrame with string column names.
    device_ : str
        The device trained on.

    See Also
    --------
    OneHotDNA : Turns DNA strings into the input this classifier expects.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> X, y = make_motif_dataset("MA0139", n_samples=200, length=50, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepMotifClassifier(max_epochs=2, random_state=0, verbose=0)
    ... )
    >>> model.fit(X, y).predict_proba(X[:3]).shape
    (3, 2)

    Several factors at once: one column per task, NaN where a label is unknown.

    >>> import numpy as np
    >>> labels = np.c_[y, 1 - y].astype(float)
    >>> labels[::2, 1] = np.nan
    >>> model.set_params(deepmotifclassifier__task_names=["bound", "unbound"])
    Pipeline(...)
    >>> model.fit(X, labels)[-1].task_names_
    array(['bound', 'unbound'], dtype='<U7')
    >>> model.predict_proba(X[:3]).shape
    (3, 2)
    """

    _parameter_constraints = {
        **SequenceClassifierBase._common_constraints,
        "n_conv_layers": [Interval(Integral, 1, None, closed="left")],
        "n_filters": [Interval(Integral, 1, None, closed="left")],
        "kernel_sizes": [None, "array-like"],
        "pool_size": [Interval(Integral, 1, None, closed="left")],
        "n_highway_layers": [Interval(Integral, 0, None, closed="left")],
        "highway_units": [Interval(Integral, 1, None, closed="left")],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "dropout_after_pooling": ["boolean"],
    }

    def __init__(
        self,
        *,
        n_conv_layers=DEMO_NETWORK["n_conv_layers"],
        n_filters=DEMO_NETWORK["n_filters"],
        kernel_sizes=None,
        pool_size=DEMO_NETWORK["pool_size"],
        n_highway_layers=DEMO_NETWORK["n_highway_layers"],
        highway_units=DEMO_NETWORK["highway_units"],
        dropout=DEMO_NETWORK["dropout"],
        dropout_after_pooling=DEMO_NETWORK["dropout_after_pooling"],
        lr=3e-3,
        weight_decay=0.0,
        batch_size=128,
        max_epochs=15,
        validation_fraction=0.1,
        lr_schedule="constant",
        warmup_epochs=None,
        early_stopping="valid_auc",
        patience=3,
        ema_epochs=1.0,
        reverse_complement=True,
        device="auto",
        precision="auto",
        compile=False,
        predict_batch_size=1024,
        task_names=None,
        random_state=None,
        verbose=1,
    ):
        self.n_conv_layers = n_conv_layers
        self.n_filters = n_filters
        self.kernel_sizes = kernel_sizes
        self.pool_size = pool_size
        self.n_highway_layers = n_highway_layers
        self.highway_units = highway_units
        self.dropout = dropout
        self.dropout_after_pooling = dropout_after_pooling
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.validation_fraction = validation_fraction
        self.lr_schedule = lr_schedule
        self.warmup_epochs = warmup_epochs
        self.early_stopping = early_stopping
        self.patience = patience
        self.ema_epochs = ema_epochs
        self.reverse_complement = reverse_complement
        self.device = device
        self.precision = precision
        self.compile = compile
        self.predict_batch_size = predict_batch_size
        self.task_names = task_names
        self.random_state = random_state
        self.verbose = verbose

    def _build_network(self, n_classes, n_channels, multilabel=False):
        kernel_sizes = self.kernel_sizes
        if kernel_sizes is None:
            kernel_sizes = default_kernel_sizes(self.n_conv_layers)
        if any(not isinstance(size, Integral) or isinstance(size, bool) or size < 1
               for size in kernel_sizes):
            raise ValueError(
                f"kernel_sizes={self.kernel_sizes!r} must hold positive integers, one per "
                "convolution layer"
            )
        kernel_sizes = tuple(int(size) for size in kernel_sizes)
        if len(kernel_sizes) != self.n_conv_layers:
            raise ValueError(
                f"kernel_sizes={self.kernel_sizes!r} has {len(kernel_sizes)} entries but "
                f"n_conv_layers={self.n_conv_layers}; give one kernel size per layer"
            )
        return DeepMotifNetwork(
            n_classes,
            n_conv_layers=self.n_conv_layers,
            n_filters=self.n_filters,
            kernel_sizes=kernel_sizes,
            pool_size=self.pool_size,
            n_highway_layers=self.n_highway_layers,
            highway_units=self.highway_units,
            dropout=self.dropout,
            dropout_after_pooling=self.dropout_after_pooling,
            in_channels=n_channels,
            multilabel=multilabel,
        )
