"""Synthetic data: planted JASPAR sites, seeded and offline."""

import numpy as np
import pytest

from sklearn_demotif.datasets import make_motif_dataset


def test_make_motif_dataset_plants_sites_in_half_the_sequences():
    matrix = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1.0]] * 2).T[:, :6]
    X, y, sites = make_motif_dataset(matrix, n_samples=100, length=30, random_state=0,
                                     return_sites=True)
    assert y.sum() == 50 and (sites[y == 0] == -1).all()
    for sequence, start in zip(X[y == 1], sites[y == 1], strict=True):
        site = sequence[start : start + 6]
        assert site in ("ACGTAC", "GTACGT")


def test_make_motif_dataset_reads_jaspar_offline_and_is_seeded():
    first = make_motif_dataset("MA0139", n_samples=20, random_state=3)
    second = make_motif_dataset("MA0139", n_samples=20, random_state=3)
    assert first[0].tolist() == second[0].tolist()
    with pytest.raises(ValueError, match="MA9999.9"):
        make_motif_dataset("MA9999.9", n_samples=4)


def test_make_genome_dataset_writes_an_indexed_genome_peaks_and_a_vcf(tmp_path):
    from sklearn_demotif.datasets import make_genome_dataset
    from sklearn_demotif.io import Genome, read_peaks, read_variants, window_composition

    data = make_genome_dataset(tmp_path, "MA0138", n_chromosomes=2, chromosome_length=100_000,
                               n_peaks=40, random_state=0)
    assert (tmp_path / "genome.fa.fai").is_file()
    genome = Genome(data.genome)
    assert genome.sizes.to_dict() == {"chr1": 100_000, "chr2": 100_000}
    text = data.genome.read_text()
    assert any(letter in text for letter in "acgt")  # soft-masked stretches
    peaks = read_peaks(data.peaks)
    assert len(peaks) == 80 and peaks["summit"].tolist() == data.sites["summit"].tolist()
    # Every summit carries a site scoring high under the planted matrix, on its strand.
    log_odds = np.log2(np.maximum(data.matrix, 1e-3) / 0.25)
    best = log_odds.max(axis=0).sum()
    scores = []
    for site in data.sites.itertuples():
        sequence = genome.fetch(site.chrom, site.site_start, site.site_end)
        if site.strand == "-":
            sequence = sequence[::-1].translate(str.maketrans("ACGT", "TGCA"))
        scores.append(sum(log_odds["ACGT".index(base), i] for i, base in enumerate(sequence)))
    assert min(scores) > 0 and np.median(scores) > 0.6 * best
    # GC varies along a chromosome (tests/datasets/test_peaks.py: peaks sit where it is high).
    windows = [genome.fetch("chr1", s, s + 5_000) for s in range(3_000, 48_000, 5_000)]
    gc = window_composition(windows)[0]
    assert gc.max() - gc.min() > 0.08
    kinds = read_variants(data.vcf).merge(data.variants[["pos", "kind"]], on="pos")["kind"]
    assert {"breaks_site", "far", "ref_mismatch", "multiallelic", "indel"} == set(kinds)


def test_make_genome_dataset_is_seeded(tmp_path):
    from sklearn_demotif.datasets import make_genome_dataset

    first = make_genome_dataset(tmp_path / "a", n_chromosomes=1, chromosome_length=30_000,
                                n_peaks=5, random_state=4)
    second = make_genome_dataset(tmp_path / "b", n_chromosomes=1, chromosome_length=30_000,
                                 n_peaks=5, random_state=4)
    assert first.genome.read_text() == second.genome.read_text()
    assert first.variants.equals(second.variants)
    with pytest.raises(ValueError, match="50 peaks do not fit on a 30000-bp chromosome"):
        make_genome_dataset(tmp_path / "c", n_chromosomes=1, chromosome_length=30_000,
                            n_peaks=50)


def test_several_motifs_share_the_positives_out_in_turn():
    first, second = np.eye(4)[:, [0] * 6], np.eye(4)[:, [2, 1] * 3]  # AAAAAA, GCGCGC
    X, y, sites = make_motif_dataset(
        [first, second], n_samples=200, length=30, random_state=0, return_sites=True
    )
    planted = [seq[start : start + 6] for seq, start in zip(X[y == 1], sites[y == 1], strict=True)]
    assert planted[0::2] == [site for site in planted[0::2] if site in ("AAAAAA", "TTTTTT")]
    assert planted[1::2] == [site for site in planted[1::2] if site in ("GCGCGC",)]
    assert len(planted[0::2]) == len(planted[1::2]) == 50
    with pytest.raises(ValueError, match="empty list"):
        make_motif_dataset([], n_samples=4)
