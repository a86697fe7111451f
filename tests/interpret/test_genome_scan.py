"""scan_genome: the model's log-odds along regions, streamed; bedGraph files browsers open."""

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline

from sklearn_demotif import OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.interpret import (
    iter_genome_scan,
    scan_genome,
    write_bedgraph,
    write_track,
)
from sklearn_demotif.io import Genome


def test_the_scan_equals_decision_function_on_windows_cut_by_hand(tiny_genome_model):
    files, model = tiny_genome_model
    track = scan_genome(model, files.genome, "chr1:10,000-12,000", stride=10, batch_size=64,
                        verbose=0)
    starts = np.arange(10_000, 12_000 - 101 + 1, 10)
    assert track.columns.tolist() == ["chrom", "start", "end", "score"]
    assert track["start"].tolist() == starts.tolist()
    assert (track["end"] - track["start"] == 101).all() and (track["chrom"] == "chr1").all()
    genome = Genome(files.genome)
    windows = [genome.fetch("chr1", start, start + 101) for start in starts]
    np.testing.assert_allclose(track["score"], model.decision_function(windows), rtol=1e-5,
                               atol=1e-6)


def test_the_scan_streams_batches_that_add_up_to_the_track(tiny_genome_model):
    files, model = tiny_genome_model
    chunks = list(iter_genome_scan(model, files.genome, ["chr2:3000-4000", "chr1:3000-3500"],
                                   stride=7, batch_size=25, verbose=0))
    assert max(len(chunk) for chunk in chunks) == 25
    whole = scan_genome(model, files.genome, ["chr2:3000-4000", "chr1:3000-3500"], stride=7,
                        verbose=0)
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), whole)
    assert whole["chrom"].tolist() == sorted(whole["chrom"])  # chr1 first, whatever the input


def test_windows_of_all_n_are_not_scored(tiny_genome_model):
    files, model = tiny_genome_model
    track = scan_genome(model, files.genome, "chr1:1800-2300", stride=10, verbose=0)
    # The first 2 kb are N: windows starting before 1900 lie wholly in them.
    assert track["start"].tolist() == list(range(1900, 2300 - 101 + 1, 10))
    with pytest.raises(ValueError, match=r"region chr1:100-1500 is all N in genome\.fa"):
        scan_genome(model, files.genome, "chr1:100-1500", verbose=0)


def test_the_bedgraph_is_sorted_half_open_and_has_one_line_per_window(tiny_genome_model, tmp_path):
    files, model = tiny_genome_model
    regions = tmp_path / "regions.bed"
    regions.write_text("chr2\t5000\t5600\nchr1\t7000\t7400\nchr1\t7300\t7800\n")
    track = scan_genome(model, files.genome, regions, stride=20, verbose=0)
    path = write_bedgraph(tmp_path / "tracks" / "scan.bedGraph", track)
    lines = [line.split("\t") for line in path.read_text().splitlines()]
    assert len(lines) == len(track)
    chroms = [line[0] for line in lines]
    starts, ends = (np.array([int(line[i]) for line in lines]) for i in (1, 2))
    scores = np.array([float(line[3]) for line in lines])
    assert chroms == sorted(chroms) and set(chroms) == {"chr1", "chr2"}
    for chrom in ("chr1", "chr2"):
        mine = np.array(chroms) == chrom
        assert (np.diff(starts[mine]) >= 20).all()  # sorted, never overlapping
        assert (starts[mine][1:] >= ends[mine][:-1]).all()
    assert ((ends - starts) == 20).all() and (starts >= 0).all()
    centres = (track["start"] + track["end"]) // 2
    assert ((starts <= centres) & (centres < ends)).all()  # each bin is its window's centre
    np.testing.assert_allclose(scores, track["score"], rtol=1e-5)
    # The overlapping chr1 regions are merged into one: no window is scored twice.
    assert track.loc[track.chrom == "chr1", "start"].tolist() == list(range(7000, 7681, 20))


def test_write_bedgraph_streams_pieces_and_takes_the_stride(tiny_genome_model, tmp_path):
    files, model = tiny_genome_model
    pieces = iter_genome_scan(model, files.genome, "chr1:9000-9500", stride=5, batch_size=10,
                              verbose=0)
    path = write_bedgraph(tmp_path / "s.bedGraph", pieces, step=5)
    lines = path.read_text().splitlines()
    assert len(lines) == (500 - 101) // 5 + 1
    assert lines[0].split("\t")[1:3] == ["9048", "9053"]


def test_an_unsorted_track_is_refused_and_nothing_is_written(tmp_path):
    track = pd.DataFrame({"chrom": ["chr2", "chr1"], "start": [0, 0], "end": [101, 101],
                          "score": [1.0, 2.0]})
    with pytest.raises(ValueError, match="not sorted by chromosome: chr1 comes after chr2"):
        write_bedgraph(tmp_path / "x.bedGraph", track)
    overlapping = pd.DataFrame({"chrom": "chr1", "start": [0, 40], "end": [101, 141],
                                "score": [1.0, 2.0]})
    with pytest.raises(ValueError, match="overlap or are unsorted"):
        write_bedgraph(tmp_path / "x.bedGraph", overlapping, step=60)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "regions, message",
    [
        ("chr1:12-x", r"region 'chr1:12-x' does not parse"),
        ("chr7:0-500", r"region 'chr7:0-500': chromosome 'chr7' is not in the genome"),
        ("chr1:49000-51000", r"region 'chr1:49000-51000' is empty or not inside chr1"),
        ("chr1:5000-5050", r"region chr1:5000-5050 is 50 bp, shorter than the model's 101-bp"),
    ],
)
def test_bad_regions_are_named_and_no_bedgraph_is_written(
    tiny_genome_model, tmp_path, regions, message
):
    files, model = tiny_genome_model
    with pytest.raises(ValueError, match=message):
        write_bedgraph(tmp_path / "t.bedGraph",
                       iter_genome_scan(model, files.genome, regions, verbose=0))
    assert list(tmp_path.iterdir()) == []


def test_the_progress_bar_shows_unless_verbose_is_0(tiny_genome_model, capsys):
    files, model = tiny_genome_model
    scan_genome(model, files.genome, "chr1:9000-9300", verbose=1)
    assert "scanning" in capsys.readouterr().err
    scan_genome(model, files.genome, "chr1:9000-9300", verbose=0)
    assert capsys.readouterr().err == ""


def test_only_binary_classifiers_scan(tiny_genome_model, make_tiny_classifier):
    files, _ = tiny_genome_model
    X, y = make_motif_dataset("MA0138", n_samples=60, random_state=0)
    y = np.arange(60) % 3
    classifier = make_tiny_classifier(highway_units=8, n_highway_layers=1, max_epochs=1)
    model = make_pipeline(OneHotDNA(), classifier).fit(X, y)
    with pytest.raises(ValueError, match="binary classifiers, but this one has 3 classes"):
        scan_genome(model, files.genome, "chr1:9000-9300", verbose=0)


def test_stride_and_batch_size_must_be_positive(tiny_genome_model):
    files, model = tiny_genome_model
    with pytest.raises(
        ValueError, match=r"'stride' parameter of scan_genome must be an int in the range \[1, "
    ):
        scan_genome(model, files.genome, "chr1:9000-9300", stride=0)


def test_a_step_smaller_than_the_windows_spacing_is_refused_naming_the_first_gap(tmp_path):
    track = pd.DataFrame({"chrom": "chr1", "start": [0, 10, 20], "end": [101, 111, 121],
                          "score": [0.5, -1.25, 3.0]})
    # Bins of 5 bp every 10 bp: chr1:48-53, then chr1:58-63, nothing on 53-58.
    with pytest.raises(ValueError, match=r"step=5 leaves gaps: the windows start 10 bp apart, "
                                         r"so nothing covers chr1:53-58; give the scan's "
                                         r"stride \(10\) as step"):
        write_bedgraph(tmp_path / "x.bedGraph", track, step=5)
    assert list(tmp_path.iterdir()) == []


def test_gaps_of_skipped_windows_and_between_regions_are_kept(tmp_path):
    # Windows of all N (20-30) left out, then another region: the step still matches.
    track = pd.DataFrame({"chrom": "chr1", "start": [0, 10, 40, 500], "end": [101, 111, 141, 601],
                          "score": [1.0, 2.0, 3.0, 4.0]})
    lines = write_bedgraph(tmp_path / "x.bedGraph", track, step=10).read_text().splitlines()
    assert [line.split("\t")[1] for line in lines] == ["45", "55", "85", "545"]


def test_windows_farther_apart_than_wide_keep_their_own_width(tmp_path):
    track = pd.DataFrame({"chrom": "chr1", "start": [0, 50], "end": [30, 80], "score": [1, 2]})
    path = write_bedgraph(tmp_path / "x.bedGraph", track, step=40)
    assert path.read_text() == "chr1\t0\t30\t1\nchr1\t50\t80\t2\n"


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_score_that_is_not_a_number_is_refused_naming_its_window(tmp_path, bad):
    track = pd.DataFrame({"chrom": "chr1", "start": [0, 10, 20], "end": [101, 111, 121],
                          "score": [0.5, bad, 3.0]})
    with pytest.raises(ValueError, match=rf"window chr1:10-111 has the score {bad}; a bedGraph "
                                         "holds numbers only"):
        write_bedgraph(tmp_path / "x.bedGraph", track)
    assert list(tmp_path.iterdir()) == []


def test_a_batch_past_the_memory_budget_is_refused_before_reading(tiny_genome_model, monkeypatch):
    files, model = tiny_genome_model
    monkeypatch.setenv("DEMOTIF_MEMORY_BUDGET", "1M")
    with pytest.raises(ValueError, match=r"batch_size=1000000000 \(9900 windows of 101 bp at a "
                                         r"time\) needs about .* lower batch_size"):
        next(iter_genome_scan(model, files.genome, "chr1:9000-19000", stride=1,
                              batch_size=10**9, verbose=0))
    # Fewer windows than the batch: only those are allocated, so the scan runs.
    assert len(scan_genome(model, files.genome, "chr1:9000-9300", batch_size=10**9,
                           verbose=0)) == 20


@pytest.mark.parametrize("name", ["t.bw", "t.bigwig", "t.bigWig", "t.BW"])
def test_write_track_writes_a_bigwig_for_a_bigwig_extension(tmp_path, name):
    pyBigWig = pytest.importorskip("pyBigWig")
    track = pd.DataFrame({"chrom": "chr1", "start": [0, 10], "end": [101, 111],
                          "score": [0.5, -1.25]})
    path = write_track(tmp_path / name, track, sizes={"chr1": 1000}, step=10)
    with pyBigWig.open(str(path)) as bigwig:
        assert bigwig.isBigWig() and bigwig.intervals("chr1") == ((45, 55, 0.5), (55, 65, -1.25))


@pytest.mark.parametrize("name", ["t.bedGraph", "t.bedgraph", "t.bg", "t", "t.bw.txt"])
def test_write_track_writes_a_bedgraph_for_any_other_extension(tmp_path, name):
    track = pd.DataFrame({"chrom": "chr1", "start": [0, 10], "end": [101, 111],
                          "score": [0.5, -1.25]})
    path = write_track(tmp_path / name, track, step=10)
    assert path.read_text() == write_bedgraph(tmp_path / "reference", track, step=10).read_text()


def test_write_track_needs_the_sizes_for_a_bigwig(tmp_path):
    track = pd.DataFrame({"chrom": "chr1", "start": [0], "end": [101], "score": [0.5]})
    with pytest.raises(ValueError, match=r"t\.bw is a bigWig .*: give sizes"):
        write_track(tmp_path / "t.bw", track)
    assert list(tmp_path.iterdir()) == []
