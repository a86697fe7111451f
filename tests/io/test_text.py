"""Text files: gzip recognised by content, unreadable files named."""

import gzip

import pytest

from sklearn_demotif.io import open_text, read_lines


def test_gzip_is_recognised_by_its_content_not_its_name(tmp_path):
    path = tmp_path / "plain_name.txt"
    path.write_bytes(gzip.compress(b"ACGT\nTTGA\n"))
    assert read_lines(path) == ["ACGT", "TTGA"]
    with open_text(path) as handle:
        assert handle.readline() == "ACGT\n"


def test_non_ascii_bytes_become_a_visible_replacement_character(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"AC\xffGT\n")
    assert read_lines(path) == ["AC\ufffdGT"]


def test_a_missing_file_and_a_truncated_gzip_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file: .*nothere"):
        read_lines(tmp_path / "nothere")
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(b"ACGT\n" * 1000)[:40])
    with pytest.raises(ValueError, match="cut.gz: cannot be read"):
        read_lines(path)
