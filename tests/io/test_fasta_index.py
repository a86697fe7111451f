"""The .fai checks: its own syntax, its modification time, and every entry against the FASTA."""

import io
import os

import pytest

from sklearn_demotif.io._fasta_index import (
    FaiEntry,
    IndexMismatch,
    bgzf_reader,
    check_entries,
    file_reader,
    index_paths,
    read_fai,
    stale_index,
)

FASTA = b">chr1 the first\nACGTA\nCGTAC\nGG\n>chr2\nTTTT\n>empty\n"
ENTRIES = [
    FaiEntry("chr1", 12, 16, 5, 6),
    FaiEntry("chr2", 4, 37, 4, 5),
    FaiEntry("empty", 0, 49, 0, 0),
]


def check(entries, fasta=FASTA):
    check_entries(entries, file_reader(io.BytesIO(fasta)), "g.fa.fai", "g.fa")


def test_the_entries_pyfaidx_would_write_pass():
    check(ENTRIES)


@pytest.mark.parametrize(
    "entry, message",
    [
        (FaiEntry("chr1", 12, 15, 5, 6), r"the byte before offset 15 is not a line end"),
        (FaiEntry("chr2", 12, 16, 5, 6), r"offset 16 does not follow a '>chr2' header line"),
        (FaiEntry("chr1", 12, 16, 6, 7), r"its first line is shorter than 6 bases"),
        (FaiEntry("chr1", 12, 16, 4, 5), r"a line of 4 bases and 5 bytes, but its first"),
        (FaiEntry("chr1", 11, 16, 5, 6), r"its last line is longer than 1 bases"),
        (FaiEntry("chr1", 13, 16, 5, 6), r"its last line is shorter than 3 bases"),
        (FaiEntry("chr1", 10, 16, 5, 6), r"its last line is not followed by the next header"),
        (FaiEntry("chr1", 12, 900, 5, 6), r"offset 900 lies past the end of the file"),
        (FaiEntry("chr2", 9, 37, 4, 5), r"its last line does not start at byte"),
        (FaiEntry("chr1", 12, 0, 5, 6), r"offset 0 leaves no room for its header line"),
    ],
)
def test_an_entry_that_does_not_fit_the_file_names_index_and_sequence(entry, message):
    with pytest.raises(IndexMismatch, match=rf"g\.fa\.fai: {entry.name} does not match g\.fa: "
                       rf".*{message}"):
        check([entry] + [other for other in ENTRIES if other.name != entry.name])


def test_the_entries_must_cover_the_file():
    with pytest.raises(IndexMismatch, match=r"g\.fa\.fai does not match g\.fa: the file goes "
                       r"on after chr2, the last sequence it lists \(a header at byte 42\)"):
        check(ENTRIES[:2])
    with pytest.raises(IndexMismatch, match=r"chr1 is followed by a header at byte 31, not by "
                       r"the header of empty at byte 42"):
        check([ENTRIES[0], ENTRIES[2]])
    with pytest.raises(IndexMismatch, match=r"lists no sequence for the text before byte 31"):
        check(ENTRIES[1:])


def test_blank_and_comment_lines_may_come_before_the_first_header():
    fasta = b"\n;a comment\n>a\nAC\n"
    check([FaiEntry("a", 2, 15, 2, 3)], fasta)


def test_crlf_line_ends_blank_lines_and_no_final_line_end_fit():
    fasta = b">a\r\nACG\r\nA\r\n\r\n>b x\r\nGG"
    check([FaiEntry("a", 4, 4, 3, 5), FaiEntry("b", 2, 20, 2, 4)], fasta)


def test_a_last_empty_record_may_lack_its_line_end():
    check([FaiEntry("a", 2, 3, 2, 3), FaiEntry("b", 0, 10, 0, 0)], b">a\nAC\n>b x")


def test_a_header_line_longer_than_a_read_is_found():
    fasta = b">chr1 " + b"x" * 5000 + b"\nACGT\n"
    check([FaiEntry("chr1", 4, 5007, 4, 5)], fasta)


def test_a_well_formed_fai_is_read(tmp_path):
    fai = tmp_path / "g.fa.fai"
    fai.write_text("".join("\t".join(map(str, entry)) + "\n" for entry in ENTRIES))
    assert read_fai(fai) == ENTRIES


@pytest.mark.parametrize(
    "text, message",
    [
        ("", r"lists no sequence"),
        ("chr1\t12\t16\t5\n", r"line 1: 4 columns, where a FASTA index has 5"),
        ("chr1\t12\t16\t5\t6\t0\n", r"line 1: 6 columns"),
        ("chr1\t12\tsixteen\t5\t6\n", r"line 1: offset 'sixteen' is not a non-negative"),
        ("chr1\t-12\t16\t5\t6\n", r"line 1: length '-12' is not a non-negative integer"),
        ("chr1\t12\t16\t5\t4\n", r"line 1: line_bytes 4 < line_bases 5"),
        ("chr1\t12\t16\t0\t0\n", r"line 1: 12 bases but line_bases 0"),
        ("chr1\t12\t16\t5\t6\n\nchr2\t4\t38\t4\t5\n", r"line 2: 1 columns"),
        ("chr1\t12\t16\t5\t6\nchr1\t4\t38\t4\t5\n", r"line 2: sequence name 'chr1' is "
         r"already on line 1"),
        ("\t12\t16\t5\t6\n", r"line 1: '' is not a sequence name"),
        ("chr1\t12\t16\t5\t6\xe9\n", r"byte 14 is not ASCII text"),
    ],
)
def test_a_malformed_fai_names_itself_and_the_line(tmp_path, text, message):
    fai = tmp_path / "g.fa.fai"
    fai.write_bytes(text.encode("latin-1"))
    with pytest.raises(IndexMismatch, match=rf"g\.fa\.fai.*{message}"):
        read_fai(fai)


def test_an_index_older_than_its_fasta_is_stale(tmp_path):
    fasta, fai = tmp_path / "g.fa", tmp_path / "g.fa.fai"
    fasta.write_bytes(FASTA)
    fai.write_text("x")
    os.utime(fai, ns=(fasta.stat().st_mtime_ns,) * 2)
    assert stale_index(fasta, [fai]) is None
    os.utime(fai, ns=(fasta.stat().st_mtime_ns - 1,) * 2)
    assert stale_index(fasta, [fai]) == fai


def test_a_bgzip_fasta_has_two_indexes():
    assert [path.name for path in index_paths("g.fa")] == ["g.fa.fai"]
    assert [path.name for path in index_paths("g.fa.bgz")] == ["g.fa.bgz.fai", "g.fa.bgz.gzi"]


def test_the_bgzf_reader_reads_the_uncompressed_stream_across_blocks(tmp_path):
    bgzf = pytest.importorskip("Bio.bgzf")
    pyfaidx = pytest.importorskip("pyfaidx")
    text = b">chr1\n" + b"ACGTACGTAC\n" * 20000
    path = tmp_path / "g.fa.gz"
    with bgzf.BgzfWriter(str(path), "wb") as writer:
        writer.write(text)
    fasta = pyfaidx.Fasta(str(path), as_raw=True)
    read = bgzf_reader(fasta.faidx)
    assert len(fasta.faidx.gzi_index) > 2
    assert read(65530, 20) == text[65530:65550]
    assert read(len(text) - 3, 10) == text[-3:]
    assert read(len(text) + 70000, 4) == b""
    check_entries(read_fai(f"{path}.fai"), read, f"{path}.fai", path)
