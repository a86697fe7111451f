"""Synthetic data: planted JASPAR sites, seeded and offline."""

import numpy as np
import pytest

from sklearn_demotif.datasets import make_motif_dataset


def test_make_motif_dataset_plants_sites_in_half_the_sequences():
    matrix = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1.0]] * 2).T[:, :6]
    X, y, sites = make_motif_dataset(matrix, n_samples=100, length=30, random_state=0,
                                     return_sites=True)
    assert y.sum() == 50 and (sites[y == 0] == -1).all()
    for sequence, start in zip(X[y == 1], sites[y == 1]):
        site = sequence[start : start + 6]
        assert site in ("ACGTAC", "GTACGT")


def test_make_motif_dataset_reads_jaspar_offline_and_is_seeded():
    first = make_motif_dataset("MA0139", n_samples=20, random_state=3)
    second = make_motif_dataset("MA0139", n_samples=20, random_state=3)
    assert first[0].tolist() == second[0].tolist()
    with pytest.raises(ValueError, match="MA9999.9"):
        make_motif_dataset("MA9999.9", n_samples=4)


def test_several_motifs_share_the_positives_out_in_turn():
    first, second = np.eye(4)[:, [0] * 6], np.eye(4)[:, [2, 1] * 3]  # AAAAAA, GCGCGC
    X, y, sites = make_motif_dataset(
        [first, second], n_samples=200, length=30, random_state=0, return_sites=True
    )
    planted = [seq[start : start + 6] for seq, start in zip(X[y == 1], sites[y == 1])]
    assert planted[0::2] == [site for site in planted[0::2] if site in ("AAAAAA", "TTTTTT")]
    assert planted[1::2] == [site for site in planted[1::2] if site in ("GCGCGC",)]
    assert len(planted[0::2]) == len(planted[1::2]) == 50
    with pytest.raises(ValueError, match="empty list"):
        make_motif_dataset([], n_samples=4)
