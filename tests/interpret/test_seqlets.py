"""Seqlets: high-contribution windows, their comparison across shifts and strands, PWMs."""

import numpy as np
import torch

from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret._seqlets import extract_seqlets, seqlet_motifs, seqlet_similarity
from sklearn_demotif.interpret.attribution import _log_odds_function
from sklearn_demotif.motifs import compare_to_jaspar


def test_seqlets_are_the_windows_above_the_null_at_most_three_apart():
    rng = np.random.default_rng(0)
    null = rng.normal(0, 0.1, (50, 60))
    contributions = rng.normal(0, 0.1, (4, 60))
    contributions[0, 20:31] += 1.0
    contributions[1, 5:16] += 1.0
    contributions[1, 40:51] += 2.0
    contributions[3, :] += 1.0  # everywhere: at most three seqlets
    seqlets, threshold = extract_seqlets(contributions, null, window=11, flank=5)
    centres = {}
    for sequence, centre, score in seqlets:
        assert score > threshold
        centres.setdefault(sequence, []).append(centre)
    assert abs(centres[0][0] - 25) <= 1 and 2 not in centres
    assert abs(centres[1][0] - 45) <= 1 and abs(centres[1][1] - 10) <= 1  # strongest first
    assert len(centres[3]) == 3 and min(np.diff(sorted(centres[3]))) > 10


def test_a_window_matches_its_shifted_reverse_complement():
    rng = np.random.default_rng(1)
    window = rng.normal(size=(4, 21))
    shifted_reverse = np.roll(window, 2, axis=1)[::-1, ::-1]
    similarity, shift, strand = seqlet_similarity(np.stack([window, shifted_reverse]), max_shift=4)
    assert similarity[0, 1] > 0.85 and strand[0, 1] == -1 and abs(shift[0, 1]) == 2
    assert np.allclose(np.diag(similarity), 1)


def test_seqlets_of_a_planted_model_give_back_the_planted_motif(planted_model):
    pipeline, X, y, _ = planted_model("MA0139")
    positives = one_hot_encode(X[y == 1][:500])
    pwms = seqlet_motifs(_log_odds_function(pipeline[-1]), positives, torch.device("cpu"))
    assert pwms and pwms[0].width <= 30 and pwms[0].metadata["n_seqlets"] >= 10
    assert compare_to_jaspar(pwms[0], top=1).loc[0, "name"] == "CTCF"
