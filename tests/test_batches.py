"""Whole-batch loading: one fancy-indexing per batch, tensors without stacking."""

import numpy as np
import torch
from torch.utils.data import DataLoader, Subset

from sklearn_demotif._batches import BatchDataset, collate_batch


def test_a_batch_is_fetched_in_one_call_in_the_order_asked():
    X = np.arange(5 * 4 * 3, dtype=np.float32).reshape(5, 4, 3)
    batch_X, batch_y = collate_batch(BatchDataset(X, np.arange(5)).__getitems__([3, 1]))
    assert torch.equal(batch_X, torch.from_numpy(X[[3, 1]])) and batch_y.tolist() == [3, 1]


def test_a_data_loader_over_a_subset_gives_every_sequence_once():
    X = np.random.RandomState(0).rand(10, 4, 6).astype(np.float32)
    subset = Subset(BatchDataset(X, np.arange(10)), [0, 2, 4, 6, 8])
    loader = DataLoader(subset, batch_size=2, collate_fn=collate_batch)
    labels = torch.cat([y for _, y in loader]).tolist()
    assert labels == [0, 2, 4, 6, 8]
