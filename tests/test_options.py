"""One source per option list and default: the CLI, the constraints and the functions agree."""

import ast
import inspect
from pathlib import Path

import pytest
from sklearn.utils._param_validation import StrOptions

from sklearn_demotif import _options
from sklearn_demotif._options import (
    CLASS_OPTIMIZATION,
    DEEPBIND_NETWORK,
    DEMO_NETWORK,
    EARLY_STOPPING,
    LR_SCHEDULES,
    MAX_MOTIFS,
    MODELS,
    MOTIF_FORMAT_NAMES,
    MOTIF_FORMATS,
    MOTIF_OUTPUTS,
    NEGATIVE_KINDS,
    PEAK_WINDOWS,
    POOLINGS,
    PRECISIONS,
    SCAN_STRIDE,
    SCORING_BATCH_SIZE,
    default_kernel_sizes,
)
from sklearn_demotif.classifier import DeepMotifClassifier
from sklearn_demotif.cli import build_parser
from sklearn_demotif.datasets import load_peaks
from sklearn_demotif.deepbind import _ESTIMATORS, DeepBindClassifier
from sklearn_demotif.interpret import find_motifs, optimize_class, scan_genome, variant_effects
from sklearn_demotif.motifs import formats
from sklearn_demotif.networks import DeepBindNetwork, DeepMotifNetwork


def _defaults(function):
    return {
        name: parameter.default
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }


def _str_options(estimator_class, parameter):
    (constraint,) = [
        c for c in estimator_class._parameter_constraints[parameter] if isinstance(c, StrOptions)
    ]
    return set(constraint.options)


def _choices():
    """``{(subcommand, option): choices}`` of every option of ``demotif`` that has choices."""
    subcommands = build_parser()._subparsers._group_actions[0].choices
    return {
        (name, action.option_strings[-1]): tuple(action.choices)
        for name, parser in subcommands.items()
        for action in parser._actions
        if action.choices is not None and action.option_strings
    }


@pytest.mark.parametrize("estimator_class", [DeepMotifClassifier, DeepBindClassifier])
@pytest.mark.parametrize(
    "parameter, options",
    [("lr_schedule", LR_SCHEDULES), ("early_stopping", EARLY_STOPPING), ("precision", PRECISIONS)],
)
def test_the_estimators_constraints_are_the_option_lists(estimator_class, parameter, options):
    assert _str_options(estimator_class, parameter) == set(options)


def test_deepbinds_pooling_constraint_is_the_option_list():
    assert _str_options(DeepBindClassifier, "pooling") == set(POOLINGS)


#: What every ``choices=`` of the parser must equal.
EXPECTED_CHOICES = {
    ("train", "--lr-schedule"): _str_options(DeepMotifClassifier, "lr_schedule"),
    ("train", "--early-stopping"): _str_options(DeepMotifClassifier, "early_stopping"),
    ("train", "--precision"): _str_options(DeepMotifClassifier, "precision"),
    ("train", "--model"): set(_ESTIMATORS),
    ("train", "--negatives"): set(NEGATIVE_KINDS),
    ("motif", "--format"): set(formats._WRITERS),
    ("motif", "--output"): set(MOTIF_OUTPUTS),  # optimize_class's constraint, checked below
    ("benchmark", "--models"): set(_ESTIMATORS),
}


def test_every_choices_list_of_the_parser_is_the_apis():
    found = {key: set(choices) for key, choices in _choices().items()}
    assert found == EXPECTED_CHOICES


def test_the_parser_offers_choices_in_the_option_lists_order():
    choices = _choices()
    assert choices["train", "--lr-schedule"] == LR_SCHEDULES
    assert choices["train", "--negatives"] == NEGATIVE_KINDS
    assert choices["benchmark", "--models"] == MODELS
    assert choices["motif", "--output"] == MOTIF_OUTPUTS


def test_optimize_class_takes_exactly_the_motif_outputs(make_tiny_classifier):
    from sklearn_demotif.datasets import make_motif_dataset
    from sklearn_demotif.encoding import one_hot_encode

    X, y = make_motif_dataset("MA0035.4", n_samples=40, length=20, random_state=0)
    classifier = make_tiny_classifier(max_epochs=1).fit(one_hot_encode(X), y)
    for output in MOTIF_OUTPUTS:
        pwm = optimize_class(classifier, output=output, n_restarts=1, n_steps=2, random_state=0)
        assert pwm.metadata["output"] == output
    with pytest.raises(ValueError, match="'output' parameter of optimize_class") as error:
        optimize_class(classifier, output="whole", n_restarts=1, n_steps=2)
    assert all(repr(output) in str(error.value) for output in MOTIF_OUTPUTS)


def test_the_model_names_are_the_estimators_names():
    assert tuple(_ESTIMATORS) == MODELS
    assert _ESTIMATORS == {"demo": DeepMotifClassifier, "deepbind": DeepBindClassifier}


def test_the_motif_formats_are_the_writers_formats():
    assert set(formats._WRITERS) == set(MOTIF_FORMAT_NAMES) == set(MOTIF_FORMATS.values())
    assert formats.MOTIF_FORMATS is MOTIF_FORMATS


def test_demos_network_and_classifier_share_their_defaults():
    network = _defaults(DeepMotifNetwork)
    classifier = DeepMotifClassifier().get_params()
    assert {name: network[name] for name in DEMO_NETWORK} == dict(DEMO_NETWORK)
    assert classifier["kernel_sizes"] is None
    classifier["kernel_sizes"] = default_kernel_sizes(classifier["n_conv_layers"])
    assert {name: classifier[name] for name in DEMO_NETWORK} == dict(DEMO_NETWORK)


def test_deepbinds_network_and_classifier_share_their_defaults():
    network = _defaults(DeepBindNetwork)
    classifier = DeepBindClassifier().get_params()
    assert {name: network[name] for name in DEEPBIND_NETWORK} == dict(DEEPBIND_NETWORK)
    assert {name: classifier[name] for name in DEEPBIND_NETWORK} == dict(DEEPBIND_NETWORK)


def test_class_optimization_defaults_are_optimize_class_s():
    defaults = _defaults(optimize_class)
    assert {name: defaults[name] for name in CLASS_OPTIMIZATION} == dict(CLASS_OPTIMIZATION)


def test_peak_defaults_are_load_peaks_s_and_named_in_the_help():
    defaults = _defaults(load_peaks)
    assert {name: defaults[name] for name in PEAK_WINDOWS} == dict(PEAK_WINDOWS)
    train = build_parser()._subparsers._group_actions[0].choices["train"]
    helps = {action.dest: action.help for action in train._actions}
    assert f"window width (default: {PEAK_WINDOWS['width']})" in helps["length"]
    assert f"(default: {PEAK_WINDOWS['negatives']})" in helps["negatives"]
    assert f"({PEAK_WINDOWS['n_negatives']})" in helps["n_negatives"]


def test_default_kernel_sizes_are_9_then_5_then_3():
    assert default_kernel_sizes(1) == (9,)
    assert default_kernel_sizes(3) == (9, 5, 3)
    assert default_kernel_sizes(5) == (9, 5, 3, 3, 3)


def test_the_module_imports_only_the_standard_library():
    tree = ast.parse(Path(_options.__file__).read_text())
    imported = {
        alias.name.split(".")[0] if isinstance(node, ast.Import) else node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {"types"}


@pytest.mark.parametrize(
    "function, defaults",
    [
        (scan_genome, {"stride": SCAN_STRIDE, "batch_size": SCORING_BATCH_SIZE}),
        (variant_effects, {"batch_size": SCORING_BATCH_SIZE}),
        (find_motifs, {"max_motifs": MAX_MOTIFS}),
    ],
)
def test_the_scoring_defaults_are_the_functions_and_the_parsers(function, defaults):
    found = _defaults(function)
    assert {name: found[name] for name in defaults} == defaults
    subcommands = build_parser()._subparsers._group_actions[0].choices
    parser_defaults = {
        action.dest: action.default
        for name in ("scan", "variants", "motif")
        for action in subcommands[name]._actions
    }
    for name, value in defaults.items():
        assert parser_defaults[name] == value
