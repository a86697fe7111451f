"""``demotif spacing``: a model folder, two motifs and background sequences in, a TSV out."""

from .._atomic import input_file, write_atomically
from ..interpret import motif_spacing
from ..io import read_sequence_file
from ._common import (
    check_file,
    load,
    model_inputs,
    refuse_overwriting,
    task_argument,
    warnings_as_lines,
)


def run(args, progress):
    background = [] if args.background == "-" else input_file("--background", args.background)
    refuse_overwriting([*background, *model_inputs(args.model)], files=[("--out", args.out)])
    check_file(args.background, "background file")
    model = load(args, progress)
    task = task_argument(model, args.task)
    sequences = read_sequence_file(args.background).sequences
    kind = "dinucleotide shuffles of " if args.shuffle else ""
    progress(
        f"{args.first} then {args.second} at {len(args.spacings)} spacings in {kind}"
        f"{len(sequences)} background sequences"
    )
    background = ("shuffle", sequences) if args.shuffle else (sequences, None)
    with warnings_as_lines("spacing"):
        table = motif_spacing(
            model, background[0], args.first, args.second, task=task, sequences=background[1],
            spacings=args.spacings, n_samples=args.n_samples, batch_size=args.batch_size,
            random_state=args.random_state,
        )
    path = write_atomically(args.out, table.to_csv(sep="\t", index=False, lineterminator="\n"))
    best = table.loc[table["effect"].idxmax()]
    progress(
        f"largest effect {best['effect']:.2f} log-odds at spacing {int(best['spacing'])} "
        f"(cooperativity {best['cooperativity']:.2f}); table written to {path}"
    )
    return 0
