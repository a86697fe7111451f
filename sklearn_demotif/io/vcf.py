"""Variants from VCF files, plain, gzipped or bgzipped, read with cyvcf2 (htslib).

cyvcf2 is an optional dependency, in the ``genome`` extra; reading a VCF
without it raises an ``ImportError`` that says how to install it.
"""

import contextlib
import itertools
from pathlib import Path

import numpy as np
import pandas as pd

from ._text import open_text

__all__ = ["read_variants", "VARIANT_COLUMNS"]

#: Columns of :func:`read_variants`' table.
VARIANT_COLUMNS = ("chrom", "pos", "id", "ref", "alt")


def _cyvcf2():
    try:
        import cyvcf2
    except ImportError:
        raise ImportError(
            'reading VCF files needs cyvcf2: pip install "sklearn-demotif[genome]"'
        ) from None
    return cyvcf2


@contextlib.contextmanager
def _quiet_htslib(cyvcf2):
    """Silence htslib's own messages (e.g. one per contig missing from the header)."""
    cyvcf2.cyvcf2.set_htslib_log_level(0)
    try:
        yield
    finally:
        cyvcf2.cyvcf2.set_htslib_log_level(3)


def _record_line(path, record):
    """The line number and text (shortened) of the ``record``-th record, for a message."""
    try:
        with open_text(path) as handle:
            lines = enumerate(handle, start=1)
            records = ((n, t) for n, t in lines if t.strip() and not t.startswith("#"))
            number, text = next(itertools.islice(records, record - 1, None), (None, ""))
    except (OSError, EOFError):
        return None, ""
    text = text.rstrip("\r\n")
    return number, repr(text[:60] + ("..." if len(text) > 60 else ""))


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
        For a file that is not VCF, or a record htslib cannot parse (the
        message names the record and its line).
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
    if not path.is_file():
        raise FileNotFoundError(f"no such VCF file: {path}")
    rows, n_records = [], 0
    with _quiet_htslib(cyvcf2):
        try:
            reader = cyvcf2.VCF(str(path))
        except OSError:
            raise ValueError(f"{path}: not a VCF file (no ##fileformat / #CHROM header)") from None
        try:
            for record in reader:
                n_records += 1
                identifier = record.ID or "."
                reference = record.REF.upper()
                for alternative in record.ALT or ["."]:
                    rows.append(
                        (record.CHROM, record.POS, identifier, reference, alternative.upper())
                    )
        except Exception as error:  # cyvcf2 raises a bare Exception for bad records
            line, text = _record_line(path, n_records + 1)
            raise ValueError(
                f"{path}, line {line} (record {n_records + 1}): cannot be parsed as VCF: {text}"
            ) from error
        finally:
            reader.close()
    variants = pd.DataFrame(rows, columns=list(VARIANT_COLUMNS))
    variants = variants.astype({"chrom": str, "pos": np.int64, "id": str, "ref": str, "alt": str})
    variants.attrs["source"] = str(path)
    return variants
