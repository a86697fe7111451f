"""What a trained model learned and what it says about the genome.

- ``class_optimization``: :func:`optimize_class`, the Deep Motif paper's
  motif by gradient ascent on the input, and :func:`restart_stability`;
- ``attribution``: :func:`saliency`, :func:`in_silico_mutagenesis` and
  :func:`integrated_gradients`, which bases of one sequence the prediction's
  log-odds rest on;
- ``discovery``: :func:`find_motifs`, every motif the model uses, from
  class optimization, first-layer filters and seqlets, merged and named;
- ``experiments``: :func:`marginalize`, :func:`ablate` and
  :func:`motif_spacing`, in-silico experiments that insert or remove motifs
  and measure the change of the log-odds;
- ``genome_scan``: :func:`scan_genome`, the model's log-odds in sliding
  windows along genomic regions, :func:`write_bedgraph` and
  :func:`write_track` (a bigWig or a bedGraph, by extension);
- ``variants``: :func:`variant_effects`, how single-nucleotide variants of a
  VCF change the model's log-odds, and their TSV files.

Every function takes a fitted classifier of this package, or a Pipeline (or a
search) ending in one; for a multi-task (multilabel) model, ``task=`` (an index
or a task name) picks the log-odds explained, ``decision_function(X)[:, task]``.

>>> from sklearn_demotif.interpret import optimize_class, saliency
"""

from .attribution import in_silico_mutagenesis, integrated_gradients, saliency
from .class_optimization import optimize_class, restart_stability
from .discovery import find_motifs, motif_table
from .experiments import ablate, marginalize, motif_spacing
from .genome_scan import iter_genome_scan, scan_genome, write_bedgraph, write_track
from .variants import (
    EFFECT_COLUMNS,
    read_variant_effects,
    variant_effects,
    write_variant_effects,
)

__all__ = [
    "EFFECT_COLUMNS",
    "ablate",
    "find_motifs",
    "in_silico_mutagenesis",
    "integrated_gradients",
    "iter_genome_scan",
    "marginalize",
    "motif_spacing",
    "motif_table",
    "optimize_class",
    "read_variant_effects",
    "restart_stability",
    "saliency",
    "scan_genome",
    "variant_effects",
    "write_bedgraph",
    "write_track",
    "write_variant_effects",
]
