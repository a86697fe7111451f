"""Result files: one per model and experiment, resumed only with the same settings."""

import json

import pandas as pd
import pytest

from sklearn_demotif.benchmark import COLUMNS
from sklearn_demotif.benchmark._results import (
    _read_all_finished,
    _result_path,
    _write_result,
    _write_results_table,
)

SETTINGS = {"quick": True, "random_state": 0, "params": {}}


def _row(experiment, model, auc):
    return {
        "experiment": experiment, "cell_line": "C", "tf": "T", "model": model, "auc": auc,
        "average_precision": auc, "n_train": 10, "n_epochs": 1, "train_seconds": 0.5,
        "device": "cpu", "published_deepbind_star_auc": None, "published_deepbind_auc": None,
    }


def test_a_written_result_is_read_back_for_its_experiment_and_model(tmp_path):
    entry = {"settings": SETTINGS, "row": _row("A B", "demo", 0.9)}
    _write_result(tmp_path, "A B", "demo", entry)
    assert _result_path(tmp_path, "A B", "demo").name == "A%20B.demo.json"
    finished = _read_all_finished(tmp_path, ["A B", "C"], {"demo": SETTINGS, "deepbind": SETTINGS})
    assert finished == {"A B": {"demo": entry}, "C": {}}


def test_without_out_nothing_is_finished():
    assert _read_all_finished(None, ["A"], {"demo": SETTINGS}) == {"A": {}}


def test_the_out_folder_is_made_when_missing(tmp_path):
    _read_all_finished(tmp_path / "new" / "out", ["A"], {"demo": SETTINGS})
    assert (tmp_path / "new" / "out").is_dir()


def test_a_result_made_with_other_settings_is_refused(tmp_path):
    _write_result(tmp_path, "A", "demo", {"settings": SETTINGS, "row": _row("A", "demo", 0.9)})
    other = {**SETTINGS, "random_state": 1}
    with pytest.raises(ValueError, match=r"A\.demo\.json: model 'demo' was run with settings"):
        _read_all_finished(tmp_path, ["A"], {"demo": other})


def test_a_file_that_is_not_a_result_names_itself(tmp_path):
    (tmp_path / "A.demo.json").write_text("[1, 2]")
    with pytest.raises(ValueError, match=r"A\.demo\.json: not a benchmark result file"):
        _read_all_finished(tmp_path, ["A"], {"demo": SETTINGS})


def test_a_result_file_of_the_old_one_file_per_experiment_layout_is_refused(tmp_path):
    old = {"experiment": "A", "models": {"demo": {"settings": SETTINGS,
                                                  "row": _row("A", "demo", 0.9)}}}
    (tmp_path / "A.json").write_text(json.dumps(old))
    with pytest.raises(ValueError, match=r"A\.json: a result file of the old layout .* no "
                                         r"longer read; delete it or move it"):
        _read_all_finished(tmp_path, ["A"], {"demo": SETTINGS})


def test_the_csv_holds_this_runs_rows_then_those_of_other_runs(tmp_path):
    _write_result(tmp_path, "A", "deepbind",
                  {"settings": SETTINGS, "row": _row("A", "deepbind", 0.7)})
    _write_result(tmp_path, "A", "demo", {"settings": SETTINGS, "row": _row("A", "demo", 0.1)})
    (tmp_path / "notes.json").write_text("not json")
    table = pd.DataFrame([_row("A", "demo", 0.9)], columns=COLUMNS)
    _write_results_table(tmp_path, table)
    csv = pd.read_csv(tmp_path / "results.csv")
    assert list(csv.columns) == COLUMNS
    assert csv[["model", "auc"]].values.tolist() == [["demo", 0.9], ["deepbind", 0.7]]
