"""Synthetic data: random DNA with a JASPAR motif planted, for demos and fast tests.

:func:`make_motif_dataset` makes labelled sequences; :func:`make_genome_dataset`
makes what a ChIP-seq user starts from instead: a genome FASTA, a narrowPeak
file whose summits carry a planted motif, and a VCF.
"""

import os
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

from .._atomic import write_atomically
from ..encoding import ALPHABET, reverse_complement_sequence
from ..io import Genome
from ..motifs._jaspar import DEFAULT_JASPAR_RELEASE, fetch_jaspar_motif

__all__ = ["make_motif_dataset", "make_genome_dataset"]


def _sample_from_columns(matrix, rng):
    cumulative = np.cumsum(matrix, axis=0)
    draws = rng.random_sample(matrix.shape[1])
    indices = (draws[None, :] > cumulative).sum(axis=0)
    return "".join(ALPHABET[min(i, 3)] for i in indices)


def _motif_matrix(motif, release):
    """A JASPAR ID's matrix, or a given matrix checked and normalised, shape (4, width)."""
    if isinstance(motif, str):
        return fetch_jaspar_motif(motif, release).matrix
    matrix = np.asarray(motif, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != 4:
        raise ValueError(f"motif must have shape (4, width), got {matrix.shape}")
    return matrix / matrix.sum(axis=0, keepdims=True)


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "length": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "return_sites": ["boolean"],
        "release": [str],
    },
    prefer_skip_nested_validation=True,
)
def make_motif_dataset(
    motif,
    *,
    n_samples=2000,
    length=101,
    random_state=None,
    return_sites=False,
    release=DEFAULT_JASPAR_RELEASE,
):
    """Random DNA with a motif planted in half of the sequences.

    Every sequence is uniform random DNA.  In the positives (label 1) one site
    drawn from the motif's position weight matrix replaces the bases at a random
    position, on a random strand.  It is the offline default for demos and fast
    tests: a classifier should learn the motif, and class optimization should
    give it back.  With several motifs the positives are shared out in turn
    (the ``k``-th positive gets motif ``k mod n_motifs``), one site each, so
    each motif is in its own share of the positives.

    Parameters
    ----------
    motif : str, array-like of shape (4, width), or list of them
        A JASPAR matrix ID such as ``"MA0035"`` (latest version in ``release``)
        or ``"MA0035.4"``, read offline through pyjaspar; or a probability matrix
        with rows A, C, G, T; or a list of such motifs.
    n_samples : int, default=2000
        Number of sequences; half of them (rounded down) are positives.
    length : int, default=101
        Sequence length; at least the motif width.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible data.
    return_sites : bool, default=False
        Also return where each site starts (-1 for negatives).
    release : str, default="JASPAR2024"
        JASPAR release for motif IDs.

    Returns
    -------
    sequences : ndarray of str of shape (n_samples,)
        The sequences.
    labels : ndarray of int of shape (n_samples,)
        1 where a site was planted, 0 elsewhere.
    sites : ndarray of int of shape (n_samples,)
        Start of the planted site; only with ``return_sites=True``.

    Examples
    --------
    >>> from sklearn_demotif.datasets import make_motif_dataset
    >>> X, y = make_motif_dataset("MA0035", n_samples=10, random_state=0)
    >>> len(X), int(y.sum()), len(X[0])
    (10, 5, 101)
    >>> X, y = make_motif_dataset(["MA0035", "MA0138"], n_samples=10, random_state=0)
    >>> int(y.sum())
    5
    """
    several = isinstance(motif, (list, tuple))
    if several and not motif:
        raise ValueError("motif is an empty list; give at least one motif")
    matrices = [_motif_matrix(one, release) for one in (motif if several else [motif])]
    width = max(matrix.shape[1] for matrix in matrices)
    if length < width:
        raise ValueError(f"length {length} is shorter than the motif width {width}")
    rng = check_random_state(random_state)
    n_positives = n_samples // 2
    labels = np.zeros(n_samples, dtype=int)
    labels[rng.permutation(n_samples)[:n_positives]] = 1
    letters = np.array(list(ALPHABET))
    sequences, sites = [], np.full(n_samples, -1)
    n_planted = 0
    for index in range(n_samples):
        sequence = "".join(letters[rng.randint(4, size=length)])
        if labels[index]:
            matrix = matrices[n_planted % len(matrices)]
            n_planted += 1
            site = _sample_from_columns(matrix, rng)
            if rng.random_sample() < 0.5:
                site = reverse_complement_sequence(site)
            start = rng.randint(length - matrix.shape[1] + 1)
            sequence = sequence[:start] + site + sequence[start + matrix.shape[1] :]
            sites[index] = start
        sequences.append(sequence)
    sequences = np.array(sequences, dtype=object)
    return (sequences, labels, sites) if return_sites else (sequences, labels)


#: Bases of a synthetic chromosome that are ``N``: a telomere-like start and one gap.
_N_START, _N_GAP = 2_000, 5_000
#: Distance between the candidate summits of synthetic peaks.
_PEAK_GRID = 1_000
#: Variants "far from every site" are at least this far from every summit.
_FAR = 600


def _gc_profile(length, rng):
    """A smooth GC content along a chromosome, between about 0.3 and 0.65."""
    position = np.arange(length) / length
    slow, fast = rng.uniform(0, 2 * np.pi, size=2)
    n_slow, n_fast = rng.uniform(4, 8), rng.uniform(20, 40)
    return (
        0.475
        + 0.11 * np.sin(2 * np.pi * n_slow * position + slow)
        + 0.06 * np.sin(2 * np.pi * n_fast * position + fast)
    )


def _random_chromosome(length, rng):
    """Uppercase random DNA following a GC profile, with N at the start and in one gap."""
    gc = _gc_profile(length, rng)
    draws = rng.random_sample(length)
    # Below gc/2: C, below gc: G, below (1 + gc)/2: A, else T.
    codes = np.where(
        draws < gc / 2, 1, np.where(draws < gc, 2, np.where(draws < (1 + gc) / 2, 0, 3))
    )
    # ASCII codes, one byte a base.
    bases = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)[codes]
    bases[:_N_START] = ord("N")
    gap = length // 2
    bases[gap : gap + _N_GAP] = ord("N")
    return bases, gc


def _soft_mask(bases, rng, share=0.05, block=400):
    """Lowercase about ``share`` of the bases in blocks, as RepeatMasker's soft-masking."""
    n_blocks = int(share * len(bases) / block)
    for start in rng.randint(0, len(bases) - block, size=n_blocks):
        letters = bases[start : start + block]
        letters[letters < ord("a")] += ord("a") - ord("A")


def _peak_summits(length, gc, n_peaks, rng, what="peaks"):
    """Sorted summits on a grid of one per kb (off the ``N``), drawn where GC is high."""
    grid = np.arange(_N_START + _PEAK_GRID, length - _PEAK_GRID, _PEAK_GRID)
    gap = length // 2
    grid = grid[(grid < gap - _PEAK_GRID) | (grid > gap + _N_GAP + _PEAK_GRID)]
    if n_peaks > len(grid):
        raise ValueError(
            f"{n_peaks} {what} do not fit on a {length}-bp chromosome (at most {len(grid)})"
        )
    weights = gc[grid] ** 8
    summits = np.sort(rng.choice(grid, size=n_peaks, replace=False, p=weights / weights.sum()))
    return summits + rng.randint(-200, 201, size=n_peaks)


def _plant_peaks(name, bases, gc, n_peaks, matrix, rng):
    """Summits on a grid, drawn where GC is high, each with a motif site centred on it."""
    width = matrix.shape[1]
    summits = _peak_summits(len(bases), gc, n_peaks, rng)
    rows = []
    for index, summit in enumerate(summits):
        site = _sample_from_columns(matrix, rng)
        strand = "+" if rng.random_sample() < 0.5 else "-"
        if strand == "-":
            site = reverse_complement_sequence(site)
        start = summit - width // 2
        bases[start : start + width] = np.frombuffer(site.encode("ascii"), dtype=np.uint8)
        left, right = rng.randint(100, 251, size=2)
        rows.append((name, summit - left, summit + right, f"{name}_peak{index + 1}", summit,
                     start, start + width, strand))
    return rows


def _write_fasta(path, chromosomes, line_width=60):
    parts = []
    for name, text in chromosomes.items():
        lines = [text[i : i + line_width] for i in range(0, len(text), line_width)]
        parts.append(f">{name}\n" + "\n".join(lines) + "\n")
    return write_atomically(path, "".join(parts))


def _write_narrowpeak(path, peaks, rng):
    lines = []
    for row in peaks.itertuples(index=False):
        signal = rng.uniform(5, 50)
        lines.append(
            f"{row.chrom}\t{row.start}\t{row.end}\t{row.name}\t{rng.randint(100, 1001)}\t.\t"
            f"{signal:.3f}\t{signal * 2:.3f}\t{signal * 1.5:.3f}\t{row.summit - row.start}\n"
        )
    return write_atomically(path, 'track type=narrowPeak name="synthetic"\n' + "".join(lines))


def _variants(chromosomes, sites, matrix, rng, n_per_kind):
    """SNVs that break planted sites, SNVs far from every site, and the awkward cases."""
    rows = []
    informative = np.argsort((matrix * np.log2(np.maximum(matrix, 1e-9) / 0.25)).sum(axis=0))
    for site in sites.iloc[rng.permutation(len(sites))[:n_per_kind]].itertuples(index=False):
        bases = chromosomes[site.chrom]
        column = informative[-1]
        offset = column if site.strand == "+" else matrix.shape[1] - 1 - column
        position = site.site_start + offset
        weakest = ALPHABET[int(np.argmin(matrix[:, column]))]
        alternative = weakest if site.strand == "+" else reverse_complement_sequence(weakest)
        reference = bases[position].upper()
        if reference != alternative:
            rows.append((site.chrom, position + 1, reference, alternative, "breaks_site"))
    names = list(chromosomes)
    far = []
    for _ in range(1000 * (n_per_kind + 3)):
        chrom = names[rng.randint(len(names))]
        position = rng.randint(len(chromosomes[chrom]))
        on_chromosome = sites.loc[sites["chrom"] == chrom, "summit"].to_numpy()
        if chromosomes[chrom][position].upper() != "N" and (
            np.abs(on_chromosome - position).min() > _FAR
        ):
            far.append((chrom, position))
            if len(far) == n_per_kind + 3:
                break
    if len(far) < n_per_kind + 3:
        raise ValueError(
            f"no room for {n_per_kind + 3} variants {_FAR} bp from every peak; "
            "make fewer peaks or longer chromosomes"
        )
    for chrom, position in far[:n_per_kind]:
        reference = chromosomes[chrom][position].upper()
        alternative = ALPHABET.replace(reference, "")[rng.randint(3)]
        rows.append((chrom, position + 1, reference, alternative, "far"))
    chrom, position = far[-3]
    reference = chromosomes[chrom][position].upper()
    wrong = ALPHABET.replace(reference, "")
    rows.append((chrom, position + 1, wrong[0], wrong[1], "ref_mismatch"))
    chrom, position = far[-2]
    reference = chromosomes[chrom][position].upper()
    rows.append((chrom, position + 1, reference, ",".join(ALPHABET.replace(reference, "")[:2]),
                 "multiallelic"))
    chrom, position = far[-1]
    deleted = chromosomes[chrom][position : position + 2].upper()
    rows.append((chrom, position + 1, deleted, deleted[0], "indel"))
    variants = pd.DataFrame(rows, columns=["chrom", "pos", "ref", "alt", "kind"])
    order = {name: index for index, name in enumerate(names)}
    variants = variants.sort_values(["chrom", "pos"], key=lambda c: c.map(order) if c.name ==
                                    "chrom" else c, ignore_index=True)
    variants.insert(2, "id", [f"var{i + 1}" for i in range(len(variants))])
    return variants


def _write_vcf(path, variants, sizes):
    header = ["##fileformat=VCFv4.2", "##source=sklearn_demotif.datasets.make_genome_dataset"]
    header += [f"##contig=<ID={name},length={size}>" for name, size in sizes.items()]
    header.append('##INFO=<ID=KIND,Number=1,Type=String,Description="What the variant tests">')
    header.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO")
    lines = [
        f"{row.chrom}\t{row.pos}\t{row.id}\t{row.ref}\t{row.alt}\t.\tPASS\tKIND={row.kind}"
        for row in variants.itertuples(index=False)
    ]
    return write_atomically(path, "\n".join(header + lines) + "\n")


@validate_params(
    {
        "folder": [str, os.PathLike],
        "n_chromosomes": [Interval(Integral, 1, None, closed="left")],
        "chromosome_length": [Interval(Integral, 1, None, closed="left")],
        "n_peaks": [Interval(Integral, 1, None, closed="left")],
        "n_variants": [Interval(Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
        "release": [str],
    },
    prefer_skip_nested_validation=True,
)
def make_genome_dataset(
    folder,
    motif="MA0139",
    *,
    n_chromosomes=4,
    chromosome_length=400_000,
    n_peaks=200,
    n_variants=10,
    random_state=None,
    release=DEFAULT_JASPAR_RELEASE,
):
    """A small genome with a JASPAR motif planted at the summits of ChIP-seq-like peaks.

    Writes what a ChIP-seq experiment gives a user, small enough for tests
    and demos (about a second): ``genome.fa`` (with its ``.fai`` index) of
    chromosomes ``chr1``, ``chr2``, ... of random DNA whose GC content varies
    smoothly along them (about 0.3 to 0.65), ``N`` in the first 2 kb and in a
    5-kb gap in the middle, and 5 % soft-masked (lowercase);
    ``peaks.narrowPeak`` with ``n_peaks`` peaks per chromosome, placed where
    GC is high (as real peaks are), each with one site drawn from the motif,
    on a random strand, centred on its summit; and ``variants.vcf`` with SNVs
    that break planted sites, SNVs far from every site, a REF that does not
    match the genome, a multi-allelic record and a deletion.

    Parameters
    ----------
    folder : str or path-like
        Where the files go (created if missing).
    motif : str or array-like of shape (4, width), default="MA0139"
        A JASPAR matrix ID (``"MA0139"`` is CTCF) or a probability matrix.
    n_chromosomes : int, default=4
        Number of chromosomes.
    chromosome_length : int, default=400_000
        Length of every chromosome.
    n_peaks : int, default=200
        Peaks per chromosome (at most one per kb).
    n_variants : int, default=10
        SNVs that break a site, and as many far from every site.
    random_state : int, RandomState instance or None, default=None
        Seed.
    release : str, default="JASPAR2024"
        JASPAR release for motif IDs.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``genome``, ``peaks``, ``vcf`` (paths of the files), ``sites`` (a
        DataFrame ``chrom, start, end, name, summit, site_start, site_end,
        strand``: every peak and its planted site, 0-based), ``variants`` (a
        DataFrame ``chrom, pos, id, ref, alt, kind`` of the VCF's records,
        ``kind`` one of ``breaks_site, far, ref_mismatch, multiallelic,
        indel``), ``matrix`` (the planted motif, shape (4, width)) and ``motif``.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn_demotif.datasets import make_genome_dataset
    >>> data = make_genome_dataset(tempfile.mkdtemp(), n_chromosomes=2,
    ...                            chromosome_length=50_000, n_peaks=20, random_state=0)
    >>> data.genome.name, data.peaks.name, len(data.sites)
    ('genome.fa', 'peaks.narrowPeak', 40)
    """
    folder = Path(folder)
    matrix = _motif_matrix(motif, release)
    rng = check_random_state(random_state)
    chromosomes, rows = {}, []
    for number in range(1, n_chromosomes + 1):
        name = f"chr{number}"
        bases, gc = _random_chromosome(chromosome_length, rng)
        rows += _plant_peaks(name, bases, gc, n_peaks, matrix, rng)
        _soft_mask(bases, rng)
        chromosomes[name] = bases.tobytes().decode("ascii")
    sites = pd.DataFrame(
        rows,
        columns=["chrom", "start", "end", "name", "summit", "site_start", "site_end", "strand"],
    )
    genome = _write_fasta(folder / "genome.fa", chromosomes)
    peaks = _write_narrowpeak(folder / "peaks.narrowPeak", sites, rng)
    with Genome(genome) as opened:  # writes the .fai index beside the FASTA
        sizes = opened.sizes
    variants = _variants(chromosomes, sites, matrix, rng, n_variants)
    vcf = _write_vcf(folder / "variants.vcf", variants, sizes)
    return Bunch(
        genome=genome,
        peaks=peaks,
        vcf=vcf,
        sites=sites,
        variants=variants,
        matrix=matrix,
        motif=motif if isinstance(motif, str) else None,
    )
