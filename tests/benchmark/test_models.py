"""The model of each name, the settings a result depends on and its file name."""

import sklearn_demotif.benchmark._models as models
from sklearn_demotif.benchmark._models import (
    _file_stem,
    _make_model,
    _model_settings,
    _search_iter,
)


def test_each_name_makes_a_pipeline_from_dna_strings_with_the_seed():
    for name, classifier in [("demo", "DeepMotifClassifier"), ("deepbind", "DeepBindClassifier")]:
        model = _make_model(name, False, 7, 0, {"max_epochs": 40})
        assert [type(step).__name__ for step in model.named_steps.values()] == [
            "OneHotDNA", classifier
        ]
        assert model[-1].random_state == 7 and model[-1].max_epochs == 40


def test_quick_caps_the_epochs_but_keeps_a_smaller_budget(monkeypatch):
    monkeypatch.setattr(models, "QUICK_MAX_EPOCHS", 5)
    assert _make_model("demo", True, 0, 0, {})[-1].max_epochs == 5
    assert _make_model("demo", True, 0, 0, {"max_epochs": 3})[-1].max_epochs == 3


def test_a_full_deepbind_run_is_a_calibration_search():
    search = _make_model("deepbind", False, 0, 4, {})
    assert (search.n_iter, search.cv.n_splits) == (4, models.SEARCH_CV)


def test_search_draws_default_to_none_when_quick_and_to_thirty_otherwise():
    assert (_search_iter(None, True), _search_iter(None, False)) == (0, models.FULL_SEARCH_ITER)
    assert _search_iter(2, True) == 2


def test_settings_are_json_values_and_name_the_search_only_for_deepbind():
    assert _model_settings("demo", 1, 3, 30, {"lr": (1e-3,)}) == {
        "quick": True, "random_state": 3, "params": {"lr": [1e-3]}
    }
    assert _model_settings("deepbind", False, 0, 30, {})["search_iter"] == 30


def test_file_stems_percent_encode_the_experiment_so_no_two_names_share_one():
    assert _file_stem("CTCF_K562_(x)+y", "demo") == "CTCF_K562_(x)+y.demo"
    assert _file_stem("TOY E", "demo") != _file_stem("TOY_E", "demo")
    assert _file_stem("a/b", "deepbind") == "a%2Fb.deepbind"
