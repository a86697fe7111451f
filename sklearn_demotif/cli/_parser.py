"""The ``demotif`` command line: arguments only, so ``--help`` imports nothing heavy.

Every subcommand names the module that runs it (``command_module``);
:func:`sklearn_demotif.cli.main` imports that module only once the arguments
parse, so ``demotif --help`` and ``demotif SUBCOMMAND --help`` never import
torch, matplotlib or numba.
"""

import argparse

from .._options import (
    CLASS_OPTIMIZATION,
    EARLY_STOPPING,
    LR_SCHEDULES,
    MAX_MOTIFS,
    MODELS,
    MOTIF_FORMAT_NAMES,
    MOTIF_OUTPUTS,
    MOTIF_SPACINGS,
    NEGATIVE_KINDS,
    PEAK_WINDOWS,
    POOLINGS,
    PRECISIONS,
    SCAN_STRIDE,
    SCORING_BATCH_SIZE,
)
from .._version import __version__

__all__ = ["build_parser", "DEMO_MOTIF", "DEMO_N_TRAIN", "DEMO_N_TEST", "DEMO_LENGTH",
           "DEMO_MAX_EPOCHS"]

#: The motif planted in the demo's synthetic data: JASPAR's REST (NRSF), a long
#: motif that no other JASPAR CORE vertebrate matrix resembles, so the learned
#: motif's best match is the planted matrix itself.  (CTCF's learned motif
#: matches all three JASPAR CTCF matrices, MA0139 often third.)
DEMO_MOTIF = "MA0138"
#: Demo data and training budget, chosen so that ``demotif demo`` finishes in
#: under three minutes on two CPU cores, TOMTOM's first compile included.
DEMO_N_TRAIN = 3000
DEMO_N_TEST = 1000
DEMO_LENGTH = 101
DEMO_MAX_EPOCHS = 10


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _job_count(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value == 0:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes (1, 2, ...; -1 for one per CPU), got {text!r}"
        )
    return value


def _fraction(text):
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}")
    return value


def _none_or_int(text):
    if text.lower() == "none":
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number or 'none', got {text!r}"
        ) from None


def _none_or_float(text):
    if text.lower() in ("none", "0"):
        return None
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a fraction or 'none', got {text!r}") from None


def _spacings(text):
    """``START:STOP`` (a Python range, STOP excluded) or a comma-separated list of spacings."""
    try:
        if ":" in text:
            start, stop = (int(part) for part in text.split(":"))
            values = list(range(start, stop))
        else:
            values = [int(part) for part in text.split(",")]
    except ValueError:
        values = []
    if not values or min(values) < 0:
        raise argparse.ArgumentTypeError(
            f"expected START:STOP (e.g. 0:41, STOP excluded) or a list like 8,10,12 of "
            f"non-negative spacings, got {text!r}"
        )
    return values


def _one_of(options):
    """``'a', 'b' or 'c'``: the choices of an option, for its help."""
    quoted = [repr(option) for option in options]
    return f"{', '.join(quoted[:-1])} or {quoted[-1]}"


#: (parameter, type, help, extra argparse keywords) of the hyperparameter options of train.
HYPERPARAMETERS = [
    ("max_epochs", int, "upper bound on epochs", {}),
    ("lr", float, "Adam's learning rate", {}),
    ("batch_size", int, "mini-batch size", {}),
    ("weight_decay", float, "Adam's L2 penalty", {}),
    (
        "validation_fraction",
        _none_or_float,
        "share held out for early stopping; 'none' trains on everything",
        {},
    ),
    (
        "lr_schedule",
        str,
        f"learning rate over the epochs: {_one_of(LR_SCHEDULES)}",
        {"choices": LR_SCHEDULES},
    ),
    ("warmup_epochs", _none_or_float, "warm-up of a schedule in epochs ('none': its own)", {}),
    (
        "early_stopping",
        str,
        f"what picks the best epoch: {_one_of(EARLY_STOPPING)}",
        {"choices": EARLY_STOPPING},
    ),
    (
        "patience",
        _none_or_int,
        "epochs without improvement before stopping; 'none' trains every epoch",
        {},
    ),
    (
        "ema_epochs",
        _none_or_float,
        "horizon in epochs of the weight average that is validated and kept ('none': off)",
        {},
    ),
    (
        "reverse_complement",
        None,
        "augment with reverse complements and average both strands",
        {"action": argparse.BooleanOptionalAction},
    ),
    ("device", str, "'auto', 'cpu', 'cuda', ...", {}),
    (
        "precision",
        str,
        f"arithmetic of forward passes: {_one_of(PRECISIONS)} ('auto': half on a GPU, "
        "bfloat16 on CPUs with native bfloat16)",
        {"choices": PRECISIONS},
    ),
    (
        "compile",
        None,
        "compile the network with torch.compile (slow to start on a CPU)",
        {"action": argparse.BooleanOptionalAction},
    ),
    ("predict_batch_size", int, "sequences per batch when predicting and validating", {}),
    ("n_conv_layers", int, "demo: convolution layers", {}),
    ("n_filters", int, "demo: channels of every convolution", {}),
    ("kernel_sizes", int, "demo: kernel width of each convolution", {"nargs": "+"}),
    ("pool_size", int, "demo: max-pooling width between convolutions", {}),
    ("n_highway_layers", int, "demo: highway layers", {}),
    ("highway_units", int, "demo: width of the highway layers", {}),
    ("dropout", float, "dropout probability", {}),
    (
        "dropout_after_pooling",
        None,
        "demo: drop out after max-pooling (default, as DeepSEA does) or before it (0.2)",
        {"action": argparse.BooleanOptionalAction},
    ),
    ("n_motifs", int, "deepbind: motif detectors", {}),
    ("motif_length", int, "deepbind: width of the motif detectors", {}),
    # No choices: the estimator's own check names the parameter (exit status 1).
    ("pooling", str, f"deepbind: {_one_of(POOLINGS)}", {}),
    ("n_hidden", int, "deepbind: hidden units (0 for none)", {}),
]

#: Options of class optimization; absent ones keep ``optimize_class``'s defaults.
MOTIF_OPTIONS = [
    ("n_restarts", _positive_int, "random starts"),
    ("n_steps", _positive_int, "optimisation steps"),
]


def _motif_options(parser):
    group = parser.add_argument_group("class optimization (default: optimize_class's)")
    for name, kind, text in MOTIF_OPTIONS:
        group.add_argument(
            "--" + name.replace("_", "-"), dest=name, type=kind, default=argparse.SUPPRESS,
            help=text,
        )
    group.add_argument(
        "--trim-threshold",
        type=_fraction,
        default=None,
        help="drop end columns with less than this share of the top column's "
        "information (default: PWM.trim's)",
    )


def _peak_options(parser):
    group = parser.add_argument_group(
        "training from peaks (instead of DATA; see sklearn_demotif.datasets.load_peaks)"
    )
    group.add_argument(
        "--peaks", nargs="+", default=None, metavar="PEAKS",
        help="BED or narrowPeak file (plain or gzipped); several train one multi-task model, "
        "a task per file named by its file name less the suffixes, or NAME=FILE",
    )
    group.add_argument("--genome", default=None, help="genome FASTA (plain or bgzipped)")
    group.add_argument(
        "--negatives", nargs="+", choices=NEGATIVE_KINDS, default=None,
        help=f"kinds of negatives (default: {PEAK_WINDOWS['negatives']})",
    )
    group.add_argument(
        "--n-negatives", type=int, default=None,
        help=f"negatives of each kind per peak ({PEAK_WINDOWS['n_negatives']})",
    )
    group.add_argument(
        "--test-chromosomes", nargs="+", default=None, metavar="CHROM",
        help="chromosomes held out for testing (the test AUC is printed)",
    )
    group.add_argument("--exclude", default=None, help="BED of regions to avoid (a blacklist)")
    group.add_argument(
        "--report", default=None, metavar="HTML",
        help="write an HTML report on the held-out chromosomes (needs --test-chromosomes)",
    )


def _task_option(parser, what):
    parser.add_argument(
        "--task", default=None, metavar="NAME|INDEX",
        help=f"with a multi-task model: the task {what}, by name or 0-based index",
    )


def _model_option(parser):
    parser.add_argument("--model", required=True, metavar="MODEL_DIR", help="model folder")


def _device_option(parser):
    parser.add_argument("--device", default=None, help="'cpu', 'cuda', ... (default: saved)")


def _random_state_option(parser):
    parser.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")


def _no_compare_option(parser):
    parser.add_argument("--no-compare", action="store_true", help="skip the JASPAR comparison")


def _data_folder_option(parser, help):
    parser.add_argument("--data", default=None, metavar="DIR", help=help)


def _genome_options(parser, what):
    _model_option(parser)
    parser.add_argument("--genome", required=True, help="genome FASTA (plain or bgzipped)")
    parser.add_argument(
        "--batch-size", type=int, default=SCORING_BATCH_SIZE,
        help=f"{what} scored at a time (default: {SCORING_BATCH_SIZE})",
    )
    _device_option(parser)


def _hyperparameter_options(parser):
    group = parser.add_argument_group("hyperparameters (default: the estimator's)")
    for name, kind, text, extra in HYPERPARAMETERS:
        keywords = {"default": argparse.SUPPRESS, "help": text, **extra}
        if kind is not None:
            keywords["type"] = kind
        group.add_argument("--" + name.replace("_", "-"), dest=name, **keywords)


def _add_train(subcommands, common):
    train = subcommands.add_parser(
        "train",
        parents=[common],
        help="train a classifier and save it as a model folder",
        description="Train a classifier on labelled sequences and save it as a model folder. "
        "DATA is a labelled FASTA (the header is the label: >1, >0), a DeepBind .seq(.gz) "
        "file, a TSV/CSV table with sequence and label columns, or (positives only) plain "
        "FASTA / one sequence per line; input without negatives gets one dinucleotide shuffle "
        "of every sequence as a negative. Or, instead of DATA, --peaks (BED / narrowPeak) and "
        "--genome (FASTA): windows at the peak summits and negatives made from the genome.",
    )
    train.add_argument(
        "data", metavar="DATA", nargs="?", default=None,
        help="training sequences ('-' for stdin); or give --peaks and --genome",
    )
    train.add_argument("--out", required=True, metavar="MODEL_DIR", help="model folder to write")
    train.add_argument(
        "--model",
        choices=MODELS,
        default="demo",
        help="DeMo's network (default) or DeepBind's",
    )
    train.add_argument(
        "--length",
        type=_positive_int,
        default=None,
        help="centre-crop or N-pad sequences to this length (default: their length); "
        f"with --peaks the window width (default: {PEAK_WINDOWS['width']})",
    )
    train.add_argument("--sequence-column", default=None, help="sequence column of a table")
    train.add_argument("--label-column", default=None, help="label column of a table")
    _random_state_option(train)
    _peak_options(train)
    _motif_options(train)
    _hyperparameter_options(train)
    train.set_defaults(command_module="train")


def _add_predict(subcommands, common):
    predict = subcommands.add_parser(
        "predict",
        parents=[common],
        help="probabilities of new sequences (TSV on stdout)",
        description="Predict sequences with a model folder. SEQS is FASTA, a table, or one "
        "sequence per line ('-' for stdin). Writes a TSV to stdout: id and the probability "
        "of the positive class (one column per class for more than two classes).",
    )
    predict.add_argument("seqs", metavar="SEQS", help="sequences to score")
    _model_option(predict)
    _device_option(predict)
    predict.set_defaults(command_module="predict")


def _add_motif(subcommands, common):
    motif = subcommands.add_parser(
        "motif",
        parents=[common],
        help="extract the model's motif by class optimization",
        description="Extract the motif a model has learned (class optimization), write it as "
        "MEME, JASPAR or TRANSFAC, optionally draw its logo, and print its best JASPAR "
        "matches as a TSV on stdout.",
    )
    _model_option(motif)
    motif.add_argument("--out", required=True, help="motif file to write")
    motif.add_argument(
        "--format",
        choices=MOTIF_FORMAT_NAMES,
        default=None,
        help="file format (default: from the extension; meme without one)",
    )
    motif.add_argument("--logo", default=None, help="also draw the logo (.png, .svg, .pdf)")
    motif.add_argument("--target", default=None, help="class to optimise for (default: positive)")
    _task_option(motif, "to optimise for, or with --all to find motifs of (required there)")
    motif.add_argument("--no-trim", action="store_true", help="keep all columns")
    motif.add_argument(
        "--output", choices=MOTIF_OUTPUTS, default=CLASS_OPTIMIZATION["output"],
        help="core: the core of the optimized inputs that raises the class's log-odds most "
        "(at most 30 columns); input: the paper's whole optimized input (default: "
        f"{CLASS_OPTIMIZATION['output']})",
    )
    _no_compare_option(motif)
    motif.add_argument(
        "--top", type=_positive_int, default=5, help="JASPAR matches to print (default: 5)"
    )
    _random_state_option(motif)
    motif.add_argument(
        "--all",
        action="store_true",
        help="every motif the model uses (find_motifs: class optimization, filters and "
        "seqlets on --seqs), most important first; prints a TSV of their support, enrichment, "
        "centrality, effect and JASPAR match",
    )
    motif.add_argument(
        "--seqs",
        default=None,
        metavar="SEQS",
        help="with --all: sequences to find motifs in (labelled FASTA or a table with labels "
        "gives bound and unbound; unlabelled sequences are called by the model)",
    )
    motif.add_argument(
        "--max-motifs", type=int, default=MAX_MOTIFS,
        help=f"with --all: most motifs (default: {MAX_MOTIFS})",
    )
    _motif_options(motif)
    motif.set_defaults(command_module="motif")


def _add_benchmark(subcommands, common):
    benchmark = subcommands.add_parser(
        "benchmark",
        parents=[common],
        help="DeMo vs DeepBind on many ChIP-seq experiments",
        description="Train and score models on experiments under a data folder and put the "
        "AUCs beside DeepBind's published ones; prints a TSV, writes per-experiment results to "
        "--out (a rerun resumes).",
    )
    _data_folder_option(
        benchmark, "data folder (default: $DEMOTIF_DATA, else the download cache)"
    )
    benchmark.add_argument(
        "--experiments",
        nargs="+",
        default=None,
        metavar="NAME",
        help="experiments (default: all with training and test data)",
    )
    benchmark.add_argument("--out", default=None, metavar="RESULTS_DIR", help="results folder")
    benchmark.add_argument(
        "--models",
        nargs="+",
        choices=MODELS,
        default=list(MODELS),
        help="models (default: both)",
    )
    benchmark.add_argument("--quick", action="store_true", help="smoke run: few epochs")
    benchmark.add_argument(
        "--n-jobs", type=_job_count, default=1, help="local worker processes (-1: one per CPU)"
    )
    benchmark.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786"
    )
    _random_state_option(benchmark)
    benchmark.set_defaults(command_module="benchmark")


def _add_scan(subcommands, common):
    scan = subcommands.add_parser(
        "scan",
        parents=[common],
        help="score sliding windows along genomic regions (bigWig or bedGraph)",
        description="Score windows of the model's length every --stride bases along the "
        "regions with the positive class's log-odds and write a bigWig or a bedGraph, by "
        "--out's extension (sorted, 0-based; each window's score goes to its central "
        "--stride bases). Streams: memory does not grow with the regions.",
    )
    _genome_options(scan, "windows")
    scan.add_argument(
        "--regions", required=True, nargs="+", metavar="REGION",
        help="chrom:start-end (0-based, end exclusive), a chromosome name, or a BED file",
    )
    scan.add_argument(
        "--out", required=True, metavar="TRACK",
        help="track file to write: a bigWig for .bw or .bigwig (any case; needs pyBigWig), "
        "a bedGraph for any other extension (.bedGraph, .bg) or none",
    )
    scan.add_argument(
        "--stride", type=int, default=SCAN_STRIDE, help=f"bases between windows ({SCAN_STRIDE})"
    )
    _task_option(
        scan, "whose log-odds to write (default: every task, one file each, named "
        "<stem>.<task><suffix> after --out)",
    )
    scan.set_defaults(command_module="scan")


def _add_variants(subcommands, common):
    variants = subcommands.add_parser(
        "variants",
        parents=[common],
        help="effects of a VCF's SNVs on the model's log-odds (TSV)",
        description="Score the window centred on every SNV of a VCF with the reference and "
        "the alternative base and write a TSV: chrom, pos, id, ref, alt, ref_score, "
        "alt_score, delta, status (ok, ref_mismatch, unsupported).",
    )
    _genome_options(variants, "variants")
    variants.add_argument("--vcf", required=True, help="VCF file (plain, gzipped or bgzipped)")
    variants.add_argument("--out", required=True, metavar="TSV", help="TSV file to write")
    variants.add_argument(
        "--window", type=int, default=None, help="window length (default: the model's)"
    )
    _task_option(
        variants, "whose log-odds to score (default: every task, with ref_score_<task>, "
        "alt_score_<task> and delta_<task> columns per task)",
    )
    variants.set_defaults(command_module="variants")


def _add_spacing(subcommands, common):
    start, stop = MOTIF_SPACINGS
    spacing = subcommands.add_parser(
        "spacing",
        parents=[common],
        help="how two motifs' effect on the log-odds depends on their spacing (TSV)",
        description="Insert --first and then --second, --spacings bases apart and centred, "
        "into every background sequence, and write a TSV with one row per spacing: spacing, "
        "effect and sem (mean change of the positive class's log-odds and its standard error), "
        "first_effect, second_effect (each motif alone at its place in the pair), "
        "cooperativity (effect minus both single effects) and cooperativity_sem "
        "(sklearn_demotif.interpret.motif_spacing).",
    )
    _model_option(spacing)
    spacing.add_argument("--first", required=True, metavar="DNA",
                         help="the first motif (5'), ACGT; N keeps the background's base")
    spacing.add_argument("--second", required=True, metavar="DNA", help="the second motif (3')")
    spacing.add_argument(
        "--background", required=True, metavar="SEQS",
        help="background sequences: FASTA, a table, or one sequence per line ('-' for stdin)",
    )
    spacing.add_argument(
        "--shuffle", action="store_true",
        help="use one dinucleotide shuffle of each background sequence instead (keeps their "
        "composition, destroys their motifs)",
    )
    spacing.add_argument(
        "--spacings", type=_spacings, default=list(range(start, stop)), metavar="START:STOP",
        help=f"bases between the end of --first and the start of --second: START:STOP (STOP "
        f"excluded) or a list like 8,10,12 (default: {start}:{stop})",
    )
    spacing.add_argument(
        "--n-samples", type=_positive_int, default=None,
        help="use this many background sequences, drawn at random (default: all)",
    )
    spacing.add_argument("--out", required=True, metavar="TSV", help="TSV file to write")
    _task_option(spacing, "whose log-odds to measure (required there)")
    spacing.add_argument(
        "--batch-size", type=_positive_int, default=SCORING_BATCH_SIZE,
        help=f"sequences per forward pass (default: {SCORING_BATCH_SIZE})",
    )
    _device_option(spacing)
    _random_state_option(spacing)
    spacing.set_defaults(command_module="spacing")


def _add_demo(subcommands, common):
    demo = subcommands.add_parser(
        "demo",
        parents=[common],
        help="the whole mission offline: data, training, motif, report",
        description="Train on random DNA with a JASPAR motif planted in half of the sequences "
        "(or on a real experiment with --experiment), extract the motif, compare it with "
        "JASPAR and write DIR/report.html, DIR/model/ and DIR/motif.meme.",
    )
    demo.add_argument("--out", required=True, metavar="DIR", help="folder for the results")
    demo.add_argument(
        "--experiment",
        default=None,
        metavar="NAME",
        help="a real experiment from --data / $DEMOTIF_DATA, downloaded if missing",
    )
    _data_folder_option(demo, "data folder")
    demo.add_argument(
        "--motif", default=DEMO_MOTIF, help=f"JASPAR matrix to plant (default: {DEMO_MOTIF}, REST)"
    )
    demo.add_argument(
        "--n-samples",
        type=_positive_int,
        default=DEMO_N_TRAIN,
        help=f"synthetic training sequences (default: {DEMO_N_TRAIN})",
    )
    demo.add_argument(
        "--max-epochs",
        type=_positive_int,
        default=None,
        help=f"training epochs (default: {DEMO_MAX_EPOCHS} synthetic, the "
        "estimator's default on real data)",
    )
    _no_compare_option(demo)
    _random_state_option(demo)
    _motif_options(demo)
    demo.set_defaults(command_module="demo")


#: The subcommands in the order ``demotif --help`` lists them.
_SUBCOMMANDS = (
    _add_train, _add_predict, _add_motif, _add_benchmark, _add_scan, _add_variants, _add_spacing,
    _add_demo,
)


def build_parser():
    """The ``argparse`` parser of ``demotif`` (all subcommands).

    Every subcommand is added by its own function (``_add_train``, ...), which
    shares option helpers (``_model_option``, ``_genome_options``, ...) with
    the others; every choice and shared default comes from
    :mod:`sklearn_demotif._options`.

    Returns
    -------
    parser : argparse.ArgumentParser
        Parsed arguments carry ``command`` and ``command_module``, the module
        of :mod:`sklearn_demotif.cli` whose ``run(args, progress)`` does the work.

    Examples
    --------
    >>> from sklearn_demotif.cli import build_parser
    >>> build_parser().parse_args(["predict", "--model", "m", "x.fa"]).command_module
    'predict'
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    parser = _Parser(
        prog="demotif",
        description="Deep Motif (DeMo) DNA classifiers and their motifs, from the shell.",
        epilog="Run 'demotif SUBCOMMAND --help' for the options of each subcommand.",
    )
    parser.add_argument("--version", action="version", version=f"sklearn-demotif {__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", parser_class=_Parser)
    subcommands.required = True
    for add_subcommand in _SUBCOMMANDS:
        add_subcommand(subcommands, common)
    return parser
