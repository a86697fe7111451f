"""The PWM object: validation, information, trimming, strands, JASPAR."""

import numpy as np
import pytest

from sklearn_demotif.motifs import (
    PWM,
)
from sklearn_demotif.motifs._jaspar import fetch_jaspar_motif

UNIFORM = [0.25, 0.25, 0.25, 0.25]


@pytest.mark.parametrize(
    "matrix, message",
    [
        ([[0.5, 1.2], [0.5, -0.2], [0, 0], [0, 0]], "column 1 has a negative probability"),
        ([[np.nan], [0.5], [0.25], [0.25]], "column 0 contains NaN"),
        ([[0.5, 0.5], [0.5, 0.1], [0, 0], [0, 0]], "column 1 sums to 0.6"),
        (np.full((7, 4), 0.25), r"looks like \(width, 4\)"),
        (np.zeros((4, 0)), "at least one column"),
    ],
)
def test_invalid_matrices_raise_naming_the_problem(matrix, message):
    with pytest.raises(ValueError, match=message):
        PWM(matrix)


def test_matrix_is_a_read_only_float64_copy():
    source = np.array([[1.0], [0.0], [0.0], [0.0]])
    pwm = PWM(source)
    source[0, 0] = 0.5
    assert pwm.matrix.dtype == np.float64 and pwm.matrix[0, 0] == 1.0
    with pytest.raises(ValueError):
        pwm.matrix[0, 0] = 0.0


def test_information_content_is_zero_for_uniform_and_two_bits_for_one_base():
    pwm = PWM(np.column_stack([UNIFORM, [0, 0, 1, 0], [0.5, 0.5, 0, 0]]))
    np.testing.assert_allclose(pwm.information_content(), [0.0, 2.0, 1.0])
    # Against a background rich in G, a certain G carries less information.
    np.testing.assert_allclose(
        pwm.information_content(background=[0.125, 0.125, 0.5, 0.25])[1], 1.0
    )


def test_consensus_and_reverse_complement_follow_the_strands():
    pwm = PWM.from_jaspar("MA0139.2")
    reverse = pwm.reverse_complement()
    complement = str.maketrans("ACGT", "TGCA")
    assert reverse.consensus == pwm.consensus.translate(complement)[::-1]
    np.testing.assert_array_equal(reverse.reverse_complement().matrix, pwm.matrix)
    assert reverse.name == pwm.name and reverse.metadata == pwm.metadata


def test_trim_drops_low_information_flanks_but_keeps_inner_columns():
    motif = PWM.from_jaspar("MA0139.2").matrix
    flank = np.tile(np.array(UNIFORM)[:, None], (1, 30))
    inner = np.array(UNIFORM)[:, None]
    padded = PWM(np.hstack([flank, motif[:, :5], inner, motif[:, 5:], flank[:, :20]]))
    trimmed = padded.trim()
    information = PWM(motif).information_content()
    expected_start = 30 + int(np.argmax(information >= 0.1 * information.max()))
    assert trimmed.metadata["trimmed_from"][0] == expected_start
    assert trimmed.width <= motif.shape[1] + 1
    assert np.isclose(trimmed.information_content(), 0).sum() == 1  # the inner column
    np.testing.assert_array_equal(
        trimmed.matrix, padded.matrix[:, slice(*trimmed.metadata["trimmed_from"])]
    )


def test_from_jaspar_without_version_takes_the_latest_in_the_release():
    pwm = PWM.from_jaspar("MA0139")
    motif = fetch_jaspar_motif("MA0139")
    assert pwm.metadata["identifier"] == motif.matrix_id and pwm.name == "CTCF"
    np.testing.assert_array_equal(pwm.matrix, motif.matrix)
    assert PWM.from_jaspar("MA0139.1").width != pwm.width  # an older, longer version


def test_from_jaspar_names_an_unknown_matrix():
    with pytest.raises(ValueError, match="MA9999"):
        PWM.from_jaspar("MA9999.1")


def test_cores_split_an_input_into_one_pwm_per_motif_and_drop_noise():
    flank = np.full((4, 10), 0.25)
    gata, rest = PWM.from_jaspar("MA0035.4"), PWM.from_jaspar("MA0138.3")
    wide = PWM(np.hstack([flank, gata.matrix, flank, rest.matrix, flank]))
    first, second = wide.cores()
    assert 10 <= first.metadata["trimmed_from"][0] and first.metadata["trimmed_from"][1] <= 21
    assert 31 <= second.metadata["trimmed_from"][0] and second.metadata["trimmed_from"][1] <= 51
    columns = slice(*first.metadata["trimmed_from"])
    np.testing.assert_array_equal(first.matrix, wide.matrix[:, columns])
    assert PWM(flank).cores() == []
    noise = np.random.default_rng(0).dirichlet(np.full(4, 50.0), size=101).T  # ~0.01 bit
    assert PWM(noise).cores() == []


def test_cores_are_at_most_max_width_columns():
    sharp = np.eye(4)[:, np.random.default_rng(0).integers(0, 4, 60)]
    (core,) = PWM(sharp * 0.97 + 0.0075).cores(max_width=30)
    assert core.width == 30
