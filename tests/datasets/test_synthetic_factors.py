"""make_multitask_genome_dataset: regions bound by random subsets of factors, sites at centre."""

import numpy as np
import pytest

from sklearn_demotif.datasets import FACTOR_MOTIFS, make_multitask_genome_dataset
from sklearn_demotif.io import Genome, read_peaks
from sklearn_demotif.motifs._jaspar import fetch_jaspar_motif

MOTIFS = ["MA0139", "MA0035", "MA0138", "MA0148"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_multitask_genome_dataset(
        tmp_path_factory.mktemp("factors"), MOTIFS, n_chromosomes=2,
        chromosome_length=100_000, n_regions=60, random_state=0,
    )


def _score(matrix, sequence):
    log_odds = np.log2(np.maximum(matrix, 1e-3) / 0.25)
    return sum(log_odds["ACGT".index(base), i] for i, base in enumerate(sequence))


def test_it_writes_an_indexed_genome_and_one_narrowpeak_per_factor(data, tmp_path):
    assert data.names == ["CTCF", "GATA1", "REST", "FOXA1"]
    assert list(data.peaks) == data.names
    assert [path.name for path in data.peaks.values()] == [f"{n}.narrowPeak" for n in data.names]
    assert data.genome.with_suffix(".fa.fai").is_file()
    assert Genome(data.genome).sizes.to_dict() == {"chr1": 100_000, "chr2": 100_000}
    assert len(data.regions) == 120
    for name, path in data.peaks.items():
        peaks = read_peaks(path)
        assert len(peaks) == data.regions[name].sum() > 0
        bound = data.regions[data.regions[name] == 1]
        # Every peak is one bound region's, its summit within 5 bp of the region's centre.
        assert np.abs(np.sort(peaks["summit"].to_numpy()) - np.sort(bound["centre"].to_numpy())
                      ).max() <= 5


def test_each_region_is_bound_by_a_random_subset_of_at_least_one_factor(data):
    n_bound = data.regions[data.names].sum(axis=1)
    assert n_bound.min() >= 1
    assert n_bound.max() >= 2 and (n_bound == 1).any()  # shared regions, and some not
    # Each factor binds about 0.3 + 0.7**4 / 4 = 36 % of the regions (120 here).
    share = data.regions[data.names].mean()
    assert ((share > 0.2) & (share < 0.55)).all()


def test_every_planted_site_is_in_the_genome_and_in_every_bound_summit_window(data):
    genome = Genome(data.genome)
    for factor, matrix in zip(data.names, data.matrices, strict=True):
        sites = data.sites[data.sites["factor"] == factor]
        scores = []
        for site in sites.itertuples():
            sequence = genome.fetch(site.chrom, site.site_start, site.site_end).upper()
            if site.strand == "-":
                sequence = sequence[::-1].translate(str.maketrans("ACGT", "TGCA"))
            scores.append(_score(matrix, sequence))
        best = np.log2(np.maximum(matrix, 1e-3) / 0.25).max(axis=0).sum()
        # Sites are drawn from the matrix: a rare one holds an unlikely base.
        assert np.mean(np.array(scores) > 0) > 0.95 and np.median(scores) > 0.6 * best, factor
    summits = {}
    for name, path in data.peaks.items():
        for peak in read_peaks(path).itertuples():
            summits.setdefault((peak.chrom, peak.name.split("_", 1)[1]), []).append(peak.summit)
    for region, sites in data.sites.groupby("region"):
        # Side by side: no site overwrote another.
        ordered = sites.sort_values("site_start")
        assert (ordered["site_start"].to_numpy()[1:] >= ordered["site_end"].to_numpy()[:-1]).all()
        for summit in summits[(sites["chrom"].iloc[0], region)]:
            assert sites["site_start"].min() >= summit - 50
            assert sites["site_end"].max() <= summit + 51


def test_the_default_factors_are_eight_families_and_it_is_seeded(tmp_path):
    families = {fetch_jaspar_motif(motif).tf_family for motif in FACTOR_MOTIFS}
    assert len(FACTOR_MOTIFS) == len(families) == 8 and () not in families
    first = make_multitask_genome_dataset(tmp_path / "a", n_chromosomes=1,
                                          chromosome_length=40_000, n_regions=10, random_state=1)
    second = make_multitask_genome_dataset(tmp_path / "b", n_chromosomes=1,
                                           chromosome_length=40_000, n_regions=10, random_state=1)
    assert len(first.peaks) == 8
    assert first.genome.read_text() == second.genome.read_text()
    assert first.sites.equals(second.sites)


def test_bad_motifs_are_refused(tmp_path):
    with pytest.raises(ValueError, match="motifs is empty"):
        make_multitask_genome_dataset(tmp_path, [])
    with pytest.raises(ValueError, match="MA9999.9"):
        make_multitask_genome_dataset(tmp_path, ["MA9999.9"])
    with pytest.raises(ValueError, match="1000 regions do not fit"):
        make_multitask_genome_dataset(tmp_path, ["MA0139"], n_chromosomes=1,
                                      chromosome_length=50_000, n_regions=1000)
