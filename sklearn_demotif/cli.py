"""The ``demotif`` command: train, predict, extract motifs, benchmark and demo from a shell.

A thin layer over the Python API; every subcommand does what a few lines of
Python would do::

    demotif train DATA --out MODEL_DIR        # labelled FASTA, DeepBind .seq(.gz), TSV/CSV
    demotif predict --model MODEL_DIR SEQS    # TSV of probabilities on stdout
    demotif motif --model MODEL_DIR --out motif.meme [--logo motif.png]
    demotif benchmark --data DIR --out RESULTS_DIR [--experiments NAME ...]
    demotif demo --out DIR                    # offline demo: train, motif, JASPAR, report.html

Results go to files or stdout, progress to stderr (``--quiet`` silences it).
An error is one line on stderr and a non-zero exit status: 1 when the work
fails (a missing file, an unreadable format, an unknown experiment), 2 for a
command line argparse cannot parse.  See ``docs/cli.md``.
"""

import argparse
import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

__all__ = ["main", "read_sequence_file"]

#: The motif planted in the demo's synthetic data: JASPAR's REST (NRSF), a long
#: motif that no other JASPAR CORE vertebrate matrix resembles, so the learned
#: motif's best match is the planted matrix itself.  (CTCF's learned motif
#: matches all three JASPAR CTCF matrices, MA0139 often third.)
DEMO_MOTIF = "MA0138"
#: Demo data and training budget, chosen so that ``demotif demo`` finishes in
#: under three minutes on two CPU cores, TOMTOM's first compile included.
DEMO_N_TRAIN = 3000
DEMO_N_TEST = 1000
DEMO_LENGTH = 101
DEMO_MAX_EPOCHS = 10
#: Share of the most informative column's information an end column needs to be
#: kept when trimming (DeepBind's rule, :meth:`PWM.trim`'s default).
TRIM_THRESHOLD = 0.1

_MOTIF_FORMATS = {
    ".meme": "meme",
    ".txt": "meme",
    ".jaspar": "jaspar",
    ".transfac": "transfac",
    ".tf": "transfac",
}
_SEQUENCE_COLUMNS = ("sequence", "sequences", "seq", "dna")
_LABEL_COLUMNS = ("label", "labels", "bound", "y", "class", "target")
_ID_COLUMNS = ("id", "name", "eventid", "sequence_id", "seq_id")
_DNA_LETTERS = set("ACGTRYSWKMBDHVNacgtryswkmbdhvn")


class CommandError(Exception):
    """A failure to report as one line, without a traceback."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _Progress:
    """Progress messages on stderr, silenced by ``--quiet``."""

    def __init__(self, quiet):
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message):
        if not self.quiet:
            elapsed = time.perf_counter() - self.start
            print(f"[{elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Reading sequence files


def _parse_fasta(lines, source):
    headers, sequences, header_lines = [], [], []
    for line_number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith(">"):
            if headers and not sequences[-1]:
                raise ValueError(f"{source}, line {header_lines[-1]}: header without a sequence")
            headers.append(line[1:].strip())
            sequences.append("")
            header_lines.append(line_number)
        elif not headers:
            raise ValueError(
                f"{source}, line {line_number}: sequence text before the first '>' header"
            )
        else:
            sequences[-1] += line
    if headers and not sequences[-1]:
        raise ValueError(f"{source}, line {header_lines[-1]}: header without a sequence")
    integer = [_as_int(header) for header in headers]
    if all(value is not None for value in integer):
        ids = [f"seq_{index}" for index in range(1, len(headers) + 1)]
        return ids, sequences, np.array(integer), "labelled FASTA"
    if any(value is not None for value in integer):
        index = next(i for i, value in enumerate(integer) if value is None)
        raise ValueError(
            f"{source}, line {header_lines[index]}: header {headers[index][:40]!r} is not an "
            "integer label, but other headers are; use labels (>1, >0) in every header or in none"
        )
    ids = [
        header.split()[0] if header else f"seq_{index}" for index, header in enumerate(headers, 1)
    ]
    return ids, sequences, None, "FASTA"


def _as_int(text):
    try:
        return int(text)
    except ValueError:
        return None


def _find_column(columns, wanted, candidates, what, source):
    lower = {str(column).strip().lower(): column for column in columns}
    if wanted is not None:
        if wanted in columns:
            return wanted
        if wanted.lower() in lower:
            return lower[wanted.lower()]
        raise ValueError(
            f"{source}: no column {wanted!r} (columns: {', '.join(map(str, columns))})"
        )
    for candidate in candidates:
        if candidate in lower:
            return lower[candidate]
    return None


def _parse_table(lines, source, separator, sequence_column, label_column):
    import pandas as pd

    try:
        table = pd.read_csv(
            io.StringIO("\n".join(lines)),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ValueError(
            f"{source}: not a readable table ({' '.join(str(error).split())})"
        ) from None
    column = _find_column(table.columns, sequence_column, _SEQUENCE_COLUMNS, "sequence", source)
    if column is None:
        raise ValueError(
            f"{source}: not a labelled FASTA, a DeepBind .seq file or a table with a sequence "
            f"column (looked for {', '.join(_SEQUENCE_COLUMNS)}; first line: {lines[0][:60]!r}); "
            "name the column with --sequence-column"
        )
    sequences = [value.strip() for value in table[column]]
    labels_column = _find_column(table.columns, label_column, _LABEL_COLUMNS, "label", source)
    labels = None
    if labels_column is not None:
        values = [value.strip() for value in table[labels_column]]
        integers = [_as_int(value) for value in values]
        labels = np.array(integers if all(v is not None for v in integers) else values)
    id_column = _find_column(table.columns, None, _ID_COLUMNS, "id", source)
    if id_column is not None:
        ids = [value.strip() for value in table[id_column]]
    else:
        ids = [f"seq_{index}" for index in range(1, len(sequences) + 1)]
    kind = (
        "DeepBind table"
        if [str(c) for c in table.columns] == ["FoldID", "EventID", "seq", "Bound"]
        else "table"
    )
    return ids, sequences, labels, kind


def _parse_plain(lines, source):
    sequences, line_numbers = [], []
    for line_number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        bad = set(line) - _DNA_LETTERS
        if bad:
            character = sorted(bad)[0]
            raise ValueError(
                f"{source}, line {line_number}: {character!r} is not a nucleotide; expected "
                "FASTA, a DeepBind .seq(.gz) file, a TSV/CSV table with a sequence column, or "
                "one DNA sequence per line"
            )
        sequences.append(line)
        line_numbers.append(line_number)
    ids = [f"line_{number}" for number in line_numbers]
    return ids, sequences, None, "one sequence per line"


def read_sequence_file(path, sequence_column=None, label_column=None):
    """Read sequences, and labels when the file has them, from any input ``demotif`` takes.

    The format is recognised from the content, gzipped or not:

    * FASTA.  When every header is an integer (``>1``, ``> 0``, DeMo's
      files) the headers are the labels; otherwise there are no labels and the
      id is the header's first word.
    * DeepBind's ``.seq`` / ``.seq.gz`` (header ``FoldID EventID seq Bound``).
    * A TSV or CSV table with a header: the sequence column is the one named
      ``sequence``, ``seq`` or ``dna`` (any case), the label column ``label``,
      ``bound``, ``y``, ``class`` or ``target``, the id column ``id`` or
      ``name``.
    * One DNA sequence per line.

    Parameters
    ----------
    path : str or path-like
        The file; ``"-"`` reads standard input.
    sequence_column, label_column : str or None, default=None
        Column names for tables that use other names.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``ids`` (list of str), ``sequences`` (ndarray of str), ``labels``
        (ndarray or None) and ``format`` (a description of what was read).

    Raises
    ------
    FileNotFoundError
        For a missing file.
    ValueError
        For content that is none of these formats; the message names the file
        and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.cli import read_sequence_file
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.tsv"
    >>> _ = path.write_text("id\\tsequence\\tlabel\\nA\\tACGT\\t1\\nB\\tTTGA\\t0\\n")
    >>> data = read_sequence_file(path)
    >>> data.ids, list(data.sequences), data.labels.tolist(), data.format
    (['A', 'B'], ['ACGT', 'TTGA'], [1, 0], 'table')
    """
    from sklearn.utils import Bunch

    from .datasets import _read_lines

    if str(path) == "-":
        source, lines = "<stdin>", sys.stdin.read().splitlines()
    else:
        source = str(path)
        if Path(path).is_dir():
            raise ValueError(f"{source} is a folder, not a sequence file")
        lines = _read_lines(path)
    first = next((line.strip() for line in lines if line.strip()), None)
    if first is None:
        raise ValueError(f"{source}: the file is empty")
    if "\x00" in first or "\ufffd" in first:
        raise ValueError(f"{source}: a binary file, not FASTA, a .seq file, a table or sequences")
    if first.startswith(">"):
        ids, sequences, labels, kind = _parse_fasta(lines, source)
    elif "\t" in first or "," in first:
        separator = "\t" if "\t" in first else ","
        ids, sequences, labels, kind = _parse_table(
            lines, source, separator, sequence_column, label_column
        )
    else:
        ids, sequences, labels, kind = _parse_plain(lines, source)
    if not sequences:
        raise ValueError(f"{source}: no sequences found")
    return Bunch(ids=ids, sequences=np.array(sequences, dtype=object), labels=labels, format=kind)


# ---------------------------------------------------------------------------
# Subcommands


def _check_file(path, what="file"):
    if str(path) != "-" and not Path(path).exists():
        raise CommandError(f"no such {what}: {path}")


def _hyperparameters(args):
    return {name: getattr(args, name) for name, *_ in _HYPERPARAMETERS if hasattr(args, name)}


def _make_classifier(args, progress):
    if args.model == "demo":
        from .classifier import DeepMotifClassifier as estimator_class
    else:
        try:
            from .deepbind import DeepBindClassifier as estimator_class
        except ImportError:
            raise CommandError(
                "--model deepbind needs sklearn_demotif.deepbind, which this installation lacks"
            ) from None
    params = _hyperparameters(args)
    accepted = estimator_class().get_params()
    for name in params:
        if name not in accepted:
            option = "--" + name.replace("_", "-")
            raise CommandError(f"{option} does not apply to --model {args.model}")
    params.update(random_state=args.random_state, verbose=0 if args.quiet else 1)
    return estimator_class(**params)


def _training_data(args, progress):
    from .encoding import dinucleotide_shuffle

    data = read_sequence_file(args.data, args.sequence_column, args.label_column)
    X, y = data.sequences, data.labels
    positives_only = y is None or (len(np.unique(y)) == 1 and str(y[0]) in ("1", "True"))
    if positives_only:
        if y is None and data.format != "one sequence per line" and data.format != "FASTA":
            raise CommandError(
                f"{args.data}: the table has no label column; name it with --label-column"
            )
        negatives = np.array(
            dinucleotide_shuffle(list(X), random_state=args.random_state), dtype=object
        )
        progress(
            f"{args.data}: {len(X)} positive sequences ({data.format}) and no negatives; "
            f"adding {len(X)} dinucleotide shuffles as negatives"
        )
        X = np.concatenate([X, negatives])
        y = np.concatenate([np.ones(len(negatives), int), np.zeros(len(negatives), int)])
    else:
        labels, counts = np.unique(y, return_counts=True)
        summary = ", ".join(
            f"{count} × {label}" for label, count in zip(labels, counts, strict=True)
        )
        progress(f"{args.data}: {len(X)} sequences ({data.format}; {summary})")
    return X, y


def _sequence_length(args, sequences):
    if args.length is not None:
        return args.length
    lengths = {len(sequence) for sequence in sequences}
    if len(lengths) > 1:
        raise CommandError(
            f"{args.data}: sequences have {len(lengths)} different lengths "
            f"({min(lengths)}-{max(lengths)} bp); pass --length L to centre-crop or pad them to L"
        )
    return lengths.pop()


def _cmd_train(args, progress):
    from sklearn.pipeline import Pipeline

    from .one_hot import OneHotDNA
    from .persistence import save_model

    _check_file(args.data)
    X, y = _training_data(args, progress)
    length = _sequence_length(args, X)
    classifier = _make_classifier(args, progress)
    model = Pipeline([("onehot", OneHotDNA(length=length)), ("clf", classifier)])
    progress(f"training {type(classifier).__name__} on {len(X)} sequences of {length} bp")
    with contextlib.redirect_stdout(sys.stderr):
        model.fit(X, y)
    directory = save_model(model, args.out)
    progress(f"{classifier.n_epochs_} epochs; model saved to {directory}")
    return 0


def _load(args, progress):
    from .persistence import load_model

    model = load_model(args.model, device=getattr(args, "device", None))
    progress(
        f"loaded {type(getattr(model, 'steps', [[None, model]])[-1][1]).__name__} from {args.model}"
    )
    return model


def _predict_proba(model, sequences):
    from .encoding import one_hot_encode

    if hasattr(model, "steps"):
        return model.predict_proba(sequences)
    return model.predict_proba(one_hot_encode(sequences, length=int(model.sequence_length_)))


def _classes(model):
    return (model.steps[-1][1] if hasattr(model, "steps") else model).classes_


def _cmd_predict(args, progress):
    _check_file(args.model, "model folder")
    _check_file(args.seqs)
    model = _load(args, progress)
    data = read_sequence_file(args.seqs)
    progress(f"predicting {len(data.sequences)} sequences ({data.format})")
    proba = _predict_proba(model, data.sequences)
    classes = _classes(model)
    if len(classes) == 2:
        header, columns = ["id", "probability"], proba[:, 1:]
    else:
        header, columns = ["id"] + [f"p_{label}" for label in classes], proba
    lines = ["\t".join(header)]
    for identifier, row in zip(data.ids, columns, strict=True):
        lines.append("\t".join([identifier] + [repr(float(value)) for value in row]))
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    return 0


def _target(model, text):
    if text is None:
        return None
    for label in _classes(model):
        if str(label) == text:
            return label.item() if hasattr(label, "item") else label
    raise CommandError(
        f"--target {text!r} is not one of the classes {list(map(str, _classes(model)))}"
    )


def _extract_motif(model, args, progress, name):
    from .motifs import optimize_class

    progress(f"class optimization: {args.n_restarts} restarts × {args.n_steps} steps")
    pwm = optimize_class(
        model,
        target=_target(model, getattr(args, "target", None)),
        n_restarts=args.n_restarts,
        n_steps=args.n_steps,
        random_state=args.random_state,
    )
    if not getattr(args, "no_trim", False):
        pwm = pwm.trim(args.trim_threshold)
    pwm.name = name
    progress(
        f"motif: {pwm.width} columns, consensus {pwm.consensus}, restart agreement "
        f"{pwm.metadata.get('stability', float('nan')):.2f}"
    )
    return pwm


def _save_logo(pwm, path):
    from ._atomic import write_atomically

    path = Path(path)
    ax = pwm.plot()
    buffer = io.BytesIO()
    suffix = path.suffix.lstrip(".").lower() or "png"
    try:
        ax.figure.savefig(buffer, format=suffix, dpi=150)
    except ValueError:
        raise CommandError(
            f"--logo {path}: unknown image format {suffix!r}; use .png, .svg or .pdf"
        ) from None
    write_atomically(path, buffer.getvalue())


def _compare(pwm, top, progress):
    try:
        from .compare import compare_to_jaspar
    except ImportError:
        progress("no JASPAR comparison: sklearn_demotif.compare is not installed")
        return None
    progress(
        "comparing with JASPAR (TOMTOM; the first run after installing compiles it, about a minute)"
    )
    return compare_to_jaspar(pwm, top=top)


def _format_matches(matches):
    columns = ["matrix_id", "name", "p_value", "e_value", "q_value", "offset", "overlap", "strand"]
    table = matches[columns].copy()
    for column in ("p_value", "e_value", "q_value"):
        table[column] = table[column].map(lambda value: f"{value:.3g}")
    return table.to_csv(sep="\t", index=False)


def _cmd_motif(args, progress):
    _check_file(args.model, "model folder")
    fmt = args.format or _MOTIF_FORMATS.get(Path(args.out).suffix.lower(), "meme")
    model = _load(args, progress)
    pwm = _extract_motif(model, args, progress, name=Path(args.model).resolve().name)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    getattr(pwm, f"to_{fmt}")(args.out)
    progress(f"motif written to {args.out} ({fmt})")
    if args.logo:
        _save_logo(pwm, args.logo)
        progress(f"logo written to {args.logo}")
    if not args.no_compare:
        matches = _compare(pwm, args.top, progress)
        if matches is not None:
            sys.stdout.write(_format_matches(matches))
    return 0


def _cmd_benchmark(args, progress):
    try:
        from .benchmark import run_benchmark
    except ImportError:
        raise CommandError(
            "benchmark needs sklearn_demotif.benchmark, which this installation lacks"
        ) from None
    if args.data is not None:
        _check_file(args.data, "data folder")
    with contextlib.redirect_stdout(sys.stderr):
        table = run_benchmark(
            args.experiments or None,
            data_home=args.data,
            models=args.models,
            quick=args.quick,
            out=args.out,
            random_state=args.random_state,
            n_jobs=args.n_jobs,
            scheduler=args.scheduler,
            verbose=0 if args.quiet else 1,
        )
    columns = [
        c
        for c in (
            "experiment",
            "model",
            "auc",
            "published_deepbind_star_auc",
            "n_epochs",
            "train_seconds",
        )
        if c in table.columns
    ]
    sys.stdout.write(table[columns].to_csv(sep="\t", index=False, float_format="%.4f"))
    if args.out is not None:
        progress(f"results written to {args.out}")
    return 0


def _warm_up_comparison():
    """Compile TOMTOM in another process while this one trains (numba caches the result)."""
    try:
        import sklearn_demotif.compare  # noqa: F401
    except ImportError:
        return None
    code = (
        "from sklearn_demotif.compare import compare_to_jaspar\n"
        "from sklearn_demotif.motifs import PWM\n"
        f"compare_to_jaspar(PWM.from_jaspar({DEMO_MOTIF!r}), top=1)\n"
    )
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )


def _demo_data(args, progress):
    from sklearn.utils import Bunch

    from .datasets import load_experiment, make_motif_dataset

    if args.experiment:
        progress(f"loading experiment {args.experiment}")
        data = load_experiment(
            args.experiment, data_home=args.data, download=True, random_state=args.random_state
        )
        description = (
            f"ChIP-seq experiment {args.experiment} ({data.format} files): "
            f"{len(data.X_train)} training and {len(data.X_test)} test sequences."
        )
        return Bunch(
            X_train=data.X_train,
            y_train=data.y_train,
            X_test=data.X_test,
            y_test=data.y_test,
            experiment=args.experiment,
            reference=None,
            description=description,
            title=f"sklearn-demotif demo: {args.experiment}",
        )
    from .motifs import PWM

    reference = PWM.from_jaspar(args.motif)
    identifier = reference.metadata.get("identifier", args.motif)
    progress(
        f"making {args.n_samples} + {DEMO_N_TEST} random {DEMO_LENGTH}-bp sequences, "
        f"JASPAR {identifier} ({reference.name}) planted in half of them"
    )
    X_train, y_train = make_motif_dataset(
        args.motif, n_samples=args.n_samples, length=DEMO_LENGTH, random_state=args.random_state
    )
    X_test, y_test = make_motif_dataset(
        args.motif, n_samples=DEMO_N_TEST, length=DEMO_LENGTH, random_state=args.random_state + 1
    )
    description = (
        f"Synthetic data: uniform random DNA of {DEMO_LENGTH} bp with one site drawn from JASPAR "
        f"{identifier} ({reference.name}) planted, on a random strand, in half of the sequences "
        "(label 1). Does the network learn the planted motif, and does class optimization give "
        "it back?"
    )
    return Bunch(
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        experiment=None,
        reference=reference,
        description=description,
        title=f"sklearn-demotif demo: planted {reference.name} motif ({identifier})",
    )


def _cmd_demo(args, progress):
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {out} is a file, not a folder")
    data = _demo_data(args, progress)
    warm_up = None if args.no_compare else _warm_up_comparison()
    try:
        return _train_and_report(args, progress, data, out, warm_up)
    finally:
        if warm_up is not None and warm_up.poll() is None:
            warm_up.kill()
            warm_up.wait()


def _train_and_report(args, progress, data, out, warm_up):
    import torch
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import Pipeline

    from .classifier import DeepMotifClassifier
    from .one_hot import OneHotDNA
    from .persistence import save_model
    from .report import write_report

    params = {"random_state": args.random_state, "verbose": 0 if args.quiet else 1}
    if args.max_epochs is not None:
        params["max_epochs"] = args.max_epochs
    elif not args.experiment:
        params["max_epochs"] = DEMO_MAX_EPOCHS
    model = Pipeline([("onehot", OneHotDNA()), ("clf", DeepMotifClassifier(**params))])
    progress(f"training DeepMotifClassifier on {len(data.X_train)} sequences")
    threads = torch.get_num_threads()
    if warm_up is not None:
        # Leave one core to the compiling process: oversubscribed torch is slower still.
        torch.set_num_threads(max(1, threads - 1))
    try:
        with contextlib.redirect_stdout(sys.stderr):
            model.fit(data.X_train, data.y_train)
        auc = roc_auc_score(data.y_test, model.predict_proba(data.X_test)[:, 1])
        progress(f"{model[-1].n_epochs_} epochs; test ROC AUC {auc:.3f}")
        out.mkdir(parents=True, exist_ok=True)
        save_model(model, out / "model")
        pwm = _extract_motif(model, args, progress, name=data.experiment or "demo")
        pwm.to_meme(out / "motif.meme")
    finally:
        torch.set_num_threads(threads)
    matches = None
    if not args.no_compare:
        if warm_up is not None and warm_up.poll() is None:
            progress("waiting for TOMTOM's first compile to finish")
            warm_up.wait()
        matches = _compare(pwm, 5, progress)
    progress("writing the report (attribution maps of the top-scoring test sequences)")
    report = write_report(
        out / "report.html",
        model,
        data.X_test,
        data.y_test,
        X_train=data.X_train,
        y_train=data.y_train,
        experiment=data.experiment,
        data_home=args.data,
        title=data.title,
        description=data.description,
        motif=pwm,
        matches=matches,
        reference_motif=data.reference,
    )
    summary = [f"test ROC AUC {auc:.3f}"]
    if matches is not None and len(matches):
        best = matches.iloc[0]
        summary.append(f"top JASPAR match {best.matrix_id} {best['name']} (q = {best.q_value:.2g})")
        if data.reference is not None:
            planted = data.reference.metadata.get("identifier")
            verdict = "the planted motif" if best.matrix_id == planted else f"planted: {planted}"
            summary[-1] += f", {verdict}"
    print(f"{'; '.join(summary)}\nreport: {report}")
    return 0


# ---------------------------------------------------------------------------
# The parser


def _none_or_float(text):
    if text.lower() in ("none", "0"):
        return None
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a fraction or 'none', got {text!r}") from None


#: (parameter, type, help, extra argparse keywords) of the hyperparameter options of train.
_HYPERPARAMETERS = [
    ("max_epochs", int, "upper bound on epochs", {}),
    ("lr", float, "Adam's learning rate", {}),
    ("batch_size", int, "mini-batch size", {}),
    ("weight_decay", float, "Adam's L2 penalty", {}),
    (
        "validation_fraction",
        _none_or_float,
        "share held out for early stopping; 'none' trains on everything",
        {},
    ),
    ("patience", int, "epochs without improvement before stopping", {}),
    (
        "reverse_complement",
        None,
        "augment with reverse complements and average both strands",
        {"action": argparse.BooleanOptionalAction},
    ),
    ("device", str, "'auto', 'cpu', 'cuda', ...", {}),
    ("n_conv_layers", int, "demo: convolution layers", {}),
    ("n_filters", int, "demo: channels of every convolution", {}),
    ("kernel_sizes", int, "demo: kernel width of each convolution", {"nargs": "+"}),
    ("pool_size", int, "demo: max-pooling width between convolutions", {}),
    ("n_highway_layers", int, "demo: highway layers", {}),
    ("highway_units", int, "demo: width of the highway layers", {}),
    ("dropout", float, "dropout probability", {}),
    ("n_motifs", int, "deepbind: motif detectors", {}),
    ("motif_length", int, "deepbind: width of the motif detectors", {}),
    ("pooling", str, "deepbind: 'max' or 'max_avg'", {}),
    ("n_hidden", int, "deepbind: hidden units (0 for none)", {}),
]


def _motif_options(parser, n_steps=1000):
    group = parser.add_argument_group("class optimization")
    group.add_argument("--n-restarts", type=int, default=8, help="random starts (default: 8)")
    group.add_argument(
        "--n-steps", type=int, default=n_steps, help=f"optimisation steps (default: {n_steps})"
    )
    group.add_argument(
        "--trim-threshold",
        type=float,
        default=TRIM_THRESHOLD,
        help="drop end columns with less than this share of the top column's "
        f"information (default: {TRIM_THRESHOLD})",
    )


def build_parser():
    """The ``argparse`` parser of ``demotif`` (all subcommands)."""
    from . import __version__

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    parser = _Parser(
        prog="demotif",
        description="Deep Motif (DeMo) DNA classifiers and their motifs, from the shell.",
        epilog="Run 'demotif SUBCOMMAND --help' for the options of each subcommand.",
    )
    parser.add_argument("--version", action="version", version=f"sklearn-demotif {__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", parser_class=_Parser)
    subcommands.required = True

    train = subcommands.add_parser(
        "train",
        parents=[common],
        help="train a classifier and save it as a model folder",
        description="Train a classifier on labelled sequences and save it as a model folder. "
        "DATA is a labelled FASTA (the header is the label: >1, >0), a DeepBind .seq(.gz) "
        "file, a TSV/CSV table with sequence and label columns, or (positives only) plain "
        "FASTA / one sequence per line; input without negatives gets one dinucleotide shuffle "
        "of every sequence as a negative.",
    )
    train.add_argument("data", metavar="DATA", help="training sequences ('-' for stdin)")
    train.add_argument("--out", required=True, metavar="MODEL_DIR", help="model folder to write")
    train.add_argument(
        "--model",
        choices=("demo", "deepbind"),
        default="demo",
        help="DeMo's network (default) or DeepBind's",
    )
    train.add_argument(
        "--length",
        type=int,
        default=None,
        help="centre-crop or N-pad sequences to this length (default: their length)",
    )
    train.add_argument("--sequence-column", default=None, help="sequence column of a table")
    train.add_argument("--label-column", default=None, help="label column of a table")
    train.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    group = train.add_argument_group("hyperparameters (default: the estimator's)")
    for name, kind, text, extra in _HYPERPARAMETERS:
        keywords = {"default": argparse.SUPPRESS, "help": text, **extra}
        if kind is not None:
            keywords["type"] = kind
        group.add_argument("--" + name.replace("_", "-"), dest=name, **keywords)
    train.set_defaults(handler=_cmd_train)

    predict = subcommands.add_parser(
        "predict",
        parents=[common],
        help="probabilities of new sequences (TSV on stdout)",
        description="Predict sequences with a model folder. SEQS is FASTA, a table, or one "
        "sequence per line ('-' for stdin). Writes a TSV to stdout: id and the probability "
        "of the positive class (one column per class for more than two classes).",
    )
    predict.add_argument("seqs", metavar="SEQS", help="sequences to score")
    predict.add_argument("--model", required=True, metavar="MODEL_DIR", help="model folder")
    predict.add_argument("--device", default=None, help="'cpu', 'cuda', ... (default: saved)")
    predict.set_defaults(handler=_cmd_predict)

    motif = subcommands.add_parser(
        "motif",
        parents=[common],
        help="extract the model's motif by class optimization",
        description="Extract the motif a model has learned (class optimization), write it as "
        "MEME, JASPAR or TRANSFAC, optionally draw its logo, and print its best JASPAR "
        "matches as a TSV on stdout.",
    )
    motif.add_argument("--model", required=True, metavar="MODEL_DIR", help="model folder")
    motif.add_argument("--out", required=True, help="motif file to write")
    motif.add_argument(
        "--format",
        choices=("meme", "jaspar", "transfac"),
        default=None,
        help="file format (default: from the extension, else meme)",
    )
    motif.add_argument("--logo", default=None, help="also draw the logo (.png, .svg, .pdf)")
    motif.add_argument("--target", default=None, help="class to optimise for (default: positive)")
    motif.add_argument("--no-trim", action="store_true", help="keep all columns")
    motif.add_argument("--no-compare", action="store_true", help="skip the JASPAR comparison")
    motif.add_argument("--top", type=int, default=5, help="JASPAR matches to print (default: 5)")
    motif.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    _motif_options(motif)
    motif.set_defaults(handler=_cmd_motif)

    benchmark = subcommands.add_parser(
        "benchmark",
        parents=[common],
        help="DeMo vs DeepBind on many ChIP-seq experiments",
        description="Train and score models on experiments under a data folder and put the "
        "AUCs beside DeepBind's published ones; prints a TSV, writes per-experiment results to "
        "--out (a rerun resumes).",
    )
    benchmark.add_argument(
        "--data", default=None, metavar="DIR", help="data folder (default: $DEMOTIF_DATA)"
    )
    benchmark.add_argument(
        "--experiments",
        nargs="+",
        default=None,
        metavar="NAME",
        help="experiments (default: all with training and test data)",
    )
    benchmark.add_argument("--out", default=None, metavar="RESULTS_DIR", help="results folder")
    benchmark.add_argument(
        "--models",
        nargs="+",
        choices=("demo", "deepbind"),
        default=["demo", "deepbind"],
        help="models (default: both)",
    )
    benchmark.add_argument("--quick", action="store_true", help="smoke run: few epochs")
    benchmark.add_argument("--n-jobs", type=int, default=1, help="local worker processes")
    benchmark.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786"
    )
    benchmark.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    benchmark.set_defaults(handler=_cmd_benchmark)

    demo = subcommands.add_parser(
        "demo",
        parents=[common],
        help="the whole mission offline: data, training, motif, report",
        description="Train on random DNA with a JASPAR motif planted in half of the sequences "
        "(or on a real experiment with --experiment), extract the motif, compare it with "
        "JASPAR and write DIR/report.html, DIR/model/ and DIR/motif.meme.",
    )
    demo.add_argument("--out", required=True, metavar="DIR", help="folder for the results")
    demo.add_argument(
        "--experiment",
        default=None,
        metavar="NAME",
        help="a real experiment from --data / $DEMOTIF_DATA, downloaded if missing",
    )
    demo.add_argument("--data", default=None, metavar="DIR", help="data folder")
    demo.add_argument(
        "--motif", default=DEMO_MOTIF, help=f"JASPAR matrix to plant (default: {DEMO_MOTIF}, REST)"
    )
    demo.add_argument(
        "--n-samples",
        type=int,
        default=DEMO_N_TRAIN,
        help=f"synthetic training sequences (default: {DEMO_N_TRAIN})",
    )
    demo.add_argument(
        "--max-epochs",
        type=int,
        default=None,
        help=f"training epochs (default: {DEMO_MAX_EPOCHS} synthetic, the "
        "estimator's default on real data)",
    )
    demo.add_argument("--no-compare", action="store_true", help="skip the JASPAR comparison")
    demo.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    _motif_options(demo)
    demo.set_defaults(handler=_cmd_demo)
    return parser


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
    progress = _Progress(args.quiet)
    try:
        return args.handler(args, progress)
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
