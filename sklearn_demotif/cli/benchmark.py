"""``demotif benchmark``: DeMo and DeepBind on many experiments, beside the published AUCs."""

import contextlib
import sys

from .._atomic import check_writable
from ..benchmark import run_benchmark
from ..datasets import get_data_home
from ._common import check_file, refuse_overwriting

_SHOWN_COLUMNS = ["experiment", "model", "auc", "average_precision", "published_deepbind_star_auc",
                  "n_epochs", "train_seconds"]


def run(args, progress):
    data = get_data_home(args.data)
    refuse_overwriting([("the --data folder", data)], folders=[("--out", args.out)])
    if args.data is not None:
        check_file(args.data, "data folder")
    if args.out is not None:
        check_writable(args.out, folder=True)
    with contextlib.redirect_stdout(sys.stderr):
        table = run_benchmark(
            args.experiments or None,
            data_home=args.data,
            models=args.models,
            quick=args.quick,
            out=args.out,
            random_state=args.random_state,
            n_jobs=args.n_jobs,
            scheduler=args.scheduler,
            verbose=0 if args.quiet else 1,
        )
    sys.stdout.write(table[_SHOWN_COLUMNS].to_csv(sep="\t", index=False, float_format="%.4f"))
    if args.out is not None:
        progress(f"results written to {args.out}")
    return 0
