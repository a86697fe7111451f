"""Regions: strings, BED files and tables read and checked; intervals merged and subtracted."""

import pandas as pd
import pytest

from sklearn_demotif.io import intervals_outside, merge_intervals, read_regions


@pytest.fixture
def fasta(tmp_path):
    path = tmp_path / "genome.fa"
    path.write_text(">chr1\n" + "ACGT" * 250 + "\n>chr2\n" + "ACGT" * 100 + "\n")
    return path


def test_region_strings_are_bed_coordinates_and_a_name_is_the_whole_chromosome(fasta):
    regions = read_regions(["chr2", "chr1:10-20", "chr1:0-5"], fasta)
    assert regions.values.tolist() == [["chr1", 0, 5], ["chr1", 10, 20], ["chr2", 0, 400]]
    assert read_regions("chr1:1,00-2,00", fasta).values.tolist() == [["chr1", 100, 200]]


def test_overlapping_regions_are_merged_and_sorted_by_name_then_start(fasta):
    regions = read_regions(["chr2:5-50", "chr1:300-400", "chr1:100-350", "chr1:400-410"], fasta)
    assert regions.values.tolist() == [["chr1", 100, 410], ["chr2", 5, 50]]


def test_bed_files_and_tables_are_regions_too(fasta, tmp_path):
    bed = tmp_path / "regions.bed"
    bed.write_text("track name=x\nchr2\t0\t100\nchr1\t50\t60\n")
    assert read_regions(bed, fasta).values.tolist() == [["chr1", 50, 60], ["chr2", 0, 100]]
    assert read_regions(str(bed), fasta).equals(read_regions(bed, fasta))
    table = pd.DataFrame({"chrom": ["chr1"], "start": [7], "end": [9], "score": [1.0]})
    assert read_regions(table, fasta).values.tolist() == [["chr1", 7, 9]]


@pytest.mark.parametrize(
    "region, message",
    [
        ("chr1:abc-100", r"region 'chr1:abc-100' does not parse .*chrom:start-end"),
        ("chr1:100-50", r"region 'chr1:100-50' does not parse .*End cannot be less than start"),
        ("chr1:900-1100", r"'chr1:900-1100' is empty or not inside chr1, which has 1000 bp"),
        ("chr1:5-5", r"region 'chr1:5-5' is empty or not inside chr1"),
        ("chrX:1-10", r"region 'chrX:1-10': chromosome 'chrX' is not in the genome genome\.fa"),
        ("1:1-10", r"'1' here, 'chr1' in the genome"),
        ("chr1:10-20\nchr2:1-5", r"region 'chr1:10-20\\nchr2:1-5' holds a line break or a tab; "
         r"give one region per string"),
        ("chr1\t10\t20", r"holds a line break or a tab"),
        ("chr1:1000-2000:+", r"region 'chr1:1000-2000:\+' has ':\+' after the region, which is "
         r"not read \(strands"),
        ("chr1:10-20 (+)", r"has ' \(\+\)' after the region"),
    ],
)
def test_a_bad_region_string_is_named(fasta, region, message):
    with pytest.raises(ValueError, match=message):
        read_regions(region, fasta)


def test_a_bed_region_outside_its_chromosome_names_file_and_line(fasta, tmp_path):
    bed = tmp_path / "far.bed"
    bed.write_text("chr1\t0\t10\nchr2\t300\t500\n")
    with pytest.raises(ValueError, match=r"far\.bed, line 2: region chr2:300-500 is empty or "
                       r"not inside chr2, which has 400 bp"):
        read_regions(bed, fasta)


def test_no_regions_is_an_error(fasta):
    with pytest.raises(ValueError, match="no regions given"):
        read_regions([], fasta)
    with pytest.raises(ValueError, match="the region table has no regions"):
        read_regions(pd.DataFrame(columns=["chrom", "start", "end"]), fasta)


def test_intervals_outside_keeps_rows_that_overlap_nothing_touching_is_not_overlap():
    windows = pd.DataFrame({"chrom": ["c", "c", "d"], "start": [0, 10, 0], "end": [10, 20, 5],
                            "name": ["a", "b", "c"]}, index=[7, 8, 9])
    blocked = pd.DataFrame({"chrom": ["c"], "start": [10], "end": [11]})
    kept = intervals_outside(windows, blocked)
    assert kept.index.tolist() == [7, 9] and kept["name"].tolist() == ["a", "c"]


def test_merge_intervals_joins_overlapping_and_touching_ones():
    table = pd.DataFrame({"chrom": ["b", "a", "a", "a"], "start": [0, 10, 0, 25],
                          "end": [5, 20, 10, 30]})
    assert merge_intervals(table).values.tolist() == [["a", 0, 20], ["a", 25, 30], ["b", 0, 5]]


@pytest.mark.parametrize("name", ["/data/regions.bed", "regions.bed", "sub/dir/r.txt",
                                  "peaks.narrowPeak.gz"])
def test_a_missing_regions_file_is_named_as_a_file(fasta, name):
    with pytest.raises(ValueError, match=rf"^no such regions file: {name}$"):
        read_regions(name, fasta)


def test_a_folder_is_no_regions_file(fasta, tmp_path):
    with pytest.raises(ValueError, match=r"is a folder, not a regions file"):
        read_regions(str(tmp_path), fasta)


def test_a_chromosome_name_with_a_colon_is_the_whole_chromosome(tmp_path):
    path = tmp_path / "alt.fa"
    path.write_text(">HLA-A*01:01\n" + "ACGT" * 10 + "\n")
    assert read_regions("HLA-A*01:01", path).values.tolist() == [["HLA-A*01:01", 0, 40]]
