"""How the sequence classifiers train and predict: device, precision, schedule, stopping.

:class:`SequenceNet` is skorch's ``NeuralNetClassifier`` with the few hooks a
DNA classifier needs on a GPU and on a CPU: mixed precision (``torch.autocast``,
with a gradient scaler for float16), non-blocking host-to-device copies from
pinned memory, and inference in cache-sized pieces on the CPU.
:func:`training_callbacks` builds the learning-rate schedule and the early
stopping as skorch callbacks.  :func:`resolve_device` and
:func:`resolve_precision` turn the estimators' ``device`` and ``precision``
parameters into what torch needs, refusing impossible requests before any
training starts.
"""

import functools
import math
import warnings

import numpy as np
import torch
from sklearn.metrics import roc_auc_score
from skorch import NeuralNetClassifier
from skorch.callbacks import EarlyStopping, EpochScoring, LRScheduler
from skorch.dataset import unpack_data

from ._multilabel import per_task_auc
from ._options import EARLY_STOPPING, LR_SCHEDULES, PRECISIONS
from .networks import frozen_for_inference

__all__ = [
    "resolve_device",
    "resolve_precision",
    "cpu_has_native_bfloat16",
    "SequenceNet",
    "WeightAverage",
    "EpochBudgetLR",
    "training_callbacks",
    "validation_auc",
    "LR_SCHEDULES",
    "EARLY_STOPPING",
    "PRECISIONS",
    "CPU_INFERENCE_CHUNK",
    "CPU_INFERENCE_CHUNK_BFLOAT16",
    "cpu_inference_chunk",
]

#: Sequences per forward pass when predicting on the CPU.  A larger batch is
#: cut into pieces of this size, so every layer's output stays in the
#: processor's cache: one pass over 1,024 sequences at once ran at 60 % of the
#: rate of 128 (``benchmarks/test_prediction_throughput.py``).
CPU_INFERENCE_CHUNK = 128
#: The same for bfloat16 inference, whose activations take half the bytes:
#: pieces of 256 ran 1.1-1.2x the rate of 128 on a CPU with AMX BF16.
CPU_INFERENCE_CHUNK_BFLOAT16 = 256


def cpu_inference_chunk(autocast_dtype):
    """Sequences per forward pass on the CPU for an autocast type (``None``: float32).

    Examples
    --------
    >>> import torch
    >>> from sklearn_demotif._training import cpu_inference_chunk
    >>> cpu_inference_chunk(None), cpu_inference_chunk(torch.bfloat16)
    (128, 256)
    """
    return CPU_INFERENCE_CHUNK_BFLOAT16 if autocast_dtype == torch.bfloat16 else CPU_INFERENCE_CHUNK


def resolve_device(device):
    """The torch device to use: ``"auto"`` resolved, impossible requests refused.

    ``"auto"`` means ``"cuda"`` when torch sees a CUDA GPU, else ``"cpu"``.
    Any other value must be a device torch understands and can use here: a
    CUDA device needs a CUDA GPU (and its index must exist), ``"mps"`` an
    Apple GPU.  Checking this first turns a failure deep inside training into
    one clear message before any work is done.

    Parameters
    ----------
    device : str
        ``"auto"`` or a torch device string such as ``"cpu"``, ``"cuda"`` or
        ``"cuda:1"``.

    Returns
    -------
    device : str
        The device to train and predict on.

    Raises
    ------
    ValueError
        For a string that is no torch device, or a device that is not
        available on this machine.

    Examples
    --------
    >>> from sklearn_demotif.classifier import resolve_device
    >>> resolve_device("cpu")
    'cpu'
    >>> resolve_device("gpu")
    Traceback (most recent call last):
    ...
    ValueError: device='gpu' is not a torch device; use 'auto', 'cpu', 'cuda' or 'cuda:N'
    """
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        parsed = torch.device(device)
    except (RuntimeError, TypeError, ValueError):
        raise ValueError(
            f"device={device!r} is not a torch device; use 'auto', 'cpu', 'cuda' or 'cuda:N'"
        ) from None
    if parsed.type == "cuda":
        if not torch.cuda.is_available():
            build = "a CPU-only build" if torch.version.cuda is None else "no CUDA GPU visible"
            raise ValueError(
                f"device={device!r} asks for a CUDA GPU, but torch {torch.__version__} sees "
                f"none ({build}); use device='auto' (CUDA when available, else the CPU) "
                "or device='cpu'"
            )
        count = torch.cuda.device_count()
        if parsed.index is not None and parsed.index >= count:
            raise ValueError(
                f"device={device!r} asks for CUDA GPU {parsed.index}, but torch sees "
                f"{count} (cuda:0 to cuda:{count - 1})"
            )
    elif parsed.type == "mps" and not (
        hasattr(torch.backends, "mps") and torch.backends.mps.is_available()
    ):
        raise ValueError(f"device={device!r} asks for an Apple GPU (MPS), but none is available")
    elif parsed.type not in ("cpu", "cuda", "mps"):
        try:
            torch.empty(0, device=parsed)
        except (RuntimeError, AssertionError) as error:
            raise ValueError(f"device={device!r} cannot be used here ({error})") from None
    return device


#: CPU features that compute bfloat16 products in hardware: AVX-512 BF16 (Intel
#: Cooper Lake and newer, AMD Zen 4 and newer) and AMX BF16 (Intel Sapphire Rapids
#: and newer).
NATIVE_BFLOAT16_FEATURES = ("avx512_bf16", "amx_bf16")


@functools.cache
def cpu_has_native_bfloat16():
    """Whether this CPU computes bfloat16 natively (AVX-512 BF16 or AMX BF16).

    Read from what torch reports of the CPU (the feature table behind
    ``torch.backends.cpu.get_cpu_capability()``), or, where this torch does not
    report it, from the flags of ``/proc/cpuinfo``.  Elsewhere (other systems,
    older CPUs, Apple silicon) the answer is ``False``: bfloat16 is then
    emulated and slower than float32, so ``precision="auto"`` keeps float32.

    Returns
    -------
    native : bool

    Examples
    --------
    >>> from sklearn_demotif._training import cpu_has_native_bfloat16
    >>> cpu_has_native_bfloat16() in (True, False)
    True
    """
    try:
        features = torch._C._cpu._get_cpu_capability()
    except (AttributeError, RuntimeError):
        features = None
    if isinstance(features, dict):
        return any(bool(features.get(name)) for name in NATIVE_BFLOAT16_FEATURES)
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            flags = next((line for line in cpuinfo if line.startswith("flags")), "").split()
    except OSError:
        return False
    return any(name in flags for name in NATIVE_BFLOAT16_FEATURES)


def resolve_precision(precision, device):
    """The ``torch.autocast`` data type for a ``precision`` setting on a device.

    Parameters
    ----------
    precision : {"auto", "float32", "bfloat16", "float16"}
        ``"auto"`` is bfloat16 on CUDA GPUs that support it (Ampere and
        newer), float16 on older CUDA GPUs, bfloat16 on CPUs that compute in
        bfloat16 natively (:func:`cpu_has_native_bfloat16`) and float32
        elsewhere: a CPU without those instructions emulates bfloat16, which
        is slower than float32.
    device : str
        A resolved device (see :func:`resolve_device`).

    Returns
    -------
    dtype : torch.dtype or None
        The autocast type, or ``None`` for float32 throughout.

    Examples
    --------
    >>> import torch
    >>> from sklearn_demotif._training import cpu_has_native_bfloat16, resolve_precision
    >>> resolve_precision("auto", "cpu") is (torch.bfloat16 if cpu_has_native_bfloat16() else None)
    True
    >>> resolve_precision("bfloat16", "cpu")
    torch.bfloat16
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {list(PRECISIONS)}, got {precision!r}")
    if precision == "auto":
        kind = torch.device(device).type
        if kind == "cuda":
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.bfloat16 if kind == "cpu" and cpu_has_native_bfloat16() else None
    return None if precision == "float32" else getattr(torch, precision)


class WeightAverage:
    """Exponential moving average of a module's weights, kept beside the training.

    Every :meth:`update` (one per optimizer step) moves the average a fraction
    ``1 - decay`` towards the module's current floating-point tensors (weights
    and batch normalisation statistics).  The average starts at zero and is
    divided by ``1 - decay ** n_updates`` when read, so it is an unbiased mean
    of the steps seen so far from the first step on.  Integer buffers (batch
    normalisation's step counter) are not averaged.  The module's tensors are
    read and written in place, as its optimizer updates them.

    Parameters
    ----------
    module : torch.nn.Module
        The module being trained.
    decay : float
        Weight of the old average at each update, in [0, 1).

    Examples
    --------
    >>> import torch
    >>> from sklearn_demotif._training import WeightAverage
    >>> layer = torch.nn.Linear(1, 1, bias=False)
    >>> average = WeightAverage(layer, decay=0.5)
    >>> for value in (1.0, 3.0):
    ...     _ = layer.weight.data.fill_(value)
    ...     average.update()
    >>> average.swap_in()          # (0.5 * 1 + 1 * 3) / 1.5
    >>> round(layer.weight.item(), 4)
    2.3333
    >>> average.swap_out()         # the training weights are back
    >>> layer.weight.item()
    3.0
    """

    def __init__(self, module, decay):
        if not 0 <= decay < 1:
            raise ValueError(f"decay must be in [0, 1), got {decay!r}")
        self.decay = decay
        self.n_updates = 0
        self._tensors = {
            key: tensor for key, tensor in module.state_dict().items()
            if tensor.is_floating_point()
        }
        self.sums = {key: torch.zeros_like(tensor) for key, tensor in self._tensors.items()}
        # The same tensors as lists, for the fused update of every step.
        self._totals, self._currents = list(self.sums.values()), list(self._tensors.values())
        self.training_weights = None

    @torch.no_grad()
    def update(self):
        """Move the average towards the module's current weights (one fused operation)."""
        self.n_updates += 1
        torch._foreach_mul_(self._totals, self.decay)
        torch._foreach_add_(self._totals, self._currents, alpha=1 - self.decay)

    @torch.no_grad()
    def swap_in(self):
        """Keep a copy of the module's weights and give it the average instead."""
        self.training_weights = {key: tensor.clone() for key, tensor in self._tensors.items()}
        correction = 1 - self.decay**self.n_updates if self.n_updates else 1.0
        for key, total in self.sums.items():
            self._tensors[key].copy_(total / correction)

    @torch.no_grad()
    def swap_out(self):
        """Give the module back the weights kept by :meth:`swap_in`."""
        if self.training_weights is None:
            return
        for key, tensor in self.training_weights.items():
            self._tensors[key].copy_(tensor)
        self.training_weights = None


class SequenceNet(NeuralNetClassifier):
    """skorch's ``NeuralNetClassifier`` with mixed precision, fast copies and CPU chunks.

    - ``autocast_dtype`` runs every forward pass under ``torch.autocast``
      (float32 weights and optimizer, half-precision matrix products); the
      logits are returned as float32, so losses and probabilities are float32.
      With float16 the loss is scaled (``torch.amp.GradScaler``) so small
      gradients do not vanish; bfloat16 needs no scaling.
    - Batches move to the device with ``non_blocking=True``; with
      ``iterator_*__pin_memory=True`` the copy overlaps the computation.
    - In evaluation mode on the CPU, batches larger than ``inference_chunk``
      pass through the network in pieces of that size (see
      :data:`CPU_INFERENCE_CHUNK`), so large prediction batches are not slower
      than small ones.
    - ``ema_epochs`` keeps an exponential moving average of the weights
      (:class:`WeightAverage`) over about that many epochs of steps.  The
      average is what is validated, scored, restored by early stopping and
      kept when training ends; the optimizer goes on from its own weights.

    Parameters
    ----------
    *args, **kwargs
        As for ``skorch.NeuralNetClassifier``.
    autocast_dtype : torch.dtype or None, default=None
        Autocast type of the forward passes; ``None`` is float32 throughout.
    inference_chunk : int or None, default=None
        Largest piece of a CPU evaluation batch; ``None`` never cuts.
    ema_epochs : float or None, default=None
        Horizon of the weight average, in epochs; ``None`` keeps the
        optimizer's weights.

    Examples
    --------
    >>> import numpy as np, torch
    >>> from sklearn_demotif._training import SequenceNet
    >>> from sklearn_demotif.networks import DeepBindNetwork
    >>> net = SequenceNet(DeepBindNetwork(2, n_motifs=4, motif_length=5),
    ...                   criterion=torch.nn.CrossEntropyLoss, max_epochs=1, verbose=0,
    ...                   train_split=None, autocast_dtype=torch.bfloat16)
    >>> X = np.random.RandomState(0).rand(8, 4, 20).astype(np.float32)
    >>> net.fit(X, np.arange(8) % 2).predict_proba(X).dtype
    dtype('float32')
    """

    def __init__(
        self, *args, autocast_dtype=None, inference_chunk=None, ema_epochs=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.autocast_dtype = autocast_dtype
        self.inference_chunk = inference_chunk
        self.ema_epochs = ema_epochs

    @property
    def _device_type(self):
        return torch.device(self.device or "cpu").type

    def initialize(self):
        super().initialize()
        scaling = self.autocast_dtype == torch.float16
        self.grad_scaler_ = torch.amp.GradScaler(self._device_type) if scaling else None
        self.weight_average_ = None
        return self

    def partial_fit(self, X, y=None, classes=None, **fit_params):
        try:
            return super().partial_fit(X, y, classes=classes, **fit_params)
        finally:
            # The module keeps the average; its sums and the training weights go.
            self.weight_average_ = None

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        if not (training and self.ema_epochs):
            return super().run_single_epoch(iterator, training, prefix, step_fn, **fit_params)
        if self.weight_average_ is None:
            steps = self.ema_epochs * max(1, len(iterator))
            self.weight_average_ = WeightAverage(self.module_, decay=max(0.0, 1 - 1 / steps))
        self.weight_average_.swap_out()
        super().run_single_epoch(iterator, training, prefix, step_fn, **fit_params)
        self.weight_average_.swap_in()

    def train_step(self, batch, **fit_params):
        step = super().train_step(batch, **fit_params)
        if getattr(self, "weight_average_", None) is not None:
            self.weight_average_.update()
        return step

    def _to_device(self, tensor):
        if isinstance(tensor, torch.Tensor) and self.device is not None:
            return tensor.to(self.device, non_blocking=True)
        return tensor

    def _bfloat16_copy(self):
        """The network held in bfloat16, batch normalisation folded, for CPU inference.

        Under autocast every layer but the matrix products (batch normalisation,
        pooling, the gates) works in float32 and converts back and forth; a copy
        whose weights are bfloat16 keeps the whole pass in bfloat16, and predicted
        2.8 times float32's rate where autocast ran 1.0-1.9 times (4,096 sequences,
        2 cores with AMX).  The copy is made again whenever a weight or a batch
        normalisation statistic changes (their version counters), so optimizer
        steps, the weight average and loaded weights are always seen.  ``None``
        for networks that keep a part in float32 (``keeps_float32``).
        """
        module = self.module_
        # Called once per prediction batch: read the version counters only, and decide
        # (and copy) again only when one of them has moved.
        versions = [tensor._version for tensor in (*module.parameters(), *module.buffers())]
        key = (id(module), versions)
        cache = self.__dict__.setdefault("_bfloat16_cache", {})
        if cache.get("key") != key:
            keeps_float32 = any(getattr(part, "keeps_float32", False) for part in module.modules())
            copy = None if keeps_float32 else frozen_for_inference(module).to(torch.bfloat16)
            cache.update(key=key, module=copy)
        return cache["module"]

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_bfloat16_cache", None)
        return state

    def infer(self, x, **fit_params):
        x = self._to_device(torch.as_tensor(x))
        chunk = self.inference_chunk
        inference = not self.module_.training and x.device.type == "cpu"
        in_bfloat16 = inference and self.autocast_dtype == torch.bfloat16
        copy = self._bfloat16_copy() if in_bfloat16 else None
        if copy is not None:
            with torch.no_grad():
                pieces = x.split(chunk) if chunk else [x]
                return torch.cat([copy(piece.to(torch.bfloat16)) for piece in pieces]).float()
        with torch.autocast(
            self._device_type,
            dtype=self.autocast_dtype or torch.float32,
            enabled=self.autocast_dtype is not None,
        ):
            if chunk and not self.module_.training and x.device.type == "cpu" and len(x) > chunk:
                logits = torch.cat([self.module_(piece, **fit_params) for piece in x.split(chunk)])
            else:
                logits = self.module_(x, **fit_params)
        return logits.float()

    def get_loss(self, y_pred, y_true, *args, **kwargs):
        return super().get_loss(y_pred, self._to_device(y_true), *args, **kwargs)

    def train_step_single(self, batch, **fit_params):
        if getattr(self, "grad_scaler_", None) is None:
            return super().train_step_single(batch, **fit_params)
        self._set_training(True)
        Xi, yi = unpack_data(batch)
        y_pred = self.infer(Xi, **fit_params)
        loss = self.get_loss(y_pred, yi, X=Xi, training=True)
        self.grad_scaler_.scale(loss).backward()
        for name in self._optimizers:
            self.grad_scaler_.unscale_(getattr(self, name + "_"))
        return {"loss": loss, "y_pred": y_pred}

    def _step_optimizer(self, step_fn):
        if getattr(self, "grad_scaler_", None) is None:
            return super()._step_optimizer(step_fn)
        step_fn()
        for name in self._optimizers:
            self.grad_scaler_.step(getattr(self, name + "_"))
        self.grad_scaler_.update()


def _warmup_cosine(total_steps, warmup_steps):
    """``LambdaLR`` factor: linear warm-up to 1 over ``warmup_steps``, cosine to 0 after."""

    def factor(step):
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        progress = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
        return 0.5 * (1.0 + math.cos(math.pi * progress))

    return factor


class EpochBudgetLR(LRScheduler):
    """skorch's ``LRScheduler``, stepped every batch over a budget of epochs.

    The schedule spans ``max_epochs`` epochs of the training split, whose
    number of batches is known only once ``fit`` has split off the validation
    data; the torch scheduler is therefore built at the first epoch, from the
    training iterator's length.  Training may still stop earlier (early
    stopping); the schedule does not stretch.

    Parameters
    ----------
    schedule : {"onecycle", "cosine"}
        ``"onecycle"`` is ``torch.optim.lr_scheduler.OneCycleLR`` peaking at
        the optimizer's learning rate (warm-up from a 25th of it, cosine
        annealing to a millionth; Adam's first beta cycles 0.95 → 0.85 →
        0.95).  ``"cosine"`` is a linear warm-up to the learning rate, then a
        cosine decay to 0.
    max_epochs : int
        Epochs the schedule spans.
    warmup_epochs : float or None, default=None
        Length of the warm-up; ``None`` means 30 % of the budget for
        ``"onecycle"`` and one epoch for ``"cosine"``.

    Examples
    --------
    >>> from sklearn_demotif._training import EpochBudgetLR
    >>> EpochBudgetLR("onecycle", max_epochs=8).schedule
    'onecycle'
    """

    def __init__(self, schedule, max_epochs, warmup_epochs=None):
        super().__init__(policy=None, step_every="batch", event_name=None)
        self.schedule = schedule
        self.max_epochs = max_epochs
        self.warmup_epochs = warmup_epochs

    @property
    def kwargs(self):
        return {}

    def on_train_begin(self, net, **kwargs):
        self.lr_scheduler_ = None

    def on_epoch_begin(self, net, dataset_train=None, **kwargs):
        if self.lr_scheduler_ is not None:
            return
        steps_per_epoch = max(1, len(net.get_iterator(dataset_train, training=True)))
        total_steps = self.max_epochs * steps_per_epoch
        optimizer = net.optimizer_
        if self.schedule == "onecycle":
            warmup = 0.3 * self.max_epochs if self.warmup_epochs is None else self.warmup_epochs
            # OneCycleLR divides by the warm-up's length in steps: keep it >= 0.5
            # step, so budgets of a few batches work too.
            share = min(0.9, max(1.5 / total_steps, min(0.5, warmup / self.max_epochs)))
            self.lr_scheduler_ = torch.optim.lr_scheduler.OneCycleLR(
                optimizer,
                max_lr=[group["lr"] for group in optimizer.param_groups],
                total_steps=total_steps,
                pct_start=share,
            )
        else:
            warmup = 1.0 if self.warmup_epochs is None else self.warmup_epochs
            self.lr_scheduler_ = torch.optim.lr_scheduler.LambdaLR(
                optimizer,
                _warmup_cosine(total_steps, max(1, round(warmup * steps_per_epoch))),
            )


def validation_auc(net, X, y):
    """ROC AUC of a net on its validation split; NaN when the split lacks a class.

    The scorer of ``EpochScoring(..., name="valid_auc")``: the class-1 AUC for
    two classes, the one-vs-rest average for more.  A stratified split of a
    small or very unbalanced training set can miss a class; the AUC is then
    undefined, a warning says so, and early stopping never counts an
    improvement, so training keeps the last epoch.  For a multilabel ``y``
    (2-D, NaN where unknown) it is the mean over tasks of each task's AUC on
    its known labels (:func:`~sklearn_demotif._multilabel.per_task_auc`),
    leaving out tasks whose known labels in the split lack a class.

    Parameters
    ----------
    net : skorch.NeuralNetClassifier
        The net being trained (its ``predict_proba`` uses skorch's cache).
    X : dataset
        The validation inputs.
    y : array-like of shape (n_sequences,) or (n_sequences, n_tasks)
        Their encoded labels, ``0`` to ``n_classes - 1``; or 0, 1 and NaN
        per task for a multilabel net.

    Returns
    -------
    auc : float

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> from sklearn_demotif._training import validation_auc
    >>> net = SimpleNamespace(classes=np.arange(2),
    ...                       predict_proba=lambda X: np.array([[.9, .1], [.2, .8]]))
    >>> validation_auc(net, None, np.array([0, 1]))
    1.0
    """
    y = np.asarray(y)
    if y.ndim == 2:
        return _mean_task_auc(net, X, y)
    n_classes = len(net.classes)
    if len(np.unique(y)) < n_classes:
        warnings.warn(
            f"the validation split holds {len(np.unique(y))} of {n_classes} classes, so its "
            "ROC AUC is undefined and the last epoch is kept; use more training data or "
            "early_stopping='valid_loss'",
            UserWarning,
            stacklevel=2,
        )
        return float("nan")
    proba = net.predict_proba(X)
    if n_classes == 2:
        return float(roc_auc_score(y, proba[:, 1]))
    return float(roc_auc_score(y, proba, multi_class="ovr"))


def _mean_task_auc(net, X, y):
    aucs = per_task_auc(y, net.predict_proba(X))
    if np.isnan(aucs).all():
        warnings.warn(
            "no task's known labels in the validation split hold both classes, so its ROC "
            "AUC is undefined and the last epoch is kept; use more training data or "
            "early_stopping='valid_loss'",
            UserWarning,
            stacklevel=3,
        )
        return float("nan")
    return float(np.nanmean(aucs))


def training_callbacks(
    *, lr_schedule, max_epochs, warmup_epochs, early_stopping, patience, validate
):
    """The skorch callbacks of a sequence classifier's training, in the order they must run.

    Parameters
    ----------
    lr_schedule : {"onecycle", "cosine", "constant"}
        Per-batch schedule over ``max_epochs`` (see :class:`EpochBudgetLR`), or
        the optimizer's learning rate throughout.
    max_epochs : int
        The epoch budget.
    warmup_epochs : float or None
        Warm-up of the schedule (see :class:`EpochBudgetLR`).
    early_stopping : {"valid_auc", "valid_loss"}
        What the validation split is scored by: ROC AUC
        (:func:`validation_auc`; higher is better) or the loss.
    patience : int or None
        Epochs without improvement before training stops; ``None`` never
        stops early.  Either way the best epoch's weights are restored.
    validate : bool
        Whether there is a validation split; without one, only the schedule.

    Returns
    -------
    callbacks : list of (str, skorch.callbacks.Callback)
        The AUC scorer comes before early stopping, which reads its value.

    Examples
    --------
    >>> from sklearn_demotif._training import training_callbacks
    >>> callbacks = training_callbacks(
    ...     lr_schedule="onecycle", max_epochs=8, warmup_epochs=None,
    ...     early_stopping="valid_auc", patience=None, validate=True)
    >>> [name for name, _ in callbacks]
    ['lr_schedule', 'valid_auc', 'early_stopping']
    """
    if lr_schedule not in LR_SCHEDULES:
        raise ValueError(f"lr_schedule must be one of {list(LR_SCHEDULES)}, got {lr_schedule!r}")
    if early_stopping not in EARLY_STOPPING:
        raise ValueError(
            f"early_stopping must be one of {list(EARLY_STOPPING)}, got {early_stopping!r}"
        )
    callbacks = []
    if lr_schedule != "constant":
        callbacks.append(("lr_schedule", EpochBudgetLR(lr_schedule, max_epochs, warmup_epochs)))
    if not validate:
        return callbacks
    if early_stopping == "valid_auc":
        callbacks.append(
            ("valid_auc", EpochScoring(validation_auc, lower_is_better=False, name="valid_auc"))
        )
    callbacks.append(
        (
            "early_stopping",
            EarlyStopping(
                monitor=early_stopping,
                lower_is_better=early_stopping == "valid_loss",
                patience=max_epochs if patience is None else patience,
                load_best=True,
            ),
        )
    )
    return callbacks
