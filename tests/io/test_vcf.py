"""VCF: one row per ALT, plain / gzip / bgzip, clear errors, cyvcf2 as an optional extra."""

import gzip
import sys

import pytest

from sklearn_demotif.io import read_variants

HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
RECORDS = (
    "chr1\t10\trs1\tA\tG,t\t.\t.\t.\n"
    "chr1\t20\t.\tAC\tA\t.\t.\t.\n"
    "chr2\t5\t.\tg\t<DEL>\t.\t.\t.\n"
    "chr2\t6\t.\tG\t.\t.\t.\t.\n"
)


def test_one_row_per_alternative_allele_uppercase_with_missing_ids_as_dots(tmp_path):
    path = tmp_path / "calls.vcf"
    path.write_text(HEADER + RECORDS)
    variants = read_variants(path)
    assert variants.columns.tolist() == ["chrom", "pos", "id", "ref", "alt"]
    assert variants.values.tolist() == [
        ["chr1", 10, "rs1", "A", "G"],
        ["chr1", 10, "rs1", "A", "T"],
        ["chr1", 20, ".", "AC", "A"],
        ["chr2", 5, ".", "G", "<DEL>"],
        ["chr2", 6, ".", "G", "."],
    ]
    assert variants.attrs["source"] == str(path)


def test_gzipped_and_bgzipped_vcfs_read_like_the_plain_one(tmp_path):
    bgzf = pytest.importorskip("Bio.bgzf")
    plain = tmp_path / "calls.vcf"
    plain.write_text(HEADER + RECORDS)
    packed = tmp_path / "gzip.vcf.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    blocked = tmp_path / "bgzip.vcf.gz"
    with bgzf.BgzfWriter(str(blocked), "wb") as writer:
        writer.write(plain.read_bytes())
    expected = read_variants(plain)
    for path in (packed, blocked):
        assert read_variants(path).values.tolist() == expected.values.tolist()


def test_a_file_that_is_not_vcf_is_named(tmp_path):
    path = tmp_path / "notes.vcf"
    path.write_text("these are not variants\n")
    with pytest.raises(ValueError, match=r"notes\.vcf: not a VCF file"):
        read_variants(path)


def test_a_record_htslib_cannot_parse_is_named_by_line(tmp_path):
    path = tmp_path / "broken.vcf"
    path.write_text(HEADER + "chr1\t10\t.\tA\tG\t.\t.\t.\nchr1\tten\t.\tA\tG\t.\t.\t.\n")
    with pytest.raises(ValueError, match=r"broken\.vcf, line 4 \(record 2\): cannot be parsed "
                       r"as VCF: 'chr1\\tten"):
        read_variants(path)


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.vcf"):
        read_variants(tmp_path / "nothere.vcf")


def test_without_cyvcf2_the_error_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "cyvcf2", None)
    with pytest.raises(ImportError, match=r'pip install "sklearn-demotif\[genome\]"'):
        read_variants(tmp_path / "any.vcf")
