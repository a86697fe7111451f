"""VCF: one row per ALT, plain / gzip / bgzip, clear errors, cyvcf2 as an optional extra."""

import gzip
import re
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


# Issue 26: htslib never sees a VCF it would crash on or misread.


def test_spaces_for_tabs_once_a_segfault_is_a_value_error_naming_the_line(tmp_path, isolated):
    path = tmp_path / "calls.vcf"
    path.write_text(HEADER + "chr1 10 rs1 A G . . .\n")
    outcome = isolated(read_variants, path)
    assert outcome.kind == "ValueError", outcome
    assert outcome.message.startswith(
        f"{path}, line 3 (record 1): cannot be parsed as VCF: 'chr1 10 rs1 A G . . .' "
        "(columns are separated by spaces, not tabs)"
    )


@pytest.mark.parametrize(
    "records, problem",
    [
        ("chr1\t10\t.\tA\tG\t.\t.\t.\n\n", r"line 4 \(record 2\): .*\(an empty line"),
        ("chr1\t10\t.\tA\tG\t.\t.\t.\n# note\n", r"line 4 \(record 2\): .*\(a comment"),
        ("chr1\t-5\t.\tA\tG\t.\t.\t.\n", r"line 3 \(record 1\): .*\(POS '-5' is not"),
        ("chr1\t99999999999\t.\tA\tG\t.\t.\t.\n", r"line 3 \(record 1\): .*\(POS '9+' is not"),
    ],
)
def test_records_htslib_crashes_on_or_misreads_are_refused(tmp_path, isolated, records, problem):
    path = tmp_path / "calls.vcf"
    path.write_text(HEADER + records)
    outcome = isolated(read_variants, path)
    assert outcome.kind == "ValueError", outcome
    assert re.match(rf"{re.escape(str(path))}, {problem}", outcome.message), outcome


def test_a_gzip_truncated_in_its_body_is_an_error_not_a_partial_table(tmp_path):
    bgzf = pytest.importorskip("Bio.bgzf")
    body = (HEADER + "".join(f"chr1\t{i}\t.\tA\tG\t.\t.\tN={i * 7919}\n" for i in range(1, 5000)))
    packed = tmp_path / "gzip.vcf.gz"
    packed.write_bytes(gzip.compress(body.encode())[:-4000])
    with pytest.raises(ValueError, match=r"gzip\.vcf\.gz: cannot be read as gzip, truncated"):
        read_variants(packed)
    blocked = tmp_path / "bgzip.vcf.gz"
    with bgzf.BgzfWriter(str(blocked), "wb") as writer:
        writer.write(body.encode())
    blocked.write_bytes(blocked.read_bytes()[:-4000])
    with pytest.raises(ValueError, match=r"bgzip\.vcf\.gz: truncated: the bgzip end-of-file"):
        read_variants(blocked)


def test_a_byte_order_mark_and_crlf_line_ends_read_like_the_plain_file(tmp_path):
    plain = tmp_path / "calls.vcf"
    plain.write_text(HEADER + RECORDS)
    windows = tmp_path / "windows.vcf"
    windows.write_bytes(b"\xef\xbb\xbf" + (HEADER + RECORDS).replace("\n", "\r\n").encode())
    assert read_variants(windows).values.tolist() == read_variants(plain).values.tolist()


def test_a_record_only_htslib_refuses_is_named_by_line(tmp_path):
    header = HEADER.replace("INFO\n", "INFO\tFORMAT\tS1\n")
    path = tmp_path / "samples.vcf"
    path.write_text(
        header + "chr1\t10\t.\tA\tG\t.\t.\t.\tGT\t0/1\nchr1\t11\t.\tA\tG\t.\t.\t.\tGT\t:::\n"
    )
    with pytest.raises(ValueError, match=r"samples\.vcf, line 4 \(record 2\): cannot be parsed "
                       r"as VCF: 'chr1\\t11.* \(htslib: "):
        read_variants(path)


def test_fewer_records_from_htslib_than_in_the_file_is_an_error(tmp_path, monkeypatch):
    from sklearn_demotif.io import _vcf_layout, vcf

    path = tmp_path / "calls.vcf"
    path.write_text(HEADER + RECORDS)
    layout = _vcf_layout.check_vcf_layout(path)
    monkeypatch.setattr(vcf, "check_vcf_layout", lambda _: layout._replace(n_records=5))
    with pytest.raises(ValueError, match=r"calls\.vcf, line 7 \(record 5\): .*\(htslib read 4 "
                       r"records where the file has 5\)"):
        read_variants(path)
