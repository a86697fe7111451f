"""A multi-task track's columns and files: one file per task from one pass, or one task's file."""

import pandas as pd
import pytest

from sklearn_demotif.interpret._tasks import task_file, track_tasks, write_task_tracks


def _track(n_pieces=3):
    return [
        pd.DataFrame({"chrom": "chr1", "start": [10 * i], "end": [10 * i + 50],
                      "score_A": [float(i)], "score_B": [-float(i)]})
        for i in range(n_pieces)
    ]


def _collect(path, chunks):
    """A writer that writes the scores of its pieces, one per line."""
    path.write_text("".join(f"{score}\n" for chunk in chunks for score in chunk["score"]))
    return path


def test_task_files_are_named_after_the_path_and_the_task():
    assert task_file("a/scan.bw", "GATA1").as_posix() == "a/scan.GATA1.bw"
    assert task_file("scan.bedGraph", "H3K27ac/rep 1").name == "scan.H3K27ac_rep_1.bedGraph"


def test_the_tasks_of_a_track_are_its_score_columns():
    assert track_tasks(["chrom", "start", "end", "score_A", "score_B"]) == ["A", "B"]
    assert track_tasks(["chrom", "start", "end", "score"]) == []


def test_every_task_gets_its_own_file_from_one_pass(tmp_path):
    pieces = _track()
    read = []

    def stream():
        for piece in pieces:
            read.append(1)
            yield piece

    paths = write_task_tracks(tmp_path / "x.txt", stream(), None, _collect)
    assert [path.name for path in paths] == ["x.A.txt", "x.B.txt"]
    assert paths[0].read_text() == "0.0\n1.0\n2.0\n"
    assert paths[1].read_text() == "-0.0\n-1.0\n-2.0\n"
    assert len(read) == len(pieces)


def test_one_task_goes_to_the_path_itself(tmp_path):
    path = write_task_tracks(tmp_path / "x.txt", _track(), "B", _collect)
    assert path == tmp_path / "x.txt" and path.read_text() == "-0.0\n-1.0\n-2.0\n"
    assert write_task_tracks(tmp_path / "y.txt", _track(), 0, _collect).read_text().startswith(
        "0.0")


def test_a_one_score_track_is_written_as_it_is_and_refuses_a_task(tmp_path):
    track = pd.DataFrame({"chrom": "chr1", "start": [0], "end": [5], "score": [1.5]})
    assert write_task_tracks(tmp_path / "x.txt", track, None, _collect).read_text() == "1.5\n"
    with pytest.raises(ValueError, match="one score column"):
        write_task_tracks(tmp_path / "x.txt", track, "A", _collect)


def test_an_unknown_task_names_the_tracks_tasks(tmp_path):
    with pytest.raises(ValueError, match="task 'C' is not a task of this track.*A, B"):
        write_task_tracks(tmp_path / "x.txt", _track(), "C", _collect)
    with pytest.raises(ValueError, match="task 2"):
        write_task_tracks(tmp_path / "x.txt", _track(), 2, _collect)


def test_a_failing_writer_stops_the_others_and_its_error_is_raised(tmp_path):
    finished = []

    def fussy(path, chunks):
        for chunk in chunks:
            if path.name == "x.B.txt" and chunk["start"].iloc[0] == 10:
                raise ValueError("B refuses the second piece")
        finished.append(path.name)
        return path

    with pytest.raises(ValueError, match="B refuses"):
        write_task_tracks(tmp_path / "x.txt", iter(_track(50)), None, fussy)
    assert finished == []


def test_a_failing_track_stops_every_writer(tmp_path):
    finished = []

    def writer(path, chunks):
        list(chunks)
        finished.append(path)
        return path

    def broken():
        yield from _track(2)
        raise OSError("the genome went away")

    with pytest.raises(OSError, match="the genome went away"):
        write_task_tracks(tmp_path / "x.txt", broken(), None, writer)
    assert finished == []


def test_a_writer_failing_on_the_last_piece_keeps_the_others_from_finishing(tmp_path):
    finished = []

    def fussy_about_b(path, chunks):
        for chunk in chunks:
            if path.name == "x.B.txt":
                raise ValueError(f"B refuses the piece at {chunk['start'].iloc[0]}")
        finished.append(path.name)
        return path

    for _ in range(20):  # the writers race; none may finish, whoever comes first
        with pytest.raises(ValueError, match="B refuses the piece at 0"):
            write_task_tracks(tmp_path / "x.txt", _track(1)[0], None, fussy_about_b)
    assert finished == []
