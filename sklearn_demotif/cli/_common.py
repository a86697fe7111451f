"""What several subcommands share: one-line errors, progress on stderr, models, motifs."""

import contextlib
import sys
import time
import warnings
from pathlib import Path

from .._atomic import check_outputs, input_file, input_folder

__all__ = [
    "CommandError",
    "GENOME_INDEXES",
    "VCF_INDEXES",
    "genome_inputs",
    "model_inputs",
    "refuse_overwriting",
    "Progress",
    "check_file",
    "load",
    "extract_motif",
    "compare",
    "warnings_as_lines",
]


#: Files read beside a genome FASTA: pyfaidx's index and, for bgzip, the block index.
GENOME_INDEXES = (".fai", ".gzi")
#: Files read beside a VCF: its tabix or CSI index.
VCF_INDEXES = (".tbi", ".csi")


class CommandError(Exception):
    """A failure to report as one line, without a traceback."""


def genome_inputs(path, option="--genome"):
    """The genome FASTA and its indexes, as inputs for :func:`refuse_overwriting`."""
    return input_file(option, path, GENOME_INDEXES)


def model_inputs(path, option="--model"):
    """The model folder and every file in it, as inputs for :func:`refuse_overwriting`."""
    return input_folder(option, path)


def refuse_overwriting(inputs, files=(), folders=()):
    """Fail with one line, before any work, when an output would replace an input.

    ``inputs`` are ``(role, path)`` pairs (:func:`genome_inputs`,
    :func:`model_inputs`, :func:`~sklearn_demotif._atomic.input_file`);
    ``files`` and ``folders`` the outputs as ``(option, path)``; see
    :func:`~sklearn_demotif._atomic.check_outputs`.

    Examples
    --------
    >>> from sklearn_demotif.cli._common import genome_inputs, refuse_overwriting
    >>> refuse_overwriting(genome_inputs("genome.fa"), files=[("--out", "genome.fa.fai")])
    Traceback (most recent call last):
    ...
    sklearn_demotif.cli._common.CommandError: --out genome.fa.fai is the --genome file's ...
    """
    try:
        check_outputs(inputs, files=files, folders=folders)
    except ValueError as error:
        raise CommandError(str(error)) from None


class Progress:
    """Progress messages on stderr with the time since start, silenced by ``--quiet``.

    Examples
    --------
    >>> from sklearn_demotif.cli._common import Progress
    >>> Progress(quiet=True)("not shown")
    """

    def __init__(self, quiet):
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message):
        if not self.quiet:
            elapsed = time.perf_counter() - self.start
            print(f"[{elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)


def check_file(path, what="file"):
    """Fail with one line when ``path`` (not ``-``, standard input) does not exist."""
    if str(path) != "-" and not Path(path).exists():
        raise CommandError(f"no such {what}: {path}")


@contextlib.contextmanager
def warnings_as_lines(command):
    """Show each warning as one line on stderr: ``demotif COMMAND: warning: ...``."""

    def show(message, category, filename, lineno, file=None, line=None):
        text = " ".join(str(message).split())
        print(f"demotif {command}: warning: {text}", file=sys.stderr, flush=True)

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield


def load(args, progress):
    """The model folder ``args.model``, on ``args.device`` when the subcommand has one."""
    from .._utils import final_classifier
    from ..persistence import load_model

    check_file(args.model, "model folder")
    model = load_model(args.model, device=getattr(args, "device", None))
    progress(f"loaded {type(final_classifier(model)).__name__} from {args.model}")
    return model


def task_argument(model, text):
    """``--task`` as the interpretation functions take it, checked against the model.

    A name of one of the model's tasks stays a name, digits are a 0-based
    index; ``None`` (no ``--task``) stays ``None``.  Checked before any work
    by :func:`~sklearn_demotif._utils.task_index`: an unknown task, or one
    given to a single-task model, fails with a one-line message naming it.
    """
    from .._utils import final_classifier, task_index

    if text is None:
        return None
    classifier = final_classifier(model)
    names = [str(name) for name in getattr(classifier, "task_names_", ())]
    task = int(text) if text not in names and text.isdigit() else text
    try:
        task_index(classifier, task)
    except ValueError as error:
        raise CommandError(f"--task {text}: {error}") from None
    return task


def extract_motif(model, args, progress, name, target=None, task=None):
    """Class optimization with the subcommand's options (``--output``: the core or the whole
    optimized input), trimmed unless ``--no-trim``."""
    from ..interpret import optimize_class

    keys = ("output", "n_restarts", "n_steps")
    options = {key: getattr(args, key) for key in keys if hasattr(args, key)}
    shown = ", ".join(f"{key}={value}" for key, value in options.items()) or "defaults"
    progress(f"class optimization ({shown})")
    pwm = optimize_class(
        model, target=target, task=task, random_state=args.random_state, **options
    )
    if not getattr(args, "no_trim", False):
        pwm = pwm.trim() if args.trim_threshold is None else pwm.trim(args.trim_threshold)
    pwm.name = name
    effect = pwm.metadata.get("effect")
    progress(
        f"motif: {pwm.width} columns, consensus {pwm.consensus}, restart agreement "
        f"{pwm.metadata.get('stability', float('nan')):.2f}"
        + ("" if effect is None else f", effect on the log-odds {effect:+.2f}")
    )
    return pwm


def compare(pwm, top, progress):
    """The motif's best JASPAR matches (TOMTOM), with a word on the first compile."""
    from ..motifs import compare_to_jaspar

    progress(
        "comparing with JASPAR (TOMTOM; the first run after installing compiles it, about a minute)"
    )
    return compare_to_jaspar(pwm, top=top)
