"""Specification of the training machinery: devices, precision, schedules, stopping, chunks."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone
from skorch.callbacks import Callback

from sklearn_demotif import DeepBindClassifier, DeepMotifClassifier
from sklearn_demotif._training import (
    EpochBudgetLR,
    SequenceNet,
    WeightAverage,
    cpu_has_native_bfloat16,
    resolve_device,
    resolve_precision,
    training_callbacks,
    validation_auc,
)
from sklearn_demotif.classifier import LEGACY_SETTINGS
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.networks import DeepMotifNetwork


def tiny(**params):
    defaults = dict(n_filters=8, max_epochs=2, random_state=0, verbose=0, device="cpu")
    return DeepMotifClassifier(**{**defaults, **params})


@pytest.fixture(scope="module")
def data(long_site):
    X, y = make_motif_dataset(long_site, n_samples=200, length=30, random_state=0)
    return one_hot_encode(X), y


# --- devices ------------------------------------------------------------------------------


def test_auto_device_is_the_cpu_without_a_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == "cpu"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == "cuda"


def test_cuda_without_a_gpu_is_refused_with_the_reason(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match=r"device='cuda' asks for a CUDA GPU, but torch .* none"):
        resolve_device("cuda")


def test_a_gpu_index_beyond_the_visible_ones_is_refused(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert resolve_device("cuda:1") == "cuda:1"
    with pytest.raises(ValueError, match=r"GPU 2, but torch sees 2 \(cuda:0 to cuda:1\)"):
        resolve_device("cuda:2")


def test_a_string_that_is_no_device_is_named():
    with pytest.raises(ValueError, match="device='gpu' is not a torch device"):
        resolve_device("gpu")


@pytest.mark.parametrize("classifier", [DeepMotifClassifier, DeepBindClassifier])
def test_fit_on_a_missing_gpu_fails_before_training(classifier, data, monkeypatch, capsys):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    X, y = data
    model = classifier(device="cuda", verbose=1)
    with pytest.raises(ValueError, match="asks for a CUDA GPU"):
        model.fit(X, y)
    assert not hasattr(model, "net_")
    assert "epoch" not in capsys.readouterr().out


# --- precision ----------------------------------------------------------------------------


def _cpu_reports(monkeypatch, features):
    monkeypatch.setattr(torch._C._cpu, "_get_cpu_capability", lambda: features)
    cpu_has_native_bfloat16.cache_clear()


@pytest.mark.parametrize(
    "features, native",
    [
        ({"avx512_bf16": True, "amx_bf16": False}, True),
        ({"avx512_bf16": False, "amx_bf16": True}, True),
        ({"avx512_bf16": False, "amx_bf16": False, "avx2": True}, False),
    ],
)
def test_native_bfloat16_is_read_from_the_cpu_features_torch_reports(monkeypatch, features, native):
    _cpu_reports(monkeypatch, features)
    try:
        assert cpu_has_native_bfloat16() is native
        assert resolve_precision("auto", "cpu") is (torch.bfloat16 if native else None)
    finally:
        cpu_has_native_bfloat16.cache_clear()


def test_auto_precision_is_float32_on_cpus_without_native_bfloat16_and_half_on_cuda(monkeypatch):
    _cpu_reports(monkeypatch, {"avx512_bf16": False, "amx_bf16": False})
    try:
        assert resolve_precision("auto", "cpu") is None
        assert resolve_precision("auto", "mps") is None
    finally:
        cpu_has_native_bfloat16.cache_clear()
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *args, **kwargs: True)
    assert resolve_precision("auto", "cuda:0") is torch.bfloat16
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *args, **kwargs: False)
    assert resolve_precision("auto", "cuda") is torch.float16


def test_explicit_precisions_apply_on_any_device():
    assert resolve_precision("float32", "cpu") is None
    assert resolve_precision("bfloat16", "cpu") is torch.bfloat16
    assert resolve_precision("float16", "cpu") is torch.float16
    with pytest.raises(ValueError, match="precision must be one of"):
        resolve_precision("half", "cpu")


def _convolution_dtypes(model):
    """Record the output type of the first convolution in every forward pass."""
    seen = []
    # On the CPU a bfloat16 model predicts with its bfloat16 copy.
    network = model.net_._bfloat16_copy() if model.net_.autocast_dtype else model.net_.module_
    convolution = next(m for m in network.modules() if isinstance(m, torch.nn.Conv2d))
    convolution.register_forward_hook(lambda module, inputs, output: seen.append(output.dtype))
    return seen


@pytest.mark.parametrize(
    "precision, dtype", [("float32", torch.float32), ("bfloat16", torch.bfloat16)]
)
def test_forward_passes_run_in_the_requested_precision_and_return_float32(
    data, precision, dtype
):
    X, y = data
    model = tiny(precision=precision, max_epochs=1).fit(X, y)
    seen = _convolution_dtypes(model)
    logits = model.net_.forward(X[:5])
    assert set(seen) == {dtype}
    assert logits.dtype == torch.float32
    proba = model.predict_proba(X)
    assert proba.dtype == np.float64 and np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-6)


def test_float16_training_scales_the_loss_and_learns(data):
    X, y = data
    model = tiny(precision="float16", max_epochs=3, validation_fraction=None).fit(X, y)
    assert isinstance(model.net_.grad_scaler_, torch.amp.GradScaler)
    assert model.net_.grad_scaler_.get_scale() > 1
    losses = model.history_[:, "train_loss"]
    assert np.isfinite(losses).all() and losses[-1] < losses[0]
    assert tiny(precision="bfloat16", max_epochs=1).fit(X, y).net_.grad_scaler_ is None


# --- prediction in cache-sized pieces -------------------------------------------------------


def test_cpu_prediction_cuts_large_batches_into_pieces_with_the_same_result(data):
    X, y = data
    model = tiny(max_epochs=1, predict_batch_size=1024, precision="float32").fit(X, y)
    pieces = []
    model.net_.module_.register_forward_hook(
        lambda module, inputs, output: pieces.append(len(output))
    )
    model.net_.set_params(inference_chunk=64)
    chunked = model.net_.predict_proba(X)
    assert pieces == [64, 64, 64, 8]
    pieces.clear()
    model.net_.set_params(inference_chunk=None)
    whole = model.net_.predict_proba(X)
    assert pieces == [200]
    np.testing.assert_allclose(chunked, whole, rtol=1e-5, atol=1e-7)


def test_the_prediction_batch_size_does_not_change_predictions(data):
    X, y = data
    params = dict(max_epochs=1, validation_fraction=None)
    large = tiny(predict_batch_size=1024, **params).fit(X, y).predict_proba(X)
    small = tiny(predict_batch_size=7, **params).fit(X, y).predict_proba(X)
    np.testing.assert_allclose(small, large, rtol=1e-5, atol=1e-7)


def test_predict_batch_size_sets_the_validation_and_prediction_batches(data):
    X, y = data
    model = tiny(max_epochs=1, predict_batch_size=50, precision="float32").fit(X, y)
    assert model.net_.get_params()["iterator_valid__batch_size"] == 50
    assert model.net_.batch_size == 128
    batches = []
    model.net_.module_.register_forward_pre_hook(lambda module, args: batches.append(len(args[0])))
    # On the CPU a prediction batch is a whole number of inference chunks (128 in float32)
    # and the 200 sequences are padded to 256.
    model.predict_proba(X)
    assert batches == [128, 128]
    batches.clear()
    model.set_params(predict_batch_size=300).predict_proba(X)
    assert batches == [128, 128]  # one batch of 256, two chunks
    model.net_.set_params(inference_chunk=None)
    batches.clear()
    model.set_params(predict_batch_size=120).predict_proba(X)
    assert batches == [120, 80]


# --- learning-rate schedules ----------------------------------------------------------------


class _LearningRates(Callback):
    """Records the learning rate every training batch runs with."""

    def initialize(self):
        self.rates = []
        return self

    def on_batch_begin(self, net, training, **kwargs):
        if training:
            self.rates.append(net.optimizer_.param_groups[0]["lr"])


def _fit_net(schedule, max_epochs=3, lr=0.01, warmup_epochs=None, n=100, batch_size=16):
    torch.manual_seed(0)
    X = torch.rand(n, 4, 20)
    y = torch.arange(n) % 2
    rates = _LearningRates()
    net = SequenceNet(
        DeepMotifNetwork(2, n_filters=4, highway_units=4),
        criterion=torch.nn.CrossEntropyLoss,
        optimizer=torch.optim.Adam,
        lr=lr,
        batch_size=batch_size,
        max_epochs=max_epochs,
        train_split=None,
        callbacks=[
            ("lr_schedule", EpochBudgetLR(schedule, max_epochs, warmup_epochs=warmup_epochs)),
            ("rates", rates),
        ],
        verbose=0,
    )
    net.fit(X, y)
    return np.array(rates.rates)


def test_one_cycle_spans_exactly_the_epoch_budget():
    rates = _fit_net("onecycle", max_epochs=3)
    assert len(rates) == 3 * 7  # ceil(100 / 16) batches per epoch
    assert rates[0] == pytest.approx(0.01 / 25)
    assert rates.max() == pytest.approx(0.01, rel=0.01)
    assert 4 <= rates.argmax() <= 7  # the first 30 % warm up
    assert rates[-1] < 0.01 / 1e5
    assert (np.diff(rates[rates.argmax():]) < 0).all()


@pytest.mark.parametrize("schedule", ["onecycle", "cosine"])
@pytest.mark.parametrize("n", [10, 20, 40])
def test_schedules_work_on_budgets_of_a_few_batches(schedule, n):
    rates = _fit_net(schedule, max_epochs=1, n=n, batch_size=16)
    assert len(rates) == -(-n // 16)
    assert np.isfinite(rates).all() and (rates > 0).all()


def test_cosine_warms_up_linearly_then_decays_to_zero():
    rates = _fit_net("cosine", max_epochs=2, warmup_epochs=1.0)
    np.testing.assert_allclose(rates[:7], 0.01 * np.arange(1, 8) / 7)
    expected = 0.01 * 0.5 * (1 + np.cos(np.pi * np.arange(0, 7) / 7))
    np.testing.assert_allclose(rates[7:], expected)


def test_classifier_schedules_change_the_learning_rate_only_when_asked(data):
    X, y = data
    constant = tiny(lr=0.01, lr_schedule="constant").fit(X, y)
    assert "lr_schedule" not in dict(constant.net_.callbacks_)
    assert constant.net_.optimizer_.param_groups[0]["lr"] == 0.01
    scheduled = tiny(lr=0.01, lr_schedule="onecycle").fit(X, y)
    scheduler = dict(scheduled.net_.callbacks_)["lr_schedule"].lr_scheduler_
    assert scheduler.total_steps == scheduler.last_epoch == 2 * 2  # 180 training sequences


# --- early stopping -------------------------------------------------------------------------


def test_auc_is_scored_on_the_validation_split_and_the_best_epoch_kept(data):
    X, y = data
    model = tiny(max_epochs=4, early_stopping="valid_auc").fit(X, y)
    aucs = model.history_[:, "valid_auc"]
    assert len(aucs) == 4 and all(0 <= auc <= 1 for auc in aucs)
    best = int(np.argmax(aucs))
    assert model.history_[:, "valid_auc_best"][best]
    assert model.n_epochs_ == 4


def test_patience_stops_training_without_improvement_and_none_never_does(data):
    X, y = data
    frozen = dict(lr=1e-12, max_epochs=6, early_stopping="valid_loss")
    assert tiny(patience=2, **frozen).fit(X, y).n_epochs_ < 6
    assert tiny(patience=None, **frozen).fit(X, y).n_epochs_ == 6


def test_the_best_epochs_weights_are_restored(data):
    X, y = data
    model = tiny(max_epochs=4, early_stopping="valid_loss", patience=None).fit(X, y)
    valid = model.net_.get_split_datasets(X, np.searchsorted(model.classes_, y))[1]
    best_loss = min(model.history_[:, "valid_loss"])
    restored = [model.net_.validation_step(batch)["loss"].item()
                for batch in model.net_.get_iterator(valid)]
    assert np.mean(restored) == pytest.approx(best_loss, rel=1e-4)


def test_multiclass_auc_is_one_vs_rest(data):
    X, _ = data
    y = np.arange(len(X)) % 3
    model = tiny(max_epochs=1, early_stopping="valid_auc").fit(X, y)
    assert 0 <= model.history_[-1, "valid_auc"] <= 1


def test_a_validation_split_without_every_class_keeps_the_last_epoch(data):
    X, y = data
    y = np.where(np.arange(len(y)) < 196, 0, 1)  # 4 positives: the split of 20 gets none
    with pytest.warns(UserWarning, match="validation split holds 1 of 2 classes"):
        model = tiny(max_epochs=3, patience=None).fit(X, y)
    assert np.isnan(model.history_[:, "valid_auc"]).all() and model.n_epochs_ == 3


def test_the_legacy_settings_are_not_the_defaults():
    defaults = DeepMotifClassifier().get_params()
    assert all(defaults[name] != value for name, value in LEGACY_SETTINGS.items())
    assert defaults["early_stopping"] == "valid_auc" and defaults["ema_epochs"] == 1.0


def test_legacy_settings_are_reachable_through_parameters(data):
    X, y = data
    model = tiny(**{**LEGACY_SETTINGS, "max_epochs": 3}).fit(X, y)
    assert "valid_auc" not in model.history_[-1]
    names = [name for name, _ in model.net_.callbacks]
    assert names == ["early_stopping"]
    assert dict(model.net_.callbacks)["early_stopping"].monitor == "valid_loss"
    assert dict(model.net_.callbacks)["early_stopping"].patience == 5
    assert model.net_.ema_epochs is None
    pools = {m.kernel_size for m in model.module_.modules() if isinstance(m, torch.nn.MaxPool2d)}
    assert pools == {(1, 2)}
    first_block = [type(m).__name__ for m in list(model.module_.network.convolutions)[:5]]
    assert first_block == ["Conv2d", "BatchNorm2d", "ReLU", "FastDropout", "MaxPool2d"]


def test_dropout_placement_reaches_the_network_and_survives_clone(data):
    X, y = data
    first_blocks = []
    for after in (True, False):
        model = clone(tiny(dropout_after_pooling=after, max_epochs=1)).fit(X, y)
        first_blocks.append(
            [type(m).__name__ for m in list(model.module_.network.convolutions)[:5]]
        )
    assert first_blocks == [
        ["Conv2d", "BatchNorm2d", "MaxPool2d", "ReLU", "FastDropout"],
        ["Conv2d", "BatchNorm2d", "ReLU", "FastDropout", "MaxPool2d"],
    ]


def test_without_validation_only_the_schedule_remains():
    callbacks = training_callbacks(
        lr_schedule="cosine", max_epochs=3, warmup_epochs=None, early_stopping="valid_auc",
        patience=None, validate=False,
    )
    assert [name for name, _ in callbacks] == ["lr_schedule"]


@pytest.mark.parametrize(
    "params, name",
    [
        ({"lr_schedule": "linear"}, "lr_schedule"),
        ({"early_stopping": "auc"}, "early_stopping"),
        ({"patience": 0}, "patience"),
        ({"warmup_epochs": 0}, "warmup_epochs"),
        ({"precision": "half"}, "precision"),
        ({"predict_batch_size": 0}, "predict_batch_size"),
        ({"ema_epochs": 0}, "ema_epochs"),
    ],
)
def test_invalid_training_parameters_are_named(data, params, name):
    X, y = data
    with pytest.raises(ValueError, match=f"'{name}' parameter"):
        tiny(**params).fit(X, y)


# --- weight averaging ---------------------------------------------------------------------


def test_the_weight_average_is_the_debiased_exponential_mean_of_the_steps():
    layer = torch.nn.Linear(3, 1)
    average = WeightAverage(layer, decay=0.9)
    steps = [torch.full((1, 3), float(value)) for value in (1, 5, -2, 4)]
    for weight in steps:
        layer.weight.data.copy_(weight)
        average.update()
    factors = 0.9 ** np.arange(len(steps))[::-1] * 0.1
    expected = sum(f * w for f, w in zip(factors, steps, strict=True)) / factors.sum()
    average.swap_in()
    torch.testing.assert_close(layer.weight.data, expected.float())
    average.swap_out()
    torch.testing.assert_close(layer.weight.data, steps[-1])


def test_the_weight_average_refuses_a_decay_outside_zero_to_one():
    with pytest.raises(ValueError, match="decay must be in"):
        WeightAverage(torch.nn.Linear(1, 1), decay=1.0)


def test_batch_norm_step_counters_are_not_averaged():
    norm = torch.nn.BatchNorm1d(2)
    average = WeightAverage(norm, decay=0.5)
    assert "num_batches_tracked" not in average.sums and "running_mean" in average.sums


class _RecordWeights(Callback):
    """Record the module's first weight after every epoch (what validation saw)."""

    def on_train_begin(self, net, **kwargs):
        self.after_epoch = []

    def on_epoch_end(self, net, **kwargs):
        self.after_epoch.append(next(net.module_.parameters()).detach().clone())


def test_training_goes_on_from_the_optimizer_weights_and_keeps_the_average(data):
    X, y = data
    recorder, seen_by_optimizer = _RecordWeights(), []
    net = SequenceNet(
        DeepMotifNetwork(2, n_filters=4, n_highway_layers=1),
        criterion=torch.nn.CrossEntropyLoss, optimizer=torch.optim.Adam, lr=1e-2,
        max_epochs=3, batch_size=32, verbose=0, ema_epochs=1.0,
        callbacks=[("record", recorder), ("probe", _ProbeOptimizerWeights(seen_by_optimizer))],
    )
    net.fit(X.astype(np.float32), y)
    # Each epoch after the first starts from the optimizer's own weights, not from the
    # average that validation saw at the end of the epoch before.
    for epoch in (1, 2):
        assert not torch.equal(seen_by_optimizer[epoch], recorder.after_epoch[epoch - 1])
    assert torch.equal(next(net.module_.parameters()), recorder.after_epoch[-1])
    assert net.weight_average_ is None  # the sums and the copy are dropped after training


class _ProbeOptimizerWeights(Callback):
    """Record the first weight at the first training batch of every epoch."""

    def __init__(self, store):
        self.store = store

    def on_epoch_begin(self, net, **kwargs):
        self.first_batch = True

    def on_batch_begin(self, net, training=False, **kwargs):
        if training and self.first_batch:
            self.store.append(next(net.module_.parameters()).detach().clone())
            self.first_batch = False


def test_averaged_training_is_reproducible_and_validates_the_average(data):
    X, y = data
    params = dict(max_epochs=3, ema_epochs=2.0, early_stopping="valid_auc", patience=None)
    first = tiny(**params).fit(X, y)
    second = tiny(**params).fit(X, y)
    np.testing.assert_array_equal(first.predict_proba(X), second.predict_proba(X))
    plain = tiny(**{**params, "ema_epochs": None}).fit(X, y)
    assert not np.array_equal(first.predict_proba(X), plain.predict_proba(X))
    # Early stopping restores the best epoch; its validation AUC is that of the kept weights.
    best = int(np.argmax(first.history_[:, "valid_auc"]))
    valid = first.net_.get_split_datasets(X, np.searchsorted(first.classes_, y))[1]
    labels = np.searchsorted(first.classes_, y)[valid.indices]
    assert validation_auc(first.net_, valid, labels) == pytest.approx(
        first.history_[best, "valid_auc"], abs=1e-6)


def test_compiled_training_keeps_the_plain_module_for_users():
    X, y = make_motif_dataset("MA0035", n_samples=64, length=30, random_state=0)
    X = one_hot_encode(X)
    compiled = tiny(compile=True, max_epochs=1, validation_fraction=None).fit(X, y)
    plain = tiny(max_epochs=1, validation_fraction=None).fit(X, y)
    assert type(compiled.net_.module_).__name__ == "OptimizedModule"
    assert not hasattr(compiled.module_, "_orig_mod")
    assert compiled.module_.state_dict().keys() == plain.module_.state_dict().keys()
    np.testing.assert_allclose(compiled.predict_proba(X), plain.predict_proba(X), atol=0.05)


def test_bfloat16_cpu_inference_uses_a_copy_that_follows_the_weights(data):
    X, y = data
    model = tiny(precision="bfloat16", max_epochs=1).fit(X, y)
    net = model.net_
    first = net._bfloat16_copy()
    assert net._bfloat16_copy() is first  # kept while the weights stay
    assert next(first.parameters()).dtype == torch.bfloat16
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        autocast = net.module_.eval()(torch.as_tensor(X)).float()
    np.testing.assert_allclose(net.forward(X).numpy(), autocast.numpy(), atol=0.05)
    with torch.no_grad():
        next(net.module_.parameters()).mul_(2)
    assert net._bfloat16_copy() is not first  # remade after the weights changed
    assert "_bfloat16_cache" not in pickle.loads(pickle.dumps(net)).__dict__
