"""write_bigwig: the bedGraph's bins in the file browsers open, streamed, whole or not at all."""

import sys

import numpy as np
import pandas as pd
import pytest

from sklearn_demotif.interpret import write_bedgraph
from sklearn_demotif.io import BIGWIG_SUFFIXES, Genome, write_bigwig

pyBigWig = pytest.importorskip("pyBigWig")

SIZES = pd.Series({"chr2": 3000, "chr10": 2000, "chr1": 5000})


def _track():
    """Windows of 101 bp every 10 bp on three chromosomes (sorted by name), with a gap."""
    rng = np.random.default_rng(0)
    pieces = []
    for chrom, starts in [("chr1", [*range(100, 600, 10), *range(900, 1200, 10)]),
                          ("chr10", range(0, 300, 10)), ("chr2", range(2000, 2899, 10))]:
        starts = np.asarray(list(starts))
        pieces.append(pd.DataFrame({"chrom": chrom, "start": starts, "end": starts + 101,
                                    "score": rng.normal(size=len(starts)) * 5}))
    return pd.concat(pieces, ignore_index=True)


def _read(path):
    with pyBigWig.open(str(path)) as bigwig:
        return bigwig.chroms(), {chrom: bigwig.intervals(chrom) for chrom in bigwig.chroms()}


def _bedgraph_bins(path):
    table = pd.read_csv(path, sep="\t", header=None, names=["chrom", "start", "end", "score"])
    return {chrom: rows for chrom, rows in table.groupby("chrom", sort=False)}


def test_the_bigwig_holds_the_bins_and_values_of_the_bedgraph(tmp_path):
    track = _track()
    bedgraph = _bedgraph_bins(write_bedgraph(tmp_path / "t.bedGraph", track, step=10))
    chroms, intervals = _read(write_bigwig(tmp_path / "t.bw", track, SIZES, step=10))
    assert chroms == SIZES.to_dict()
    assert sorted(chrom for chrom in intervals if intervals[chrom]) == ["chr1", "chr10", "chr2"]
    for chrom, rows in bedgraph.items():
        found = np.array(intervals[chrom])
        assert found[:, 0].tolist() == rows["start"].tolist()
        assert found[:, 1].tolist() == rows["end"].tolist()
        np.testing.assert_allclose(found[:, 2], rows["score"], rtol=1e-5)  # bedGraph: 6 digits
        expected = track.loc[track.chrom == chrom, "score"].to_numpy(np.float32)
        np.testing.assert_array_equal(found[:, 2].astype(np.float32), expected)


def test_values_are_the_scores_base_by_base_and_nan_outside_the_bins(tmp_path):
    track = _track()
    with pyBigWig.open(str(write_bigwig(tmp_path / "t.bw", track, SIZES))) as bigwig:
        values = np.array(bigwig.values("chr1", 0, 1300))
    first = track.iloc[0]
    centre = first["start"] + 45  # the central 10 bases of the first window
    assert np.isnan(values[:centre]).all()
    np.testing.assert_allclose(values[centre:centre + 10], np.float32(first["score"]))
    last_before_gap = track[(track.chrom == "chr1") & (track.start == 590)].iloc[0]
    assert np.isnan(values[590 + 55:900 + 45]).all()  # windows 600-890 were left out
    np.testing.assert_allclose(values[590 + 45:590 + 55], np.float32(last_before_gap["score"]))


def test_a_streamed_track_gives_the_bigwig_of_the_whole_track(tmp_path):
    track = _track()
    pieces = (track.iloc[start:start + 17] for start in range(0, len(track), 17))
    whole = write_bigwig(tmp_path / "whole.bw", track, SIZES, step=10)
    streamed = write_bigwig(tmp_path / "streamed.bw", pieces, SIZES, step=10)
    assert _read(streamed) == _read(whole)
    assert streamed.read_bytes() == whole.read_bytes()


def test_the_header_lists_the_genome_sorted_by_name_however_the_sizes_come(tmp_path):
    fasta = tmp_path / "genome.fa"
    fasta.write_text(">chr2\n" + "A" * 300 + "\n>chr10\n" + "C" * 200 + "\n>chr1\n" + "G" * 500
                     + "\n")
    track = pd.DataFrame({"chrom": ["chr1", "chr2"], "start": [0, 0], "end": [101, 101],
                          "score": [1.0, 2.0]})
    for sizes in (Genome(fasta), fasta, str(fasta), Genome(fasta).sizes,
                  {"chr2": 300, "chr10": 200, "chr1": 500}):
        path = write_bigwig(tmp_path / "t.bw", track, sizes)
        with pyBigWig.open(str(path)) as bigwig:
            assert list(bigwig.chroms().items()) == [("chr1", 500), ("chr10", 200), ("chr2", 300)]
            assert bigwig.intervals("chr2") == ((0, 101, 2.0),)


@pytest.mark.parametrize("suffix", [".bw", ".bigWig", ".BIGWIG"])
def test_bigwig_suffixes_are_compared_without_case(suffix):
    assert suffix.lower() in BIGWIG_SUFFIXES


def _windows(chrom, starts, score=1.0):
    starts = np.asarray(starts)
    return pd.DataFrame({"chrom": chrom, "start": starts, "end": starts + 101, "score": score})


@pytest.mark.parametrize(
    "track, step, message",
    [
        (_windows("chrX", [0, 10]), None,
         r"the track's chromosome 'chrX' is not in the genome \(3 sequences: chr2, chr10, chr1\)"),
        (_windows("1", [0, 10]), None, r"'1' here, 'chr1' in the genome"),
        (_windows("chr10", [1930, 1940, 1950]), 10,
         r"the track's bin chr10:1995-2005 ends past the end of chr10 \(2000 bp\)"),
        (pd.concat([_windows("chr2", [0]), _windows("chr1", [0])]), 10,
         r"not sorted by chromosome: chr1 comes after chr2"),
        (_windows("chr1", [0, 10], score=[1.0, np.nan]), None,
         r"window chr1:10-111 has the score nan; a bigWig holds numbers only"),
        (_windows("chr1", [0, 10, 20]), 5, r"step=5 leaves gaps"),
    ],
    ids=["unknown chromosome", "naming convention", "past the end", "unsorted", "NaN", "gaps"],
)
def test_a_bad_track_is_refused_naming_the_culprit_and_nothing_is_written(tmp_path, track, step,
                                                                          message):
    with pytest.raises(ValueError, match=message):
        write_bigwig(tmp_path / "new" / "t.bw", track, SIZES, step=step)
    with pytest.raises(ValueError, match=message):  # the second piece fails: still nothing
        write_bigwig(tmp_path / "new" / "t.bw", iter([track.iloc[:1], track.iloc[1:]]), SIZES,
                     step=step)
    assert not (tmp_path / "new" / "t.bw").exists()
    assert list((tmp_path / "new").iterdir()) == []


def test_a_failed_write_keeps_the_old_file(tmp_path):
    track = _track()
    old = write_bigwig(tmp_path / "t.bw", track, SIZES)
    before = old.read_bytes()
    with pytest.raises(ValueError, match="chrX"):
        write_bigwig(old, track.assign(chrom="chrX"), SIZES)
    assert old.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["t.bw"]


@pytest.mark.parametrize(
    "sizes, message",
    [({"chr1": 0}, "the length of chromosome chr1 must be a positive integer, got 0"),
     ({}, "sizes has no chromosome")],
)
def test_bad_sizes_are_refused(tmp_path, sizes, message):
    with pytest.raises(ValueError, match=message):
        write_bigwig(tmp_path / "t.bw", _track(), sizes)
    assert list(tmp_path.iterdir()) == []


def test_without_pybigwig_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyBigWig", None)
    with pytest.raises(ImportError, match=r'pip install "sklearn-demotif\[genome\]"'):
        write_bigwig(tmp_path / "t.bw", _track(), SIZES)
    assert list(tmp_path.iterdir()) == []


def test_a_file_pybigwig_could_not_finish_is_not_renamed_into_place(tmp_path, monkeypatch):
    import sklearn_demotif.io.bigwig as bigwig_module

    class Truncating:
        """pyBigWig, except that closing a file written cuts it short, as a full disk does."""

        def __init__(self, path, *mode):
            self._path, self._file = path, pyBigWig.open(path, *mode)
            self._writing = bool(mode)

        def __getattr__(self, name):
            return getattr(self._file, name)

        def close(self):
            self._file.close()
            if self._writing:
                with open(self._path, "r+b") as stream:
                    stream.truncate(1000)

    monkeypatch.setattr(bigwig_module, "_pybigwig",
                        lambda: type("Module", (), {"open": Truncating}))
    with pytest.raises(OSError, match=r"cannot write .*t\.bw: pyBigWig could not finish the "
                                      r"file \(is the disk full\?\)"):
        write_bigwig(tmp_path / "t.bw", _track(), SIZES)
    assert list(tmp_path.iterdir()) == []
