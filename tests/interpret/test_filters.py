"""First-layer filters as motifs: importance by a Taylor estimate, PWMs from best windows."""

import numpy as np
import pytest
import torch

from sklearn_demotif import DeepBindClassifier, DeepMotifClassifier
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret._filters import _first_convolution, filter_importance, filter_motifs
from sklearn_demotif.interpret.attribution import _log_odds_function

CPU = torch.device("cpu")


@pytest.fixture(scope="module")
def planted():
    X, y = make_motif_dataset("MA0139", n_samples=400, length=40, random_state=0)
    return one_hot_encode(X), y


@pytest.fixture(scope="module")
def demo(planted):
    X, y = planted
    return DeepMotifClassifier(n_filters=16, max_epochs=3, random_state=0, verbose=0).fit(X, y)


def _flattened_drop(log_odds, X, filter_index):
    """The exact mean drop of the log-odds when one filter's map is set to its mean."""
    _, convolution, _, _ = _first_convolution(log_odds.module)
    captured = {}
    hook = convolution.register_forward_hook(lambda m, i, o: captured.setdefault("map", o))
    with torch.no_grad():
        reference = log_odds(torch.as_tensor(X))
    hook.remove()
    mean = captured["map"][:, filter_index].mean()

    def flatten(module, inputs, output):
        output = output.clone()
        output[:, filter_index] = mean
        return output

    hook = convolution.register_forward_hook(flatten)
    with torch.no_grad():
        drop = (reference - log_odds(torch.as_tensor(X))).mean()
    hook.remove()
    return float(drop)


def test_importance_is_the_first_order_drop_of_flattening_a_filter(demo, planted):
    X, y = planted
    log_odds = _log_odds_function(demo)
    positives = X[y == 1][:100]
    importance = filter_importance(log_odds.module, log_odds, positives, CPU)
    assert importance.shape == (16,)
    for index in [int(np.argmax(importance)), int(np.argmin(importance))]:
        exact = _flattened_drop(log_odds, positives, index)
        assert importance[index] == pytest.approx(exact, rel=0.3, abs=0.02)


def test_filter_pwms_come_from_windows_of_the_kernel_width(demo, planted):
    X, y = planted
    log_odds = _log_odds_function(demo)
    pwms = filter_motifs(log_odds.module, log_odds, X[y == 1], CPU, min_sites=5)
    assert pwms and all(pwm.width == 9 for pwm in pwms)  # DeMo's first kernel
    importances = [pwm.metadata["importance"] for pwm in pwms]
    assert importances == sorted(importances, reverse=True)
    assert all(pwm.metadata["n_windows"] >= 5 for pwm in pwms)


def test_deepbind_detectors_are_read_with_their_own_padding(planted):
    X, y = planted
    clf = DeepBindClassifier(n_motifs=4, motif_length=12, max_epochs=2, random_state=0, verbose=0)
    log_odds = _log_odds_function(clf.fit(X, y))
    _, convolution, width, padding = _first_convolution(log_odds.module)
    assert (width, padding) == (12, 11)
    pwms = filter_motifs(log_odds.module, log_odds, X[y == 1], CPU, min_sites=1)
    assert all(pwm.width == 12 for pwm in pwms)
