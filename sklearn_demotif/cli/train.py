"""``demotif train``: labelled sequences in, a model folder out."""

import contextlib
import sys

import numpy as np
from sklearn.pipeline import Pipeline

from ..classifier import DeepMotifClassifier
from ..datasets import add_shuffled_negatives
from ..deepbind import DeepBindClassifier
from ..io import read_sequence_file
from ..one_hot import OneHotDNA
from ..persistence import check_model_directory, save_model
from ._common import CommandError, check_file
from ._parser import HYPERPARAMETERS

_ESTIMATORS = {"demo": DeepMotifClassifier, "deepbind": DeepBindClassifier}


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
    data = read_sequence_file(args.data, args.sequence_column, args.label_column)
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


def run(args, progress):
    check_file(args.data)
    # Everything that can be checked before training is checked now, not after it.
    check_model_directory(args.out)
    classifier = _make_classifier(args)
    classifier._check_buildable()
    X, y = _training_data(args, progress)
    # Fixing the training length lets the model crop or pad whatever it predicts later.
    length = OneHotDNA(length=args.length).fit(X).length_
    model = Pipeline([("onehot", OneHotDNA(length=length)), ("clf", classifier)])
    progress(f"training {type(classifier).__name__} on {len(X)} sequences of {length} bp")
    with contextlib.redirect_stdout(sys.stderr):
        model.fit(X, y)
    directory = save_model(model, args.out)
    progress(f"{classifier.n_epochs_} epochs; model saved to {directory}")
    return 0
