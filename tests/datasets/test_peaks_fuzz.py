"""Generated inputs for the peak, region and exclude readers: each reads right or is a ValueError.

Every case runs in a forked child (the ``isolated`` fixture), so a crash or a hang fails
the test instead of pytest.  Valid peak files are compared with what the generator wrote;
``load_peaks`` results are checked for their invariants; every error must be a
``ValueError`` that names the file (and the line, where one line is at fault) or the region.
"""

import bz2
import gzip
import itertools
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sklearn_demotif.datasets import load_peaks
from sklearn_demotif.io import read_peaks, read_regions

SIZES = {"chr1": 3000, "chr2": 2000}
#: chr1 holds a run of N here, so some windows are refused for it.
N_RUN = (2000, 2300)
FUZZ = settings(deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
_names = itertools.count()


@pytest.fixture(scope="session")
def genome(tmp_path_factory):
    """A 5-kb genome (two chromosomes, a run of N in chr1) and its index, built once."""
    from sklearn_demotif.io import as_genome

    rng = np.random.RandomState(0)
    path = tmp_path_factory.mktemp("fuzz_genome") / "genome.fa"
    records = []
    for chrom, size in SIZES.items():
        bases = np.array(list("ACGT"))[rng.randint(0, 4, size)]
        if chrom == "chr1":
            bases[N_RUN[0]:N_RUN[1]] = "N"
        sequence = "".join(bases)
        records.append(f">{chrom}\n" + "\n".join(sequence[i:i + 60]
                                                 for i in range(0, size, 60)))
    path.write_text("\n".join(records) + "\n")
    as_genome(path)  # builds the index once, before any child runs
    import bioframe  # noqa: F401 (imported once here, not in every child)
    return path


@pytest.fixture(scope="session")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz_files")


def _new_path(folder, suffix):
    return folder / f"case{next(_names)}{suffix}"


# Peak files ---------------------------------------------------------------------------------

_HEADERS = ["track name=peaks", "browser position chr1:1-100", "# a comment", "", "   "]
_BROKEN_FIELDS = {  # column -> bad texts; each makes that line a ValueError
    1: ["-5", "1.5", "x", "1e3", "", "\u0663"],
    2: ["-1", "2.0", "end", "99999999999999999999"],
    4: ["high", "nan", "inf", "1,5"],
    5: ["*", "plus", "++"],
}


@st.composite
def _peak(draw):
    chrom = draw(st.sampled_from(["chr1", "chr2", "chr\u00e91", "scaffold_7"]))
    start = draw(st.integers(0, 10**9))
    length = draw(st.integers(0, 500))
    summit = draw(st.one_of(st.just(-1), st.integers(0, length)))
    score = draw(st.sampled_from(["0", "1000", ".", "3.5", "-2"]))
    strand = draw(st.sampled_from(["+", "-", "."]))
    return chrom, start, start + length, summit, score, strand


def _fields(peak, file_format, index):
    chrom, start, end, summit, score, strand = peak
    bed6 = [chrom, str(start), str(end), f"peak{index}", score, strand]
    if file_format == "narrowPeak":
        return bed6 + ["8.5", "12", "9.75", str(summit)]
    if file_format == "narrowPeak+":
        return bed6 + ["8.5", "12", "9.75", str(summit), "GENE", "0"]
    if file_format == "bed12":
        return bed6 + [str(start), str(end), "255,0,0", "1", f"{end - start},", "0,"]
    return bed6[: int(file_format[3:])]  # "bed3" ... "bed6"


@st.composite
def _peak_file(draw):
    """Bytes of a peak file, and either the peaks it holds or the error it must give."""
    file_format = draw(st.sampled_from(
        ["bed3", "bed4", "bed5", "bed6", "bed12", "narrowPeak", "narrowPeak+"]))
    peaks = draw(st.lists(_peak(), min_size=1, max_size=5))
    lines, expected = [], []
    for index, peak in enumerate(peaks):
        for _ in range(draw(st.integers(0, 1))):
            lines.append(draw(st.sampled_from(_HEADERS)))
        fields = _fields(peak, file_format, index)
        separator = draw(st.sampled_from(["\t", "\t", " ", "  "]))
        lines.append(separator.join(fields))
        expected.append((len(lines), peak))
    fault = draw(st.sampled_from(
        ["none"] * 6 + ["field", "end_before_start", "summit_outside", "columns", "not_utf8"]))
    where = None
    if fault != "none":
        line, peak = draw(st.sampled_from(expected))
        fields = re.split(r"\t| +", lines[line - 1])
        if fault == "field":
            column = draw(st.sampled_from([c for c in _BROKEN_FIELDS if c < len(fields)]))
            fields[column] = draw(st.sampled_from(_BROKEN_FIELDS[column]))
        elif fault == "end_before_start":
            fields[1], fields[2] = str(peak[2] + 1), str(peak[1])
        elif fault == "summit_outside" and file_format.startswith("narrowPeak"):
            fields[9] = str(peak[2] - peak[1] + 1 + draw(st.integers(0, 10)))
        elif fault == "summit_outside":
            fields[1], fields[2] = str(peak[2] + 1), str(peak[1])  # no summit: break the ends
        elif fault == "columns" and line != expected[0][0]:
            fields = fields[:2] if len(fields) > 3 else fields + ["x"]
        elif fault == "columns":
            fields = fields[:2]  # too few columns for any format
        lines[line - 1] = "\t".join(fields) + ("\udcff" if fault == "not_utf8" else "")
        where = line
    text = "\r\n".join(lines) if draw(st.booleans()) else "\n".join(lines)
    data = ("\ufeff" if draw(st.booleans()) else "") + text + "\n"
    data = data.encode("utf-8", errors="surrogateescape")  # "\udcff" -> the byte 0xff
    packing = draw(st.sampled_from(["plain"] * 4 + ["gzip", "gzip", "bzip2", "cut_gzip",
                                                      "junk"]))
    if packing == "gzip":
        data = gzip.compress(data)
    elif packing == "bzip2":
        data, where = bz2.compress(data), "file"
    elif packing == "cut_gzip":
        data, where = gzip.compress(data)[: draw(st.integers(1, 30))], "file"
    elif packing == "junk":
        data, where = b"\x00\xff\xfe" + draw(st.binary(max_size=200)), "file"
    return data, file_format, expected, where


def _expected_table(file_format, expected):
    rows = [(p[0], p[1], p[2], None if p[3] == -1 else p[1] + p[3]) for _, p in expected]
    table = pd.DataFrame(rows, columns=["chrom", "start", "end", "summit"],
                         index=[line for line, _ in expected])
    return table if file_format.startswith("narrowPeak") else table.drop(columns="summit")


def _check_peaks_read(table, file_format, expected):
    wanted = _expected_table(file_format, expected)
    assert table.index.tolist() == wanted.index.tolist()
    assert table.columns.tolist()[:3] == ["chrom", "start", "end"]
    assert ("summit" in table) == ("summit" in wanted), file_format
    for column in wanted:
        got = [None if pd.isna(v) else v for v in table[column].tolist()]
        want = [None if pd.isna(v) else v for v in wanted[column].tolist()]
        assert got == want, column


def _check_value_error(outcome, path, line=None):
    assert outcome.kind == "ValueError", outcome
    first = outcome.message.splitlines()[0]
    assert str(path) in first, first
    if line is not None:
        assert re.search(rf"line {line}\b", first), (line, first)


def test_malformed_peak_files_read_right_or_give_a_value_error(folder, isolated):
    cases = []

    @settings(FUZZ, max_examples=200)
    @given(case=_peak_file())
    def case(case):
        data, file_format, expected, where = case
        path = _new_path(folder, ".narrowPeak" if "narrow" in file_format else ".bed")
        path.write_bytes(data)
        outcome = isolated(read_peaks, path, timeout=30)
        cases.append(where is None)
        if where is None:
            assert outcome.kind == "ok", outcome
            _check_peaks_read(outcome.value, file_format, expected)
        else:
            _check_value_error(outcome, path, None if where == "file" else where)

    case()
    print(f"\n{len(cases)} peak files, {sum(cases)} valid")
    assert len(cases) >= 200 and 50 <= sum(cases) <= len(cases) - 50


def test_a_folder_and_a_missing_peak_file(folder, isolated):
    _check_value_error(isolated(read_peaks, folder), folder)
    missing = folder / "nothere.bed"
    outcome = isolated(read_peaks, missing)
    assert outcome.kind == "FileNotFoundError" and str(missing) in outcome.message


# Regions ------------------------------------------------------------------------------------


def _with_commas(number):
    return f"{number:,}"


@st.composite
def _region(draw):
    """A region string, and its interval when it is valid."""
    chrom = draw(st.sampled_from(["chr1", "chr2", "chr1", "chr2", "chrX", "1", "CHR1"]))
    if draw(st.integers(0, 5)) == 0:
        text, interval = chrom, (chrom, 0, SIZES.get(chrom))
    else:
        start = draw(st.integers(0, 2500))
        end = start + draw(st.integers(-50, 1500))
        numbers = [_with_commas if draw(st.booleans()) else str for _ in range(2)]
        text = f"{chrom}:{numbers[0](start)}-{numbers[1](end)}"
        interval = (chrom, start, end)
    suffix = draw(st.sampled_from([""] * 12 + [":+", "(+)", " x", "\nchr2:1-5", "\t", "\n",
                                              ":1-2"]))
    text += suffix
    chrom, start, end = interval
    valid = (not suffix and chrom in SIZES and 0 <= start < end <= SIZES[chrom])
    return text, interval if valid else None


def _merged(intervals):
    merged = []
    for chrom, start, end in sorted(intervals):
        if merged and merged[-1][0] == chrom and start <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], end)
        else:
            merged.append([chrom, start, end])
    return merged


@st.composite
def _regions_input(draw, folder):
    """What read_regions is given, what it must return (or None), what an error must name."""
    kind = draw(st.sampled_from(["string", "string", "string", "list", "bed", "missing"]))
    if kind == "string":
        text, interval = draw(_region())
        return text, interval and [list(interval)], [repr(text)]
    if kind == "list":
        regions = draw(st.lists(_region(), min_size=1, max_size=4))
        texts = [text for text, _ in regions]
        valid = all(interval for _, interval in regions)
        return texts, valid and _merged([i for _, i in regions]), [repr(t) for t in texts]
    if kind == "missing":
        name = draw(st.sampled_from(["nothere.bed", "sub/dir/r.txt", "x.narrowPeak.gz"]))
        return str(folder / "missing" / name), None, ["no such regions file"]
    intervals = draw(st.lists(st.tuples(st.sampled_from(["chr1", "chr2", "chr2", "chrX"]),
                                        st.integers(0, 3500), st.integers(0, 3500)),
                              min_size=1, max_size=4))
    path = _new_path(folder, ".bed")
    path.write_text("".join(f"{c}\t{s}\t{e}\n" for c, s, e in intervals))
    valid = all(c in SIZES and 0 <= s < e <= SIZES[c] for c, s, e in intervals)
    return path, valid and _merged(intervals), [str(path)]


def test_region_strings_lists_and_files_read_right_or_give_a_value_error(
    genome, folder, isolated
):
    cases = []

    @settings(FUZZ, max_examples=100)
    @given(case=_regions_input(folder))
    def case(case):
        regions, expected, names = case
        outcome = isolated(read_regions, regions, genome)
        cases.append(bool(expected))
        if expected:
            assert outcome.kind == "ok", (regions, outcome)
            assert outcome.value.values.tolist() == expected
        else:
            assert outcome.kind == "ValueError", (regions, outcome)
            first = outcome.message.splitlines()[0]
            assert any(name in first for name in names), (names, first)

    case()
    print(f"\n{len(cases)} region inputs, {sum(cases)} valid")
    assert len(cases) >= 100 and 20 <= sum(cases) <= len(cases) - 20


# load_peaks with generated exclude files ------------------------------------------------------

PEAKS = [("chr1", 400, 500, 50), ("chr1", 1200, 1300, 20), ("chr1", 2600, 2700, 50),
         ("chr2", 300, 400, -1), ("chr2", 1500, 1600, 60)]


@pytest.fixture(scope="session")
def peak_file(folder, genome):
    """The peaks, loaded once here so that every child finds its imports done."""
    path = folder / "peaks.narrowPeak"
    path.write_text("".join(f"{c}\t{s}\t{e}\tp{i}\t0\t.\t1\t1\t1\t{o}\n"
                            for i, (c, s, e, o) in enumerate(PEAKS)))
    _load_with_warnings(path, genome, width=21, negatives=["gc_matched", "flanks"])
    return path


@st.composite
def _exclude_file(draw, folder):
    """An exclude BED file's path, its intervals (None when malformed) and load_peaks' options."""
    intervals = draw(st.lists(st.tuples(
        st.sampled_from(["chr1", "chr2", "chrUn"]), st.integers(0, 3000), st.integers(1, 2500),
    ), min_size=0, max_size=6))
    intervals = [(c, s, s + length) for c, s, length in intervals]
    lines = [f"{c}\t{s}\t{e}" for c, s, e in intervals]
    fault = draw(st.sampled_from(["none"] * 5 + ["field", "columns", "empty", "not_utf8"]))
    if fault == "field" and lines:
        lines[-1] = lines[-1].replace("\t", "\t-", 1)
    elif fault == "columns" and lines:
        lines[-1] = lines[-1].rsplit("\t", 1)[0]
    elif fault == "empty":
        lines = []
    elif fault == "not_utf8" and lines:
        lines[-1] = "chr\udce91" + lines[-1][4:]
    if fault != "none" and lines or not lines:
        intervals = None
    path = _new_path(folder, ".bed")
    text = "track name=blacklist\n" + "\n".join(lines) + ("\n" if lines else "")
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    options = {
        "width": draw(st.sampled_from([21, 51, 101])),
        "negatives": draw(st.sampled_from(
            ["gc_matched", "flanks", "shuffle", ["gc_matched", "flanks"]])),
        "n_negatives": draw(st.integers(1, 3)),
        "flank_distance": draw(st.sampled_from([60, 150, 400])),
        "random_state": draw(st.integers(0, 3)),
    }
    return path, intervals, options


def _load_with_warnings(*args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = load_peaks(*args, verbose=0, **kwargs)
    return data, [str(warning.message) for warning in caught]


def _overlaps(chrom, start, end, intervals):
    return any(c == chrom and s < end and start < e for c, s, e in intervals)


def _check_invariants(data, messages, intervals, options):
    width = options["width"]
    regions = data.regions
    assert all(len(x) == width for x in data.X) and len(data.X) == len(regions)
    assert (regions["end"] - regions["start"] == width).all()
    assert data.y.tolist() == (regions["kind"] == "peak").astype(int).tolist()
    peaks = [(c, s, e) for c, s, e, _ in PEAKS]
    positives = regions[regions["kind"] == "peak"]
    windows = [(c, centre - width // 2, centre - width // 2 + width)
               for c, s, e, offset in PEAKS
               for centre in [(s + e) // 2 if offset == -1 else s + offset]]
    assert positives[["chrom", "start", "end"]].values.tolist() == [
        list(w) for w in windows if not _overlaps(*w, intervals)
    ]
    kinds = [options["negatives"]] if isinstance(options["negatives"], str) else \
        options["negatives"]
    asked = options["n_negatives"] * len(positives)
    for kind in kinds:
        negatives = regions[regions["kind"] == kind]
        assert asked * 0.5 <= len(negatives) <= asked, (kind, len(negatives), asked)
        if len(negatives) < asked:
            assert any(f"{kind!r} negatives" in m for m in messages), messages
        if kind == "shuffle":
            continue
        for row in negatives.itertuples():
            assert not _overlaps(row.chrom, row.start, row.end, peaks + intervals)
            assert 0 <= row.start and row.end <= SIZES[row.chrom]


def test_exclude_files_give_clean_data_or_a_value_error(genome, folder, peak_file, isolated):
    cases = []

    @settings(FUZZ, max_examples=100)
    @given(case=_exclude_file(folder))
    def case(case):
        path, intervals, options = case
        outcome = isolated(_load_with_warnings, peak_file, genome, exclude=path, **options)
        cases.append(outcome.kind == "ok")
        if intervals is None:
            _check_value_error(outcome, path)
        elif outcome.kind == "ok":
            _check_invariants(*outcome.value, intervals, options)
        else:  # too few negatives or no peak left: the reason names a file
            assert outcome.kind == "ValueError", outcome
            first = outcome.message.splitlines()[0]
            assert str(path) in first or str(peak_file) in first, first

    case()
    print(f"\n{len(cases)} exclude files, {sum(cases)} gave data")
    assert len(cases) >= 100 and sum(cases) >= 30
