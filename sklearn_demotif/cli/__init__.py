"""The ``demotif`` command: train, predict, extract motifs, benchmark and demo from a shell.

A thin layer over the Python API; every subcommand does what a few lines of
Python would do::

    demotif train DATA --out MODEL_DIR        # labelled FASTA, DeepBind .seq(.gz), TSV/CSV
    demotif train --peaks P --genome G --out MODEL_DIR [--test-chromosomes chr8 chr9]
    demotif predict --model MODEL_DIR SEQS    # TSV of probabilities on stdout
    demotif motif --model MODEL_DIR --out motif.meme [--logo motif.png]
    demotif scan --model MODEL_DIR --genome G --regions chr1:0-1000000 --out track.bedGraph
    demotif variants --model MODEL_DIR --genome G --vcf calls.vcf.gz --out effects.tsv
    demotif spacing --model MODEL_DIR --first SEQ --second SEQ --background SEQS --out t.tsv
    demotif benchmark --data DIR --out RESULTS_DIR [--experiments NAME ...]
    demotif demo --out DIR                    # offline demo: train, motif, JASPAR, report.html

Results go to files or stdout, progress to stderr (``--quiet`` silences it).
An error is one line on stderr and a non-zero exit status: 1 when the work
fails (a missing file, an unreadable format, an unknown experiment), 2 for a
command line argparse cannot parse.  See ``docs/cli.md``.

The parser (``_parser``) imports nothing heavy; each subcommand's module is
imported only when it runs, so ``demotif --help`` is instant.
"""

import contextlib
import importlib
import os
import sys

from ._common import CommandError, Progress
from ._parser import build_parser

__all__ = ["main", "build_parser"]


def _one_line(error):
    text = " ".join(str(error).split())
    if isinstance(error, FileNotFoundError) and error.filename and "No such file" in text:
        text = f"no such file: {error.filename}"
    return text or type(error).__name__


def main(argv=None):
    """Run the ``demotif`` command.

    Parameters
    ----------
    argv : list of str or None, default=None
        The arguments after ``demotif``; ``None`` reads ``sys.argv[1:]``.

    Returns
    -------
    status : int
        0 on success, 1 when the work failed (a one-line message was printed
        on stderr), 2 for a command line that cannot be parsed.

    Examples
    --------
    >>> from sklearn_demotif.cli import main
    >>> main(["predict", "--model", "no-such-model", "seqs.fa", "--quiet"])
    1
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2
    progress = Progress(args.quiet)
    try:
        command = importlib.import_module(f".{args.command_module}", __name__)
        return command.run(args, progress)
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")
        return 1
    except (CommandError, OSError, ValueError, ImportError) as error:
        print(f"demotif {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"demotif {args.command}: interrupted", file=sys.stderr)
        return 130
