"""load_peaks: windows at summits, three kinds of negatives, chromosome groups, bad input."""

import collections
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp

from sklearn_demotif.datasets import load_peaks, make_genome_dataset
from sklearn_demotif.io import read_fasta, read_peaks, window_composition


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("genome")
    return make_genome_dataset(
        folder, "MA0139", n_chromosomes=3, chromosome_length=200_000, n_peaks=100,
        random_state=0,
    )


@pytest.fixture(scope="module")
def chromosomes(files):
    headers, sequences = read_fasta(files.genome)
    return {
        header.split()[0]: sequence.upper()
        for header, sequence in zip(headers, sequences, strict=True)
    }


def _overlaps(regions, intervals):
    import bioframe

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # bioframe 0.8 under pandas 3
        return bioframe.overlap(regions, intervals, how="inner", return_input=False,
                                return_index=True)


def test_peak_windows_are_the_genome_slice_centred_on_the_summit(files, chromosomes):
    data = load_peaks(files.peaks, files.genome, width=51, negatives="shuffle", random_state=0)
    peaks = data.regions[data.regions.kind == "peak"]
    assert len(peaks) == len(files.sites) == (data.y == 1).sum()
    summits = files.sites["summit"].to_numpy()
    assert (peaks["start"].to_numpy() == summits - 25).all()
    for sequence, row in zip(data.X[data.y == 1], peaks.itertuples(), strict=True):
        assert sequence == chromosomes[row.chrom][row.start : row.end]
        assert len(sequence) == 51


def test_gc_matched_negatives_avoid_peaks_and_follow_the_peaks_gc(files, chromosomes):
    data = load_peaks(files.peaks, files.genome, random_state=0)
    negatives = data.regions[data.regions.kind == "gc_matched"]
    assert len(negatives) == (data.y == 1).sum() == 300
    assert _overlaps(negatives[["chrom", "start", "end"]], read_peaks(files.peaks)).empty
    for sequence, row in zip(data.X[data.y == 0], negatives.itertuples(), strict=True):
        assert sequence == chromosomes[row.chrom][row.start : row.end]
    positive_gc = window_composition(data.X[data.y == 1])[0]
    negative_gc = window_composition(data.X[data.y == 0])[0]
    difference = abs(positive_gc.mean() - negative_gc.mean())
    test = ks_2samp(positive_gc, negative_gc)
    print(f"\nGC peaks {positive_gc.mean():.4f}, gc_matched negatives {negative_gc.mean():.4f}: "
          f"mean absolute difference {difference:.4f}, two-sample KS D = {test.statistic:.3f}, "
          f"p = {test.pvalue:.3f}")
    assert difference < 0.01 and test.pvalue > 0.2
    # The match is not free: random windows of this genome are much less GC-rich.
    rng = np.random.RandomState(0)
    random_gc = [window_composition([chromosomes["chr1"][s : s + 101]])[0][0]
                 for s in rng.randint(3000, 90_000, size=300)]
    assert positive_gc.mean() - np.nanmean(random_gc) > 0.03
    assert ks_2samp(positive_gc, random_gc).pvalue < 1e-6


def test_gc_matched_negatives_have_at_most_a_tenth_n(files):
    data = load_peaks(files.peaks, files.genome, n_negatives=2, random_state=1)
    assert (window_composition(data.X[data.y == 0])[1] <= 0.1).all()
    assert (data.y == 0).sum() == 2 * (data.y == 1).sum()


def test_shuffles_keep_each_positives_dinucleotide_counts(files):
    data = load_peaks(files.peaks, files.genome, negatives="shuffle", n_negatives=2,
                      random_state=0)
    n_peaks = (data.y == 1).sum()
    positives, shuffles = data.X[:n_peaks], data.X[n_peaks:]
    assert len(shuffles) == 2 * n_peaks
    for copy in range(2):
        copies = shuffles[copy * n_peaks : (copy + 1) * n_peaks]
        for positive, shuffle in zip(positives, copies, strict=True):
            assert collections.Counter(
                zip(positive, positive[1:], strict=False)
            ) == collections.Counter(zip(shuffle, shuffle[1:], strict=False))
            assert shuffle != positive


def test_groups_are_chromosomes_and_shuffles_share_their_peaks(files):
    data = load_peaks(files.peaks, files.genome, negatives=["shuffle", "gc_matched"],
                      random_state=0)
    assert data.groups.tolist() == data.regions["chrom"].tolist()
    assert set(data.groups) == {"chr1", "chr2", "chr3"}
    n_peaks = (data.y == 1).sum()
    assert data.groups[n_peaks : 2 * n_peaks].tolist() == data.groups[:n_peaks].tolist()
    assert data.regions["kind"].value_counts().to_dict() == {
        "peak": n_peaks, "shuffle": n_peaks, "gc_matched": n_peaks,
    }


def test_flanks_lie_the_given_distance_beside_peaks_and_overlap_none(files):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # some flanks of this dense genome find no room
        data = load_peaks(files.peaks, files.genome, negatives="flanks", flank_distance=700,
                          random_state=0)
    flanks = data.regions[data.regions.kind == "flanks"]
    assert len(flanks) > 0.5 * (data.y == 1).sum()
    assert _overlaps(flanks[["chrom", "start", "end"]], read_peaks(files.peaks)).empty
    centres = dict(zip(files.sites["name"], files.sites["summit"], strict=True))
    for row in flanks.itertuples():
        peak = row.name.split("::")[0]
        assert abs(row.start + 50 - centres[peak]) in (700, 1400)


def test_test_chromosomes_split_train_and_test_by_chromosome(files):
    data = load_peaks(files.peaks, files.genome, test_chromosomes=["chr2"], random_state=0)
    assert set(data.groups_test) == {"chr2"} and "chr2" not in set(data.groups_train)
    assert len(data.X_train) + len(data.X_test) == len(data.X)
    assert data.y_test.sum() == 100 and data.y_train.sum() == 200
    assert (data.regions_test["chrom"] == "chr2").all()
    assert "Held out for testing: chr2 (200 sequences; 400 for training)" in data.description


def test_the_description_says_how_the_data_were_made(files):
    data = load_peaks(files.peaks, files.genome, random_state=0)
    assert data.description.startswith(
        "300 positives: 101-bp windows of the genome genome.fa centred on the summits of the "
        "300 peaks in"
    )
    assert "300 negatives (n_negatives=1): genomic windows overlapping no peak" in data.description
    assert "Kolmogorov-Smirnov" in data.description


def test_the_same_seed_gives_the_same_data(files):
    first = load_peaks(files.peaks, files.genome, negatives=["gc_matched", "shuffle"],
                       random_state=3)
    second = load_peaks(files.peaks, files.genome, negatives=["gc_matched", "shuffle"],
                        random_state=3)
    assert first.X.tolist() == second.X.tolist()
    assert first.regions.equals(second.regions)


def test_a_dataframe_of_peaks_is_centred_on_midpoints(files, chromosomes):
    table = pd.DataFrame({"chrom": ["chr1", "chr3"], "start": [10_000, 20_000],
                          "end": [10_200, 20_101]})
    data = load_peaks(table, files.genome, width=21, negatives="shuffle", random_state=0)
    assert data.X[:2].tolist() == [chromosomes["chr1"][10_090:10_111],
                                   chromosomes["chr3"][20_040:20_061]]
    assert data.regions["name"][:2].tolist() == ["chr1:10000-10200", "chr3:20000-20101"]


def test_exclude_drops_peaks_and_keeps_negatives_out(files, tmp_path):
    first = files.sites.iloc[0]
    blacklist = tmp_path / "blacklist.bed"
    blacklist.write_text(f"{first.chrom}\t{first.summit - 10}\t{first.summit + 10}\n"
                         "chr2\t0\t150000\nchrUn\t0\t10\n")
    with pytest.warns(UserWarning, match=r"peak windows overlap the excluded regions of "
                      r".*blacklist\.bed and were left out"):
        data = load_peaks(files.peaks, files.genome, exclude=blacklist, random_state=0)
    assert first["name"] not in set(data.regions["name"])
    assert _overlaps(data.regions[["chrom", "start", "end"]], read_peaks(blacklist)).empty


# Bad input: each a clear error naming the file, line or region.


def _write(path, text):
    path.write_text(text)
    return path


def test_a_peak_on_a_chromosome_the_genome_lacks_names_file_and_line(files, tmp_path):
    peaks = _write(tmp_path / "p.bed", "chr1\t5000\t5200\nchr9\t100\t300\n")
    with pytest.raises(ValueError, match=r"p\.bed, line 2: chromosome 'chr9' is not in the "
                       r"genome genome\.fa \(3 sequences: chr1, chr2, chr3\)"):
        load_peaks(peaks, files.genome)


def test_peaks_named_in_another_convention_say_so(files, tmp_path):
    peaks = _write(tmp_path / "ensembl.bed", "1\t5000\t5200\n2\t5000\t5200\n")
    with pytest.raises(ValueError, match=r"ensembl\.bed, line 1: chromosome '1' .* another "
                       r"convention: '1' here, 'chr1' in the genome"):
        load_peaks(peaks, files.genome)


def test_peaks_past_a_chromosome_end_are_skipped_or_padded_with_a_count(
    files, chromosomes, tmp_path
):
    peaks = _write(tmp_path / "ends.bed", "chr1\t10000\t10100\nchr2\t199990\t200000\n"
                   "chr3\t199950\t200000\n")
    with pytest.warns(UserWarning, match=r"2 of 3 peak windows of .*ends\.bed reach past a "
                      r"chromosome end and were skipped"):
        skipped = load_peaks(peaks, files.genome, negatives="shuffle", random_state=0)
    assert (skipped.y == 1).sum() == 1
    assert "2 peak windows past a chromosome end left out" in skipped.description
    with pytest.warns(UserWarning, match=r"padded with N"):
        padded = load_peaks(peaks, files.genome, negatives="shuffle", past_end="pad",
                            random_state=0)
    assert padded.X[1] == chromosomes["chr2"][199_945:] + "N" * 46


def test_zero_peaks_is_an_error(files, tmp_path):
    peaks = _write(tmp_path / "empty.narrowPeak", "track type=narrowPeak\n")
    with pytest.raises(ValueError, match=r"empty\.narrowPeak: no peaks found"):
        load_peaks(peaks, files.genome)
    with pytest.raises(ValueError, match=r"the peak table has no rows"):
        load_peaks(pd.DataFrame(columns=["chrom", "start", "end"]), files.genome)


def test_a_malformed_line_is_named(files, tmp_path):
    peaks = _write(tmp_path / "bad.bed", "chr1\t5000\t5200\nchr1\t5000\n")
    with pytest.raises(ValueError, match=r"bad\.bed, line 2: 2 columns"):
        load_peaks(peaks, files.genome)


def test_a_peak_window_of_all_n_names_the_peak(files, tmp_path):
    peaks = _write(tmp_path / "gap.bed", "chr1\t10000\t10100\nchr1\t100\t300\n")
    with pytest.raises(ValueError, match=r"gap\.bed, line 2 \(chr1:100-300\): the 101-bp window "
                       r"around the peak is all N"):
        load_peaks(peaks, files.genome)


def test_test_chromosomes_without_peaks_or_with_all_of_them_are_errors(files, tmp_path):
    peaks = _write(tmp_path / "one.bed", "chr1\t10000\t10100\nchr1\t30000\t30100\n")
    with pytest.raises(ValueError, match=r"one\.bed: no peak lies on the test chromosomes chr3"):
        load_peaks(peaks, files.genome, negatives="shuffle", test_chromosomes=["chr3"])
    with pytest.raises(ValueError, match=r"every peak lies on the test chromosomes chr1"):
        load_peaks(peaks, files.genome, negatives="shuffle", test_chromosomes="chr1")
    with pytest.raises(ValueError, match=r"test_chromosomes: chromosome 'chrX' is not in"):
        load_peaks(peaks, files.genome, test_chromosomes=["chrX"])


@pytest.mark.parametrize(
    "keywords, message",
    [
        ({"negatives": "random"}, r"'negatives' parameter of load_peaks must be a str among"),
        ({"negatives": []}, r"negatives must be one of"),
        ({"n_negatives": 0}, r"'n_negatives' parameter of load_peaks must be an int in the "
                             r"range \[1, 100\]. Got 0"),
        ({"width": 2.5}, r"'width' parameter of load_peaks must be an int in the range \[1, inf\)"),
        ({"past_end": "clip"}, r"'past_end' parameter of load_peaks must be a str among"),
        ({"flank_distance": 0}, r"'flank_distance' parameter of load_peaks must be an int"),
    ],
)
def test_bad_parameters_are_named(files, keywords, message):
    with pytest.raises(ValueError, match=message):
        load_peaks(files.peaks, files.genome, **keywords)


# What load_peaks refuses or warns about instead of changing the data quietly.


@pytest.fixture
def tiny(tmp_path):
    """A 480-bp genome and one peak on it."""
    genome = _write(tmp_path / "tiny.fa", ">chr1\n" + "ACGTTGCA" * 60 + "\n")
    return genome, _write(tmp_path / "one.bed", "chr1\t100\t200\n")


def test_n_negatives_has_a_documented_maximum(files):
    with pytest.raises(
        ValueError, match=r"n_negatives' .* must be an int in the range \[1, 100\]\. Got 1000000000"
    ):
        load_peaks(files.peaks, files.genome, n_negatives=10**9, negatives="flanks")


def test_a_request_past_the_memory_budget_is_refused_before_it_allocates(files, monkeypatch):
    monkeypatch.setenv("DEMOTIF_MEMORY_BUDGET", "1M")

    def no_fetch(*args, **kwargs):
        raise AssertionError("windows fetched before the memory check")

    monkeypatch.setattr("sklearn_demotif.io.Genome.fetch_windows", no_fetch)
    with pytest.raises(ValueError, match=r"load_peaks with n_negatives=100 of 2 kind\(s\) for "
                       r"300 peaks of .*peaks\.narrowPeak \(width=101\) needs about .* MiB of "
                       r"memory, more than the budget of 1\.0 MiB \(set DEMOTIF_MEMORY_BUDGET"):
        load_peaks(files.peaks, files.genome, n_negatives=100,
                   negatives=["flanks", "gc_matched"], verbose=0)


def test_no_room_for_gc_matched_negatives_is_an_error_that_says_why(tiny, tmp_path):
    genome, peaks = tiny
    exclude = _write(tmp_path / "rest.bed", "chr1\t0\t90\nchr1\t250\t480\n")
    with pytest.raises(ValueError, match=r"only 0 of the 1 'gc_matched' negatives asked for \(1 "
                       r"per peak\) could be made from .*one\.bed: of \d+ distinct windows tried, "
                       r"\d+ overlap a peak or excluded region .*too little room outside the "
                       r"peaks and excluded regions"):
        load_peaks(peaks, genome, width=51, exclude=exclude, verbose=0)


def test_a_chromosome_shorter_than_the_window_gives_no_gc_matched_negatives(tmp_path):
    genome = _write(tmp_path / "short.fa", ">chr1\n" + "ACGT" * 10 + "\n")
    peaks = _write(tmp_path / "p.bed", "chr1\t0\t40\n")
    with pytest.raises(ValueError, match=r"only 0 of the 1 'gc_matched' .*the peaks' "
                       r"chromosomes are shorter than the 51-bp window"), \
            pytest.warns(UserWarning, match="padded with N"):
        load_peaks(peaks, genome, width=51, past_end="pad", verbose=0)


def test_fewer_than_half_the_flanks_is_an_error_half_or_more_a_warning(tiny):
    genome, peaks = tiny
    with pytest.raises(ValueError, match=r"only 2 of the 5 'flanks' negatives asked for \(5 per "
                       r"peak\) could be made from .*one\.bed: of the 10 windows within 750 bp "
                       r"of the peaks tried, 8 reach past a chromosome end, 0 overlap a peak"):
        load_peaks(peaks, genome, width=51, n_negatives=5, negatives="flanks",
                   flank_distance=150, verbose=0)
    with pytest.warns(UserWarning, match=r"only 4 of the 5 'flanks' negatives"):
        data = load_peaks(peaks, genome, width=51, n_negatives=5, negatives="flanks",
                          flank_distance=100, verbose=0)
    assert (data.y == 0).sum() == 4


def test_exact_duplicate_peaks_are_merged_with_a_warning_naming_the_file(files, tmp_path):
    peaks = _write(tmp_path / "twice.bed", "chr1\t10000\t10100\nchr1\t20000\t20100\n"
                   "chr1\t10000\t10100\nchr1\t10000\t10101\n")
    with pytest.warns(UserWarning, match=r"1 duplicate peaks in .*twice\.bed \(the same chrom, "
                      r"start, end and summit as an earlier peak\) were merged .*line 3"):
        data = load_peaks(peaks, files.genome, negatives="shuffle", verbose=0)
    assert (data.y == 1).sum() == 3


def test_peaks_with_other_summits_are_not_duplicates(files, tmp_path):
    line = "chr1\t10000\t10200\tp\t0\t.\t1\t1\t1\t{}\n"
    peaks = _write(tmp_path / "s.narrowPeak", line.format(50) + line.format(150))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = load_peaks(peaks, files.genome, negatives="shuffle", verbose=0)
    assert (data.y == 1).sum() == 2


def test_an_eleven_column_narrowpeak_keeps_its_summits(files, tmp_path):
    peaks = _write(tmp_path / "x.narrowPeak", "chr1\t10000\t10200\tp\t0\t.\t1\t1\t1\t30\tx\n")
    data = load_peaks(peaks, files.genome, width=21, negatives="shuffle", verbose=0)
    assert data.regions["start"][0] == 10_030 - 10


def test_verbose_shows_progress_and_zero_silences_it(files, capsys):
    load_peaks(files.peaks, files.genome, random_state=0, verbose=0)
    assert "gc_matched" not in capsys.readouterr().err
    load_peaks(files.peaks, files.genome, random_state=0, verbose=1)
    assert "gc_matched negatives" in capsys.readouterr().err


def test_load_peaks_warnings_point_at_its_caller(files, tiny, tmp_path):
    """Duplicates, excluded peaks and too few negatives: each warning names the calling line."""
    genome, peaks = tiny
    twice = _write(tmp_path / "twice.bed", "chr1\t100\t200\nchr1\t100\t200\nchr1\t300\t400\n")
    exclude = _write(tmp_path / "some.bed", "chr1\t340\t350\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_peaks(twice, genome, width=51, negatives="shuffle", exclude=exclude, verbose=0)
        load_peaks(peaks, genome, width=51, n_negatives=5, negatives="flanks",
                   flank_distance=100, verbose=0)
    messages = [str(warning.message) for warning in caught]
    assert any("duplicate peaks" in message for message in messages)
    assert any("overlap the excluded regions" in message for message in messages)
    assert any("only 4 of the 5 'flanks'" in message for message in messages)
    assert {warning.filename for warning in caught} == {__file__}
