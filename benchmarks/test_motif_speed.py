"""Time of ``motif_()`` beside a bare PyTorch loop doing the same class optimization.

The default DeMo model of GATA1_K562 (``conftest.default_model``, cached) is asked for
its motif with ``motif_(output="input")`` at the defaults (8 restarts optimised together,
1,000 RMSprop steps, lr 0.05, l2 0.009): the whole optimized input, so both do the same
work (the default ``output="core"`` adds cutting the restarts into cores and measuring
each core's effect on 200 random sequences).  The bare loop is what a PyTorch user would write
for the same optimisation: a frozen copy of the same network in ``eval()`` mode (no
parameter requires a gradient), the same starting noise, ``log_softmax`` of the
positive class minus ``l2 * ||S||^2``, ``backward()`` and ``RMSprop.step()`` 1,000
times; it builds no PWM.  Both are timed in alternating rounds after a warm-up; the
best round of each counts.

Target (asserted): ``motif_()`` runs at no less than 0.9 times the bare loop's speed
(bare seconds / ``motif_()`` seconds >= 0.9), PWM building and restart stability
included.  Results go to ``benchmarks/results/motif_speed.md``.
"""

import copy
import os
import time

import numpy as np
import torch

from sklearn_demotif._atomic import write_atomically

EXPERIMENT = "GATA1_K562_GATA-1_USC"
N_RESTARTS, N_STEPS, LR, L2 = 8, 1000, 0.05, 0.009
ROUNDS = 2


def _bare_loop(classifier, seed):
    module = copy.deepcopy(classifier.module_).eval().requires_grad_(False)
    start = time.perf_counter()
    generator = torch.Generator().manual_seed(seed)
    shape = (N_RESTARTS, 4, classifier.sequence_length_)
    inputs = torch.rand(shape, generator=generator).to(classifier.device_).requires_grad_()
    optimizer = torch.optim.RMSprop([inputs], lr=LR)
    for _ in range(N_STEPS):
        optimizer.zero_grad()
        log_probability = torch.log_softmax(module(inputs), dim=1)[:, 1]
        loss = -(log_probability - L2 * inputs.pow(2).sum(dim=(1, 2))).sum()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        best = torch.softmax(module(inputs), dim=1)[:, 1].max().item()
    return time.perf_counter() - start, best


def _motif(classifier, seed):
    start = time.perf_counter()
    pwm = classifier.motif_(output="input", n_restarts=N_RESTARTS, n_steps=N_STEPS, lr=LR,
                            l2=L2, random_state=seed)
    return time.perf_counter() - start, pwm.metadata["probability"]


def test_motif_runs_at_the_speed_of_a_bare_loop(default_model, results_dir):
    pipeline, _, _ = default_model(EXPERIMENT)
    classifier = pipeline[-1]
    classifier.motif_(n_restarts=1, n_steps=2, random_state=0)  # warm-up
    bare_seconds, motif_seconds = [], []
    for round_index in range(ROUNDS):
        elapsed, bare_probability = _bare_loop(classifier, round_index)
        bare_seconds.append(elapsed)
        elapsed, motif_probability = _motif(classifier, round_index)
        motif_seconds.append(elapsed)
        assert bare_probability > 0.9 and motif_probability > 0.9
    ratio = min(bare_seconds) / min(motif_seconds)
    report = (
        "# motif_() vs a bare PyTorch loop (same optimisation)\n\n"
        f"- model: default DeMo of {EXPERIMENT} (cached); {N_RESTARTS} restarts, "
        f"{N_STEPS} RMSprop steps, lr {LR}, l2 {L2}; CPU, {torch.get_num_threads()} threads, "
        f"{os.cpu_count()} CPUs; load average (1 min) now {os.getloadavg()[0]:.2f}\n\n"
        "| | seconds (best) | rounds |\n|---|---|---|\n"
        f"| bare loop | {min(bare_seconds):.2f} | "
        f"{', '.join(f'{s:.2f}' for s in bare_seconds)} |\n"
        f"| motif_() | {min(motif_seconds):.2f} | "
        f"{', '.join(f'{s:.2f}' for s in motif_seconds)} |\n\n"
        f"Speed of motif_() relative to the bare loop: **{ratio:.2f}** (target >= 0.9).\n"
    )
    write_atomically(results_dir / "motif_speed.md", report)
    print("\n" + report)
    assert np.isfinite(ratio) and ratio >= 0.9, report
