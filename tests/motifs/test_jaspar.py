"""Offline JASPAR through pyjaspar: one pinned release, latest versions, clear errors."""

import numpy as np
import pytest

from sklearn_demotif.motifs._jaspar import (
    DEFAULT_JASPAR_RELEASE,
    fetch_jaspar_collection,
    fetch_jaspar_motif,
)


def test_the_collection_holds_each_matrix_once_in_its_latest_version():
    collection = fetch_jaspar_collection()
    bases = [motif.matrix_id.split(".")[0] for motif in collection]
    assert len(bases) == len(set(bases))
    assert fetch_jaspar_motif("MA0139").matrix_id in {motif.matrix_id for motif in collection}


def test_matrices_are_float64_probabilities_with_rows_acgt():
    motif = fetch_jaspar_motif("MA0035.4")
    assert motif.matrix.dtype == np.float64 and motif.matrix.shape == (4, 11)
    np.testing.assert_allclose(motif.matrix.sum(axis=0), 1.0)
    assert motif.name == "GATA1" and "C4-GATA-related" in motif.tf_family[0]


def test_unknown_release_and_matrix_are_named():
    with pytest.raises(ValueError, match="unknown JASPAR release 'JASPAR1999'"):
        fetch_jaspar_motif("MA0035", release="JASPAR1999")
    with pytest.raises(ValueError, match=f"'MA9999.9' is not in release {DEFAULT_JASPAR_RELEASE}"):
        fetch_jaspar_motif("MA9999.9")
