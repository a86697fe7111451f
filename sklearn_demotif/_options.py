"""Every option list and every shared default, written once and importing nothing.

The estimators' ``_parameter_constraints``, the networks, the readers and the
``demotif`` parser all read their choices and defaults from here, so a new
schedule or a changed default is one edit, and the command line (which may
import nothing heavy) offers exactly what the Python API accepts.  The public
names stay where users know them (``sklearn_demotif.datasets.NEGATIVE_KINDS``,
``sklearn_demotif.motifs.MOTIF_FORMATS``, ``sklearn_demotif.benchmark.MODELS``,
...): those modules bind the objects defined here.

Examples
--------
>>> from sklearn_demotif._options import LR_SCHEDULES, DEMO_NETWORK
>>> LR_SCHEDULES
('constant', 'onecycle', 'cosine')
>>> DEMO_NETWORK["n_filters"]
128
"""

from types import MappingProxyType

__all__ = [
    "LR_SCHEDULES",
    "EARLY_STOPPING",
    "PRECISIONS",
    "POOLINGS",
    "NEGATIVE_KINDS",
    "MOTIF_FORMAT_NAMES",
    "MOTIF_FORMATS",
    "LOGO_KINDS",
    "BASELINES",
    "BACKGROUNDS",
    "MODELS",
    "DEMO_NETWORK",
    "DEEPBIND_NETWORK",
    "CLASS_OPTIMIZATION",
    "MOTIF_OUTPUTS",
    "PEAK_WINDOWS",
    "PAST_END",
    "SCAN_STRIDE",
    "SCORING_BATCH_SIZE",
    "MAX_MOTIFS",
    "MOTIF_SPACINGS",
    "default_kernel_sizes",
]

#: Learning-rate schedules of the estimators' ``lr_schedule``.
LR_SCHEDULES = ("constant", "onecycle", "cosine")
#: What early stopping can monitor on the validation split (``early_stopping``).
EARLY_STOPPING = ("valid_auc", "valid_loss")
#: Values of the estimators' ``precision`` parameter.
PRECISIONS = ("auto", "float32", "bfloat16", "float16")
#: Global pooling of DeepBind's detectors (``pooling``).
POOLINGS = ("max", "max_avg")
#: The kinds of negatives :func:`~sklearn_demotif.datasets.load_peaks` makes.
NEGATIVE_KINDS = ("shuffle", "gc_matched", "flanks")
#: The motif file formats :func:`~sklearn_demotif.motifs.write_motifs` writes.
MOTIF_FORMAT_NAMES = ("meme", "jaspar", "transfac")
#: File-name extension -> format name, as
#: :func:`~sklearn_demotif.motifs.write_motifs` understands them.
MOTIF_FORMATS = {
    ".meme": "meme",
    ".txt": "meme",
    ".jaspar": "jaspar",
    ".pfm": "jaspar",
    ".transfac": "transfac",
    ".tf": "transfac",
}
#: What the height of a logo's letters shows (``PWM.plot``,
#: :func:`~sklearn_demotif.plotting.plot_logo`): bits of information, or probabilities.
LOGO_KINDS = ("information", "probability")
#: The named baselines of :func:`~sklearn_demotif.interpret.integrated_gradients` (an
#: array is the other choice): 0.25 everywhere, or zeros.
BASELINES = ("uniform", "zeros")
#: The named backgrounds of :func:`~sklearn_demotif.motifs.ama_score` and
#: :func:`~sklearn_demotif.motifs.motif_auc` (``None``, from ``X``, and four frequencies are
#: the others).
BACKGROUNDS = ("uniform",)
#: Model names understood by :func:`~sklearn_demotif.benchmark.run_benchmark` and
#: ``demotif train --model``: ``"demo"`` is :class:`~sklearn_demotif.DeepMotifClassifier`,
#: ``"deepbind"`` is :class:`~sklearn_demotif.DeepBindClassifier` (in the benchmark
#: calibrated by :func:`~sklearn_demotif.deepbind.deepbind_search` unless ``search_iter=0``).
MODELS = ("demo", "deepbind")


def default_kernel_sizes(n_conv_layers):
    """DeMo's kernel widths for ``n_conv_layers`` convolutions: 9, then 5, then 3s.

    Examples
    --------
    >>> from sklearn_demotif._options import default_kernel_sizes
    >>> default_kernel_sizes(4)
    (9, 5, 3, 3)
    """
    return ((9, 5) + (3,) * n_conv_layers)[:n_conv_layers]


#: The defaults of DeMo's network, shared by :class:`~sklearn_demotif.networks.DeepMotifNetwork`
#: and :class:`~sklearn_demotif.DeepMotifClassifier` (whose ``kernel_sizes=None`` means
#: :func:`default_kernel_sizes`).
DEMO_NETWORK = MappingProxyType(
    {
        "n_conv_layers": 3,
        "n_filters": 128,
        "kernel_sizes": default_kernel_sizes(3),
        "pool_size": 3,
        "n_highway_layers": 5,
        "highway_units": 32,
        "dropout": 0.1,
        "dropout_after_pooling": True,
    }
)
#: The defaults of DeepBind's network, shared by
#: :class:`~sklearn_demotif.networks.DeepBindNetwork` and
#: :class:`~sklearn_demotif.DeepBindClassifier`.
DEEPBIND_NETWORK = MappingProxyType(
    {
        "n_motifs": 16,
        "motif_length": 24,
        "pooling": "max",
        "n_hidden": 32,
        "dropout": 0.25,
    }
)
#: The defaults of class optimization (:func:`~sklearn_demotif.interpret.optimize_class`,
#: which ``motif_()`` and ``demotif motif`` call).
CLASS_OPTIMIZATION = MappingProxyType(
    {
        "n_restarts": 8,
        "n_steps": 1000,
        "lr": 0.05,
        "l2": 0.009,
        "pseudocount": 0.1,
        "output": "core",
        "n_background": 200,
    }
)
#: What :func:`~sklearn_demotif.interpret.optimize_class` (``motif_()``, ``demotif motif
#: --output``) returns: ``"core"``, the core of the optimized inputs that raises the class's
#: log-odds most when inserted into background sequences (at most 30 columns), or
#: ``"input"``, the paper's literal output: the whole optimized input of the best restart.
MOTIF_OUTPUTS = ("core", "input")
#: The defaults of :func:`~sklearn_demotif.datasets.load_peaks` that ``demotif train
#: --peaks`` names in its help: window width, kinds of negatives, negatives per peak.
PEAK_WINDOWS = MappingProxyType(
    {
        "width": 101,
        "negatives": "gc_matched",
        "n_negatives": 1,
    }
)
#: What becomes of a window that reaches past a chromosome end
#: (:func:`~sklearn_demotif.datasets.load_peaks`, ``Genome.fetch_windows``): left out, or
#: padded with ``N``.
PAST_END = ("skip", "pad")
#: Bases between the windows of a genome scan
#: (:func:`~sklearn_demotif.interpret.scan_genome`, ``demotif scan --stride``).
SCAN_STRIDE = 10
#: Windows scored at a time by :func:`~sklearn_demotif.interpret.scan_genome` and
#: :func:`~sklearn_demotif.interpret.variant_effects` (``demotif scan|variants --batch-size``).
SCORING_BATCH_SIZE = 1024
#: The most motifs :func:`~sklearn_demotif.interpret.find_motifs` returns
#: (``demotif motif --all --max-motifs``).
MAX_MOTIFS = 10
#: The spacings :func:`~sklearn_demotif.interpret.motif_spacing` tries by default, as
#: ``(start, stop)`` of a ``range``: 0 to 40 bases (``demotif spacing --spacings 0:41``).
MOTIF_SPACINGS = (0, 41)
