"""Start from what a ChIP-seq user has: peaks and a genome in, tracks and variant effects out.

One import for the whole genome workflow; the pieces live where the package's
layout puts them (files in :mod:`sklearn_demotif.io`, training data in
:mod:`sklearn_demotif.datasets`, what a model says in
:mod:`sklearn_demotif.interpret`):

* :func:`read_peaks`, :class:`Genome`, :func:`read_variants`,
  :func:`read_regions`: BED / narrowPeak files, an indexed genome FASTA, VCFs
  and region strings;
* :func:`load_peaks`: training sequences, chromosome groups and a
  chromosome hold-out from a peak file and a genome;
  :func:`make_genome_dataset`: a small synthetic genome to try it on;
* :func:`scan_genome`, :func:`write_track` (bigWig or bedGraph by the
  extension), :func:`write_bigwig` and :func:`write_bedgraph`: a genome track of a model;
* :func:`variant_effects`, :func:`write_variant_effects` and
  :func:`read_variant_effects`: how SNVs change its log-odds.

See ``docs/genome.md`` for the workflow from an ENCODE narrowPeak file and hg38.

>>> from sklearn_demotif.genome import load_peaks, scan_genome, variant_effects
"""

from .datasets import load_peaks, make_genome_dataset
from .interpret import (
    iter_genome_scan,
    read_variant_effects,
    scan_genome,
    variant_effects,
    write_bedgraph,
    write_track,
    write_variant_effects,
)
from .io import Genome, read_peaks, read_regions, read_variants, write_bigwig

__all__ = [
    "Genome",
    "iter_genome_scan",
    "load_peaks",
    "make_genome_dataset",
    "read_peaks",
    "read_regions",
    "read_variant_effects",
    "read_variants",
    "scan_genome",
    "variant_effects",
    "write_bedgraph",
    "write_bigwig",
    "write_track",
    "write_variant_effects",
]
