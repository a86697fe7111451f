"""``demotif predict``: a model folder and sequences in, a TSV of probabilities out."""

import sys

from .._atomic import input_file
from .._utils import encoder_for, final_classifier, positive_class_index
from ..io import read_sequence_file
from ._common import check_file, load, model_inputs, refuse_overwriting

#: Standard output's file descriptor: a shell redirection may point it at an input.
_STDOUT = 1


def run(args, progress):
    seqs = [] if args.seqs == "-" else input_file("SEQS", args.seqs)
    refuse_overwriting([*seqs, *model_inputs(args.model)], files=[("standard output", _STDOUT)])
    check_file(args.seqs)
    model = load(args, progress)
    data = read_sequence_file(args.seqs)
    progress(f"predicting {len(data.sequences)} sequences ({data.format})")
    classifier = final_classifier(model)
    proba = classifier.predict_proba(encoder_for(model)(data.sequences))
    classes = classifier.classes_
    if len(classes) == 2:
        positive = positive_class_index(classes)
        header, columns = ["id", "probability"], proba[:, positive : positive + 1]
    else:
        header, columns = ["id"] + [f"p_{label}" for label in classes], proba
    lines = ["\t".join(header)]
    for identifier, row in zip(data.ids, columns, strict=True):
        lines.append("\t".join([identifier] + [repr(float(value)) for value in row]))
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    return 0
