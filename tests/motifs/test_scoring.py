"""Average motif affinity, its AUC and the Deep Motif paper's verdict per experiment."""

import numpy as np
import pytest

from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode, reverse_complement
from sklearn_demotif.motifs import (
    PWM,
    ama_score,
    evaluate_motif,
    motif_auc,
    names_tf,
)


def direct_ama(matrix, sequence, background, pseudocount):
    """MEME's AMA, one window and one strand at a time."""
    smoothed = (matrix + pseudocount * background[:, None]) / (1 + pseudocount)
    complement = {"A": "T", "C": "G", "G": "C", "T": "A"}
    width = matrix.shape[1]
    strands = [sequence, "".join(complement.get(base, "N") for base in reversed(sequence))]
    affinities = []
    for strand in strands:
        for start in range(len(sequence) - width + 1):
            window = strand[start : start + width]
            if any(base not in "ACGT" for base in window):
                continue
            ratio = 1.0
            for position, base in enumerate(window):
                row = "ACGT".index(base)
                ratio *= smoothed[row, position] / background[row]
            affinities.append(ratio)
    return np.mean(affinities) if affinities else np.nan


@pytest.mark.parametrize("background", [None, "uniform", [0.1, 0.2, 0.3, 0.4]])
def test_ama_score_equals_a_direct_loop(background):
    rng = np.random.RandomState(2)
    sequences = ["".join(rng.choice(list("ACGT"), size=rng.randint(8, 20))) for _ in range(6)]
    sequences[2] = sequences[2][:5] + "N" + sequences[2][6:]
    sequences[3] = "ACN"  # shorter than the motif after padding: no window
    X = one_hot_encode(sequences, length=20)
    matrix = rng.dirichlet(np.ones(4), size=5).T
    if background is None:
        bases = "".join(sequences).replace("N", "")
        counts = np.array([bases.count(b) for b in "ACGT"], dtype=float)
        expected_background = (counts + counts[::-1]) / (2 * counts.sum())
    elif background == "uniform":
        expected_background = np.full(4, 0.25)
    else:
        expected_background = np.array(background)
    padded = [s.center(20, "N") for s in sequences]
    assert one_hot_encode(padded).tolist() == X.tolist()
    expected = [direct_ama(matrix, s, expected_background, 0.1) for s in padded]
    scores = ama_score(PWM(matrix), X, background=background, pseudocount=0.1)
    np.testing.assert_allclose(scores, expected, rtol=1e-10)
    assert np.isnan(scores[3])


def test_ama_score_is_strand_symmetric():
    X, _ = make_motif_dataset("MA0035.4", n_samples=20, length=40, random_state=0)
    X = one_hot_encode(X)
    pwm = PWM.from_jaspar("MA0035.4")
    np.testing.assert_allclose(ama_score(pwm, reverse_complement(X)), ama_score(pwm, X))
    np.testing.assert_allclose(ama_score(pwm.reverse_complement(), X), ama_score(pwm, X))


@pytest.mark.parametrize("background", ["flat", [0.5, 0.5, 0.0, 0.0], [0.25] * 3])
def test_invalid_backgrounds_raise(background):
    with pytest.raises(ValueError, match="background"):
        ama_score(PWM.from_jaspar("MA0035.4"), one_hot_encode(["ACGTACGTACGT"]),
                  background=background)


@pytest.fixture(scope="module")
def planted_ctcf():
    X, y = make_motif_dataset("MA0139.2", n_samples=400, length=101, random_state=0)
    return one_hot_encode(X), y


def test_the_planted_motif_separates_and_a_random_one_does_not(planted_ctcf):
    X, y = planted_ctcf
    assert motif_auc(PWM.from_jaspar("MA0139.2"), X, y) >= 0.9
    # One random motif may lean towards the GC-rich sites (AUC 0.42-0.66 measured),
    # but on average random motifs do not separate.
    rng = np.random.RandomState(3)
    random_aucs = [motif_auc(rng.dirichlet(np.ones(4), size=15).T, X, y) for _ in range(10)]
    assert abs(np.mean(random_aucs) - 0.5) < 0.05 and max(random_aucs) < 0.75


def test_motif_auc_names_a_sequence_without_windows():
    X = one_hot_encode(["ACGTACGTACGTACGTACGT", "NNNNNNNNNNNNNNNNNNNN"])
    with pytest.raises(ValueError, match="sequence 1"):
        motif_auc(PWM.from_jaspar("MA0035.4"), X, [1, 0])


def test_evaluate_motif_finds_the_factor_and_its_best_jaspar_motif(jaspar, planted_ctcf):
    X, y = planted_ctcf
    row = evaluate_motif(PWM.from_jaspar("MA0139.2"), "ctcf", X, y)
    ctcf_ids = {m.matrix_id for m in jaspar if names_tf(m.name, "CTCF")}
    assert row["best_match_id"] == "MA0139.2" and row["matches_jaspar"]
    assert row["tf_match_id"] == "MA0139.2" and row["tf_match_q_value"] < 0.05
    assert row["jaspar_motif_id"] in ctcf_ids
    best_jaspar = max(motif_auc(m.matrix, X, y) for m in jaspar if m.matrix_id in ctcf_ids)
    assert row["jaspar_auc"] == pytest.approx(best_jaspar)
    assert row["motif_auc"] == pytest.approx(motif_auc(PWM.from_jaspar("MA0139.2"), X, y))
    assert row["beats_jaspar"] == (row["motif_auc"] > row["jaspar_auc"])


def test_evaluate_motif_without_a_jaspar_motif_for_the_factor(jaspar, planted_ctcf):
    X, y = planted_ctcf
    row = evaluate_motif(PWM.from_jaspar("MA0139.2"), "NOT_A_FACTOR", X, y)
    assert row["tf_match_id"] is None and not row["matches_jaspar"]
    assert np.isnan(row["jaspar_auc"]) and not row["beats_jaspar"]
    assert row["best_match_id"] == "MA0139.2"
