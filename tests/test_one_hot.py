"""Specification of the OneHotDNA transformer."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from sklearn_demotif import OneHotDNA


def test_transform_gives_channels_first_float32():
    X = OneHotDNA().fit_transform(np.array(["ACGT", "GGCC"], dtype=object))
    assert X.shape == (2, 4, 4) and X.dtype == np.float32


def test_fit_records_length_and_transform_matches_fit_transform():
    sequences = ["ACGTA", "CCGTN"]
    encoder = OneHotDNA().fit(sequences)
    assert encoder.length_ == 5
    np.testing.assert_array_equal(
        encoder.transform(sequences), OneHotDNA().fit_transform(sequences)
    )


def test_column_vector_input_is_accepted():
    column = np.array([["ACGT"], ["TTTT"]], dtype=object)
    assert OneHotDNA().fit_transform(column).shape == (2, 4, 4)


def test_fixed_length_pads_and_crops():
    encoder = OneHotDNA(length=6)
    X = encoder.fit_transform(["AC", "AAAACCCCGG"])
    assert encoder.inverse_transform(X).tolist() == ["NNACNN", "AACCCC"]


def test_inverse_transform_round_trips():
    sequences = ["acgtnr", "TTGACA"]
    encoder = OneHotDNA().fit(sequences)
    assert encoder.inverse_transform(encoder.transform(sequences)).tolist() == [
        "ACGTNR",
        "TTGACA",
    ]


def test_invalid_length_parameter_is_rejected_at_fit():
    with pytest.raises(ValueError, match="length"):
        OneHotDNA(length=0).fit(["ACGT"])


def test_bad_character_error_reaches_the_user():
    with pytest.raises(ValueError, match=r"sequence 0 contains '-' at position 1"):
        OneHotDNA().fit_transform(["A-GT"])


def test_clone_and_pickle_keep_behaviour():
    encoder = OneHotDNA(length=8).fit(["ACGT"])
    assert clone(encoder).get_params() == {"length": 8}
    restored = pickle.loads(pickle.dumps(encoder))
    np.testing.assert_array_equal(restored.transform(["ACGT"]), encoder.transform(["ACGT"]))


def test_feature_names_are_channel_major():
    names = OneHotDNA().fit(["ACG"]).get_feature_names_out()
    assert names[:4].tolist() == ["A0", "A1", "A2", "C0"] and len(names) == 12


def test_the_constructor_takes_keyword_arguments_only():
    with pytest.raises(TypeError, match="positional"):
        OneHotDNA(3)
