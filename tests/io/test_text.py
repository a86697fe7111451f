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


def test_utf8_is_read_with_its_bom_dropped(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("\ufeffchr\u00e9\r\nb\n".encode())
    assert read_lines(path) == ["chr\u00e9", "b"]


def test_bytes_that_are_not_utf8_are_named_by_file_and_line(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"ACGT\nAC\xffGT\n")
    with pytest.raises(ValueError, match=r"x\.txt, line 2: byte 0xff at column 3 is not UTF-8"):
        read_lines(path)
    with pytest.raises(ValueError, match=r"x\.txt, line 2: byte 0xff"), open_text(path) as handle:
        list(handle)
    path.write_bytes(b"ACGT\n\x00\x01\xfe\n")
    with pytest.raises(ValueError, match=r"x\.txt is a binary file, not text"):
        read_lines(path)


@pytest.mark.parametrize(
    "magic, name",
    [(b"BZh91AY", "bzip2"), (b"\xfd7zXZ\x00\x00", "xz"), (b"\x28\xb5\x2f\xfd\x00", "zstd"),
     (b"PK\x03\x04\x14", "zip")],
)
def test_other_compressions_are_refused_by_name(tmp_path, magic, name):
    path = tmp_path / "packed"
    path.write_bytes(magic + b"\x00" * 20)
    with pytest.raises(ValueError, match=rf"packed is compressed with {name}, which is not read"):
        open_text(path)


def test_a_folder_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="is a folder, not a file"):
        read_lines(tmp_path)


def test_a_missing_file_and_a_truncated_gzip_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file: .*nothere"):
        read_lines(tmp_path / "nothere")
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(b"ACGT\n" * 1000)[:40])
    with pytest.raises(ValueError, match="cut.gz: cannot be read"):
        read_lines(path)
