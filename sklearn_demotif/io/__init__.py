"""Readers and writers of sequence files.

Every file format the package reads or writes sequences in lives here: FASTA
(one linear-time parser for labelled FASTA, plain FASTA and the command line's
files), DeepBind's ENCODE tables, :func:`read_sequence_file`, which
recognises any of the inputs ``demotif`` takes, and what a ChIP-seq user
starts from: peak files (:func:`read_peaks`), an indexed genome FASTA
(:class:`Genome`) and VCF files (:func:`read_variants`); and what a genome
browser opens: bigWig tracks (:func:`write_bigwig`).  Motif files are read by
:mod:`sklearn_demotif.motifs`.

>>> from sklearn_demotif.io import read_fasta, read_labeled_fasta, read_deepbind
"""

from ._text import open_text, read_lines
from .bigwig import BIGWIG_SUFFIXES, write_bigwig
from .deepbind import DEEPBIND_HEADER, read_deepbind
from .fasta import (
    FastaRecord,
    parse_fasta,
    parse_label,
    read_fasta,
    read_labeled_fasta,
    write_labeled_fasta,
)
from .genome import Genome, as_genome, window_composition
from .intervals import intervals_outside, merge_intervals, read_regions
from .peaks import describe_peak, peak_centres, read_peaks
from .sequences import read_sequence_file
from .vcf import VARIANT_COLUMNS, read_variants

__all__ = [
    "BIGWIG_SUFFIXES",
    "DEEPBIND_HEADER",
    "FastaRecord",
    "Genome",
    "VARIANT_COLUMNS",
    "as_genome",
    "describe_peak",
    "intervals_outside",
    "merge_intervals",
    "open_text",
    "parse_fasta",
    "parse_label",
    "peak_centres",
    "read_deepbind",
    "read_fasta",
    "read_labeled_fasta",
    "read_lines",
    "read_peaks",
    "read_regions",
    "read_sequence_file",
    "read_variants",
    "window_composition",
    "write_bigwig",
    "write_labeled_fasta",
]
