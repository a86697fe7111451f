"""A synthetic genome bound by several factors: one peak file per factor, shared regions.

:func:`make_multitask_genome_dataset` is :func:`make_genome_dataset` for many
factors at once, as ENCODE gives them for one cell line: open-chromatin-like
regions, each bound by a random subset of the factors, each bound factor's site
planted near the region's centre, and one narrowPeak file per factor.  It is the
data of multi-task training (``load_peaks`` with a dict of peak files).
"""

import os
import re
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

from ..encoding import reverse_complement_sequence
from ..io import Genome
from ..motifs._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_motif
from ._synthetic import (
    _peak_summits,
    _random_chromosome,
    _sample_from_columns,
    _soft_mask,
    _write_fasta,
    _write_narrowpeak,
)

__all__ = ["make_multitask_genome_dataset", "FACTOR_MOTIFS"]

#: The default factors: eight JASPAR matrices of eight different families, each with a
#: distinctive, informative matrix (CTCF, GATA1, REST, FOXA1, TP53, NFKB1, HNF4A, RUNX1).
FACTOR_MOTIFS = (
    "MA0139", "MA0035", "MA0138", "MA0148", "MA0106", "MA0105", "MA0114", "MA0002",
)
#: The sites of a region lie side by side within this many bases around its centre, so a
#: 101-bp window centred on any factor's summit holds all of them.
CENTRAL_SPAN = 80
#: A factor's summit lies at most this far from its region's centre.
_SUMMIT_JITTER = 5


def _factor_names(motifs):
    """File-safe, distinct names of the factors (``FOS::JUN`` becomes ``FOS_JUN``)."""
    names = [re.sub(r"[^A-Za-z0-9_.-]+", "_", motif.name) or motif.matrix_id
             for motif in motifs]
    return [
        name if names.count(name) == 1 else f"{name}_{motif.matrix_id}"
        for name, motif in zip(names, motifs, strict=True)
    ]


def _bound_factors(widths, binding_probability, rng):
    """The factors that bind one region: each with ``binding_probability``, at least one,
    and no more than fit side by side in :data:`CENTRAL_SPAN` (random ones dropped)."""
    bound = np.flatnonzero(rng.random_sample(len(widths)) < binding_probability)
    if not len(bound):
        bound = np.array([rng.randint(len(widths))])
    bound = rng.permutation(bound)
    while widths[bound].sum() > CENTRAL_SPAN:
        bound = bound[1:]
    return bound


def _plant_region(chrom, bases, centre, matrices, bound, rng):
    """Sites of the ``bound`` factors side by side, in random order with random gaps, within
    :data:`CENTRAL_SPAN` bases around ``centre``; one row per site."""
    widths = np.array([matrices[factor].shape[1] for factor in bound])
    shares = np.full(len(bound) + 1, 1 / (len(bound) + 1))
    gaps = rng.multinomial(CENTRAL_SPAN - widths.sum(), shares)
    start = centre - CENTRAL_SPAN // 2 + gaps[0]
    rows = []
    for factor, width, gap in zip(bound, widths, gaps[1:], strict=True):
        site = _sample_from_columns(matrices[factor], rng)
        strand = "+" if rng.random_sample() < 0.5 else "-"
        if strand == "-":
            site = reverse_complement_sequence(site)
        bases[start : start + width] = np.frombuffer(site.encode("ascii"), dtype=np.uint8)
        rows.append((chrom, int(factor), int(start), int(start + width), strand))
        start += width + gap
    return rows


def _chromosome(chrom, length, n_regions, matrices, binding_probability, rng):
    """One chromosome's bases, its regions (``chrom, centre, name``) and their sites."""
    bases, gc = _random_chromosome(length, rng)
    centres = _peak_summits(length, gc, n_regions, rng, what="regions")
    widths = np.array([matrix.shape[1] for matrix in matrices])
    regions, sites = [], []
    for index, centre in enumerate(centres):
        name = f"{chrom}_region{index + 1}"
        bound = _bound_factors(widths, binding_probability, rng)
        for row in _plant_region(chrom, bases, int(centre), matrices, bound, rng):
            sites.append((*row, name))
        regions.append((chrom, int(centre), name))
    _soft_mask(bases, rng)
    return bases.tobytes().decode("ascii"), regions, sites


def _factor_peaks(sites, regions, names, rng):
    """Every factor's peaks: one per region it binds, summit near the region's centre."""
    centres = regions.set_index("name")["centre"]
    peaks = []
    for factor, factor_name in enumerate(names):
        bound = sites.loc[sites["factor"] == factor, ["chrom", "region"]].drop_duplicates()
        summits = centres.loc[bound["region"]].to_numpy() + rng.randint(
            -_SUMMIT_JITTER, _SUMMIT_JITTER + 1, size=len(bound)
        )
        left, right = rng.randint(100, 251, size=(2, len(bound)))
        peaks.append(pd.DataFrame({
            "chrom": bound["chrom"].to_numpy(),
            "start": summits - left,
            "end": summits + right,
            "name": [f"{factor_name}_{region}" for region in bound["region"]],
            "summit": summits,
        }))
    return peaks


@validate_params(
    {
        "folder": [str, os.PathLike],
        "motifs": [list, tuple],
        "n_chromosomes": [Interval(Integral, 1, None, closed="left")],
        "chromosome_length": [Interval(Integral, 1, None, closed="left")],
        "n_regions": [Interval(Integral, 1, None, closed="left")],
        "binding_probability": [Interval(Real, 0, 1, closed="right")],
        "random_state": ["random_state"],
        "release": [str],
    },
    prefer_skip_nested_validation=True,
)
def make_multitask_genome_dataset(
    folder,
    motifs=FACTOR_MOTIFS,
    *,
    n_chromosomes=4,
    chromosome_length=400_000,
    n_regions=200,
    binding_probability=0.3,
    random_state=None,
    release=DEFAULT_JASPAR_RELEASE,
):
    """A small genome bound by several factors, with one narrowPeak file per factor.

    Writes what a user of many ChIP-seq experiments on one cell line starts from, in
    about a second: ``genome.fa`` (with its ``.fai`` index) of chromosomes ``chr1``,
    ``chr2``, ... as :func:`make_genome_dataset` makes them (GC content varying along
    them, ``N`` stretches, soft-masking), and ``<FACTOR>.narrowPeak`` for every factor.
    ``n_regions`` open-chromatin-like regions per chromosome lie where GC is high; each
    is bound by a random subset of the factors (each factor with
    ``binding_probability``, at least one, and at most as many as fit), whose sites,
    drawn from the factors' matrices on random strands, lie side by side in random order
    within the central 80 bp of the region.  A bound factor's peak has its summit within
    5 bp of the region's centre, so the 101-bp window centred on any summit holds every
    site of the region.

    Parameters
    ----------
    folder : str or path-like
        Where the files go (created if missing).
    motifs : list of str, default=FACTOR_MOTIFS
        JASPAR matrix IDs, one per factor; the default is eight of eight families:
        CTCF, GATA1, REST, FOXA1, TP53, NFKB1, HNF4A and RUNX1.
    n_chromosomes : int, default=4
        Number of chromosomes.
    chromosome_length : int, default=400_000
        Length of every chromosome.
    n_regions : int, default=200
        Bound regions per chromosome (at most one per kb).
    binding_probability : float, default=0.3
        Chance that a factor binds a region.
    random_state : int, RandomState instance or None, default=None
        Seed.
    release : str, default="JASPAR2024"
        JASPAR release for motif IDs.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``genome`` (path), ``peaks`` (dict factor name → path of its narrowPeak file, in the
        order of ``motifs``; ready for :func:`load_peaks`), ``names`` (the factor names,
        from JASPAR), ``motifs`` (the matrix IDs with version), ``matrices`` (list of
        ndarray of shape (4, width)), ``regions`` (a DataFrame ``chrom, centre, name`` plus
        a 0/1 column per factor), ``sites`` (a DataFrame ``chrom, factor, site_start,
        site_end, strand, region``: every planted site, 0-based, ``factor`` its name).

    Raises
    ------
    ValueError
        An empty list of motifs, a motif wider than 80 bp, an unknown JASPAR ID, or more
        regions than fit on a chromosome.

    See Also
    --------
    make_genome_dataset : One factor, with variants.
    load_peaks : Training data from one or several peak files.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn_demotif.datasets import make_multitask_genome_dataset
    >>> data = make_multitask_genome_dataset(tempfile.mkdtemp(), ["MA0139", "MA0035"],
    ...     n_chromosomes=2, chromosome_length=50_000, n_regions=20, random_state=0)
    >>> sorted(data.peaks), len(data.regions)
    (['CTCF', 'GATA1'], 40)
    """
    if not motifs:
        raise ValueError("motifs is empty; give at least one JASPAR matrix ID")
    jaspar = [fetch_jaspar_motif(motif, release) for motif in motifs]
    matrices = [np.asarray(motif.matrix, dtype=float) for motif in jaspar]
    too_wide = [motif.matrix_id for motif, m in zip(jaspar, matrices, strict=True)
                if m.shape[1] > CENTRAL_SPAN]
    if too_wide:
        raise ValueError(f"motif(s) {', '.join(too_wide)} are wider than {CENTRAL_SPAN} bp")
    names = _factor_names(jaspar)
    rng = check_random_state(random_state)
    chromosomes, regions, sites = {}, [], []
    for number in range(1, n_chromosomes + 1):
        chrom = f"chr{number}"
        chromosomes[chrom], on_regions, on_sites = _chromosome(
            chrom, chromosome_length, n_regions, matrices, binding_probability, rng
        )
        regions += on_regions
        sites += on_sites
    regions = pd.DataFrame(regions, columns=["chrom", "centre", "name"])
    sites = pd.DataFrame(sites, columns=["chrom", "factor", "site_start", "site_end", "strand",
                                         "region"])
    folder = Path(folder)
    genome = _write_fasta(folder / "genome.fa", chromosomes)
    with Genome(genome):  # writes the .fai index beside the FASTA
        pass
    peaks = {}
    for factor, (name, table) in enumerate(
        zip(names, _factor_peaks(sites, regions, names, rng), strict=True)
    ):
        peaks[name] = _write_narrowpeak(folder / f"{name}.narrowPeak", table, rng)
        bound = sites.loc[sites["factor"] == factor, "region"]
        regions[name] = regions["name"].isin(bound).astype(np.int64)
    sites["factor"] = np.asarray(names, dtype=object)[sites["factor"].to_numpy()]
    return Bunch(
        genome=genome,
        peaks=peaks,
        names=names,
        motifs=[motif.matrix_id for motif in jaspar],
        matrices=matrices,
        regions=regions,
        sites=sites,
    )
