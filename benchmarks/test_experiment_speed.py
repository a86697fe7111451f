"""Speed of ``marginalize`` and ``motif_spacing`` beside a bare PyTorch loop doing the same.

The model is DeMo at its default architecture (128 filters, three convolutions, five
highway layers), trained one epoch on 600 synthetic GATA1 (MA0035) sequences of 101
bases: the time of a forward pass does not depend on how well a model is trained, and
this needs no cached experiment model.  The background is 1,000 (``marginalize``) or 300
(``motif_spacing``, 41 spacings) one-hot sequences.

The bare loop is what a PyTorch user would write: a copy of the same network in
``eval()`` mode under ``torch.no_grad()``, the background as one tensor on the device,
the motif written into a clone with slice assignment, the target's log-odds
``logit[1] - logit[0]`` in batches of 1,024 for the original and the edited sequences
(for ``motif_spacing``: the pair, the first and the second motif alone at every spacing).
Both run at the classifier's inference precision (autocast to bfloat16 on GPUs and CPUs
with native bfloat16, float32 elsewhere) and give the same mean effects (checked to 2 %).
Both are timed in alternating rounds after a warm-up; the best round of each counts.

Target (asserted): our throughput is at least 0.9 times the bare loop's (bare seconds /
our seconds >= 0.9) for both functions.  Results go to
``benchmarks/results/experiment_speed.md``.
"""

import copy
import os
import time

import numpy as np
import torch
from sklearn.pipeline import make_pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import dinucleotide_shuffle, one_hot_encode
from sklearn_demotif.interpret import marginalize, motif_spacing

FIRST, SECOND = "GATAAG", "CTTATC"
N_MARGINALIZE, N_SPACING, SPACINGS = 1000, 300, range(0, 41)
BATCH_SIZE, ROUNDS = 1024, 3


def _model_and_background():
    X, y = make_motif_dataset("MA0035", n_samples=600, length=101, random_state=0)
    model = make_pipeline(
        OneHotDNA(), DeepMotifClassifier(max_epochs=1, random_state=0, verbose=0)
    ).fit(X, y)
    pool = list(X[y == 0]) * 4
    background = one_hot_encode(dinucleotide_shuffle(pool[:N_MARGINALIZE], random_state=0))
    return model, background


def _site(text, device):
    return torch.as_tensor(one_hot_encode([text])[0], device=device)


def _bare_scores(module, inputs):
    scores = []
    dtype = module.autocast_dtype
    with torch.autocast(inputs.device.type, dtype=dtype or torch.float32, enabled=bool(dtype)):
        for start in range(0, len(inputs), BATCH_SIZE):
            logits = module(inputs[start : start + BATCH_SIZE]).float()
            scores.append(logits[:, 1] - logits[:, 0])
    return torch.cat(scores)


def _bare_marginalize(module, X, device):
    start = time.perf_counter()
    with torch.no_grad():
        background = torch.as_tensor(X, device=device)
        edited = background.clone()
        begin = (X.shape[2] - len(FIRST)) // 2
        edited[:, :, begin : begin + len(FIRST)] = _site(FIRST, device)
        deltas = _bare_scores(module, edited) - _bare_scores(module, background)
    return time.perf_counter() - start, deltas.mean().item()


def _bare_spacing(module, X, device):
    start = time.perf_counter()
    first, second = _site(FIRST, device), _site(SECOND, device)
    with torch.no_grad():
        background = torch.as_tensor(X, device=device)
        reference = _bare_scores(module, background)
        effects = []
        for spacing in SPACINGS:
            begin = (X.shape[2] - (len(FIRST) + spacing + len(SECOND))) // 2
            end = begin + len(FIRST) + spacing
            alone_1, alone_2 = background.clone(), background.clone()
            alone_1[:, :, begin : begin + len(FIRST)] = first
            alone_2[:, :, end : end + len(SECOND)] = second
            pair = alone_1.clone()
            pair[:, :, end : end + len(SECOND)] = second
            scores = _bare_scores(module, torch.cat([pair, alone_1, alone_2]))
            effects.append((scores[: len(X)] - reference).mean().item())
    return time.perf_counter() - start, np.array(effects)


def _ours_marginalize(model, X):
    start = time.perf_counter()
    result = marginalize(model, X, FIRST, batch_size=BATCH_SIZE)
    return time.perf_counter() - start, result.effect


def _ours_spacing(model, X):
    start = time.perf_counter()
    table = motif_spacing(model, X, FIRST, SECOND, spacings=SPACINGS, batch_size=BATCH_SIZE)
    return time.perf_counter() - start, table["effect"].to_numpy()


def _race(bare, ours):
    """Alternating rounds after a warm-up: the best seconds of each, and both results."""
    bare(), ours()
    bare_seconds, our_seconds = [], []
    for _ in range(ROUNDS):
        elapsed, bare_result = bare()
        bare_seconds.append(elapsed)
        elapsed, our_result = ours()
        our_seconds.append(elapsed)
    np.testing.assert_allclose(our_result, bare_result, rtol=0.02, atol=0.02)
    return bare_seconds, our_seconds


def _row(name, work, bare_seconds, our_seconds):
    ratio = min(bare_seconds) / min(our_seconds)
    rounds = ", ".join(f"{b:.2f}/{o:.2f}" for b, o in zip(bare_seconds, our_seconds, strict=True))
    return ratio, (f"| {name} | {work} | {min(bare_seconds):.2f} | {min(our_seconds):.2f} | "
                   f"{rounds} | **{ratio:.2f}** |\n")


def test_experiments_run_at_the_speed_of_a_bare_loop(results_dir):
    model, background = _model_and_background()
    classifier = model[-1]
    device = torch.device(classifier.device_)
    module = copy.deepcopy(classifier.module_).eval()
    module.autocast_dtype = classifier.net_.autocast_dtype  # the same precision as ours
    few = background[:N_SPACING]
    ratios, rows = {}, []
    for name, work, bare, ours in [
        ("marginalize", f"{N_MARGINALIZE} sequences",
         lambda: _bare_marginalize(module, background, device),
         lambda: _ours_marginalize(model, background)),
        ("motif_spacing", f"{len(SPACINGS)} spacings x {N_SPACING} sequences x 3",
         lambda: _bare_spacing(module, few, device), lambda: _ours_spacing(model, few)),
    ]:
        ratios[name], row = _row(name, work, *_race(bare, ours))
        rows.append(row)
    report = (
        "# In-silico experiments vs a bare PyTorch loop (same insertions)\n\n"
        f"- model: default DeMo architecture, 1 epoch on 600 synthetic MA0035 sequences of "
        f"101 bases; device {classifier.device_}, inference precision "
        f"{classifier.net_.autocast_dtype or torch.float32}, {torch.get_num_threads()} threads, "
        f"{os.cpu_count()} CPUs; load average (1 min) now {os.getloadavg()[0]:.2f}\n"
        f"- batches of {BATCH_SIZE}; best of {ROUNDS} alternating rounds after a warm-up\n\n"
        "| function | work | bare s | ours s | rounds bare/ours | speed ratio |\n"
        "|---|---|---|---|---|---|\n" + "".join(rows) +
        "\nSpeed ratio = bare seconds / our seconds (target >= 0.9 for both).\n"
    )
    write_atomically(results_dir / "experiment_speed.md", report)
    print("\n" + report)
    assert all(ratio >= 0.9 for ratio in ratios.values()), report
