"""The DeMo network's building blocks: fast dropout, strand wrapper, task heads, inference copy."""

import pytest
import torch
from torch import nn

from sklearn_demotif.networks import (
    DeepBindNetwork,
    DeepMotifNetwork,
    FastDropout,
    ReverseComplementWrapper,
    TaskHeads,
    frozen_for_inference,
)


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.9])
def test_fast_dropout_drops_the_requested_fraction_and_keeps_the_mean(p):
    torch.manual_seed(0)
    dropped = FastDropout(p)(torch.ones(400_000))
    assert (dropped == 0).float().mean().item() == pytest.approx(p, abs=0.005)
    assert dropped.mean().item() == pytest.approx(1.0, abs=0.01)
    kept = dropped[dropped != 0]
    assert torch.allclose(kept, kept[0].expand_as(kept))


def test_fast_dropout_mask_is_unbiased_across_the_four_integers_of_a_word():
    # Every fourth 15-bit integer comes from a word's top bits, whose sign bit
    # torch never sets; a biased mask would show up as a stripe.
    torch.manual_seed(1)
    dropped = FastDropout(0.5)(torch.ones(100_000, 4))
    assert torch.allclose((dropped == 0).float().mean(dim=0), torch.full((4,), 0.5), atol=0.01)


def test_fast_dropout_follows_the_layout_gradient_and_seed_of_its_input():
    X = torch.rand(3, 8, 1, 11).contiguous(memory_format=torch.channels_last)
    X.requires_grad_()
    torch.manual_seed(2)
    first = FastDropout(0.3)(X)
    torch.manual_seed(2)
    second = FastDropout(0.3)(X)
    assert torch.equal(first, second)
    assert first.is_contiguous(memory_format=torch.channels_last)
    (gradient,) = torch.autograd.grad(first.sum(), X)
    assert torch.equal(gradient == 0, first == 0)


def test_fast_dropout_is_the_identity_in_evaluation_and_at_p_zero():
    X = torch.rand(5, 7)
    assert torch.equal(FastDropout(0.4).eval()(X), X)
    assert torch.equal(FastDropout(0.0)(X), X)
    assert torch.equal(FastDropout(1.0)(X), torch.zeros_like(X))


def test_fast_dropout_falls_back_to_torch_for_non_dense_inputs():
    torch.manual_seed(3)
    strided = torch.ones(200, 400)[:, ::2]
    dropped = FastDropout(0.5)(strided)
    assert dropped.shape == strided.shape
    assert (dropped == 0).float().mean().item() == pytest.approx(0.5, abs=0.01)


def test_strand_wrapper_averages_the_two_strands_in_one_batch():
    torch.manual_seed(4)
    network = DeepMotifNetwork(n_classes=2).eval()
    X = torch.rand(6, 4, 101)
    expected = (network(X) + network(X.flip(1, 2))) / 2
    assert torch.allclose(ReverseComplementWrapper(network).eval()(X), expected, atol=1e-5)


def test_frozen_copy_folds_batch_norm_and_computes_the_same_function():
    torch.manual_seed(5)
    network = ReverseComplementWrapper(DeepMotifNetwork(n_classes=2))
    with torch.no_grad():
        for _ in range(3):  # running statistics away from their initial 0 and 1
            network(torch.rand(32, 4, 101) * 3)
    frozen = frozen_for_inference(network)
    X = torch.rand(10, 4, 101)
    assert network.training, "the original keeps its mode"
    assert not frozen.training
    assert not any(isinstance(m, nn.BatchNorm2d) for m in frozen.modules())
    assert any(isinstance(m, nn.BatchNorm2d) for m in network.modules())
    assert not any(p.requires_grad for p in frozen.parameters())
    assert torch.allclose(frozen(X), network.eval()(X), atol=1e-4)


def _dropout_input_lengths(network, X):
    lengths = []
    hooks = [
        module.register_forward_hook(lambda m, inputs, output: lengths.append(inputs[0].shape[-1]))
        for module in network.convolutions if isinstance(module, FastDropout)
    ]
    network(X)
    for hook in hooks:
        hook.remove()
    return lengths


def test_dropout_after_pooling_masks_the_pooled_positions():
    X = torch.rand(4, 4, 101)
    assert _dropout_input_lengths(DeepMotifNetwork(2, pool_size=3), X) == [34, 12, 12]
    before = DeepMotifNetwork(2, pool_size=3, dropout_after_pooling=False)
    assert _dropout_input_lengths(before, X) == [101, 34, 12]


def test_dropout_placement_keeps_the_weight_names_and_the_evaluation_function():
    torch.manual_seed(6)
    after = DeepMotifNetwork(2, dropout_after_pooling=True)
    before = DeepMotifNetwork(2, dropout_after_pooling=False)
    assert list(after.state_dict()) == list(before.state_dict())
    with torch.no_grad():
        for _ in range(3):  # running statistics away from their initial 0 and 1
            after(torch.rand(32, 4, 101) * 3)
    before.load_state_dict(after.state_dict())
    X = torch.rand(10, 4, 101)
    # Without dropout, pooling then rectifying is the same function, number for number.
    assert torch.equal(after.eval()(X), before.eval()(X))


@pytest.mark.parametrize("length", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("in_channels", [1, 4, 7])
def test_networks_take_any_channel_count_and_short_lengths(in_channels, length):
    X = torch.rand(5, in_channels, length)
    demo = DeepMotifNetwork(2, n_filters=4, in_channels=in_channels).eval()
    deepbind = DeepBindNetwork(
        3, n_motifs=4, motif_length=5, both_strands=in_channels == 4, in_channels=in_channels
    ).eval()
    assert demo(X).shape == (5, 2)
    assert deepbind(X).shape == (5, 3)
    assert demo.convolutions[0].in_channels == in_channels
    assert deepbind.motifs.in_channels == in_channels


def test_deepbind_reads_both_strands_of_dna_only():
    with pytest.raises(ValueError, match="in_channels=7 needs both_strands=False"):
        DeepBindNetwork(2, in_channels=7)


def test_deepbind_pads_with_the_uniform_distribution_over_the_channels():
    assert DeepBindNetwork(2).padding_value == 0.25
    assert DeepBindNetwork(2, both_strands=False, in_channels=5).padding_value == 0.2


def test_task_heads_compute_each_task_as_its_own_highway_stack():
    heads = TaskHeads(n_tasks=3, n_features=16, n_units=8, n_layers=2).eval()
    features = torch.rand(5, 16)
    task = 1
    hidden = torch.relu(features @ heads.projection_weight[task] + heads.projection_bias[task])
    for layer in range(2):
        gate = torch.sigmoid(hidden @ heads.gate_weight[layer, task] + heads.gate_bias[layer, task])
        transform = torch.relu(
            hidden @ heads.transform_weight[layer, task] + heads.transform_bias[layer, task]
        )
        hidden = gate * transform + (1 - gate) * hidden
    expected = (hidden @ heads.output_weight[task] + heads.output_bias[task]).squeeze(-1)
    torch.testing.assert_close(heads(features)[:, task], expected)


def test_a_task_head_learns_from_its_own_task_only():
    network = DeepMotifNetwork(n_classes=3, multilabel=True)
    network(torch.rand(4, 4, 101))[:, 0].sum().backward()
    heads = network.heads
    assert heads.output_weight.grad[0].abs().sum() > 0
    assert heads.output_weight.grad[1:].abs().sum() == 0
    assert heads.projection_weight.grad[1:].abs().sum() == 0
    assert network.convolutions[0].weight.grad.abs().sum() > 0


def test_a_network_pickled_before_multilabel_existed_still_predicts():
    network = DeepMotifNetwork(n_classes=2).eval()
    X = torch.rand(3, 4, 101)
    expected = network(X)
    del network.__dict__["multilabel"]  # as unpickled from version 0.4.0
    torch.testing.assert_close(network(X), expected)
