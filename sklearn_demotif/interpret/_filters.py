"""First-layer filters as motifs: the windows that activate each filter most (DeepBind, Basset).

Every first-layer convolution filter is a motif detector.  Its PWM is the
base composition of the windows where it fires hardest: DeepBind's rule, one
window per sequence and strand (the best), kept when its activation reaches
half the filter's maximum over all bound sequences.  A filter's importance is
how much the bound sequences' log-odds would drop if its output map were
flattened to its mean, to first order (a Taylor estimate of Basset's
nullification, from one backward pass instead of one forward pass per filter).
"""

import numpy as np
import torch
from torch import nn

from ..motifs import PWM
from ..networks import ReverseComplementWrapper


def _first_convolution(module):
    """The first convolution of a network and its left padding (in columns)."""
    network = module.network if isinstance(module, ReverseComplementWrapper) else module
    for layer in network.modules():
        if isinstance(layer, (nn.Conv1d, nn.Conv2d)):
            padding = layer.padding[-1]
            # DeepBindNetwork pads its input with N by motif_length - 1 itself.
            padding += getattr(network, "motif_length", 1) - 1
            return network, layer, layer.kernel_size[-1], padding
    raise ValueError(f"{type(network).__name__} has no convolution to read filters from")


def _activations(network, convolution, X, device, batch_size=256):
    """Per sequence, per filter: the largest activation and its position.

    Returns ``(maxima, positions)`` of shape ``(n_sequences, n_filters)``;
    position ``j`` is the window ``X[:, :, j - padding : j - padding + width]``.
    """
    captured = {}

    def keep(layer, inputs, output):
        captured["output"] = torch.relu(output)

    hook = convolution.register_forward_hook(keep)
    maxima, positions = [], []
    try:
        with torch.no_grad():
            for start in range(0, len(X), batch_size):
                network(torch.as_tensor(X[start : start + batch_size], device=device))
                activation = captured["output"].flatten(2)  # (n, filters, positions)
                value, position = activation.max(dim=2)
                maxima.append(value.cpu().numpy())
                positions.append(position.cpu().numpy())
    finally:
        hook.remove()
    return np.concatenate(maxima), np.concatenate(positions)


def filter_importance(module, log_odds, X, device, *, batch_size=128):
    """First-order drop of the mean log-odds when each filter's map is set to its mean.

    ``importance_f = mean_i sum_l (z_ifl - mean z_f) * d logodds_i / d z_ifl``
    for the first convolution's output ``z`` (Taylor estimate of nullifying
    filter ``f``).  ``module`` must be the very network ``log_odds`` runs, a
    frozen copy whose batch normalisation is folded into the convolution, so
    that ``relu(z)`` is the filter's activation.
    """
    _, convolution, _, _ = _first_convolution(module)
    captured = {}

    def keep(layer, inputs, output):
        output.retain_grad()
        captured["output"] = output

    hook = convolution.register_forward_hook(keep)
    sums = products = gradient_sums = 0.0
    n_values = 0
    try:
        for start in range(0, len(X), batch_size):
            inputs = torch.as_tensor(X[start : start + batch_size], device=device)
            inputs.requires_grad_()  # the frozen network has no parameter gradients
            log_odds(inputs).sum().backward()
            output = captured["output"].detach().flatten(2)  # (batch, filters, positions)
            gradient = captured["output"].grad.flatten(2)
            sums = sums + output.sum(dim=(0, 2))
            gradient_sums = gradient_sums + gradient.sum(dim=(0, 2))
            products = products + (output * gradient).sum(dim=(0, 2))
            n_values += output.shape[0] * output.shape[2]
    finally:
        hook.remove()
    means = sums / max(n_values, 1)
    importance = (products - means * gradient_sums) / max(len(X), 1)
    return importance.cpu().numpy().astype(np.float64)


def filter_motifs(
    module,
    log_odds,
    X_positive,
    device,
    *,
    activation_fraction=0.5,
    min_sites=20,
    max_filters=20,
    n_importance=300,
    pseudocount=0.5,
):
    """One PWM per important first-layer filter, from its best windows in bound sequences.

    Parameters
    ----------
    module : torch.nn.Module
        The frozen network ``log_odds`` runs.
    log_odds : callable
        Log-odds of the target as a function of one-hot input.
    X_positive : ndarray of shape (n_sequences, 4, length)
        Bound sequences.
    device : torch.device
        Where the network lives.
    activation_fraction : float, default=0.5
        A sequence-strand's best window counts when its activation reaches
        this share of the filter's largest.
    min_sites : int, default=20
        Filters with fewer windows give no PWM.
    max_filters : int, default=20
        The most important filters kept (and only those above 5 % of the
        largest importance).
    n_importance : int, default=300
        Bound sequences the importance is estimated on.
    pseudocount : float, default=0.5
        Added to every base count.

    Returns
    -------
    pwms : list of PWM
        Most important first; ``metadata`` holds ``filter``, ``importance``
        and ``n_windows``; not trimmed.
    """
    network, convolution, width, padding = _first_convolution(module)
    importance = filter_importance(module, log_odds, X_positive[:n_importance], device)
    threshold = 0.05 * max(importance.max(), 0.0)
    chosen = [f for f in np.argsort(-importance) if importance[f] > threshold][:max_filters]
    if not chosen:
        return []
    both = np.concatenate([X_positive, X_positive[:, ::-1, ::-1]])
    maxima, positions = _activations(network, convolution, both, device)
    length = both.shape[2]
    starts = positions - padding
    inside = (starts >= 0) & (starts + width <= length)
    pwms = []
    for f in chosen:
        best = maxima[:, f].max()
        rows = np.flatnonzero(inside[:, f] & (maxima[:, f] >= activation_fraction * best))
        if best <= 0 or len(rows) < min_sites:
            continue
        columns = starts[rows, f][:, None] + np.arange(width)
        windows = both[rows[:, None], :, columns]  # (sites, width, 4)
        counts = windows.sum(axis=0).T + pseudocount
        pwms.append(
            PWM(
                counts / counts.sum(axis=0),
                name=f"filter {f}",
                metadata={
                    "filter": int(f),
                    "importance": float(importance[f]),
                    "n_windows": int(len(rows)),
                },
            )
        )
    return pwms
