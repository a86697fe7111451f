"""``demotif train``: labelled sequences (or peaks and a genome) in, a model folder out."""

import contextlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from .._atomic import input_file
from ..datasets import add_shuffled_negatives, load_peaks
from ..deepbind import _ESTIMATORS
from ..io import read_sequence_file
from ..one_hot import OneHotDNA
from ..persistence import check_model_directory, save_model
from ._common import CommandError, check_file, genome_inputs, refuse_overwriting, warnings_as_lines
from ._parser import HYPERPARAMETERS, MOTIF_OPTIONS


def _make_classifier(args):
    estimator_class = _ESTIMATORS[args.model]
    params = {name: getattr(args, name) for name, *_ in HYPERPARAMETERS if hasattr(args, name)}
    accepted = estimator_class().get_params()
    for name in params:
        if name not in accepted:
            option = "--" + name.replace("_", "-")
            raise CommandError(f"{option} does not apply to --model {args.model}")
    params.update(random_state=args.random_state, verbose=0 if args.quiet else 1)
    return estimator_class(**params)


def _training_data(args, progress):
    data = read_sequence_file(
        args.data, sequence_column=args.sequence_column, label_column=args.label_column
    )
    X, y = data.sequences, data.labels
    if y is None and data.format not in ("one sequence per line", "FASTA"):
        raise CommandError(
            f"{args.data}: the table has no label column; name it with --label-column"
        )
    if y is None or (len(np.unique(y)) == 1 and str(y[0]) in ("1", "True")):
        progress(
            f"{args.data}: {len(X)} positive sequences ({data.format}) and no negatives; "
            f"adding {len(X)} dinucleotide shuffles as negatives"
        )
        return add_shuffled_negatives(X, random_state=args.random_state)
    labels, counts = np.unique(y, return_counts=True)
    summary = ", ".join(f"{count} × {label}" for label, count in zip(labels, counts, strict=True))
    progress(f"{args.data}: {len(X)} sequences ({data.format}; {summary})")
    return X, y


_PEAK_OPTIONS = ("genome", "negatives", "n_negatives", "test_chromosomes", "exclude", "report")


def _check_inputs(args):
    if (args.data is None) == (args.peaks is None):
        raise CommandError("give exactly one of DATA (a sequence file) or --peaks with --genome")
    if args.peaks is None:
        given = [name for name in _PEAK_OPTIONS if getattr(args, name) is not None]
        if given:
            option = "--" + given[0].replace("_", "-")
            raise CommandError(f"{option} goes with --peaks, not with DATA")
        check_file(args.data)
        return
    if args.genome is None:
        raise CommandError("--peaks needs --genome (the genome FASTA the peaks were called on)")
    if args.report is not None and not args.test_chromosomes:
        raise CommandError("--report needs held-out data: add --test-chromosomes")
    for path in (*_peak_files(args).values(), args.genome, args.exclude):
        if path is not None:
            check_file(path)


def _peak_files(args):
    """``{task name: path}`` of ``--peaks`` when every file is given as ``NAME=FILE``, else
    ``{None: path}`` for one file and ``{index: path}`` for several."""
    named = [_named_file(text) for text in args.peaks]
    if all(name is None for name, _ in named):
        if len(named) == 1:
            return {None: args.peaks[0]}
        return dict(enumerate(args.peaks))
    if any(name is None for name, _ in named):
        raise CommandError("--peaks: name every file (NAME=FILE) or none")
    names = [name for name, _ in named]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise CommandError(f"--peaks names the task(s) {', '.join(twice)} more than once")
    return dict(named)


def _named_file(text):
    """``(NAME, FILE)`` of ``NAME=FILE``; ``(None, text)`` for a file's path."""
    name, equals, path = text.partition("=")
    if not equals or "/" in name or Path(text).exists():
        return None, text
    if not name or not path:
        raise CommandError(f"--peaks {text!r}: write NAME=FILE, with a name and a file")
    return name, path


def _peaks_argument(args):
    """What load_peaks gets: the one file (one task, as ever, named or not), a list of files
    (tasks named by the files) or a dict task name -> file."""
    files = _peak_files(args)
    if len(files) == 1:
        return next(iter(files.values()))
    if all(isinstance(name, int) for name in files):
        return list(files.values())
    return files


def _peak_data(args, progress):
    with warnings_as_lines("train"):
        # Options not given keep load_peaks's defaults.
        given = {
            "width": args.length,
            "negatives": args.negatives or None,
            "n_negatives": args.n_negatives,
        }
        data = load_peaks(
            _peaks_argument(args),
            args.genome,
            **{name: value for name, value in given.items() if value is not None},
            exclude=args.exclude,
            test_chromosomes=args.test_chromosomes,
            random_state=args.random_state,
            verbose=0 if args.quiet else 1,
        )
    progress(data.description)
    return data


def _refuse_overwriting(args):
    inputs = [] if args.data is None else input_file("DATA", args.data)
    if args.peaks is not None:
        for path in _peak_files(args).values():
            inputs += input_file("--peaks", path)
    if args.genome is not None:
        inputs += genome_inputs(args.genome)
    if args.exclude is not None:
        inputs += input_file("--exclude", args.exclude)
    refuse_overwriting(inputs, files=[("--report", args.report)], folders=[("--out", args.out)])


def run(args, progress):
    _refuse_overwriting(args)
    _check_inputs(args)
    # Everything that can be checked before training is checked now, not after it.
    check_model_directory(args.out)
    classifier = _make_classifier(args)
    classifier._check_buildable()
    data = _peak_data(args, progress) if args.peaks else None
    if data is None:
        X, y = _training_data(args, progress)
    elif args.test_chromosomes:
        X, y = data.X_train, data.y_train
    else:
        X, y = data.X, data.y
    # Fixing the training length lets the model crop or pad whatever it predicts later.
    length = OneHotDNA(length=args.length).fit(X).length_
    model = Pipeline([("onehot", OneHotDNA(length=length)), ("clf", classifier)])
    tasks = ""
    if data is not None and "task_names" in data:
        # A table's columns name the tasks of the model.
        y = pd.DataFrame(y, columns=data.task_names)
        counts = ", ".join(f"{name}: {int(y[name].sum())}" for name in data.task_names)
        tasks = f", {len(data.task_names)} tasks (positives {counts})"
    progress(f"training {type(classifier).__name__} on {len(X)} sequences of {length} bp{tasks}")
    with contextlib.redirect_stdout(sys.stderr):
        model.fit(X, y)
    directory = save_model(model, args.out)
    progress(f"{classifier.n_epochs_} epochs; model saved to {directory}")
    if data is not None and args.test_chromosomes:
        _evaluate(model, data, args, progress)
    return 0


def _motif_params(args):
    params = {"random_state": args.random_state}
    params.update({name: getattr(args, name) for name, *_ in MOTIF_OPTIONS if hasattr(args, name)})
    return params


def _evaluate(model, data, args, progress):
    from sklearn.metrics import average_precision_score, roc_auc_score

    scores = model.decision_function(data.X_test)
    chromosomes = ", ".join(args.test_chromosomes)
    names = data.get("task_names")
    labels = data.y_test.reshape(len(data.y_test), -1)
    scores = scores.reshape(len(scores), -1)
    for column, name in enumerate([None] if names is None else names):
        auc = roc_auc_score(labels[:, column], scores[:, column])
        average_precision = average_precision_score(labels[:, column], scores[:, column])
        of = "" if name is None else f" of {name}"
        progress(
            f"test ROC AUC{of} on the held-out {chromosomes}: {auc:.3f}, average precision "
            f"{average_precision:.3f} ({len(labels)} sequences, {int(labels[:, column].sum())} "
            "positives)"
        )
    if args.report is not None:
        from ..report import write_report

        progress("writing the report (class optimization, JASPAR comparison, attribution maps)")
        report = write_report(
            args.report,
            model,
            data.X_test,
            data.y_test,
            X_train=data.X_train,
            y_train=data.y_train,
            title="sklearn-demotif: " + ", ".join(
                Path(path).name for path in _peak_files(args).values()
            ),
            description=data.description,
            sequence_ids=data.regions_test["name"].astype(str).tolist(),
            motif_params=_motif_params(args),
            **({} if args.trim_threshold is None else {"trim_threshold": args.trim_threshold}),
        )
        progress(f"report: {report}")
