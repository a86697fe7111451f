"""Whole-batch data loading for skorch.

PyTorch's ``DataLoader`` normally fetches a batch one sequence at a time and
stacks the pieces; with a fast network that per-item work costs a sixth of a
training step on the CPU.  :class:`BatchDataset` gives the loader
``__getitems__``, so a batch is one fancy-indexing of the arrays, and
:func:`collate_batch` turns it into tensors without stacking.  ``Subset`` (as
made by skorch's validation split) passes ``__getitems__`` through.
"""

import torch
from skorch.dataset import Dataset


class BatchDataset(Dataset):
    """A skorch ``Dataset`` that hands out whole batches.

    Examples
    --------
    >>> import numpy as np
    >>> dataset = BatchDataset(np.zeros((5, 4, 3), dtype=np.float32), np.arange(5))
    >>> X, y = collate_batch(dataset.__getitems__([4, 0]))
    >>> tuple(X.shape), y.tolist()
    ((2, 4, 3), [4, 0])
    """

    def __getitems__(self, indices):
        return self[list(indices)]


def collate_batch(batch):
    """Turn a fetched ``(X, y)`` batch into tensors, sharing memory where possible."""
    X, y = batch
    return torch.as_tensor(X), torch.as_tensor(y)
