"""Wall time of ``import sklearn_demotif`` and ``demotif --help`` against ``python -c pass``.

Every command runs in a fresh interpreter (``sys.executable``), as a user's shell
would start it: ``python -c pass`` (the interpreter alone), ``python -c "import
sklearn_demotif"``, ``python -m sklearn_demotif --help`` and ``python -m
sklearn_demotif SUBCOMMAND --help`` for every subcommand.  Each is run ``ROUNDS``
times, the commands alternating, and the fastest run counts (the others measure the
machine's other work).  Target (asserted): at most 0.5 s more than ``python -c pass``
for each.  ``tests/test_layout.py`` checks that none of them imports torch,
matplotlib or numba.  Results go to ``benchmarks/results/import_time.md``.
"""

import os
import subprocess
import sys
import time

from sklearn_demotif._atomic import write_atomically

ROUNDS = 5
SUBCOMMANDS = ("train", "predict", "motif", "benchmark", "demo")
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "import sklearn_demotif": ["-c", "import sklearn_demotif"],
    "demotif --help": ["-m", "sklearn_demotif", "--help"],
    **{
        f"demotif {name} --help": ["-m", "sklearn_demotif", name, "--help"]
        for name in SUBCOMMANDS
    },
}
TARGET_SECONDS = 0.5


def _seconds(arguments):
    start = time.perf_counter()
    subprocess.run([sys.executable, *arguments], check=True, capture_output=True)
    return time.perf_counter() - start


def test_import_and_help_cost_little_more_than_the_interpreter(results_dir):
    runs = {name: [] for name in COMMANDS}
    for _ in range(ROUNDS):
        for name, arguments in COMMANDS.items():
            runs[name].append(_seconds(arguments))
    best = {name: min(times) for name, times in runs.items()}
    baseline = best["python -c pass"]
    extra = {name: seconds - baseline for name, seconds in best.items()}
    lines = [
        "# Import and --help wall time",
        "",
        f"- fresh `{os.path.basename(sys.executable)}` per run, best of {ROUNDS} alternating "
        f"runs; {os.cpu_count()} CPUs, load average (1 min) now {os.getloadavg()[0]:.2f}",
        "",
        "| command | seconds (best) | more than `python -c pass` |",
        "|---|---|---|",
        *(f"| `{name}` | {best[name]:.3f} | {extra[name]:+.3f} |" for name in COMMANDS),
        "",
        f"Target: at most {TARGET_SECONDS} s more than `python -c pass`.",
    ]
    report = "\n".join(lines) + "\n"
    write_atomically(results_dir / "import_time.md", report)
    print("\n" + report)
    assert max(extra.values()) <= TARGET_SECONDS, report
