"""``demotif variants``: a model folder, a genome and a VCF in, a TSV of variant effects out."""

from .._atomic import input_file
from ..interpret import variant_effects, write_variant_effects
from ._common import (
    VCF_INDEXES,
    check_file,
    genome_inputs,
    load,
    model_inputs,
    refuse_overwriting,
    task_argument,
    warnings_as_lines,
)


def run(args, progress):
    inputs = [
        *genome_inputs(args.genome),
        *input_file("--vcf", args.vcf, VCF_INDEXES),
        *model_inputs(args.model),
    ]
    refuse_overwriting(inputs, files=[("--out", args.out)])
    check_file(args.genome, "genome FASTA")
    check_file(args.vcf, "VCF file")
    model = load(args, progress)
    task = task_argument(model, args.task)
    with warnings_as_lines("variants"):
        effects = variant_effects(
            model, args.vcf, args.genome, task=task, window=args.window,
            batch_size=args.batch_size,
            verbose=0 if args.quiet else 1,
        )
    path = write_variant_effects(args.out, effects)
    counts = effects["status"].value_counts()
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    progress(f"{len(effects)} alleles ({summary}) written to {path}")
    return 0
