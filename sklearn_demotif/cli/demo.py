"""``demotif demo``: the whole mission offline, from data to the HTML report.

Synthetic data with a JASPAR motif planted (or a real experiment), a trained
DeMo pipeline, its class-optimized motif compared with JASPAR, and the report.
TOMTOM and FIMO compile in a second process while the network trains, so a
fresh install does not pay the compile after training.
"""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import torch
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.utils import Bunch

from .._atomic import check_writable
from .._utils import positive_class_index
from ..classifier import DeepMotifClassifier
from ..datasets import check_experiment_name, get_data_home, load_experiment, make_motif_dataset
from ..motifs import PWM, write_meme
from ..one_hot import OneHotDNA
from ..persistence import check_model_directory, save_model
from ..report import write_report
from ._common import CommandError, compare, extract_motif, refuse_overwriting
from ._parser import DEMO_LENGTH, DEMO_MAX_EPOCHS, DEMO_MOTIF, DEMO_N_TEST


def _warm_up_comparison():
    """Compile TOMTOM and FIMO in another process while this one trains.

    numba caches the compiled code on disk, so the report's motif comparison
    and site scans load it instead of compiling after training.
    """
    code = (
        "from sklearn_demotif.encoding import one_hot_encode\n"
        "from sklearn_demotif.motifs import PWM, compare_to_jaspar, find_sites\n"
        f"motif = PWM.from_jaspar({DEMO_MOTIF!r})\n"
        "find_sites(motif, one_hot_encode(['ACGT' * 10 + motif.consensus]))\n"
        "compare_to_jaspar(motif, top=1)\n"
    )
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )


def _experiment_data(args, progress):
    progress(f"loading experiment {args.experiment}")
    data = load_experiment(
        args.experiment, data_home=args.data, download=True, random_state=args.random_state
    )
    return Bunch(
        X_train=data.X_train,
        y_train=data.y_train,
        X_test=data.X_test,
        y_test=data.y_test,
        experiment=args.experiment,
        reference=None,
        description=(
            f"ChIP-seq experiment {args.experiment} ({data.format} files): "
            f"{len(data.X_train)} training and {len(data.X_test)} test sequences."
        ),
        title=f"sklearn-demotif demo: {args.experiment}",
    )


def _synthetic_data(args, progress):
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
    return Bunch(
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        experiment=None,
        reference=reference,
        description=(
            f"Synthetic data: uniform random DNA of {DEMO_LENGTH} bp with one site drawn from "
            f"JASPAR {identifier} ({reference.name}) planted, on a random strand, in half of the "
            "sequences (label 1). Does the network learn the planted motif, and does class "
            "optimization give it back?"
        ),
        title=f"sklearn-demotif demo: planted {reference.name} motif ({identifier})",
    )


def _check_outputs(out):
    """Fail before any data or training when the results could not be written."""
    try:
        check_writable(out, folder=True)
    except FileExistsError:
        raise CommandError(f"--out {out} is a file, not a folder") from None
    check_model_directory(out / "model")
    for name in ("motif.meme", "report.html"):
        check_writable(out / name)


def _make_model(args):
    params = {"random_state": args.random_state, "verbose": 0 if args.quiet else 1}
    if args.max_epochs is not None:
        params["max_epochs"] = args.max_epochs
    elif not args.experiment:
        params["max_epochs"] = DEMO_MAX_EPOCHS
    classifier = DeepMotifClassifier(**params)
    classifier._check_buildable()
    return Pipeline([("onehot", OneHotDNA()), ("clf", classifier)])


def run(args, progress):
    out = Path(args.out)
    if args.experiment or args.data is not None:
        data_folder = [("the --data folder", get_data_home(args.data))]
        refuse_overwriting(data_folder, folders=[("--out", out)])
    _check_outputs(out)
    model = _make_model(args)
    if args.experiment:
        check_experiment_name(args.experiment)
    data = _experiment_data(args, progress) if args.experiment else _synthetic_data(args, progress)
    warm_up = None if args.no_compare else _warm_up_comparison()
    try:
        return _train_and_report(args, progress, data, out, model, warm_up)
    finally:
        if warm_up is not None and warm_up.poll() is None:
            warm_up.kill()
            warm_up.wait()


def _train_and_report(args, progress, data, out, model, warm_up):
    progress(f"training DeepMotifClassifier on {len(data.X_train)} sequences")
    threads = torch.get_num_threads()
    if warm_up is not None:
        # Leave one core to the compiling process: oversubscribed torch is slower still.
        torch.set_num_threads(max(1, threads - 1))
    try:
        with contextlib.redirect_stdout(sys.stderr):
            model.fit(data.X_train, data.y_train)
        positive = positive_class_index(model[-1].classes_)
        auc = roc_auc_score(
            data.y_test == model[-1].classes_[positive],
            model.predict_proba(data.X_test)[:, positive],
        )
        progress(f"{model[-1].n_epochs_} epochs; test ROC AUC {auc:.3f}")
        out.mkdir(parents=True, exist_ok=True)
        save_model(model, out / "model")
        pwm = extract_motif(model, args, progress, name=data.experiment or "demo")
        write_meme(pwm, out / "motif.meme")
    finally:
        torch.set_num_threads(threads)
    matches = None
    if not args.no_compare:
        if warm_up is not None and warm_up.poll() is None:
            progress("waiting for TOMTOM's first compile to finish")
            warm_up.wait()
        matches = compare(pwm, 5, progress)
    progress("writing the report (the motif set of the test sequences, attribution maps)")
    motif_set = {
        "n_restarts": getattr(args, "n_restarts", 8),
        "n_steps": getattr(args, "n_steps", 300),
        "compare": not args.no_compare,
    }
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
        motifs_params=motif_set,
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
