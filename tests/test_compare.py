"""Motif comparison: TOMTOM against JASPAR, average motif affinity and its AUC.

The first TOMTOM call in a fresh install compiles memelite with numba (about a
minute, then cached on disk); the session fixture ``jaspar`` makes that call
once, before any test measures anything.
"""

import itertools

import numpy as np
import pytest

from sklearn_demotif._jaspar import fetch_jaspar_collection, fetch_jaspar_motif
from sklearn_demotif.compare import (
    ama_score,
    benjamini_hochberg,
    compare_to_jaspar,
    evaluate_motif,
    motif_auc,
    names_tf,
)
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode, reverse_complement
from sklearn_demotif.motifs import PWM


@pytest.fixture(scope="session")
def jaspar():
    """The JASPAR CORE vertebrates collection, with TOMTOM compiled and warm."""
    compare_to_jaspar(PWM.from_jaspar("MA0139.2"), top=1)
    return fetch_jaspar_collection()


@pytest.mark.parametrize(
    "matrix_id",
    [
        "MA0058",  # MAX: short (6 columns), palindromic
        "MA0035",  # GATA1: short (7), not palindromic
        "MA0113",  # NR3C1: palindromic (15)
        "MA0139",  # CTCF: long (15), not palindromic
        "MA0106",  # TP53: long (18), palindromic
        "MA1930",  # CTCF extended: 33 columns
    ],
)
def test_a_jaspar_motif_ranks_itself_first(jaspar, matrix_id):
    pwm = PWM.from_jaspar(matrix_id)
    matches = compare_to_jaspar(pwm, top=3)
    assert matches.loc[0, "matrix_id"] == pwm.metadata["identifier"]
    assert matches.loc[0, "q_value"] < 1e-3


def test_the_reverse_complement_matches_on_the_minus_strand(jaspar):
    best = compare_to_jaspar(PWM.from_jaspar("MA0139.2").reverse_complement(), top=1).iloc[0]
    assert best["matrix_id"] == "MA0139.2" and best["strand"] == "-"
    assert best["offset"] == 0 and best["overlap"] == 15


def test_a_motif_cut_out_of_another_aligns_at_its_offset(jaspar):
    ctcf = PWM.from_jaspar("MA0139.2")
    best = compare_to_jaspar(ctcf.copy(ctcf.matrix[:, 3:12]), top=1).iloc[0]
    assert (best["matrix_id"], best["offset"], best["overlap"], best["strand"]) == (
        "MA0139.2",
        3,
        9,
        "+",
    )


def test_random_motifs_rarely_match(jaspar):
    # Dirichlet(0.25) columns carry about 1 bit, like JASPAR's (1.3 bits on
    # average).  Flatter random columns (Dirichlet(1), 0.45 bits) match the
    # uninformative spacer of the long CTCF motifs MA1929/MA1930 under TOMTOM's
    # Euclidean distance; docs/motifs.md explains.
    rng = np.random.RandomState(0)
    random_motifs = [rng.dirichlet(np.full(4, 0.25), size=rng.randint(10, 16)).T for _ in range(20)]
    assert np.mean([PWM(m).information_content().mean() for m in random_motifs]) < 1.3
    best_q = [compare_to_jaspar(m, top=1).loc[0, "q_value"] for m in random_motifs]
    assert sum(q < 0.05 for q in best_q) <= 1


def test_table_columns_e_values_and_sorting(jaspar):
    matches = compare_to_jaspar(PWM.from_jaspar("MA0035.4"), top=None)
    assert list(matches.columns) == [
        "matrix_id",
        "name",
        "p_value",
        "e_value",
        "q_value",
        "offset",
        "overlap",
        "strand",
    ]
    assert len(matches) == len(jaspar)
    assert matches["p_value"].is_monotonic_increasing
    np.testing.assert_allclose(matches["e_value"], matches["p_value"] * len(jaspar))
    np.testing.assert_allclose(matches["q_value"], benjamini_hochberg(matches["p_value"]))
    assert set(matches["strand"]) <= {"+", "-"}
    assert len(compare_to_jaspar(PWM.from_jaspar("MA0035.4"), top=4)) == 4


def test_benjamini_hochberg_matches_its_definition():
    p_values = np.random.RandomState(1).uniform(size=30) ** 3
    n = len(p_values)
    ranks = _ranks(p_values)
    expected = [
        min(1.0, min(p_values[j] * n / rank for j, rank in ranks if p_values[j] >= p))
        for p in p_values
    ]
    np.testing.assert_allclose(benjamini_hochberg(p_values), expected)


def _ranks(p_values):
    order = np.argsort(p_values)
    return [(index, rank) for rank, index in enumerate(order, start=1)]


def test_invalid_top_raises(jaspar):
    with pytest.raises(ValueError, match="top"):
        compare_to_jaspar(PWM.from_jaspar("MA0035.4"), top=0)


# --- average motif affinity -----------------------------------------------------


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
        ama_score(PWM.from_jaspar("MA0035.4"), one_hot_encode(["ACGTACGTACGT"]), background)


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


# --- evaluate_motif ---------------------------------------------------------------


@pytest.mark.parametrize(
    "jaspar_name, tf_name, expected",
    [
        ("GATA1::TAL1", "GATA1", True),
        ("Gata1", "GATA-1", True),
        ("NR2F1(var.2)", "nr2f1", True),
        ("GATA2", "GATA1", False),
        ("REST", "NRSF", False),
    ],
)
def test_tf_names_match_dimers_variants_and_case(jaspar_name, tf_name, expected):
    assert names_tf(jaspar_name, tf_name) is expected


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


def test_every_tf_in_the_demo_data_has_jaspar_motifs(jaspar):
    for tf_name in ["GATA1", "REST", "CTCF", "GABPA", "MAX", "SPI1", "YY1", "CEBPB", "JUND"]:
        assert any(names_tf(m.name, tf_name) for m in jaspar), tf_name


def test_jaspar_collection_has_unique_latest_matrices(jaspar):
    bases = [m.matrix_id.split(".")[0] for m in jaspar]
    assert len(bases) == len(set(bases))
    assert all(m.matrix.dtype == np.float64 for m in itertools.islice(jaspar, 5))
    assert fetch_jaspar_motif("MA0139").matrix_id in {m.matrix_id for m in jaspar}
