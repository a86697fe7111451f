"""FASTA reading time per megabase for one long record: it must stay flat (linear growth).

Genome input makes long records the normal case (a chromosome is one record).  The
benchmark writes single-record FASTA files of 1, 4 and 16 Mb, wrapped at 60
columns, reads each with :func:`sklearn_demotif.io.read_fasta` (best of three) and
reports the seconds per Mb in ``benchmarks/results/fasta_speed.md``.  Target: the
time per Mb at 16 Mb is at most 1.5 times that at 1 Mb (a quadratic parser gives
about 16 times).
"""

import time

import numpy as np

from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.io import read_fasta

SIZES_MB = (1, 4, 16)
LINE_WIDTH = 60


def _write_record(path, megabases, rng):
    sequence = "".join(rng.choice(list("ACGT"), size=megabases * 1_000_000))
    lines = [sequence[i : i + LINE_WIDTH] for i in range(0, len(sequence), LINE_WIDTH)]
    path.write_text(">chrTest\n" + "\n".join(lines) + "\n")
    return len(sequence)


def _best_time(path, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        _, sequences = read_fasta(path)
        times.append(time.perf_counter() - start)
    return min(times), len(sequences[0])


def test_fasta_reading_time_per_megabase_is_flat(tmp_path, results_dir):
    rng = np.random.RandomState(0)
    rows = []
    for megabases in SIZES_MB:
        path = tmp_path / f"record_{megabases}mb.fa"
        length = _write_record(path, megabases, rng)
        seconds, read_length = _best_time(path)
        assert read_length == length
        rows.append((megabases, seconds, seconds / megabases))
    growth = rows[-1][2] / rows[0][2]
    table = ["| record | seconds | seconds per Mb |", "|---|---|---|"]
    table += [f"| {mb} Mb | {seconds:.3f} | {per_mb:.4f} |" for mb, seconds, per_mb in rows]
    report = (
        "# FASTA reading speed (one record, 60-column lines)\n\n"
        + "\n".join(table)
        + f"\n\nTime per Mb at {SIZES_MB[-1]} Mb / at {SIZES_MB[0]} Mb: **{growth:.2f}** "
        "(target <= 1.5; 1.0 is perfectly linear).\n"
    )
    write_atomically(results_dir / "fasta_speed.md", report)
    print(report)
    assert growth <= 1.5, report
