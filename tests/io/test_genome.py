"""Genome FASTA: indexed random access (pyfaidx), bgzip, soft-masking, chromosome ends, names."""

import gzip
import os
import pickle
import re

import numpy as np
import pytest

import sklearn_demotif.io.genome as genome_module
from sklearn_demotif.io import Genome, as_genome, window_composition

CHR1 = "NNNNACGTacgtGGCCAATT" * 5  # 100 bp, soft-masked stretches
CHR2 = "TTGCA" * 13  # 65 bp


@pytest.fixture
def fasta(tmp_path):
    path = tmp_path / "genome.fa"
    lines = [">chr1 first chromosome"] + [CHR1[i : i + 30] for i in range(0, 100, 30)]
    lines += [">chr2"] + [CHR2[i : i + 30] for i in range(0, 65, 30)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_index_is_built_beside_the_fasta_and_sizes_are_read(fasta):
    assert not fasta.with_name("genome.fa.fai").exists()
    genome = Genome(fasta)
    assert fasta.with_name("genome.fa.fai").is_file()
    assert genome.sizes.to_dict() == {"chr1": 100, "chr2": 65}
    assert "chr1" in genome and "chr3" not in genome


@pytest.mark.parametrize(
    "chrom, start, end", [("chr1", 0, 100), ("chr1", 29, 61), ("chr2", 60, 65)]
)
def test_fetch_equals_the_uppercase_slice_across_line_breaks(fasta, chrom, start, end):
    expected = {"chr1": CHR1, "chr2": CHR2}[chrom][start:end].upper()
    assert Genome(fasta).fetch(chrom, start, end) == expected


def test_fetch_outside_a_chromosome_or_on_an_unknown_one_is_an_error(fasta):
    genome = Genome(fasta)
    with pytest.raises(ValueError, match=r"chr2:60-70 is outside chr2 \(0-65\)"):
        genome.fetch("chr2", 60, 70)
    with pytest.raises(ValueError, match=r"chromosome 'chrX' is not in the genome genome\.fa"):
        genome.fetch("chrX", 0, 5)


def test_windows_past_a_chromosome_end_are_padded_or_skipped_with_a_count(fasta):
    genome = Genome(fasta)
    chroms, starts = ["chr2", "chr2", "chr1"], [-3, 10, 95]
    with pytest.warns(UserWarning, match=r"2 of 3 windows reach past a chromosome end and "
                      r"were padded with N \(the first: chr2:-3-7"):
        padded, inside = genome.fetch_windows(chroms, starts, 10)
    assert padded.tolist() == ["NNN" + CHR2[:7], CHR2[10:20], CHR1[95:].upper() + "NNNNN"]
    assert inside.tolist() == [False, True, False]
    with pytest.warns(UserWarning, match=r"2 of 3 peak windows .* were skipped"):
        kept, _ = genome.fetch_windows(chroms, starts, 10, past_end="skip", what="peak windows")
    assert kept.tolist() == [CHR2[10:20]]


def test_a_window_wholly_past_the_end_is_all_n(fasta):
    with pytest.warns(UserWarning):
        windows, _ = Genome(fasta).fetch_windows(["chr2"], [200], 8)
    assert windows.tolist() == ["N" * 8]


def test_an_unknown_chromosome_with_another_naming_convention_says_so(fasta):
    with pytest.raises(ValueError) as error:
        Genome(fasta).check_chromosomes(["1", "2"], "calls.vcf", {"1": "line 9"})
    message = str(error.value)
    assert message.startswith("calls.vcf, line 9: chromosome '1' is not in the genome genome.fa")
    assert "nor '2'" in message and "'1' here, 'chr1' in the genome" in message


def test_without_index_in_a_read_only_folder_the_error_says_how_to_build_one(
    fasta, monkeypatch
):
    monkeypatch.setattr(genome_module.os, "access", lambda path, mode: False)
    with pytest.raises(ValueError, match=r"no index \(genome\.fa\.fai\) and its folder is "
                       r"read-only.*samtools faidx"):
        Genome(fasta)


def test_an_existing_index_is_used_in_a_read_only_folder(fasta, monkeypatch):
    Genome(fasta).close()
    monkeypatch.setattr(genome_module.os, "access", lambda path, mode: False)
    assert Genome(fasta).fetch("chr2", 0, 5) == "TTGCA"


def test_bgzipped_fasta_reads_like_the_plain_one(fasta, tmp_path):
    bgzf = pytest.importorskip("Bio.bgzf")
    packed = tmp_path / "packed" / "genome.fa.gz"
    packed.parent.mkdir()
    with bgzf.BgzfWriter(str(packed), "wb") as writer:
        writer.write(fasta.read_bytes())
    plain, compressed = Genome(fasta), Genome(packed)
    assert compressed.sizes.equals(plain.sizes)
    assert compressed.fetch("chr1", 25, 77) == plain.fetch("chr1", 25, 77)


def test_plain_gzip_is_refused_with_the_bgzip_command(fasta, tmp_path):
    packed = tmp_path / "genome2.fa.gz"
    packed.write_bytes(gzip.compress(fasta.read_bytes()))
    with pytest.raises(ValueError, match=r"genome2\.fa\.gz is gzip-compressed, but random "
                       r"access needs bgzip.*bgzip"):
        Genome(packed)


@pytest.mark.parametrize(
    "text, message",
    [
        ("ACGT\n>chr1\nACGT\n", r"Unexpected text before the first sequence"),
        (">chr1\nACGTACGT\nACG\nACGTACGT\n", r"Line length of fasta file is not consistent"),
    ],
)
def test_a_file_an_index_cannot_describe_is_named(tmp_path, text, message):
    path = tmp_path / "broken.fa"
    path.write_text(text)
    with pytest.raises(ValueError, match=rf"broken\.fa: cannot be indexed as FASTA.*{message}"):
        Genome(path)


def test_a_missing_fasta_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.fa"):
        Genome(tmp_path / "nothere.fa")


def test_a_genome_pickles_by_path_and_as_genome_passes_it_through(fasta):
    genome = Genome(fasta)
    copy = pickle.loads(pickle.dumps(genome))
    assert copy.fetch("chr1", 4, 12) == "ACGTACGT" and copy.path == genome.path
    assert as_genome(genome) is genome and as_genome(str(fasta)).sizes.equals(genome.sizes)


def test_window_composition_counts_gc_among_the_bases_that_are_not_n():
    gc, n_fraction = window_composition(["GCGC", "ATNN", "NNNN"])
    np.testing.assert_allclose(gc[:2], [1.0, 0.0])
    assert np.isnan(gc[2]) and n_fraction.tolist() == [0.0, 0.5, 1.0]


def _rewrite(path, sequences, width):
    path.write_text("".join(
        f">{name}\n" + "".join(seq[i : i + width] + "\n" for i in range(0, len(seq), width))
        for name, seq in sequences.items()
    ))


def _rewritten_after_indexing(path, change, index_newer):
    """Index ``path``, rewrite it (another line width or a shortened chromosome), then date
    the index newer or older than the FASTA; the sequences the file now holds."""
    before = {"chr1": CHR1.upper(), "chr2": CHR2}
    _rewrite(path, before, 30)
    Genome(path).close()
    after = dict(before)
    if change == "shorter":
        after["chr1"] = CHR1.upper()[:70]
    _rewrite(path, after, 25 if change == "line width" else 30)
    fasta_time = path.stat().st_mtime_ns
    index_time = fasta_time + (10**9 if index_newer else -(10**9))
    os.utime(f"{path}.fai", ns=(index_time, index_time))
    return after


@pytest.mark.parametrize("index_newer", [True, False], ids=["index newer", "index older"])
@pytest.mark.parametrize("change", ["line width", "shorter"])
def test_a_stale_index_is_rebuilt_in_a_writable_folder(tmp_path, change, index_newer):
    path = tmp_path / "genome.fa"
    after = _rewritten_after_indexing(path, change, index_newer)
    with pytest.warns(UserWarning, match=r"genome\.fa.*rebuilding the index"):
        genome = Genome(path)
    assert genome.sizes.to_dict() == {name: len(seq) for name, seq in after.items()}
    for name, seq in after.items():
        assert genome.fetch(name, 0, len(seq)) == seq
    assert Genome(path).fetch("chr2", 3, 40) == CHR2[3:40]  # the new index is trusted


@pytest.mark.parametrize("index_newer", [True, False], ids=["index newer", "index older"])
@pytest.mark.parametrize("change", ["line width", "shorter"])
def test_a_stale_index_in_a_read_only_folder_is_refused(tmp_path, monkeypatch, change,
                                                         index_newer):
    # Tests run as root, for whom chmod does not stop writing: the folder's writability
    # is what Genome asks os.access, so that answer is what is patched.
    path = tmp_path / "genome.fa"
    _rewritten_after_indexing(path, change, index_newer)
    monkeypatch.setattr(genome_module.os, "access", lambda path, mode: False)
    reason = (r"genome\.fa\.fai: chr1 does not match genome\.fa" if index_newer
              else r"genome\.fa is newer than its index \S*genome\.fa\.fai")
    with pytest.raises(ValueError, match=rf"{reason}.*read-only.*samtools faidx"):
        Genome(path)


def test_a_stale_index_names_the_chromosome_that_does_not_fit(tmp_path, monkeypatch):
    path = tmp_path / "genome.fa"
    _rewritten_after_indexing(path, "shorter", index_newer=True)
    monkeypatch.setattr(genome_module.os, "access", lambda path, mode: False)
    with pytest.raises(ValueError, match=r"genome\.fa\.fai: chr1 does not match genome\.fa"):
        Genome(path)


def test_a_malformed_index_is_rebuilt_or_refused_with_its_line(fasta, monkeypatch):
    Genome(fasta).close()
    fai = fasta.with_name("genome.fa.fai")
    fai.write_text(fai.read_text().replace("\t30\t31", "\t30\tthirty-one"))
    os.utime(fai, ns=(fasta.stat().st_mtime_ns + 10**9,) * 2)
    with monkeypatch.context() as patch:
        patch.setattr(genome_module.os, "access", lambda path, mode: False)
        with pytest.raises(ValueError, match=r"genome\.fa\.fai, line 1: line_bytes "
                           r"'thirty-one' is not a non-negative integer.*samtools faidx"):
            Genome(fasta)
    with pytest.warns(UserWarning, match=r"line 1: line_bytes 'thirty-one'"):
        assert Genome(fasta).fetch("chr1", 28, 33) == CHR1[28:33].upper()


def test_a_stale_bgzip_index_is_rebuilt(fasta, tmp_path):
    bgzf = pytest.importorskip("Bio.bgzf")
    packed = tmp_path / "packed" / "genome.fa.gz"
    packed.parent.mkdir()
    with bgzf.BgzfWriter(str(packed), "wb") as writer:
        writer.write(fasta.read_bytes())
    Genome(packed).close()
    with bgzf.BgzfWriter(str(packed), "wb") as writer:
        writer.write(b">chr2\n" + CHR2.encode() + b"\n")
    for index in (f"{packed}.fai", f"{packed}.gzi"):
        os.utime(index, ns=(packed.stat().st_mtime_ns + 10**9,) * 2)
    with pytest.warns(UserWarning, match=r"genome\.fa\.gz\.fai: chr1 does not match"):
        genome = Genome(packed)
    assert genome.sizes.to_dict() == {"chr2": 65} and genome.fetch("chr2", 0, 65) == CHR2


@pytest.mark.parametrize("letter", ["-", "*", "1", ">", "E", "L", "Q", " ", "\t"])
def test_a_letter_that_is_not_dna_is_named_with_its_position_when_read(tmp_path, letter):
    path = tmp_path / "genome.fa"
    path.write_text(f">chr1\nACGTRYSWKMBDHVN\nAC{letter}T\n")
    genome = Genome(path)
    assert genome.fetch("chr1", 0, 17) == "ACGTRYSWKMBDHVNAC"
    message = rf"genome\.fa: chr1 has {re.escape(repr(letter))} at position 17 \(0-based\); "
    message += r"a genome FASTA holds DNA: ACGTN and IUPAC codes"
    with pytest.raises(ValueError, match=message):
        genome.fetch("chr1", 10, 19)
    with pytest.raises(ValueError, match=message):
        genome.fetch_windows(["chr1", "chr1"], [0, 15], 4)


def test_a_byte_that_is_not_text_is_named_with_its_line(tmp_path):
    path = tmp_path / "genome.fa"
    path.write_bytes(b">chr1\nACGT\nA\xffGT\n")
    with pytest.raises(ValueError, match=r"genome\.fa, line 3: byte 0xff is not text"):
        Genome(path)


def test_a_letter_that_is_not_ascii_is_refused_when_indexed(tmp_path):
    # pyfaidx counts a line's letters, the index needs its bytes: they differ, and the
    # index built does not fit the file.
    path = tmp_path / "genome.fa"
    path.write_text(">chr1\nACGT\nAéGT\n")
    with pytest.raises(ValueError, match=r"genome\.fa: cannot be indexed as FASTA .*chr1"):
        Genome(path)


def test_lowercase_iupac_codes_read_as_uppercase(tmp_path):
    path = tmp_path / "genome.fa"
    path.write_text(">chr1\nacgtnrysw\nkmbdhv\n")
    assert Genome(path).fetch("chr1", 0, 15) == "ACGTNRYSWKMBDHV"


@pytest.mark.parametrize(
    "text, message",
    [
        (">chr1\nACGT\n>\nACGT\n", r"broken\.fa, line 3: a header line without a name"),
        (">chr1\nACGT\n>chr1 again\nAC\n", r"broken\.fa: two sequences are named \"chr1\""),
    ],
)
def test_a_nameless_or_repeated_header_is_named_with_the_file(tmp_path, text, message):
    path = tmp_path / "broken.fa"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        Genome(path)


def test_a_bgzip_index_older_than_the_fasta_is_refused_in_a_read_only_folder(
    fasta, tmp_path, monkeypatch
):
    bgzf = pytest.importorskip("Bio.bgzf")
    packed = tmp_path / "packed" / "genome.fa.gz"
    packed.parent.mkdir()
    with bgzf.BgzfWriter(str(packed), "wb") as writer:
        writer.write(fasta.read_bytes())
    Genome(packed).close()
    gzi = f"{packed}.gzi"
    os.utime(gzi, ns=(packed.stat().st_mtime_ns - 10**9,) * 2)
    monkeypatch.setattr(genome_module.os, "access", lambda path, mode: False)
    with pytest.raises(ValueError, match=r"genome\.fa\.gz is newer than its index \S*genome"
                       r"\.fa\.gz\.gzi.*read-only.*samtools faidx"):
        Genome(packed)
