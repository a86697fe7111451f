"""Motif quality across real ChIP-seq experiments, the Deep Motif paper's way and beyond.

For each experiment the default DeMo pipeline (``conftest.default_model`` trains
and keeps it) is asked for its motifs two ways:

- ``find_motifs(pipeline, X_train, y_train, random_state=0)`` (all three views,
  defaults), on the training data;
- ``motif_(random_state=0).trim()``, the paper's single class-optimised motif.

Reported per experiment (``benchmarks/results/motif_benchmark_<mode>.md`` and
``.csv``; logos and MEME files of the top three motifs in
``benchmarks/results/motif_benchmark/``):

- whether one of the top three motifs has a *top* calibrated JASPAR match (the
  name the report shows) with q < 0.05 in the factor's family: the match names
  the factor, or its JASPAR family overlaps that of a JASPAR matrix named like
  the factor (:func:`tf_families`), and its q-value;
- the trimmed widths of the top three motifs and of ``motif_()``;
- AMA-AUC on the test set of our best motif (of the top three, the one with
  the highest AMA-AUC on the training data: chosen without the test set), of
  ``motif_()`` alone, and of the factor's JASPAR matrix (the best of its
  matrices on the test set, as :func:`evaluate_motif`).

Targets (asserted by ``test_motif_targets``, over the experiments run whose
factor has a JASPAR matrix): the factor's family found for at least 80 %, our
best motif beating JASPAR's AMA-AUC for at least 60 %.

``test_motif_speed.py`` times ``motif_()`` beside a bare PyTorch loop doing the
same optimisation on the GATA1 model.

Modes: ``pytest benchmarks/test_motif_benchmark.py`` (quick: GATA1_K562 and
MYC_H1-hESC, the two smallest training sets) and ``DEMOTIF_BENCH=full`` (all
16 experiments with training and test data).
"""

import os
import time

import numpy as np
import pandas as pd
import pytest
import torch

from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.datasets import list_experiments
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret import find_motifs, motif_table
from sklearn_demotif.motifs import jaspar_motifs, motif_auc, names_tf, tf_families, write_meme
from sklearn_demotif.plotting import plot_motifs

MODE = os.environ.get("DEMOTIF_BENCH", "quick")
QUICK_EXPERIMENTS = ["GATA1_K562_GATA-1_USC", "MYC_H1-hESC_c-Myc_Stanford"]
_rows = {}


def _experiments():
    if MODE != "full":
        return QUICK_EXPERIMENTS
    home = os.environ.get("DEMOTIF_DATA")
    return list_experiments(home) if home else QUICK_EXPERIMENTS


def _family_match(match, tf_name, families, jaspar_families):
    """Whether a top JASPAR match is the factor or in the factor's family."""
    if match is None:
        return False
    return names_tf(match["name"], tf_name) or bool(jaspar_families[match["id"]] & families)


def _factor_jaspar_auc(tf_name, X_test, y_test):
    motifs, _ = jaspar_motifs()
    aucs = {
        motif.matrix_id: motif_auc(motif.matrix, X_test, y_test)
        for motif in motifs
        if names_tf(motif.name, tf_name)
    }
    if not aucs:
        return None, np.nan
    best = max(aucs, key=aucs.get)
    return best, aucs[best]


def _write_results(results_dir):
    table = pd.DataFrame(list(_rows.values()))
    stem = results_dir / f"motif_benchmark_{MODE}"
    write_atomically(stem.with_suffix(".csv"), table.to_csv(index=False))
    lines = [
        f"# Motif benchmark ({MODE})",
        "",
        "| experiment | TF | family found (top 3, q < 0.05) | top match (q) | widths (top 3) "
        "| motif_() width | AMA-AUC ours | motif_() | JASPAR (matrix) | beats JASPAR "
        "| find_motifs s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in _rows.values():
        jaspar = (
            f"{row['jaspar_auc']:.3f} ({row['jaspar_id']})" if row["jaspar_id"] else "no matrix"
        )
        lines.append(
            f"| {row['experiment']} | {row['tf']} | {'yes' if row['family_found'] else 'no'} "
            f"| {row['family_match']} | {row['widths']} | {row['motif_width']} "
            f"| {row['best_auc']:.3f} | {row['motif_auc']:.3f} | {jaspar} "
            f"| {'yes' if row['beats_jaspar'] else 'no'} | {row['find_seconds']:.0f} |"
        )
    with_matrix = [row for row in _rows.values() if row["jaspar_id"]]
    found = sum(row["family_found"] for row in with_matrix)
    beaten = sum(row["beats_jaspar"] for row in with_matrix)
    lines += [
        "",
        f"Family found: {found} of {len(with_matrix)} experiments whose factor has a JASPAR "
        f"matrix (target 80 %); our best motif beats JASPAR's AMA-AUC: {beaten} of "
        f"{len(with_matrix)} (target 60 %).",
    ]
    text = "\n".join(lines) + "\n"
    write_atomically(stem.with_suffix(".md"), text)
    print("\n" + text)


@pytest.mark.parametrize("name", _experiments())
def test_motifs_of_an_experiment(name, default_model, results_dir):
    pipeline, data, _ = default_model(name)
    tf_name = data.tf
    families = tf_families(tf_name)
    jaspar_families = {motif.matrix_id: set(motif.tf_family) for motif in jaspar_motifs()[0]}
    X_test = one_hot_encode(data.X_test)

    start = time.perf_counter()
    motifs = find_motifs(pipeline, data.X_train, data.y_train, random_state=0, verbose=0)
    find_seconds = time.perf_counter() - start
    assert motifs and all(4 <= motif.width <= 30 for motif in motifs)
    top = motifs[:3]
    in_family = [
        motif for motif in top
        if motif.metadata["jaspar"]["q_value"] < 0.05
        and _family_match(motif.metadata["jaspar"], tf_name, families, jaspar_families)
    ]
    best = max(top, key=lambda motif: motif.metadata["auc"])  # on training data
    paper = pipeline[-1].motif_(random_state=0).trim()
    jaspar_id, jaspar_auc = _factor_jaspar_auc(tf_name, X_test, data.y_test)
    best_auc = motif_auc(best, X_test, data.y_test)
    named = in_family[0] if in_family else top[0]
    _rows[name] = {
        "experiment": name,
        "tf": tf_name,
        "family_found": bool(in_family),
        "family_match": f"{named.metadata['jaspar']['id']} {named.metadata['jaspar']['name']} "
        f"({named.metadata['jaspar']['q_value']:.2g})",
        "widths": ", ".join(str(motif.width) for motif in top),
        "motif_width": paper.width,
        "best_consensus": best.consensus,
        "best_auc": best_auc,
        "motif_auc": motif_auc(paper, X_test, data.y_test),
        "jaspar_id": jaspar_id,
        "jaspar_auc": jaspar_auc,
        "beats_jaspar": bool(jaspar_id) and best_auc > jaspar_auc,
        "find_seconds": find_seconds,
        "threads": torch.get_num_threads(),
    }
    folder = results_dir / "motif_benchmark"
    folder.mkdir(exist_ok=True)
    write_meme(top, folder / f"{name}.meme")
    plot_motifs(top).savefig(folder / f"{name}.png", dpi=100)
    write_atomically(
        folder / f"{name}.tsv", motif_table(motifs).to_csv(sep="\t", index=False)
    )
    _write_results(results_dir)


def test_motif_targets():
    with_matrix = [row for row in _rows.values() if row["jaspar_id"]]
    if not with_matrix:
        pytest.skip("no experiment ran (select test_motifs_of_an_experiment too)")
    found = np.mean([row["family_found"] for row in with_matrix])
    beaten = np.mean([row["beats_jaspar"] for row in with_matrix])
    assert found >= 0.8 and beaten >= 0.6, (found, beaten)
