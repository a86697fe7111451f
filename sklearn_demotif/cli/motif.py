"""``demotif motif``: a model folder in, its class-optimized motif (and logo) out.

The motif is ``optimize_class``'s: the core of the optimized inputs that raises the
class's log-odds most, or with ``--output input`` the paper's whole optimized input.
With ``--all``, every motif the model uses (``find_motifs`` on ``--seqs``), printed
as ``motif_table`` (with each motif's effect).  A multi-task model needs ``--task``:
the task to optimise for, or whose motifs to find (``--seqs`` then holds that
task's labels, as one label column).
"""

import io
import sys
from pathlib import Path

from .._atomic import check_writable, input_file, write_atomically
from .._utils import final_classifier
from ..motifs import motif_format, write_motifs
from ._common import (
    CommandError,
    check_file,
    compare,
    extract_motif,
    load,
    model_inputs,
    refuse_overwriting,
    task_argument,
)


def _target(model, text):
    if text is None:
        return None
    classes = final_classifier(model).classes_
    for label in classes:
        if str(label) == text:
            return label.item() if hasattr(label, "item") else label
    raise CommandError(f"--target {text!r} is not one of the classes {list(map(str, classes))}")


def _logo_format(path):
    """The image format of ``--logo`` (from its extension, PNG without one), checked."""
    from matplotlib.backend_bases import FigureCanvasBase

    suffix = Path(path).suffix.lstrip(".").lower() or "png"
    if suffix not in FigureCanvasBase.get_supported_filetypes():
        raise CommandError(
            f"--logo {path}: unknown image format {suffix!r}; use .png, .svg or .pdf"
        )
    return suffix


def _save_logo(pwms, path):
    """One logo per motif, stacked in one image."""
    from ..plotting import plot_motifs

    figure = plot_motifs(pwms)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=_logo_format(path), dpi=150)
    write_atomically(path, buffer.getvalue())


def _run_all(args, model, task, progress):
    from ..interpret import find_motifs, motif_table
    from ..io import read_sequence_file

    data = read_sequence_file(args.seqs)
    labelled = "labelled" if data.labels is not None else "unlabelled: the model calls them"
    of_task = "" if task is None else f" of task {task}"
    progress(
        f"finding motifs{of_task} in {len(data.sequences)} sequences ({data.format}, {labelled})"
    )
    options = {key: getattr(args, key) for key in ("n_restarts", "n_steps") if hasattr(args, key)}
    motifs = find_motifs(
        model,
        data.sequences,
        data.labels,
        task=task,
        max_motifs=args.max_motifs,
        random_state=args.random_state,
        compare=not args.no_compare,
        verbose=0 if args.quiet else 1,
        **options,
    )
    if not motifs:
        raise CommandError("no motif has sites enriched in the bound sequences")
    written = write_motifs(motifs, args.out, format=args.format)
    progress(f"{len(motifs)} motifs written to {args.out} ({written})")
    if args.logo:
        _save_logo(motifs, args.logo)
        progress(f"logos written to {args.logo}")
    table = motif_table(motifs)
    sys.stdout.write(table.to_csv(sep="\t", index=False, float_format="%.3g"))
    return 0


def run(args, progress):
    # Checked before class optimization or motif finding, which take a while.
    seqs = [] if args.seqs is None else input_file("--seqs", args.seqs)
    refuse_overwriting(
        [*seqs, *model_inputs(args.model)], files=[("--out", args.out), ("--logo", args.logo)]
    )
    if args.all:
        if args.seqs is None:
            raise CommandError("--all needs --seqs SEQS, the sequences to find motifs in")
        check_file(args.seqs)
    motif_format(args.out, format=args.format)
    check_writable(args.out)
    if args.logo:
        _logo_format(args.logo)
        check_writable(args.logo)
    model = load(args, progress)
    task = task_argument(model, args.task)
    if args.all:
        return _run_all(args, model, task, progress)
    target = _target(model, args.target)
    pwm = extract_motif(
        model, args, progress, name=Path(args.model).resolve().name, target=target, task=task
    )
    written = write_motifs(pwm, args.out, format=args.format)
    progress(f"motif written to {args.out} ({written})")
    if args.logo:
        _save_logo([pwm], args.logo)
        progress(f"logo written to {args.logo}")
    if not args.no_compare:
        matches = compare(pwm, args.top, progress)
        sys.stdout.write(matches.to_csv(sep="\t", index=False, float_format="%.3g"))
    return 0
