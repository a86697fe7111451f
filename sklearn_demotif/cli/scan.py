"""``demotif scan``: a model folder, a genome and regions in, a bigWig or bedGraph track out.

A multi-task model gives one track per task, ``<stem>.<task><suffix>`` beside
``--out``, from one scan; ``--task`` writes that task's track to ``--out``.
"""

import os

from .._atomic import input_file
from .._utils import final_classifier, is_multilabel
from ..interpret import iter_genome_scan, write_track
from ..interpret._tasks import task_file
from ..io import Genome
from ._common import (
    check_file,
    genome_inputs,
    load,
    model_inputs,
    refuse_overwriting,
    task_argument,
    warnings_as_lines,
)


def _inputs(args):
    inputs = genome_inputs(args.genome)
    for region in args.regions:  # a region is a BED file, or chrom:start-end
        if os.path.exists(region):
            inputs += input_file("--regions", region)
    return inputs + model_inputs(args.model)


def run(args, progress):
    refuse_overwriting(_inputs(args), files=[("--out", args.out)])
    check_file(args.genome, "genome FASTA")
    model = load(args, progress)
    task = task_argument(model, args.task)
    if task is None and is_multilabel(model):  # one track per task, named after --out
        names = final_classifier(model).task_names_
        refuse_overwriting(
            _inputs(args), files=[("--out", task_file(args.out, str(name))) for name in names]
        )
    progress(f"scanning {' '.join(args.regions)} every {args.stride} bp")
    regions = args.regions[0] if len(args.regions) == 1 else args.regions  # one may be a BED
    with warnings_as_lines("scan"), Genome(args.genome) as genome:
        track = iter_genome_scan(
            model, genome, regions, task=task, stride=args.stride, batch_size=args.batch_size,
            verbose=0 if args.quiet else 1,
        )
        path = write_track(args.out, track, sizes=genome, step=args.stride)
    if isinstance(path, list):  # a multi-task model without --task: one track per task
        progress(f"{len(path)} tracks written, one per task: {', '.join(map(str, path))}")
    else:
        progress(f"track written to {path}")
    return 0
