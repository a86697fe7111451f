"""Training throughput of DeepMotifClassifier (skorch) vs a bare PyTorch loop.

Both train the same network (``ReverseComplementWrapper(DeepMotifNetwork)``) with
Adam, cross-entropy, shuffled mini-batches of 128 and no validation split, on the
same one-hot data, in the same process; each is timed over the same number of
epochs after one warm-up epoch, alternating to spread machine noise.  The ratio
(skorch / bare, sequences per second) is written to
``benchmarks/results/throughput.md``.  Target: >= 0.9.
"""

import os
import time

import numpy as np
import torch

from sklearn_demotif import DeepMotifClassifier
from sklearn_demotif._atomic import write_atomically
from sklearn_demotif.classifier import resolve_device
from sklearn_demotif.datasets import load_experiment
from sklearn_demotif.encoding import one_hot_encode

N_SEQUENCES = int(os.environ.get("DEMOTIF_THROUGHPUT_N", 4096))
EPOCHS = 2
ROUNDS = 2


def _bare_loop(X, y, epochs, device, seed):
    classifier = DeepMotifClassifier(random_state=seed)
    torch.manual_seed(seed)
    module = classifier._build_module(2).to(device)
    optimizer = torch.optim.Adam(module.parameters(), lr=classifier.lr)
    loss_function = torch.nn.CrossEntropyLoss()
    X_tensor, y_tensor = torch.from_numpy(X), torch.from_numpy(y)
    module.train()
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(y_tensor))
        for first in range(0, len(order), classifier.batch_size):
            batch = order[first : first + classifier.batch_size]
            inputs, targets = X_tensor[batch].to(device), y_tensor[batch].to(device)
            optimizer.zero_grad()
            loss_function(module(inputs), targets).backward()
            optimizer.step()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - start


def _skorch(X, y, epochs, device, seed):
    classifier = DeepMotifClassifier(
        max_epochs=epochs, validation_fraction=None, device=device, random_state=seed, verbose=0
    )
    start = time.perf_counter()
    classifier.fit(X, y)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - start


def test_skorch_training_throughput_matches_a_bare_loop(data_home, results_dir):
    data = load_experiment("GATA1_K562_GATA-1_USC", data_home=data_home)
    X = one_hot_encode(data.X_train[:N_SEQUENCES])
    y = data.y_train[:N_SEQUENCES].astype(np.int64)
    device = resolve_device("auto")
    _bare_loop(X, y, 1, device, 0)
    _skorch(X, y, 1, device, 0)
    bare, wrapped = [], []
    for round_index in range(ROUNDS):
        bare.append(_bare_loop(X, y, EPOCHS, device, round_index))
        wrapped.append(_skorch(X, y, EPOCHS, device, round_index))
    sequences = len(y) * EPOCHS
    bare_rate = sequences / np.median(bare)
    skorch_rate = sequences / np.median(wrapped)
    ratio = skorch_rate / bare_rate
    if device.startswith("cuda"):
        name = torch.cuda.get_device_name()
    else:
        name = f"CPU ({torch.get_num_threads()} threads)"
    report = (
        f"| device | sequences x epochs | bare loop seq/s | DeepMotifClassifier seq/s | ratio |\n"
        f"|---|---|---|---|---|\n"
        f"| {name} | {len(y)} x {EPOCHS} | {bare_rate:.0f} | {skorch_rate:.0f} | {ratio:.3f} |\n"
    )
    write_atomically(results_dir / f"throughput_{device.split(':')[0]}.md", report)
    print("\n" + report)
    assert ratio >= 0.9, f"DeepMotifClassifier trains at {ratio:.2f}x the bare loop's rate"
