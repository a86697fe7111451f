"""Specification of the encoding functions: one-hot, decoding, reverse complement, shuffles."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sklearn_demotif.encoding import (
    ALPHABET,
    check_one_hot,
    dinucleotide_shuffle,
    one_hot_decode,
    one_hot_encode,
    reverse_complement,
    reverse_complement_sequence,
)
from sklearn_demotif.motifs import pwm


def test_one_hot_channels_are_acgt_and_shape_is_channels_first():
    X = one_hot_encode(["ACGT", "TTTT"])
    assert X.shape == (2, 4, 4) and X.dtype == np.float32
    np.testing.assert_array_equal(X[0], np.eye(4))
    np.testing.assert_array_equal(X[1, 3], np.ones(4))


def test_lowercase_encodes_like_uppercase():
    np.testing.assert_array_equal(one_hot_encode(["acgtn"]), one_hot_encode(["ACGTN"]))


def test_ambiguity_codes_encode_as_base_frequencies():
    X = one_hot_encode(["NRB"])[0]
    np.testing.assert_allclose(X[:, 0], [0.25] * 4)
    np.testing.assert_allclose(X[:, 1], [0.5, 0, 0.5, 0])
    np.testing.assert_allclose(X[:, 2], [0, 1 / 3, 1 / 3, 1 / 3], rtol=1e-6)
    np.testing.assert_allclose(X.sum(axis=0), 1, rtol=1e-6)


def test_invalid_character_error_names_sequence_character_and_position():
    with pytest.raises(ValueError, match=r"sequence 1 contains 'X' at position 2"):
        one_hot_encode(["ACGT", "ACXT"])


def test_non_ascii_character_is_reported():
    with pytest.raises(ValueError, match=r"sequence 0 contains 'é' at position 1"):
        one_hot_encode(["AéGT"])


def test_empty_sequence_is_rejected():
    with pytest.raises(ValueError, match="sequence 1 is empty"):
        one_hot_encode(["ACGT", ""])


def test_mixed_lengths_without_length_name_the_sequences():
    with pytest.raises(ValueError, match="sequence 2 has length 3"):
        one_hot_encode(["ACGT", "ACGT", "ACG"])


def test_length_centre_crops_and_pads_with_n():
    X = one_hot_encode(["AACCGGTT", "CG"], length=4)
    assert one_hot_decode(X).tolist() == ["CCGG", "NCGN"]


def test_single_string_is_rejected_with_a_hint():
    with pytest.raises(TypeError, match="wrap it in a list"):
        one_hot_encode("ACGT")


def test_decode_inverts_encode_for_every_iupac_code():
    sequences = ["ACGTRYSWKMBDHVN", "nnnacgtacgtacgt"]
    assert one_hot_decode(one_hot_encode(sequences)).tolist() == [s.upper() for s in sequences]


def test_reverse_complement_of_arrays():
    X = one_hot_encode(["AACGTN"])
    assert one_hot_decode(reverse_complement(X)).tolist() == ["NACGTT"]
    np.testing.assert_array_equal(reverse_complement(reverse_complement(X)), X)


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((2, 10, 4)), "channels-last"),
        (np.zeros((2, 5, 10)), r"shape \(n_sequences, 4, length\)"),
        (np.array(["ACGT"], dtype=object), "OneHotDNA"),
        (["ACGT"], "OneHotDNA"),
        (np.full((1, 4, 3), np.nan), "NaN"),
        (np.full((2, 4, 3), 1e39), r"beyond float32's range \(first in sequence 0\)"),
    ],
)
def test_check_one_hot_rejects_other_layouts(bad, message):
    with pytest.raises(ValueError, match=message):
        check_one_hot(bad)


def _dinucleotides(sequence):
    return Counter(zip(sequence, sequence[1:], strict=False))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ACGTN", min_size=0, max_size=120), st.integers(0, 2**31 - 1))
def test_dinucleotide_shuffle_keeps_dinucleotide_counts_and_end_bases(sequence, seed):
    shuffled = dinucleotide_shuffle(sequence, random_state=seed)
    assert len(shuffled) == len(sequence)
    assert _dinucleotides(shuffled) == _dinucleotides(sequence)
    if sequence:
        assert shuffled[0] == sequence[0] and shuffled[-1] == sequence[-1]


def test_dinucleotide_shuffle_is_seeded_and_actually_shuffles():
    rng = np.random.RandomState(0)
    sequences = ["".join(rng.choice(list("ACGT"), 101)) for _ in range(20)]
    first = dinucleotide_shuffle(sequences, random_state=1)
    assert first == dinucleotide_shuffle(sequences, random_state=1)
    assert sum(a != b for a, b in zip(first, sequences, strict=True)) == len(sequences)



def test_the_reverse_complement_of_a_string_keeps_case_and_iupac_codes():
    assert reverse_complement_sequence("AACGTN") == "NACGTT"
    assert reverse_complement_sequence("acgRYk") == "mRYcgt"
    assert reverse_complement_sequence("") == ""


def test_the_string_and_the_array_reverse_complements_agree():
    sequences = ["AACGTTGCA", "GATTACANN"]
    flipped = one_hot_decode(reverse_complement(one_hot_encode(sequences))).tolist()
    assert flipped == [reverse_complement_sequence(sequence) for sequence in sequences]


def test_one_alphabet_is_shared_by_encoding_and_motifs():
    assert pwm.ALPHABET is ALPHABET == "ACGT"
