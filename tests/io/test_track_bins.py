"""Track bins: a scan's overlapping windows become the sorted, non-overlapping bins files hold."""

import numpy as np
import pandas as pd
import pytest

from sklearn_demotif.io._track_bins import iter_track_bins


def _windows(chrom, starts, width=101, score=1.0):
    return pd.DataFrame({"chrom": chrom, "start": starts, "end": [s + width for s in starts],
                         "score": score})


def _all_bins(chunks, step=None):
    return pd.concat(list(iter_track_bins(chunks, step)), ignore_index=True)


def test_each_window_gives_its_score_to_its_central_step_bases():
    bins = _all_bins([_windows("chr1", [0, 10, 20])])
    assert bins[["start", "end"]].values.tolist() == [[45, 55], [55, 65], [65, 75]]


def test_pieces_give_the_bins_of_the_whole_track_and_empty_pieces_are_skipped():
    whole = pd.concat([_windows("chr1", range(0, 200, 10)), _windows("chr2", range(0, 50, 10))],
                      ignore_index=True)
    pieces = [whole.iloc[:0], whole.iloc[:7], whole.iloc[7:19], whole.iloc[:0], whole.iloc[19:]]
    pd.testing.assert_frame_equal(_all_bins(pieces), _all_bins([whole]))


def test_the_step_is_taken_from_the_first_piece_that_has_windows():
    pieces = [_windows("chr1", []), _windows("chr1", [0, 20]), _windows("chr1", [30, 40])]
    with pytest.raises(ValueError, match="overlap or are unsorted at chr1:70-90"):
        _all_bins(pieces)


@pytest.mark.parametrize(
    "pieces, message",
    [
        ([["chr2"], ["chr1"]], "chr1 comes after chr2"),
        ([["chr1", "chr2"], ["chr1"]], "chr1 comes after chr2"),
        ([["chr1"], ["chr2", "chr3", "chr2"]], "chr2 comes after chr3"),
    ],
)
def test_a_chromosome_out_of_order_is_refused_even_across_pieces(pieces, message):
    chunks = [pd.concat([_windows(chrom, [0]) for chrom in piece]) for piece in pieces]
    with pytest.raises(ValueError, match=f"not sorted by chromosome: {message}"):
        _all_bins(chunks, step=10)


def test_bins_that_overlap_across_pieces_are_refused_naming_the_bin():
    chunks = [_windows("chr1", [0, 10]), _windows("chr1", [15])]
    with pytest.raises(ValueError, match=r"overlap or are unsorted at chr1:60-70 \(the previous "
                                         r"bin ends at 65\)"):
        _all_bins(chunks, step=10)


def test_the_first_bad_row_is_named_whichever_its_fault():
    # Row 1 overlaps row 0; row 2 (chr0 after chr1) is out of order: row 1 is named.
    chunk = pd.concat([_windows("chr1", [0, 5]), _windows("chr0", [0])])
    with pytest.raises(ValueError, match="overlap or are unsorted at chr1:50-60"):
        _all_bins([chunk], step=10)
    chunk = pd.concat([_windows("chr1", [0]), _windows("chr0", [0]), _windows("chr0", [0])])
    with pytest.raises(ValueError, match="chr0 comes after chr1"):
        _all_bins([chunk], step=10)


def test_messages_name_the_file_the_bins_go_to():
    chunk = _windows("chr1", [0, 10], score=float("nan"))
    with pytest.raises(ValueError, match="a bigWig holds numbers only"):
        next(iter_track_bins([chunk], what="a bigWig"))


def _first_error_row_by_row(chunks, step):
    """The order checks one row at a time, as the bedGraph writer first made them."""
    last_chrom, last_end, finished = None, 0, set()
    for bins in chunks:
        for chrom, start, end in zip(bins["chrom"], bins["start"], bins["end"], strict=True):
            if chrom != last_chrom:
                if chrom in finished or (last_chrom is not None and chrom < last_chrom):
                    return "not sorted by chromosome"
                if last_chrom is not None:
                    finished.add(last_chrom)
                last_chrom, last_end = chrom, 0
            if start < last_end:
                return f"overlap or are unsorted at {chrom}:{start}-{end} "
            last_end = end
    return None


@pytest.mark.parametrize("seed", range(40))
def test_the_order_checks_agree_with_checking_row_by_row(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 12))
    track = pd.DataFrame({"chrom": rng.choice(["chr1", "chr2", "chr3"], n),
                          "start": rng.integers(0, 60, n) * 5, "end": 0, "score": 1.0})
    track["end"] = track["start"] + 10  # windows as wide as the step are their own bins
    if rng.random() < 0.5:
        track = track.sort_values(["chrom", "start"], ignore_index=True)
    cuts = sorted(rng.integers(0, n + 1, 2))
    chunks = [track.iloc[:cuts[0]], track.iloc[cuts[0]:cuts[1]], track.iloc[cuts[1]:]]
    expected = _first_error_row_by_row(chunks, 10)
    try:
        list(iter_track_bins(chunks, step=10))
    except ValueError as error:
        assert expected is not None and expected in str(error), (expected, str(error))
    else:
        assert expected is None
