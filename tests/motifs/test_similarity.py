"""Motif similarity: 1 for a motif and its parts on either strand, lower for others."""

import numpy as np
import pytest

from sklearn_demotif.motifs import PWM, motif_similarity


def test_a_motif_is_identical_to_itself_its_reverse_complement_and_its_parts():
    ctcf = PWM.from_jaspar("MA0139.2")
    assert motif_similarity(ctcf, ctcf) == pytest.approx(1.0)
    assert motif_similarity(ctcf, ctcf.reverse_complement()) == pytest.approx(1.0)
    assert motif_similarity(ctcf.copy(ctcf.matrix[:, 4:10]), ctcf) == pytest.approx(1.0)


def test_different_motifs_are_less_similar_and_the_order_does_not_matter():
    ctcf, gata = PWM.from_jaspar("MA0139.2"), PWM.from_jaspar("MA0035.4")
    assert motif_similarity(ctcf, gata) == motif_similarity(gata, ctcf) < 0.8


def test_columns_with_no_base_in_common_score_zero():
    all_a = np.tile([[1.0], [0.0], [0.0], [0.0]], (1, 3))
    all_c = np.tile([[0.0], [1.0], [0.0], [0.0]], (1, 3))
    assert motif_similarity(all_a, all_c) == 0.0
