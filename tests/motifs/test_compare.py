"""TOMTOM against JASPAR: self-matches, strands, offsets, random motifs, q-values, TF names."""


import numpy as np
import pytest

from sklearn_demotif.motifs import (
    PWM,
    benjamini_hochberg,
    compare_to_jaspar,
    names_tf,
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
