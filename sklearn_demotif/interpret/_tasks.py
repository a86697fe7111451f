"""The columns and files of a multi-task model's tracks and tables.

A multi-task model scanned (or scoring variants) without ``task=`` gives one
column per task, named ``<column>_<task name>``: ``score_GATA1`` in a track,
``ref_score_GATA1``, ``alt_score_GATA1`` and ``delta_GATA1`` in a
variant-effect table.  :func:`write_task_tracks` writes such a track as one
file per task, ``<stem>.<task name><suffix>``, or one task's column as one
file, reading a streamed track once: the files are written side by side, each
by its own thread, so no track sits in memory.
"""

import itertools
import queue
import re
import threading
from pathlib import Path

import pandas as pd

#: The columns of a one-score genome track.
TRACK_COLUMNS = ["chrom", "start", "end", "score"]


def task_column(column, name):
    """The column of one task: ``task_column("delta", "GATA1")`` is ``"delta_GATA1"``."""
    return f"{column}_{name}"


def track_tasks(columns, column="score"):
    """The task names of a table's ``<column>_<task>`` columns (a track's ``score_<task>``);
    empty when it has the one-task ``column`` itself."""
    columns = list(columns)
    if column in columns:
        return []
    prefix = f"{column}_"
    return [name[len(prefix):] for name in columns if name.startswith(prefix)]


def task_file(path, name):
    """``<stem>.<name><suffix>`` beside ``path``; characters other than letters, digits,
    ``.``, ``_`` and ``-`` in the name become ``_``.

    Examples
    --------
    >>> from sklearn_demotif.interpret._tasks import task_file
    >>> task_file("out/scan.bedGraph", "GATA1").as_posix()
    'out/scan.GATA1.bedGraph'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.{re.sub(r'[^A-Za-z0-9._-]', '_', name)}{path.suffix}")


def _chosen_task(names, task):
    """The name of ``task`` (an index or a name) among a track's task ``names``."""
    if isinstance(task, str) and task in names:
        return task
    if not isinstance(task, (str, bool)) and isinstance(task, int) and 0 <= task < len(names):
        return names[task]
    raise ValueError(
        f"task {task!r} is not a task of this track, whose tasks are {', '.join(names)}; "
        f"give an index 0–{len(names) - 1} or a name"
    )


def _task_piece(chunk, column):
    """A piece of a multi-task track with one task's column as ``score``."""
    return chunk[[*TRACK_COLUMNS[:3], column]].rename(columns={column: "score"})


def _one_task(chunks, column):
    """The pieces of a multi-task track with one task's column as ``score``."""
    for chunk in chunks:
        yield _task_piece(chunk, column)


def write_task_tracks(path, track, task, write_one):
    """Write a track with ``write_one(path, chunks)``: as it is, one task's, or one file per task.

    Parameters
    ----------
    path : str or path-like
        The file; for one file per task, the name the task files are named after
        (:func:`task_file`).
    track : pandas.DataFrame or iterable of DataFrame
        A one-score track (``chrom, start, end, score``) or a multi-task one
        (``chrom, start, end, score_<task>, ...``).
    task : int, str or None
        With a multi-task track, the task (index among its score columns, or
        name) whose scores go to ``path``; ``None`` writes one file per task.
        Must be ``None`` for a one-score track.
    write_one : callable
        Writes one one-score track to one path and returns the path.

    Returns
    -------
    path : pathlib.Path or list of pathlib.Path
        The written file, or the task files in the order of the tasks.
    """
    pieces = iter([track] if isinstance(track, pd.DataFrame) else track)
    first = next(pieces, None)
    chunks = itertools.chain([] if first is None else [first], pieces)
    names = [] if first is None else track_tasks(first.columns)
    if not names:
        if task is not None:
            raise ValueError(
                f"task={task!r} picks one task's scores of a multi-task track, but this track "
                "has one score column"
            )
        return write_one(path, chunks)
    if task is not None:
        return write_one(path, _one_task(chunks, task_column("score", _chosen_task(names, task))))
    columns = [task_column("score", name) for name in names]
    return _fan_out(chunks, columns, [task_file(path, name) for name in names], write_one)


_END = object()


class _Failure:
    """The message that stops every writer when the track or another writer fails."""

    def __init__(self, error):
        self.error = error


class _Stopped(RuntimeError):
    """Raised inside a writer's feed to stop it, because of another failure."""


class _Rendezvous:
    """Where the writers wait for each other at the end of the track, so that none finishes
    (renames its file into place) while another may still fail on the last pieces."""

    def __init__(self, n_writers, errors):
        self.condition = threading.Condition()
        self.waiting = n_writers
        self.errors = errors

    def arrive(self):
        """Count one writer at the end (or failed); wait for the others; whether all went well."""
        with self.condition:
            self.waiting -= 1
            self.condition.notify_all()
            self.condition.wait_for(lambda: self.waiting == 0)
        return not self.errors

    def arrive_failed(self):
        """Count a writer that failed before the end."""
        with self.condition:
            self.waiting -= 1
            self.condition.notify_all()


class _Feed:
    """The pieces of one task's track, handed from the reading thread to its writer's thread."""

    def __init__(self, rendezvous):
        self.queue = queue.Queue(maxsize=4)
        self.done = threading.Event()  # the writer has returned or failed
        self.rendezvous = rendezvous
        self.arrived = False

    def put(self, item):
        while not self.done.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self):
        while True:
            item = self.queue.get()
            if item is _END:
                self.arrived = True
                if self.rendezvous.arrive():
                    return
                raise _Stopped("another task's track failed")
            if isinstance(item, _Failure):
                raise _Stopped("another task's track failed") from item.error
            yield item


def _fan_out(chunks, columns, paths, write_one):
    """Write ``columns`` of one pass over ``chunks`` to ``paths``, one writer thread each.

    When the track or a writer fails, every writer is stopped before it
    finishes (so writes nothing) and the first error is raised: the writers
    wait for each other at the end of the track (:class:`_Rendezvous`), so
    only a writer failing after its last piece (while closing its file) can
    leave the others' files written.
    """
    results, errors = [None] * len(paths), []
    rendezvous = _Rendezvous(len(paths), errors)
    feeds = [_Feed(rendezvous) for _ in paths]

    def work(index):
        try:
            results[index] = write_one(paths[index], feeds[index])
        except BaseException as error:  # noqa: BLE001 - handed to the reading thread
            errors.append(error)
            if not feeds[index].arrived:
                rendezvous.arrive_failed()
        finally:
            feeds[index].done.set()

    threads = [threading.Thread(target=work, args=(index,), daemon=True) for index in
               range(len(paths))]
    for thread in threads:
        thread.start()
    try:
        for chunk in chunks:
            if errors:
                break
            for feed, column in zip(feeds, columns, strict=True):
                feed.put(_task_piece(chunk, column))
    except BaseException as error:
        errors.insert(0, error)
    for feed in feeds:
        feed.put(_Failure(errors[0]) if errors else _END)
    for thread in threads:
        thread.join()
    if errors:
        raise next(error for error in errors if not isinstance(error, _Stopped))
    return results
