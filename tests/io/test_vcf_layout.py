"""The Python pass over a VCF: every malformed header or record named by file and line."""

import gzip

import pytest

from sklearn_demotif.io._vcf_layout import MAX_POSITION, check_vcf_layout, line_text

HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
RECORD = "chr1\t10\trs1\tA\tG\t.\t.\t.\n"


def _vcf(tmp_path, text, name="calls.vcf"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_a_valid_file_gives_its_record_count_and_header_line(tmp_path):
    path = _vcf(tmp_path, "##fileformat=VCFv4.2\n##source=x\n" + HEADER[21:] + RECORD * 3)
    layout = check_vcf_layout(path)
    assert (layout.n_records, layout.header_line, layout.offset) == (3, 3, 0)


def test_crlf_line_ends_and_a_missing_last_line_end_are_valid(tmp_path):
    path = _vcf(tmp_path, (HEADER + RECORD + RECORD.rstrip("\n")).replace("\n", "\r\n"))
    assert check_vcf_layout(path).n_records == 2


def test_a_byte_order_mark_is_skipped_in_a_plain_file_and_refused_in_a_gzip(tmp_path):
    text = b"\xef\xbb\xbf" + (HEADER + RECORD).encode()
    assert check_vcf_layout(_vcf(tmp_path, text)).offset == 3
    with pytest.raises(ValueError, match=r"calls\.vcf\.gz: starts with a UTF-8 byte-order mark"):
        check_vcf_layout(_vcf(tmp_path, gzip.compress(text), "calls.vcf.gz"))


def test_a_sample_header_needs_format_and_unique_names(tmp_path):
    header = HEADER.rstrip("\n")
    record = RECORD.rstrip("\n")
    good = f"{header}\tFORMAT\tS1\tS2\n{record}\tGT\t0/1\t1/1\n"
    assert check_vcf_layout(_vcf(tmp_path, good)).n_records == 1
    for columns, message in [("\tFORMAT", "FORMAT then one column per sample"),
                             ("\tS1", "FORMAT then one column per sample"),
                             ("\tFORMAT\tS1\tS1", "sample names must be unique and non-empty")]:
        with pytest.raises(ValueError, match=rf"calls\.vcf, line 2: .*{message}"):
            check_vcf_layout(_vcf(tmp_path, f"{header}{columns}\n"))


@pytest.mark.parametrize(
    "text, message",
    [
        ("", r"calls\.vcf: not a VCF file: no #CHROM header line"),
        ("##fileformat=VCFv4.2\n##x=y\n", r"calls\.vcf: not a VCF file: no #CHROM header line"),
        (RECORD, r"calls\.vcf: not a VCF file: line 1 is 'chr1\\t10.*not '##fileformat"),
        ("##fileformat=VCFv4.2\n" + RECORD, r"line 2: 'chr1\\t10.*comes before the #CHROM"),
        ("##fileformat=VCFv4.2\n\n" + HEADER[21:], r"line 2: an empty line comes before"),
        ("##fileformat=VCFv4.2\n# note\n" + HEADER[21:], r"line 2: '# note' comes before"),
        (HEADER.replace("\t", " "), r"line 2: columns are separated by spaces, not tabs"),
        (HEADER.replace("\tQUAL", ""), r"line 2: the header line must start with .*#CHROM POS"),
    ],
)
def test_header_problems_are_named(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        check_vcf_layout(_vcf(tmp_path, text))


@pytest.mark.parametrize(
    "record, problem",
    [
        ("chr1 10 rs1 A G . . .", "columns are separated by spaces, not tabs"),
        ("chr1\t10\trs1\tA\tG", "5 tab-separated columns; the header line (line 2) has 8"),
        ("", "an empty line; a VCF has none after its header"),
        ("# a comment", "a comment or meta line after the header line"),
        ("##INFO=<ID=X>", "a comment or meta line after the header line"),
        (HEADER[21:].rstrip("\n"), "a second header line; the first is line 2"),
        ("\t10\t.\tA\tG\t.\t.\t.", "CHROM '' is empty or contains a space"),
        ("chr 1\t10\t.\tA\tG\t.\t.\t.", "CHROM 'chr 1' is empty or contains a space"),
        ("chr1\tten\t.\tA\tG\t.\t.\t.", "POS 'ten' is not an integer from 1"),
        ("chr1\t0\t.\tA\tG\t.\t.\t.", "POS '0' is not an integer from 1"),
        ("chr1\t" + "9" * 5000 + "\t.\tA\tG\t.\t.\t.", "POS '999999999999999999999999999999..."),
        ("chr1\t-5\t.\tA\tG\t.\t.\t.", "POS '-5' is not an integer from 1"),
        (f"chr1\t{MAX_POSITION + 1}\t.\tA\tG\t.\t.\t.",
         f"POS '{MAX_POSITION + 1}' is not an integer from 1 to {MAX_POSITION}"),
        ("chr1\t10\t.\t\tG\t.\t.\t.", "REF '' is not a sequence of A, C, G, T, N"),
        ("chr1\t10\t.\tAX\tG\t.\t.\t.", "REF 'AX' is not a sequence of A, C, G, T, N"),
        ("chr1\t10\t.\tA\t\t.\t.\t.", "ALT allele '' is not a sequence"),
        ("chr1\t10\t.\tA\tG,,T\t.\t.\t.", "ALT allele '' is not a sequence"),
        ("chr1\t10\t.\tA\tG,R\t.\t.\t.", "ALT allele 'R' is not a sequence"),
        ("chr1\t10\t.\tA\t<DEL\t.\t.\t.", "ALT allele '<DEL' is not a sequence"),
    ],
)
def test_record_problems_are_named_with_line_record_and_text(tmp_path, record, problem):
    path = _vcf(tmp_path, HEADER + RECORD + record + "\n")
    with pytest.raises(ValueError) as raised:
        check_vcf_layout(path)
    message = str(raised.value)
    assert message.startswith(f"{path}, line 4 (record 2): cannot be parsed as VCF: ")
    assert f"({problem}" in message


def test_alleles_of_vcf_4_stay_valid(tmp_path):
    alternatives = ["acgT", ".", "*", "<DEL>", "<*>", "<DUP:TANDEM>", "G]chr2:5]", "]chr2:5]G",
                    "[<ctg1>:7[N", ".A", "A.", "G,<NON_REF>,*"]
    records = "".join(f"chr1\t{i}\t.\tn\t{alt}\t.\t.\t.\n" for i, alt in enumerate(alternatives, 1))
    assert check_vcf_layout(_vcf(tmp_path, HEADER + records)).n_records == len(alternatives)


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"chr1\t10\t.\tA\tG\t.\t.\tX\x00Y\n", r"line 3: control character '\\x00' at byte 20"),
        (b"chr1\t10\t.\tA\tG\t.\t.\tX\rY\n", r"line 3: control character '\\r' at byte 20"),
        (b"chr1\t10\t.\tA\tG\t.\t.\tcaf\xe9\n", r"line 3: not UTF-8 text \(byte 0xe9 at byte 22\)"),
    ],
)
def test_control_characters_and_bytes_not_utf8_are_named(tmp_path, raw, message):
    with pytest.raises(ValueError, match=rf"calls\.vcf, {message}"):
        check_vcf_layout(_vcf(tmp_path, HEADER.encode() + raw))


def test_a_bgzip_file_without_its_end_of_file_block_is_truncated(tmp_path):
    bgzf = pytest.importorskip("Bio.bgzf")
    path = tmp_path / "calls.vcf.gz"
    with bgzf.BgzfWriter(str(path), "wb") as writer:
        writer.write((HEADER + RECORD * 100).encode())
    assert check_vcf_layout(path).n_records == 100
    path.write_bytes(path.read_bytes()[:-28])
    with pytest.raises(ValueError, match=r"calls\.vcf\.gz: truncated: the bgzip end-of-file "
                       r"block is missing"):
        check_vcf_layout(path)


def test_a_truncated_or_corrupt_gzip_is_named(tmp_path):
    packed = gzip.compress((HEADER + RECORD * 1000).encode())
    for broken in (packed[: len(packed) // 2], packed[:-4] + b"\0\0\0\0"):
        path = _vcf(tmp_path, broken, "calls.vcf.gz")
        with pytest.raises(ValueError, match=r"calls\.vcf\.gz: cannot be read as gzip, truncated "
                           r"or corrupt"):
            check_vcf_layout(path)


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such VCF file: .*nothere.vcf"):
        check_vcf_layout(tmp_path / "nothere.vcf")


def test_line_text_quotes_and_shortens_a_line_of_a_plain_or_gzipped_file(tmp_path):
    text = HEADER + "chr1\t10\t.\tA\tG\t.\t.\t" + "X" * 100 + "\n"
    for path in (_vcf(tmp_path, text), _vcf(tmp_path, gzip.compress(text.encode()), "c.vcf.gz")):
        assert line_text(path, 3) == repr("chr1\t10\t.\tA\tG\t.\t.\t" + "X" * 42 + "...")
        assert line_text(path, 9) == "''"
