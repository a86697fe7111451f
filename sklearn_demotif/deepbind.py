"""DeepBind (Alipanahi et al., 2015) as a scikit-learn classifier, and its calibration.

:class:`DeepBindClassifier` trains :class:`~sklearn_demotif.networks.DeepBindNetwork`
with the same machinery as :class:`~sklearn_demotif.DeepMotifClassifier` (input
checks, skorch training loop, early stopping, seeding), so the two are compared
on equal terms.  :func:`deepbind_search` is DeepBind's calibration protocol,
random search with 3-fold cross-validation on the training data, written as a
:class:`~sklearn.model_selection.RandomizedSearchCV`.
"""

from numbers import Integral, Real

from scipy.stats import loguniform
from sklearn.model_selection import RandomizedSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from ._options import DEEPBIND_NETWORK, POOLINGS
from .classifier import DeepMotifClassifier, SequenceClassifierBase
from .networks import DeepBindNetwork
from .one_hot import OneHotDNA

__all__ = ["DeepBindClassifier", "deepbind_search", "DEEPBIND_SEARCH_SPACE"]


class DeepBindClassifier(SequenceClassifierBase):
    """DeepBind's classifier: motif detectors, global pooling, one binding score.

    DeepBind (Alipanahi, Delong, Weirauch & Frey, Nature Biotechnology 2015)
    scans each sequence, padded with ``motif_length - 1`` ``N`` columns on both
    sides, with ``n_motifs`` motif detectors; rectifies and pools each scan to
    one number; passes the pooled features through dropout and an optional
    hidden layer of 32 units; and outputs one binding score.  Both strands are
    scored and the higher score is kept.  See
    :class:`~sklearn_demotif.networks.DeepBindNetwork`.

    The defaults follow DeepBind's ChIP-seq setting and the middle of its
    calibration ranges (supplementary notes and the released code): 16 detectors
    of width 24, max pooling, a hidden layer of 32 units (DeepBind's model
    "M2"), dropout 0.25 (DeepBind drew from {0, 0, 0.25, 0.5}), mini-batches of
    64 and no weight decay (DeepBind drew it from 1e-15 to 1e-3).  DeepBind
    trained with SGD and Nesterov momentum for up to 20,000 steps with a
    learning rate drawn from 5e-4 to 5e-2; this estimator uses the shared Adam
    training loop with ``lr=1e-3`` and early stopping on a validation split,
    which reaches the same losses in fewer epochs.  DeepBind calibrated every
    experiment by random search; :func:`deepbind_search` does the same.

    Strands: the network itself keeps the higher of the two strands' scores,
    so ``reverse_complement`` (the shared strand wrapper, which augments with
    reverse complements and averages both strands) defaults to ``False``.
    Setting it to ``True`` changes nothing at prediction, because the scores of
    a sequence and of its reverse complement are already equal.

    Input: one-hot DNA of shape ``(n_sequences, 4, length)``, scored on both
    strands as above.  ``X`` with another number of channels (for example a
    2-D numeric array of shape ``(n_samples, n_features)``, read as
    ``n_features`` channels of length one) is scored as given, on one
    "strand", with ``reverse_complement=False``; ``n_features_in_`` is the
    number of channels.

    Parameters
    ----------
    n_motifs : int, default=16
        Number of motif detectors.
    motif_length : int, default=24
        Width of every motif detector.
    pooling : {"max", "max_avg"}, default="max"
        Global pooling: the maximum of each detector, or its maximum and average.
    n_hidden : int, default=32
        Units of the hidden layer; 0 for none (DeepBind's model "M1").
    dropout : float, default=0.25
        Dropout probability on the pooled features.
    lr : float, default=1e-3
        Adam's learning rate.
    weight_decay : float, default=0.0
        Adam's L2 penalty.
    batch_size : int, default=64
        Mini-batch size for training.
    max_epochs : int, default=40
        Upper bound on passes over the training data.
    validation_fraction : float or None, default=0.1
        Share of the training data held out (stratified) for early stopping;
        ``None`` trains on everything for ``max_epochs`` epochs.
    lr_schedule : {"constant", "onecycle", "cosine"}, default="constant"
        Learning rate over the ``max_epochs`` budget, as for
        :class:`~sklearn_demotif.DeepMotifClassifier`; DeepBind's setting is a
        constant rate.
    warmup_epochs : float or None, default=None
        Warm-up of a ``"onecycle"`` or ``"cosine"`` schedule.
    early_stopping : {"valid_loss", "valid_auc"}, default="valid_loss"
        What scores the validation split after every epoch; the best epoch's
        weights are kept.
    patience : int or None, default=5
        Epochs without improvement before training stops; ``None`` trains all
        ``max_epochs``.
    ema_epochs : float or None, default=None
        Horizon of an exponential moving average of the weights, as for
        :class:`~sklearn_demotif.DeepMotifClassifier`; DeepBind keeps its
        optimizer's weights.
    reverse_complement : bool, default=False
        Wrap the network in the shared strand wrapper (redundant here, see above).
    device : str, default="auto"
        ``"auto"`` takes CUDA when available, else the CPU; or any torch
        device.  One that is not available raises ``ValueError`` before
        training.
    precision : {"auto", "float32", "bfloat16", "float16"}, default="auto"
        Arithmetic of the forward passes (``torch.autocast``), as for
        :class:`~sklearn_demotif.DeepMotifClassifier`: ``"auto"`` is bfloat16
        or float16 on CUDA GPUs, bfloat16 on CPUs that compute it natively
        and float32 on other CPUs.  The motif detectors always compute in
        float32 (in bfloat16 they stop learning).
    compile : bool, default=False
        Compile the network with ``torch.compile`` before training.
    predict_batch_size : int, default=1024
        Sequences per batch when predicting and validating; on the CPU the
        network sees them in pieces of exactly 128 (the last one padded).
    task_names : sequence of str or None, default=None
        Names of the tasks of a multilabel ``y`` (one distinct string per
        column); ``None`` takes a DataFrame's column names, else ``"task0"``,
        ``"task1"``, ...  Must be ``None`` for a single-label ``y``.
    random_state : int, RandomState instance or None, default=None
        Seed for weights, batches, dropout and the validation split.
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
    DeepMotifClassifier : The DeMo classifier this baseline is compared with.
    deepbind_search : DeepBind's calibration by random search.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepBindClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> X, y = make_motif_dataset("MA0139", n_samples=200, length=50, random_state=0)
    >>> model = make_pipeline(
    ...     OneHotDNA(), DeepBindClassifier(max_epochs=2, random_state=0, verbose=0)
    ... )
    >>> model.fit(X, y).predict_proba(X[:3]).shape
    (3, 2)
    """

    _parameter_constraints = {
        **SequenceClassifierBase._common_constraints,
        "n_motifs": [Interval(Integral, 1, None, closed="left")],
        "motif_length": [Interval(Integral, 1, None, closed="left")],
        "pooling": [StrOptions(set(POOLINGS))],
        "n_hidden": [Interval(Integral, 0, None, closed="left")],
        "dropout": [Interval(Real, 0, 1, closed="left")],
    }

    def __init__(
        self,
        *,
        n_motifs=DEEPBIND_NETWORK["n_motifs"],
        motif_length=DEEPBIND_NETWORK["motif_length"],
        pooling=DEEPBIND_NETWORK["pooling"],
        n_hidden=DEEPBIND_NETWORK["n_hidden"],
        dropout=DEEPBIND_NETWORK["dropout"],
        lr=1e-3,
        weight_decay=0.0,
        batch_size=64,
        max_epochs=40,
        validation_fraction=0.1,
        lr_schedule="constant",
        warmup_epochs=None,
        early_stopping="valid_loss",
        patience=5,
        ema_epochs=None,
        reverse_complement=False,
        device="auto",
        precision="auto",
        compile=False,
        predict_batch_size=1024,
        task_names=None,
        random_state=None,
        verbose=1,
    ):
        self.n_motifs = n_motifs
        self.motif_length = motif_length
        self.pooling = pooling
        self.n_hidden = n_hidden
        self.dropout = dropout
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
        return DeepBindNetwork(
            n_classes,
            multilabel=multilabel,
            n_motifs=self.n_motifs,
            motif_length=self.motif_length,
            pooling=self.pooling,
            n_hidden=self.n_hidden,
            dropout=self.dropout,
            both_strands=n_channels == 4,
            in_channels=n_channels,
        )


#: The estimator class of every model name in :data:`~sklearn_demotif._options.MODELS`
#: (the benchmark's ``models``, ``demotif train --model``); here, the one module
#: that sees both classes.
_ESTIMATORS = {"demo": DeepMotifClassifier, "deepbind": DeepBindClassifier}

#: DeepBind's calibration ranges, as distributions over the pipeline's ``clf__``
#: parameters.  ``n_hidden`` picks DeepBind's model "M1" (0) or "M2" (32);
#: dropout repeats 0 as DeepBind's configuration does, so half the draws use
#: none; weight decay, one penalty for every weight, is log-uniform from 1e-10 to
#: 1e-3, the upper part of the range DeepBind drew from (1e-15 to 1e-3).  DeepBind
#: drew SGD learning rates from 5e-4 to 5e-2; for Adam the range is a decade lower.
DEEPBIND_SEARCH_SPACE = {
    "clf__lr": loguniform(1e-4, 1e-2),
    "clf__dropout": [0.0, 0.0, 0.25, 0.5],
    "clf__weight_decay": loguniform(1e-10, 1e-3),
    "clf__n_hidden": [0, 32],
}


@validate_params(
    {
        "n_iter": [Interval(Integral, 1, None, closed="left")],
        "cv": ["cv_object"],
        "random_state": ["random_state"],
        "n_jobs": [Integral, None],
    },
    prefer_skip_nested_validation=True,
)
def deepbind_search(n_iter=30, *, cv=3, random_state=0, n_jobs=None, **classifier_params):
    """DeepBind's calibration: random search with cross-validation on training data.

    DeepBind drew 30 hyperparameter settings per experiment, scored each by
    3-fold cross-validation on the training data and retrained the best one on
    all of it.  This returns that protocol as an unfitted
    :class:`~sklearn.model_selection.RandomizedSearchCV` over
    ``Pipeline([("onehot", OneHotDNA()), ("clf", DeepBindClassifier(...))])``
    scored by ROC AUC, so ``fit`` takes DNA strings and the fitted search
    predicts with the refitted best pipeline.  The ranges are
    :data:`DEEPBIND_SEARCH_SPACE`.

    Parameters
    ----------
    n_iter : int, default=30
        Number of settings drawn.
    cv : int or cross-validation generator, default=3
        An int means that many stratified, shuffled folds seeded by
        ``random_state``.
    random_state : int or None, default=0
        Seed of the draws, the folds and every classifier.
    n_jobs : int or None, default=None
        Parallel fits (joblib); runs on a Dask cluster under
        ``joblib.parallel_backend("dask")``.
    **classifier_params
        Fixed :class:`DeepBindClassifier` parameters, e.g. ``max_epochs=20``;
        ``verbose`` defaults to 0.

    Returns
    -------
    search : sklearn.model_selection.RandomizedSearchCV
        The unfitted search.

    Examples
    --------
    >>> from sklearn_demotif.deepbind import deepbind_search
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> X, y = make_motif_dataset("MA0139", n_samples=120, length=40, random_state=0)
    >>> search = deepbind_search(n_iter=2, cv=2, max_epochs=1, n_motifs=4)
    >>> search.fit(X, y).best_estimator_[-1].n_motifs
    4
    """
    classifier_params = {"verbose": 0, **classifier_params}
    pipeline = Pipeline(
        [
            ("onehot", OneHotDNA()),
            ("clf", DeepBindClassifier(random_state=random_state, **classifier_params)),
        ]
    )
    if isinstance(cv, Integral):
        cv = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    return RandomizedSearchCV(
        pipeline,
        DEEPBIND_SEARCH_SPACE,
        n_iter=n_iter,
        scoring="roc_auc",
        cv=cv,
        refit=True,
        n_jobs=n_jobs,
        random_state=random_state,
    )
