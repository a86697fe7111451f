"""Atomic writes: the old file or the whole new one, never a part or a stray temporary."""

import os

import pytest

import sklearn_demotif._atomic as atomic
from sklearn_demotif._atomic import atomic_path, write_atomically


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


def test_atomic_path_hands_a_library_an_existing_temporary_file_beside_the_target(tmp_path):
    target = tmp_path / "new" / "track.bw"
    with atomic_path(target) as temporary:
        assert temporary.parent == target.parent and temporary.is_file()
        assert not target.exists()
        temporary.write_bytes(b"written by name")
    assert target.read_bytes() == b"written by name"
    assert sorted(os.listdir(target.parent)) == ["track.bw"]


def test_atomic_path_keeps_the_old_file_when_the_block_fails(tmp_path):
    target = write_atomically(tmp_path / "track.bw", "old")
    with pytest.raises(ValueError, match="chromosome chrZ"):
        with atomic_path(target) as temporary:
            temporary.write_bytes(b"new, part one")
            raise ValueError("chromosome chrZ is not in the genome")
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["track.bw"]


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


@pytest.fixture
def genome(tmp_path):
    path = tmp_path / "genome.fa"
    path.write_text(">chr1\nACGT\n")
    (tmp_path / "genome.fa.fai").write_text("chr1\t4\t6\t4\t5\n")
    return path


def test_input_file_names_the_file_and_its_companions(genome):
    inputs = atomic.input_file("--genome", genome, (".fai", ".gzi"))
    assert inputs == [
        ("the --genome file", genome),
        ("the --genome file's .fai index", genome.with_name("genome.fa.fai")),
        ("the --genome file's .gzi index", genome.with_name("genome.fa.gzi")),
    ]


def test_input_folder_lists_the_folder_and_what_it_holds_one_level_down(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_text("")
    (tmp_path / "weights.safetensors").write_bytes(b"")
    assert atomic.input_folder("--model", tmp_path) == [
        ("the --model folder", tmp_path),
        ("sub of the --model folder", tmp_path / "sub"),
        ("weights.safetensors of the --model folder", tmp_path / "weights.safetensors"),
    ]
    assert atomic.input_folder("--model", tmp_path / "missing") == [
        ("the --model folder", tmp_path / "missing")
    ]


@pytest.mark.parametrize("link", ["path", "symlink", "hardlink", "relative", "missing"])
def test_an_output_that_is_an_input_however_named_is_refused(genome, link):
    folder = genome.parent
    if link == "path":
        out = genome
    elif link == "symlink":
        out = folder / "link.bedGraph"
        out.symlink_to(genome)
    elif link == "hardlink":
        out = folder / "hard.bedGraph"
        os.link(genome, out)
    elif link == "relative":
        out = folder / "sub" / ".." / "genome.fa"
        (folder / "sub").mkdir()
    else:  # neither exists: resolved paths are compared
        genome.unlink()
        out = folder / "." / "genome.fa"
    with pytest.raises(ValueError) as error:
        atomic.check_outputs(atomic.input_file("--genome", genome), files=[("--out", out)])
    assert str(error.value) == (
        f"--out {out} is the --genome file ({genome}); choose another output"
    )


def test_a_companion_is_an_input_too(genome):
    fai = genome.with_name("genome.fa.fai")
    with pytest.raises(ValueError, match=r"is the --genome file's \.fai index"):
        atomic.check_outputs(atomic.input_file("--genome", genome, [".fai"]), [("--out", fai)])


def test_other_outputs_pass_and_none_is_skipped(genome):
    inputs = atomic.input_file("--genome", genome, [".fai"])
    atomic.check_outputs(inputs, files=[("--out", genome.with_suffix(".bedGraph")),
                                        ("--logo", None)])
    atomic.check_outputs(inputs, folders=[("--out", genome.parent / "results")])


def test_an_output_folder_that_holds_an_input_is_refused(genome):
    inputs = [("the DATA file", genome)]
    for folder in (genome.parent, genome.parent.parent):
        with pytest.raises(ValueError, match=rf"--out {folder} holds the DATA file \({genome}\)"):
            atomic.check_outputs(inputs, folders=[("--out", folder)])
    # An output file is never said to hold anything.
    with pytest.raises(ValueError, match="is the DATA file"):
        atomic.check_outputs(inputs, folders=[("--out", genome)])


def test_two_outputs_may_not_be_one_path(tmp_path):
    out = tmp_path / "motif"
    with pytest.raises(ValueError, match=rf"--logo {out} is the same path as --out \({out}\)"):
        atomic.check_outputs([], files=[("--out", out), ("--logo", tmp_path / "." / "motif")])


def test_standard_output_counts_only_when_it_is_the_input_file(genome, tmp_path):
    inputs = atomic.input_file("SEQS", genome)
    with open(genome, "ab") as stream:
        with pytest.raises(ValueError, match=rf"^standard output is the SEQS file \({genome}\)"):
            atomic.check_outputs(inputs, files=[("standard output", stream.fileno())])
    with open(tmp_path / "other.tsv", "ab") as stream:
        atomic.check_outputs(inputs, files=[("standard output", stream.fileno())])
    read, write = os.pipe()
    try:
        atomic.check_outputs(inputs, files=[("standard output", write)])
    finally:
        os.close(read)
        os.close(write)
