"""Readers and writers of sequence files.

Every file format the package reads or writes sequences in lives here: FASTA
(one linear-time parser for labelled FASTA, plain FASTA and the command line's
files), DeepBind's ENCODE tables, and :func:`read_sequence_file`, which
recognises any of the inputs ``demotif`` takes.  Motif files are read by
:mod:`sklearn_demotif.motifs`.

>>> from sklearn_demotif.io import read_fasta, read_labeled_fasta, read_deepbind
"""

from ._text import open_text, read_lines
from .deepbind import DEEPBIND_HEADER, read_deepbind
from .fasta import (
    FastaRecord,
    parse_fasta,
    parse_label,
    read_fasta,
    read_labeled_fasta,
    write_labeled_fasta,
)
from .sequences import read_sequence_file

__all__ = [
    "DEEPBIND_HEADER",
    "FastaRecord",
    "open_text",
    "parse_fasta",
    "parse_label",
    "read_deepbind",
    "read_fasta",
    "read_labeled_fasta",
    "read_lines",
    "read_sequence_file",
    "write_labeled_fasta",
]
