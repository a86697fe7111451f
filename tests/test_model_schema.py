"""model.json's schema: every field checked, every failure naming the field."""

import copy
import json
import re

import pytest

from sklearn_demotif._model_schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_SEQUENCE_LENGTH,
    check_description,
    description_checksum,
)

CLASSIFIERS = ("DeepMotifClassifier", "DeepBindClassifier")
VALID = {
    "format": FORMAT_NAME,
    "format_version": FORMAT_VERSION,
    "sklearn_demotif_version": "0.3.0",
    "torch_version": "2.13.0+cpu",
    "estimator": {
        "class": "DeepMotifClassifier", "params": {"n_filters": 8, "kernel_sizes": None}
    },
    "pipeline": {
        "classifier_step": "clf",
        "preprocessing": [
            {"name": "onehot", "class": "OneHotDNA", "params": {"length": None}, "length_": 101}
        ],
    },
    "classes": {"dtype": "<i8", "values": [0, 1]},
    "sequence_length": 101,
    "n_epochs": 3,
    "network": {"net_class": "NeuralNetClassifier", "criterion": "CrossEntropyLoss"},
    "files": {
        "weights.safetensors": {"sha256": "a" * 64, "size": 1000},
        "history.json": {"sha256": "b" * 64, "size": 10},
    },
    "description_sha256": "c" * 64,
}


def _changed(change):
    description = copy.deepcopy(VALID)
    change(description)
    return description


def test_a_valid_description_gives_its_classes_with_their_dtype():
    classes = check_description(VALID, "model.json", CLASSIFIERS)
    assert classes.tolist() == [0, 1] and classes.dtype.str == "<i8"
    strings = _changed(lambda d: d.update(classes={"dtype": "|O", "values": ["a", "b"]}))
    assert check_description(strings, "m.json", CLASSIFIERS).tolist() == ["a", "b"]


def test_task_names_are_optional_and_name_a_multilabel_model_s_outputs():
    assert check_description(_changed(lambda d: d.update(task_names=None)), "m.json",
                             CLASSIFIERS).tolist() == [0, 1]
    multilabel = _changed(lambda d: d.update(task_names=["CTCF", "REST"]))
    assert check_description(multilabel, "m.json", CLASSIFIERS).tolist() == [0, 1]


def test_the_checksum_ignores_key_order_and_layout_but_not_content():
    reordered = json.loads(json.dumps(dict(reversed(list(VALID.items())))))
    assert description_checksum(reordered) == description_checksum(VALID)
    assert description_checksum(_changed(lambda d: d.update(description_sha256="0" * 64))) == (
        description_checksum(VALID)
    )
    assert description_checksum(_changed(lambda d: d.update(n_epochs=4))) != (
        description_checksum(VALID)
    )


@pytest.mark.parametrize(
    "change, field, problem",
    [
        (lambda d: d.pop("classes"), "classes", "is missing"),
        (lambda d: d.update(extra=1), "extra", "is not a field"),
        (lambda d: d.update(format_version=True), "format_version", "must be an integer"),
        (lambda d: d.update(sequence_length=MAX_SEQUENCE_LENGTH + 1), "sequence_length",
         "must be between"),
        (lambda d: d.update(n_epochs=-1), "n_epochs", "must be between"),
        (lambda d: d.update(description_sha256="xyz"), "description_sha256", "not a valid value"),
        (lambda d: d["estimator"].update({"class": "OneHotDNA"}), "estimator.class",
         "must be one of"),
        (lambda d: d["estimator"].update(params=[1]), "estimator.params", "must be an object"),
        (lambda d: d["estimator"]["params"].update(n_filters={"a": 1}),
         "estimator.params.n_filters", "must be a number, string"),
        (lambda d: d["classes"].update(values=[1]), "classes.values", "must hold 2 to"),
        (lambda d: d["classes"].update(values=[1, 0]), "classes.values", "sorted and distinct"),
        (lambda d: d["classes"].update(values=[0, True]), "classes.values[1]", "label of dtype"),
        (lambda d: d["classes"].update(values=[0, 2**70]), "classes.values", "do not fit dtype"),
        (lambda d: d["classes"].update(dtype="<U99999"), "classes.dtype", "not a valid value"),
        (lambda d: d["files"]["weights.safetensors"].update(size=2**40),
         "files.weights.safetensors.size", "must be between"),
        (lambda d: d["pipeline"].update(classifier_step="onehot"), "pipeline.classifier_step",
         "repeats the step name"),
        (lambda d: d["pipeline"].update(classifier_step="a__b"), "pipeline.classifier_step",
         "not a valid value"),
        (lambda d: d["pipeline"]["preprocessing"][0].update({"class": "StandardScaler"}),
         "pipeline.preprocessing[0].class", "must be one of"),
        (lambda d: d["pipeline"]["preprocessing"][0].update(length_=50),
         "pipeline.preprocessing[0].length_", "trained on sequences of 101"),
        (lambda d: d.update(task_names="CTCF"), "task_names", "must be a list"),
        (lambda d: d.update(task_names=["a"]), "task_names", "must hold 2 to"),
        (lambda d: d.update(task_names=["a", "a"]), "task_names", "must be distinct"),
        (lambda d: d.update(task_names=["a", 1]), "task_names[1]", "must be a string"),
        (lambda d: d.update(task_names=["a", ""]), "task_names[1]", "non-empty"),
        (lambda d: d.update(task_names=["a", "b", "c"]), "task_names",
         "classes.values' must be 0 to 2"),
    ],
)
def test_every_failure_names_the_field(change, field, problem):
    with pytest.raises(ValueError, match=rf"^model\.json: field '{re.escape(field)}' .*{problem}"):
        check_description(_changed(change), "model.json", CLASSIFIERS)


def test_a_description_that_is_not_an_object_is_refused():
    with pytest.raises(ValueError, match="field '' must be an object, got \\[\\] \\(list\\)"):
        check_description([], "model.json", CLASSIFIERS)


@pytest.mark.parametrize("params", [None, [], "x", 3])
def test_hyperparameters_that_are_not_an_object_are_named(params):
    description = _changed(lambda d: d["estimator"].update(params=params))
    with pytest.raises(ValueError, match="field 'estimator.params' must be an object"):
        check_description(description, "model.json", CLASSIFIERS)
