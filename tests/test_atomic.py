"""Atomic writes: the old file or the whole new one, never a part or a stray temporary."""

import os

import pytest

import sklearn_demotif._atomic as atomic
from sklearn_demotif._atomic import write_atomically


def test_text_and_bytes_are_written_and_missing_folders_created(tmp_path):
    assert write_atomically(tmp_path / "a" / "b.txt", "é").read_bytes() == "é".encode()
    assert write_atomically(tmp_path / "c.bin", b"\x00\x01").read_bytes() == b"\x00\x01"


def test_pieces_from_a_generator_are_written_in_order(tmp_path):
    pieces = (f"line {i}\n" if i % 2 else f"line {i}\n".encode() for i in range(4))
    path = write_atomically(tmp_path / "lines.txt", pieces)
    assert path.read_text() == "line 0\nline 1\nline 2\nline 3\n"


def test_a_generator_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path):
    target = write_atomically(tmp_path / "track.txt", "old")

    def pieces():
        yield "new, part one\n"
        raise ValueError("region chrZ:1-2 does not parse")

    with pytest.raises(ValueError, match="chrZ"):
        write_atomically(target, pieces())
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["track.txt"]


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = write_atomically(tmp_path / "data.txt", "old")

    def crash(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError, match=r"cannot write .*data.txt: disk full"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["data.txt"]


def test_the_error_names_the_target_not_the_temporary_file(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(OSError) as raised:
        write_atomically(tmp_path / "file" / "below.txt", "x")
    assert "below.txt" in str(raised.value) and ".tmp" not in str(raised.value)


def test_check_writable_accepts_a_new_nested_path_and_creates_nothing(tmp_path):
    assert atomic.check_writable(tmp_path / "a" / "b" / "c.txt") == tmp_path / "a" / "b" / "c.txt"
    assert atomic.check_writable(tmp_path / "new", folder=True) == tmp_path / "new"
    assert list(tmp_path.iterdir()) == []


def test_check_writable_refuses_what_stands_in_the_way(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError, match=r"file is a file, not a folder"):
        atomic.check_writable(tmp_path / "file" / "below.txt")
    with pytest.raises(FileExistsError, match="is a file, not a folder"):
        atomic.check_writable(tmp_path / "file", folder=True)
    with pytest.raises(IsADirectoryError, match="is a folder, not a file"):
        atomic.check_writable(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["file"]


def test_check_writable_names_the_path_when_the_folder_refuses_files(tmp_path, monkeypatch):
    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied", f"{kwargs['dir']}/.demotif-probe.x")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(PermissionError) as raised:
        atomic.check_writable(tmp_path / "out" / "model")
    assert str(raised.value) == f"cannot write {tmp_path / 'out' / 'model'}: Permission denied"
