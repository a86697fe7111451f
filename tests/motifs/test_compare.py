"""TOMTOM against JASPAR: calibration, self-matches, strands, offsets, q-values, TF names."""


import numpy as np
import pytest

from sklearn_demotif.motifs import (
    PWM,
    benjamini_hochberg,
    compare_to_jaspar,
    jaspar_motifs,
    names_tf,
    pearson_embedding,
    tf_families,
)


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


def _random_pwms(rng, alpha, n_motifs=20):
    """Random motifs of 8-20 columns drawn from Dirichlet(alpha, alpha, alpha, alpha)."""
    return [rng.dirichlet(np.full(4, alpha), size=rng.integers(8, 21)).T for _ in range(n_motifs)]


def _best_q(matrix):
    return compare_to_jaspar(matrix, top=1).loc[0, "q_value"]


def test_at_most_one_of_twenty_random_motifs_matches(jaspar):
    # The criterion on one fixed draw (seed fixed before looking).
    rng = np.random.default_rng(0)
    for alpha in (1.0, 0.5):
        matched = sum(_best_q(matrix) < 0.05 for matrix in _random_pwms(rng, alpha))
        assert matched <= 1, (alpha, matched)


def test_random_motifs_match_at_the_rate_of_a_calibrated_test(jaspar):
    # q < 0.05 over 879 targets should name a random motif for at most ~5 % of
    # queries (measured 4 %); the Euclidean column score named 84 % of the
    # Dirichlet(1) motifs (the flat CTCF spacers of MA1929.2 / MA1930.2).
    queries = []
    for seed in range(1, 6):
        rng = np.random.default_rng(seed)
        queries += _random_pwms(rng, 1.0) + _random_pwms(rng, 0.5)
    matched = sum(_best_q(matrix) < 0.05 for matrix in queries)
    assert matched <= 0.06 * len(queries), matched


def test_twenty_random_jaspar_matrices_find_themselves_first(jaspar):
    motifs, matrices = jaspar_motifs()
    chosen = np.random.default_rng(0).choice(len(motifs), 20, replace=False)
    # Mean total-variation distance of each matrix to its own reverse complement.
    asymmetry = [np.abs(m - m[::-1, ::-1]).sum(axis=0).mean() / 2 for m in matrices]
    assert min(asymmetry[i] for i in chosen) < 0.1 < max(asymmetry[i] for i in chosen)
    for index in chosen:
        best = compare_to_jaspar(matrices[index], top=1).iloc[0]
        assert best["matrix_id"] == motifs[index].matrix_id and best["q_value"] < 1e-3


def test_a_blurred_motif_with_flat_flanks_is_named_not_matched_to_ctcf(jaspar):
    for matrix_id, name in (("MA0035.5", "GATA1"), ("MA0138.3", "REST")):
        core = 0.5 * PWM.from_jaspar(matrix_id).matrix + 0.125  # halfway to uniform
        flank = np.random.default_rng(0).dirichlet(np.full(4, 20.0), size=5).T
        best = compare_to_jaspar(np.hstack([flank, core, flank]), top=1).iloc[0]
        assert best["name"] == name and best["q_value"] < 1e-3


def test_a_uniform_motif_matches_nothing(jaspar):
    matches = compare_to_jaspar(np.full((4, 10), 0.25), top=3)
    assert (matches["p_value"] == 1).all() and (matches["q_value"] == 1).all()


def test_pearson_embedding_turns_distance_into_correlation():
    rng = np.random.default_rng(3)
    first, second = rng.dirichlet(np.ones(4), size=2)
    u, v = pearson_embedding(np.c_[first, second]).T
    r = np.corrcoef(first, second)[0, 1]
    assert np.sum((u - v) ** 2) == pytest.approx(2 - 2 * r)
    assert np.linalg.norm(u) == pytest.approx(1)
    flat = np.full((4, 1), 0.25)
    assert not pearson_embedding(flat).any()
    np.testing.assert_allclose(pearson_embedding(flat, target=True), 0.5)


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
        "correlation",
    ]
    assert len(matches) == len(jaspar)
    assert matches["p_value"].is_monotonic_increasing
    np.testing.assert_allclose(matches["e_value"], matches["p_value"] * len(jaspar))
    np.testing.assert_allclose(matches["q_value"], benjamini_hochberg(matches["p_value"]))
    assert set(matches["strand"]) <= {"+", "-"}
    assert matches.loc[0, "correlation"] == pytest.approx(1.0)
    assert matches["correlation"].between(-1, 1).all()
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


def test_every_tf_in_the_demo_data_has_jaspar_motifs(jaspar):
    for tf_name in ["GATA1", "REST", "CTCF", "GABPA", "MAX", "SPI1", "YY1", "CEBPB", "JUND"]:
        assert any(names_tf(m.name, tf_name) for m in jaspar), tf_name


def test_tf_families_are_those_of_the_factors_own_matrices(jaspar):
    assert "C4-GATA-related" in tf_families("GATA1")
    assert tf_families("REST") and tf_families("NOT_A_FACTOR") == set()
