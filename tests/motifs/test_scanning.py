"""FIMO sites and what they say about a motif: support, enrichment, centrality."""

import numpy as np
import pytest

from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.motifs import PWM, find_sites, site_statistics, site_threshold


@pytest.fixture(scope="module")
def planted():
    X, y, sites = make_motif_dataset(
        "MA0139.2", n_samples=200, length=60, random_state=0, return_sites=True
    )
    return one_hot_encode(X), y, sites


def test_sites_are_found_where_they_were_planted(planted):
    X, y, starts = planted
    sites = find_sites(PWM.from_jaspar("MA0139.2"), X)
    assert list(sites.columns) == ["sequence", "start", "end", "strand", "score", "p_value"]
    planted_rows = np.flatnonzero(y == 1)
    found = {(row.sequence, row.start) for row in sites.itertuples()}
    recovered = np.mean([(row, starts[row]) in found for row in planted_rows])
    assert recovered > 0.8
    assert (sites["end"] - sites["start"] == 15).all() and set(sites["strand"]) <= {"+", "-"}
    assert (sites["p_value"] < 1e-4).all()


def test_several_motifs_give_one_table_each(planted):
    X, _, _ = planted
    tables = find_sites([PWM.from_jaspar("MA0139.2"), PWM.from_jaspar("MA0035.4")], X[:20])
    assert len(tables) == 2 and all(table is not None for table in tables)


def test_short_motifs_get_a_threshold_they_can_reach():
    assert site_threshold(np.full((4, 12), 0.25)) == 1e-4
    assert site_threshold(np.full((4, 5), 0.25)) == 4.0**-4
    X = one_hot_encode(["ACGTAGATAAGTACGTACGT"])
    sites = find_sites(PWM(np.eye(4)[:, [0, 2, 0, 3, 0, 0]]), X)  # AGATAA
    assert sites[["start", "strand"]].values.tolist() == [[4, "+"]]


def test_statistics_of_a_planted_motif_against_unbound_sequences(planted):
    X, y, _ = planted
    stats = site_statistics(PWM.from_jaspar("MA0139.2"), X[y == 1], X[y == 0])
    assert stats["support"] > 0.8 and stats["negative_support"] < 0.1
    assert stats["excess_support"] == pytest.approx(stats["support"] - stats["negative_support"])
    assert stats["enrichment"] > 8 and stats["enrichment_p"] < 1e-20
    assert stats["site_information"] > 1
    assert -0.5 < stats["centrality"] < 0.5  # planted anywhere


def test_centrality_is_one_for_central_sites_and_nan_without_sites():
    consensus = PWM.from_jaspar("MA0139.2").consensus
    flank = "ACGT" * 10
    X = one_hot_encode([flank[:20] + consensus + flank[:20]] * 5)
    assert site_statistics(PWM.from_jaspar("MA0139.2"), X)["centrality"] == pytest.approx(1)
    stats = site_statistics(PWM.from_jaspar("MA0139.2"), one_hot_encode(["ACGT" * 10]))
    assert np.isnan(stats["centrality"]) and stats["support"] == 0
    assert stats["enrichment_p"] is None  # no unbound sequences given


def test_a_motif_common_everywhere_carries_no_site_information(planted):
    X, y, _ = planted
    everywhere = PWM(np.full((4, 4), 0.25) + np.eye(4)[:, [0, 1, 2, 3]] * 0.01 - 0.0025)
    stats = site_statistics(everywhere, X[y == 1], X[y == 0])
    assert stats["site_information"] < 0.05
