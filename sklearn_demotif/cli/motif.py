"""``demotif motif``: a model folder in, its class-optimized motif (and logo) out."""

import io
import sys
from pathlib import Path

from .._atomic import check_writable, write_atomically
from .._utils import final_classifier
from ..motifs import write_motifs
from ._common import CommandError, compare, extract_motif, load


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


def _save_logo(pwm, path):
    ax = pwm.plot()
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format=_logo_format(path), dpi=150)
    write_atomically(path, buffer.getvalue())


def run(args, progress):
    # Checked before class optimization, which takes a while.
    check_writable(args.out)
    if args.logo:
        _logo_format(args.logo)
        check_writable(args.logo)
    model = load(args, progress)
    target = _target(model, args.target)
    pwm = extract_motif(model, args, progress, name=Path(args.model).resolve().name, target=target)
    written = write_motifs(pwm, args.out, format=args.format)
    progress(f"motif written to {args.out} ({written})")
    if args.logo:
        _save_logo(pwm, args.logo)
        progress(f"logo written to {args.logo}")
    if not args.no_compare:
        matches = compare(pwm, args.top, progress)
        sys.stdout.write(matches.to_csv(sep="\t", index=False, float_format="%.3g"))
    return 0
