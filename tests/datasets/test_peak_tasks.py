"""load_peaks with several peak files: one task each, union of windows, shared negatives."""

import numpy as np
import pandas as pd
import pytest

from sklearn_demotif.datasets import load_peaks, make_multitask_genome_dataset
from sklearn_demotif.datasets._peak_tasks import peak_sources, task_labels, union_windows
from sklearn_demotif.io import intervals_outside, read_peaks


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return make_multitask_genome_dataset(
        tmp_path_factory.mktemp("factors"), ["MA0139", "MA0035", "MA0138"], n_chromosomes=3,
        chromosome_length=80_000, n_regions=40, random_state=0,
    )


@pytest.fixture(scope="module")
def data(files):
    return load_peaks(files.peaks, files.genome, random_state=0, verbose=0)


def _write(path, text):
    path.write_text(text)
    return path


def test_y_has_a_float_column_per_task_named_by_the_dict(files, data):
    assert data.task_names == ["CTCF", "GATA1", "REST"]
    assert data.y.dtype == np.float64 and data.y.shape == (len(data.X), 3)
    assert set(np.unique(data.y)) == {0.0, 1.0}
    assert (data.regions[data.task_names].to_numpy() == data.y).all()


def test_the_positives_are_the_union_one_window_per_shared_region(files, data):
    positives = data.regions[data.regions["kind"] == "peak"]
    # Every region is bound by at least one factor, and its factors' summits lie within 10 bp.
    assert len(positives) == len(files.regions) == 120
    centres = (positives["start"] + 50).to_numpy()
    order = np.lexsort((centres, positives["chrom"].to_numpy()))
    truth = files.regions.sort_values(["chrom", "centre"])
    assert (np.abs(centres[order] - truth["centre"].to_numpy()) <= 5).all()
    # A window is positive for exactly the factors that bind its region.
    assert (positives[data.task_names].to_numpy()[order] == truth[files.names].to_numpy()).all()
    assert (data.y[data.regions["kind"] == "peak"].sum(axis=1) >= 1).all()


def test_negatives_are_shared_and_negative_for_every_task(files, data):
    negatives = data.regions["kind"] != "peak"
    assert negatives.sum() == 120
    assert (data.y[negatives.to_numpy()] == 0).all()
    every_peak = pd.concat([read_peaks(path) for path in files.peaks.values()])
    assert len(intervals_outside(data.regions[negatives], every_peak)) == 120


def test_a_list_names_tasks_by_the_files_stems_as_the_dict_does(files, data):
    listed = load_peaks(list(files.peaks.values()), files.genome, random_state=0, verbose=0)
    assert listed.task_names == data.task_names
    assert (listed.y == data.y).all() and list(listed.X) == list(data.X)


def test_a_label_is_one_where_the_window_overlaps_a_peak_by_half_its_width(tmp_path):
    rng = np.random.RandomState(0)
    genome = _write(tmp_path / "g.fa", ">chr1\n" + "".join(rng.choice(list("ACGT"), 3000)) + "\n")
    # A: one wide peak [1000, 1400), summit 1100. B: midpoints 1120 (merged with A's window),
    # 1399 (its 101-bp window overlaps A's peak by 51 bp) and 2400; C: 1400 (by 50 bp).
    a = _write(tmp_path / "A.bed", "chr1\t1000\t1400\ta\t0\t.\t1\t1\t1\t100\n")
    b = _write(tmp_path / "B.bed", "chr1\t1110\t1130\nchr1\t1389\t1409\nchr1\t2390\t2410\n")
    c = _write(tmp_path / "C.bed", "chr1\t1390\t1410\n")
    data = load_peaks([a, b], genome, negatives="shuffle", random_state=0, verbose=0)
    peaks = data.regions[data.regions["kind"] == "peak"]
    assert peaks["start"].tolist() == [1110 - 50, 1399 - 50, 2400 - 50]
    assert data.y[: len(peaks)].tolist() == [[1, 1], [1, 1], [0, 1]]
    data = load_peaks({"A": a, "C": c}, genome, negatives="shuffle", verbose=0)
    assert data.y[:2].tolist() == [[1, 0], [0, 1]]


def test_duplicate_task_names_are_refused_naming_them(files, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    copy = _write(other / "CTCF.narrowPeak", files.peaks["CTCF"].read_text())
    with pytest.raises(ValueError, match=r"same task name \(CTCF: .*CTCF\.narrowPeak, "
                       r".*other/CTCF\.narrowPeak\); give a dict"):
        load_peaks([files.peaks["CTCF"], copy], files.genome)
    with pytest.raises(ValueError, match="empty list"):
        load_peaks([], files.genome)
    with pytest.raises(ValueError, match="'label' are columns of regions"):
        load_peaks({"label": copy}, files.genome)


def test_a_malformed_file_among_several_is_named_with_its_line(files, tmp_path):
    bad = _write(tmp_path / "bad.bed", "chr1\t5000\t5200\nchr1\tx\t300\n")
    with pytest.raises(ValueError, match=r"bad\.bed, line 2: start 'x'"):
        load_peaks([files.peaks["CTCF"], bad], files.genome)
    elsewhere = _write(tmp_path / "elsewhere.bed", "chr1\t5000\t5200\nchr9\t100\t300\n")
    with pytest.raises(ValueError, match=r"elsewhere\.bed, line 2: chromosome 'chr9'"):
        load_peaks({"CTCF": files.peaks["CTCF"], "X": elsewhere}, files.genome)


def test_test_chromosomes_hold_out_every_task(files):
    data = load_peaks(files.peaks, files.genome, test_chromosomes=["chr3"], random_state=0,
                      verbose=0)
    assert data.y_train.shape[1] == data.y_test.shape[1] == 3
    assert set(data.groups_test) == {"chr3"} and "chr3" not in set(data.groups_train)
    assert (data.y_test.sum(axis=0) > 0).all() and (data.y_train.sum(axis=0) > 0).all()
    assert "Held out for testing: chr3" in data.description


def test_a_task_without_peaks_on_the_test_chromosomes_is_named(files, tmp_path):
    only_chr1 = _write(tmp_path / "ONLY.bed", "chr1\t5000\t5200\n")
    with pytest.raises(ValueError, match="no peak of ONLY lies on the test chromosomes chr3"):
        load_peaks({"CTCF": files.peaks["CTCF"], "ONLY": only_chr1}, files.genome,
                   test_chromosomes=["chr3"], verbose=0)


def test_the_description_counts_each_tasks_windows_and_the_shared_ones(files, data):
    shared = int((data.y.sum(axis=1) > 1).sum())
    assert f"{shared} windows are positive for two or more tasks" in data.description
    for column, name in enumerate(files.names):
        n_peaks, n_positive = len(read_peaks(files.peaks[name])), int(data.y[:, column].sum())
        assert f"{name}: {n_peaks} peaks, positive in {n_positive}" in data.description


def test_one_file_keeps_a_one_dimensional_integer_y(files):
    data = load_peaks(files.peaks["CTCF"], files.genome, random_state=0, verbose=0)
    assert data.y.ndim == 1 and data.y.dtype == np.int64 and "task_names" not in data


def test_union_windows_merges_centres_less_than_half_a_window_apart():
    a = pd.DataFrame({"chrom": ["c", "c", "d"], "start": [0, 300, 0], "end": [100, 400, 10]})
    b = pd.DataFrame({"chrom": ["c"], "start": [60], "end": [100], "summit": [80]})
    windows = union_windows([a, b], 101)
    # a's centres 50 and 350, b's 80: 50 and 80 become one window centred at 65.
    assert windows[["chrom", "summit"]].values.tolist() == [["c", 65], ["c", 350], ["d", 5]]
    assert (windows["end"] - windows["start"] == 101).all()


def test_task_labels_count_half_the_window_rounded_up():
    windows = pd.DataFrame({"chrom": ["c", "c"], "start": [0, 1], "end": [101, 102]})
    peak = pd.DataFrame({"chrom": ["c"], "start": [-1000], "end": [51]})
    # Window 0 overlaps [.., 51) by 51 bases, window 1 by 50: half of 101 is 50.5.
    assert task_labels(windows, [peak], 101).tolist() == [[1.0], [0.0]]
    assert task_labels(windows, [peak.assign(chrom="d")], 101).tolist() == [[0.0], [0.0]]


def test_peak_sources_names_strip_compression_and_format():
    names = [name for name, _ in peak_sources(["x/GATA1.narrowPeak.gz", "y/REST.bed"])]
    assert names == ["GATA1", "REST"]
    with pytest.raises(ValueError, match="non-empty strings"):
        peak_sources({"": "a.bed"})
