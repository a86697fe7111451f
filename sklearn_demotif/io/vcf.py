"""Variants from VCF files, plain, gzipped or bgzipped, read with cyvcf2 (htslib).

Every file is checked in Python first (:mod:`._vcf_layout`), streaming: htslib
crashes or silently misreads some malformed VCFs, so it only sees files whose
header and record layout are valid, and a truncated gzip is an error, never a
partial table.  cyvcf2 is an optional dependency, in the ``genome`` extra;
reading a VCF without it raises an ``ImportError`` that says how to install it.
"""

import contextlib
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ._vcf_layout import check_vcf_layout, line_text
from .genome import _import_genome_extra

__all__ = ["read_variants", "VARIANT_COLUMNS"]

#: Columns of :func:`read_variants`' table.
VARIANT_COLUMNS = ("chrom", "pos", "id", "ref", "alt")


def _cyvcf2():
    return _import_genome_extra("cyvcf2", "reading VCF files")


@contextlib.contextmanager
def _quiet_htslib(cyvcf2):
    """Silence htslib's own messages (e.g. one per contig missing from the header)."""
    cyvcf2.cyvcf2.set_htslib_log_level(0)
    try:
        yield
    finally:
        cyvcf2.cyvcf2.set_htslib_log_level(3)


@contextlib.contextmanager
def _htslib_reader(cyvcf2, path, offset):
    """cyvcf2's reader of ``path``, from byte ``offset`` on (past a byte-order mark)."""
    descriptor = None
    try:
        if offset:
            descriptor = os.open(path, os.O_RDONLY)
            os.lseek(descriptor, offset, os.SEEK_SET)
        try:
            reader = cyvcf2.VCF(descriptor if offset else str(path))
        except Exception as error:  # cyvcf2 raises OSError or a bare Exception
            raise ValueError(f"{path}: htslib cannot read the VCF header ({error})") from None
        try:
            yield reader
        finally:
            reader.close()
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _rows(path, reader, layout):
    """One row per alternative allele of the records htslib reads."""
    rows, n_records = [], 0
    try:
        for record in reader:
            n_records += 1
            identifier = record.ID or "."
            reference = record.REF.upper()
            for alternative in record.ALT or ["."]:
                rows.append((record.CHROM, record.POS, identifier, reference, alternative.upper()))
    except Exception as error:  # cyvcf2 raises a bare Exception for bad records
        raise _record_error(path, layout, n_records + 1, f"htslib: {error}") from None
    if n_records != layout.n_records:  # never a partial (or padded) table
        raise _record_error(
            path, layout, min(n_records, layout.n_records) + 1,
            f"htslib read {n_records} records where the file has {layout.n_records}",
        )
    return rows


def _record_error(path, layout, record, problem):
    line = layout.header_line + record
    return ValueError(
        f"{path}, line {line} (record {record}): cannot be parsed as VCF: "
        f"{line_text(path, line)} ({problem})"
    )


def read_variants(path):
    """Read a VCF's records, one row per alternative allele.

    Parameters
    ----------
    path : str or path-like
        A VCF file: plain, gzipped or bgzipped (``.vcf.gz``).

    Returns
    -------
    variants : pandas.DataFrame
        ``chrom``, ``pos`` (1-based, as in the VCF), ``id`` (``"."`` when
        missing), ``ref`` and ``alt`` (uppercase).  A record with several
        alternative alleles gives one row each; a record without one (ALT
        ``.``) gives one row with ``alt`` ``"."``.  Rows keep the file's order;
        ``variants.attrs["source"]`` is the file's name.

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a file.
    ValueError
        For a file that is not VCF, a truncated or corrupt gzip or bgzip
        file, or a record that is malformed or that htslib cannot parse: the
        message names the file and, where there is one, the line and what is
        wrong (spaces for tabs, a bad POS, REF or ALT, a wrong number of
        columns...).
    ImportError
        When cyvcf2 is not installed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.io import read_variants
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "calls.vcf"
    >>> _ = path.write_text("##fileformat=VCFv4.2\\n"
    ...                     "#CHROM\\tPOS\\tID\\tREF\\tALT\\tQUAL\\tFILTER\\tINFO\\n"
    ...                     "chr1\\t10\\trs1\\tA\\tG,T\\t.\\t.\\t.\\n")
    >>> read_variants(path)
      chrom  pos   id ref alt
    0  chr1   10  rs1   A   G
    1  chr1   10  rs1   A   T
    """
    cyvcf2 = _cyvcf2()
    path = Path(path)
    layout = check_vcf_layout(path)
    with _quiet_htslib(cyvcf2), _htslib_reader(cyvcf2, path, layout.offset) as reader:
        rows = _rows(path, reader, layout)
    variants = pd.DataFrame(rows, columns=list(VARIANT_COLUMNS))
    variants = variants.astype({"chrom": str, "pos": np.int64, "id": str, "ref": str, "alt": str})
    variants.attrs["source"] = str(path)
    return variants
