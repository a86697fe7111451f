"""Peak files: BED3, BED6+, narrowPeak, gzip, headers; malformed lines named by file and line."""

import gzip
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sklearn_demotif.io import describe_peak, peak_centres, read_peaks

NARROWPEAK = "chr1\t100\t300\tpeak1\t500\t.\t8.5\t12.25\t9.75\t120\n"


def test_narrowpeak_gives_the_summit_as_a_chromosome_position(tmp_path):
    path = tmp_path / "x.narrowPeak"
    path.write_text('track type=narrowPeak\nbrowser position chr1\n# made by MACS2\n\n'
                    + NARROWPEAK + "chr2\t5\t50\tpeak2\t7\t+\t1\t2\t3\t-1\n")
    peaks = read_peaks(path)
    assert peaks.columns.tolist() == [
        "chrom", "start", "end", "name", "score", "strand",
        "signal_value", "p_value", "q_value", "summit",
    ]
    assert peaks.index.tolist() == [5, 6] and peaks.index.name == "line"
    assert peaks["summit"].tolist()[0] == 220 and pd.isna(peaks["summit"].tolist()[1])
    assert peaks.loc[5, "signal_value"] == 8.5 and peaks.loc[6, "strand"] == "+"
    assert peak_centres(peaks).tolist() == [220, 27]


def test_bed3_and_bed6_have_their_columns_and_no_summit(tmp_path):
    bed3 = tmp_path / "a.bed"
    bed3.write_text("chr1 10 20\nchr2 0 4\n")  # white space instead of tabs
    assert read_peaks(bed3).columns.tolist() == ["chrom", "start", "end"]
    bed6 = tmp_path / "b.bed"
    bed6.write_text("chr1\t10\t20\tx\t.\t-\n")
    peaks = read_peaks(bed6)
    assert peaks.columns.tolist() == ["chrom", "start", "end", "name", "score", "strand"]
    assert pd.isna(peaks.loc[1, "score"])
    assert peak_centres(peaks).tolist() == [15]


def test_gzipped_peaks_are_read_like_plain_ones(tmp_path):
    plain = tmp_path / "x.narrowPeak"
    plain.write_text(NARROWPEAK)
    packed = tmp_path / "x.narrowPeak.gz"
    packed.write_bytes(gzip.compress(NARROWPEAK.encode()))
    assert read_peaks(packed).equals(read_peaks(plain))


@pytest.mark.parametrize(
    "text, message",
    [
        ("chr1\t10\n", r"line 1: 2 column\(s\); a peak needs at least chrom, start and end"),
        ("chr1\t10\t20\nchr1\t10\t20\tx\n", r"line 2: 4 columns, but the file's first peak has 3"),
        ("chr1\tten\t20\n", r"line 1: start 'ten' is not a non-negative integer"),
        ("chr1\t-5\t20\n", r"line 1: start '-5' is not a non-negative integer"),
        ("chr1\t30\t20\n", r"line 1: end 20 is before start 30"),
        ("chr1\t0\t99999999999999999999\n", r"line 1: end '9+' is larger than any chromosome"),
        ("chr1\t1\t2\tx\thigh\t+\n", r"line 1: score 'high' is not a number"),
        ("chr1\t1\t2\tx\t0\t*\n", r"line 1: strand '\*' is not \+, - or \."),
        ("track x\n" + NARROWPEAK.replace("\t120\n", "\t900\n"),
         r"line 2: summit offset 900 lies past the peak's end"),
        ("# nothing\ntrack name=empty\n", r"no peaks found"),
    ],
)
def test_malformed_peak_files_are_named_by_file_and_line(tmp_path, text, message):
    path = tmp_path / "bad.bed"
    path.write_text(text)
    with pytest.raises(ValueError, match=rf"bad\.bed.*{message}"):
        read_peaks(path)


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.bed"):
        read_peaks(tmp_path / "nothere.bed")


def test_describe_peak_names_file_and_line_or_the_row(tmp_path):
    path = tmp_path / "x.narrowPeak"
    path.write_text("track\n" + NARROWPEAK)
    assert describe_peak(read_peaks(path), 2) == f"{path}, line 2 (chr1:100-300)"
    table = pd.DataFrame({"chrom": ["chr9"], "start": [1], "end": [5]})
    assert describe_peak(table, 0) == "peak 0 (chr9:1-5)"


# A property over generated files: a well-formed narrowPeak body with one line broken
# in one of many ways must fail with a ValueError naming the file and that line.
_GOOD = ["chr1", "100", "300", "p", "5", ".", "1.5", "2", "3", "50"]
_BAD_FIELDS = {
    0: st.just(""),
    1: st.sampled_from(["-1", "1.5", "x", "", "1e3", "٣", " "]),
    2: st.sampled_from(["-300", "3.0", "end", "", "99"]),
    4: st.sampled_from(["high", "nan", "inf", "1,5", ""]),
    5: st.sampled_from(["*", "plus", "", "++"]),
    6: st.sampled_from(["signal", "nan", ""]),
    9: st.sampled_from(["201", "-2", "x", "12.5", ""]),
}


@st.composite
def _broken_file(draw):
    n_good = draw(st.integers(0, 4))
    broken_at = draw(st.integers(0, n_good))
    how = draw(st.sampled_from(["field", "columns", "garbage"]))
    if how == "field":
        column = draw(st.sampled_from(sorted(_BAD_FIELDS)))
        fields = list(_GOOD)
        fields[column] = draw(_BAD_FIELDS[column])
        broken = "\t".join(fields)
        if column in (6, 9) and broken_at == 0:
            # A first line that breaks narrowPeak's 7th-10th columns makes the file BED10.
            n_good, broken_at = n_good + 1, 1
    elif how == "columns":
        # A first line sets the file's column count, so only a later one can differ.
        counts = [1, 2, 13] if broken_at == 0 else [1, 2, 4, 5, 6, 9, 11, 13]
        n_columns = draw(st.sampled_from(counts))
        # 13 columns are a narrowPeak with extras unless the 7th is no number: make it one.
        fields = _GOOD[:6] + ["x"] + _GOOD[7:] if n_columns > 10 else _GOOD
        broken = "\t".join(fields[:n_columns] + ["0"] * max(0, n_columns - 10))
    else:
        broken = draw(
            st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b"
                                  "\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"), min_size=1)
            .filter(lambda t: not t.lstrip().startswith(("#", "track", "browser"))
                    and "\t" not in t and 1 <= len(t.split()) < 3)
        )
    lines = ["\t".join(_GOOD)] * n_good
    lines.insert(broken_at, broken)
    header = draw(st.sampled_from(["", "track type=narrowPeak\n", "# comment\n\n"]))
    return header + "\n".join(lines) + "\n", header.count("\n") + broken_at + 1


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=_broken_file())
def test_every_malformed_line_is_a_value_error_naming_file_and_line(tmp_path, case):
    text, line = case
    path = tmp_path / "generated.narrowPeak"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(ValueError) as error:
        read_peaks(path)
    message = str(error.value)
    assert str(path) in message
    numbers = [int(n) for n in re.findall(r"line (\d+)", message)]
    assert numbers == [line], (text, message)


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_a_narrowpeak_with_extra_columns_keeps_its_summits(tmp_path):
    path = _write(tmp_path, "x.narrowPeak", NARROWPEAK.replace("\n", "\tGENE1\n"))
    peaks = read_peaks(path)
    assert peaks["summit"].tolist() == [220]
    assert "signal_value" in peaks


def test_bed12_reads_as_bed_even_where_it_fits_the_narrowpeak_rule(tmp_path):
    line = "chr1\t100\t300\tgene\t0\t+\t100\t300\t0\t2\t50,60,\t0,140,\n"
    peaks = read_peaks(_write(tmp_path, "genes.bed", line))
    assert peaks.columns.tolist() == ["chrom", "start", "end", "name", "score", "strand"]
    assert peak_centres(peaks).tolist() == [200]


def test_ten_columns_that_are_not_narrowpeak_read_as_bed(tmp_path):
    line = "chr1\t100\t300\tx\t0\t+\tred\tblue\tgreen\tmore\n"
    assert "summit" not in read_peaks(_write(tmp_path, "wide.bed", line))


def test_a_bom_and_a_non_ascii_chromosome_are_read_as_utf8(tmp_path):
    path = _write(tmp_path, "bom.bed", "\ufeffchr\u00e91\t10\t20\r\nchr2\t1\t5\r\n".encode())
    peaks = read_peaks(path)
    assert peaks["chrom"].tolist() == ["chr\u00e91", "chr2"]
    assert peaks.index.tolist() == [1, 2]


def test_bytes_that_are_not_utf8_are_named_by_file_and_line(tmp_path):
    path = _write(tmp_path, "latin.bed", b"chr1\t10\t20\nchr\xe91\t10\t20\n")
    with pytest.raises(ValueError, match=r"latin\.bed, line 2: byte 0xe9 at column 4 is not "
                       r"UTF-8"):
        read_peaks(path)


@pytest.mark.parametrize("module, name", [("bz2", "bzip2"), ("lzma", "xz")])
def test_other_compressions_are_named(tmp_path, module, name):
    import importlib

    data = importlib.import_module(module).compress(NARROWPEAK.encode())
    path = _write(tmp_path, "x.narrowPeak.bz", data)
    with pytest.raises(ValueError, match=rf"x\.narrowPeak\.bz is compressed with {name}, which is "
                       r"not read; decompress it or recompress it with gzip"):
        read_peaks(path)


def test_a_folder_and_a_damaged_gzip_are_value_errors(tmp_path):
    with pytest.raises(ValueError, match=r"is a folder, not a file"):
        read_peaks(tmp_path)
    damaged = gzip.compress(NARROWPEAK.encode() * 200)
    damaged = damaged[:20] + b"\xff" * 20 + damaged[40:]
    with pytest.raises(ValueError, match=r"cut\.gz: cannot be read"):
        read_peaks(_write(tmp_path, "cut.gz", damaged))
