"""Seqlets: high-attribution windows of bound sequences, clustered and aligned into PWMs.

The idea of TF-MoDISco (Shrikumar et al., 2018), kept small for 101-bp inputs:

1. attributions: hypothetical contributions of every base to the log-odds
   (centred input gradients), on the bound sequences and on dinucleotide
   shuffles of them, which are the null;
2. seqlets: windows whose summed contribution beats the null's 99th
   percentile, at most three per sequence, apart;
3. clusters: windows of hypothetical contributions compared at every shift
   and on both strands (cosine similarity), average-linkage clustering;
4. PWMs: each large cluster's sequences, aligned to its medoid, counted into
   a PWM and cut to its informative core (:meth:`PWM.cores`).

modisco-lite itself runs on 101-bp inputs with its defaults (it found the
same two motifs on planted data), but its 41-bp seqlets allow about two per
sequence, it keeps seqlets' flanks in its patterns (17-40 columns for the
6-column GATA core on K562 data), it is several times slower once compiled,
with a long first numba compile, and it brings igraph and leidenalg; this
module finds the same motifs in seconds (``docs/motifs.md``).
"""

import numpy as np

from ..encoding import dinucleotide_shuffle, one_hot_decode, one_hot_encode
from ..motifs import PWM
from .attribution import _centred_gradients


def _window_sums(contributions, window):
    kernel = np.ones(window)
    return np.stack([np.convolve(row, kernel, "same") for row in contributions])


def extract_seqlets(contributions, null_contributions, *, window=11, flank=8, per_sequence=3,
                    quantile=0.99):
    """Centres of high-contribution windows: ``[(sequence, position), ...]`` and the threshold.

    A window of ``window`` bases is a seqlet when its summed contribution
    exceeds the ``quantile`` of the same sums over the null sequences; each
    sequence gives at most ``per_sequence`` seqlets, each at least
    ``window // 2 + flank`` from the others.
    """
    sums = _window_sums(contributions, window)
    threshold = float(np.quantile(_window_sums(null_contributions, window), quantile))
    half = window // 2 + flank
    seqlets = []
    for sequence, row in enumerate(sums):
        row = row.copy()
        for _ in range(per_sequence):
            centre = int(row.argmax())
            if row[centre] < threshold:
                break
            seqlets.append((sequence, centre, float(row[centre])))
            row[max(0, centre - half) : centre + half + 1] = -np.inf
    return seqlets, threshold


def _windows(values, seqlets, half):
    """``(n_seqlets, 4, 2 * half + 1)`` windows of ``values`` centred on the seqlets (0-padded)."""
    padded = np.pad(values, ((0, 0), (0, 0), (half, half)))
    rows = np.array([sequence for sequence, _, _ in seqlets])
    centres = np.array([centre for _, centre, _ in seqlets])
    columns = centres[:, None] + np.arange(2 * half + 1)
    return np.transpose(padded[rows[:, None], :, columns], (0, 2, 1))


def seqlet_similarity(windows, *, max_shift=6):
    """Best cosine similarity of every pair of windows over shifts and strands.

    Returns ``(similarity, shift, strand)``, each ``(n, n)``: window ``j``
    (reverse complemented when ``strand[i, j] == -1``) shifted by
    ``shift[i, j]`` columns fits window ``i`` best.
    """
    n, _, width = windows.shape
    norms = np.sqrt((windows**2).sum(axis=(1, 2))) + 1e-12
    best = np.full((n, n), -np.inf)
    best_shift = np.zeros((n, n), dtype=int)
    best_strand = np.ones((n, n), dtype=int)
    for strand, other in ((1, windows), (-1, windows[:, ::-1, ::-1])):
        for shift in range(-max_shift, max_shift + 1):
            low, high = max(0, shift), min(width, width + shift)
            first = windows[:, :, low:high].reshape(n, -1)
            second = other[:, :, low - shift : high - shift].reshape(n, -1)
            similarity = (first @ second.T) / (norms[:, None] * norms[None, :])
            better = similarity > best
            best[better] = similarity[better]
            best_shift[better] = shift
            best_strand[better] = strand
    return best, best_shift, best_strand


def seqlet_motifs(
    log_odds,
    X_positive,
    device,
    *,
    random_state=0,
    window=11,
    flank=8,
    max_seqlets=1500,
    max_shift=6,
    min_similarity=0.5,
    min_cluster=None,
    pseudocount=0.5,
):
    """PWMs from clusters of high-attribution windows of bound sequences.

    Parameters
    ----------
    log_odds : callable
        Log-odds of the target as a function of one-hot input.
    X_positive : ndarray of shape (n_sequences, 4, length)
        Bound sequences.
    device : torch.device
        Where the network lives.
    random_state : int, default=0
        Seed of the dinucleotide shuffles that make the null.
    window : int, default=11
        Width of the windows whose contributions are summed.
    flank : int, default=8
        Columns added on each side of a seqlet for clustering and counting.
    max_seqlets : int, default=1500
        The highest-scoring seqlets kept (the clustering is quadratic).
    max_shift : int, default=6
        Largest shift tried when comparing two seqlets.
    min_similarity : float, default=0.5
        Average-linkage clusters are cut where the mean similarity falls below.
    min_cluster : int or None, default=None
        Smallest cluster turned into a PWM; ``None`` is 2 % of the seqlets,
        at least 10.
    pseudocount : float, default=0.5
        Added to every base count.

    Returns
    -------
    pwms : list of PWM
        Largest cluster first, each cut to its most informative core;
        ``metadata`` holds ``n_seqlets`` and ``mean_contribution``.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    shuffled = dinucleotide_shuffle(one_hot_decode(X_positive), random_state=random_state)
    X_null = one_hot_encode(shuffled)
    hypothetical = _centred_gradients(log_odds, X_positive, device)
    contributions = (hypothetical * X_positive).sum(axis=1)
    null = (_centred_gradients(log_odds, X_null, device) * X_null).sum(axis=1)
    seqlets, _ = extract_seqlets(contributions, null, window=window, flank=flank)
    if len(seqlets) > max_seqlets:
        strongest = np.argsort([-score for _, _, score in seqlets], kind="stable")[:max_seqlets]
        seqlets = [seqlets[i] for i in np.sort(strongest)]
    min_cluster = min_cluster or max(10, int(0.02 * len(seqlets)))
    if len(seqlets) < max(min_cluster, 2):
        return []
    half = window // 2 + flank
    similarity, shift, strand = seqlet_similarity(
        _windows(hypothetical, seqlets, half), max_shift=max_shift
    )
    np.fill_diagonal(similarity, 1.0)
    distance = np.clip(1 - np.maximum(similarity, similarity.T), 0, 2)
    tree = linkage(distance[np.triu_indices(len(seqlets), 1)], "average")
    labels = fcluster(tree, 1 - min_similarity, "distance")
    sequences = _windows(X_positive, seqlets, half + max_shift)
    pwms = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < min_cluster:
            continue
        medoid = members[int(similarity[np.ix_(members, members)].sum(axis=1).argmax())]
        counts = np.full((4, 2 * half + 1), pseudocount)
        for member in members:
            aligned = sequences[member] if strand[medoid, member] == 1 else (
                sequences[member][::-1, ::-1]
            )
            begin = max_shift - shift[medoid, member]
            counts += aligned[:, begin : begin + 2 * half + 1]
        cores = PWM(counts / counts.sum(axis=0)).cores()
        if not cores:
            continue
        core = max(cores, key=lambda pwm: pwm.information_content().sum())
        core.metadata.update(
            n_seqlets=int(len(members)),
            mean_contribution=float(np.mean([seqlets[m][2] for m in members])),
        )
        pwms.append(core)
    pwms.sort(key=lambda pwm: -pwm.metadata["n_seqlets"])
    return pwms
