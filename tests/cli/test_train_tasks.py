"""``demotif train --peaks A B ...``: several peak files train one multi-task model."""

import re

import pytest

from sklearn_demotif.datasets import make_multitask_genome_dataset
from sklearn_demotif.persistence import load_model

FAST = ["--max-epochs", "1", "--n-filters", "8", "--negatives", "shuffle"]


@pytest.fixture(scope="module")
def factors(tmp_path_factory):
    return make_multitask_genome_dataset(
        tmp_path_factory.mktemp("factors"), ["MA0139", "MA0035"], n_chromosomes=2,
        chromosome_length=60_000, n_regions=30, random_state=0,
    )


def test_several_peak_files_train_one_model_with_a_task_per_file(tmp_path, factors, run_cli):
    status, _, err = run_cli(
        "train", "--peaks", *factors.peaks.values(), "--genome", factors.genome,
        "--out", tmp_path / "m", "--test-chromosomes", "chr2", *FAST,
    )
    assert status == 0, err
    assert "of 2 tasks" in err and "CTCF: " in err and "GATA1: " in err
    assert re.search(r"on \d+ sequences of 101 bp, 2 tasks \(positives CTCF: \d+, GATA1: \d+\)",
                     err)
    for name in ("CTCF", "GATA1"):
        assert re.search(rf"test ROC AUC of {name} on the held-out chr2: [01]\.\d+, average "
                         r"precision [01]\.\d+ \(\d+ sequences, \d+ positives\)", err)
    classifier = load_model(tmp_path / "m")[-1]
    assert list(classifier.task_names_) == ["CTCF", "GATA1"]


def test_name_equals_file_names_the_tasks(tmp_path, factors, run_cli):
    ctcf, gata = factors.peaks.values()
    status, _, err = run_cli(
        "train", "--peaks", f"insulator={ctcf}", f"erythroid={gata}", "--genome",
        factors.genome, "--out", tmp_path / "m", *FAST, "-q",
    )
    assert status == 0, err
    assert list(load_model(tmp_path / "m")[-1].task_names_) == ["insulator", "erythroid"]


@pytest.mark.parametrize(
    "peaks, message",
    [
        (["a={ctcf}", "{gata}"], "--peaks: name every file (NAME=FILE) or none"),
        (["a={ctcf}", "a={gata}"], "--peaks names the task(s) a more than once"),
        (["={ctcf}", "b={gata}"], "write NAME=FILE, with a name and a file"),
        (["{ctcf}", "{other}"], "same task name (CTCF: "),
        (["{ctcf}", "{missing}"], "missing.bed"),
    ],
)
def test_bad_peak_lists_are_one_line_errors_before_training(
    tmp_path, factors, run_cli, one_line_error, peaks, message
):
    (tmp_path / "other").mkdir()
    other = tmp_path / "other" / "CTCF.narrowPeak"
    other.write_text(factors.peaks["CTCF"].read_text())
    paths = {"ctcf": factors.peaks["CTCF"], "gata": factors.peaks["GATA1"], "other": other,
             "missing": tmp_path / "missing.bed"}
    arguments = [peak.format(**paths) for peak in peaks]
    err = one_line_error(
        run_cli("train", "--peaks", *arguments, "--genome", factors.genome, "--out",
                tmp_path / "m", *FAST, "-q"),
        "train",
    )
    assert message in err
    assert not (tmp_path / "m").exists()


def test_one_peak_file_named_or_not_trains_a_binary_model(tmp_path, factors, run_cli):
    status, _, err = run_cli(
        "train", "--peaks", f"insulator={factors.peaks['CTCF']}", "--genome", factors.genome,
        "--out", tmp_path / "m", *FAST,
    )
    assert status == 0, err
    assert "tasks" not in err
    classifier = load_model(tmp_path / "m")[-1]
    assert list(classifier.classes_) == [0, 1] and not hasattr(classifier, "task_names_")


def test_several_peak_files_with_report_write_the_per_task_report(tmp_path, factors, run_cli):
    status, _, err = run_cli(
        "train", "--peaks", *factors.peaks.values(), "--genome", factors.genome,
        "--out", tmp_path / "m", "--test-chromosomes", "chr2", "--report",
        tmp_path / "report.html", "--n-restarts", "2", "--n-steps", "20", *FAST,
    )
    assert status == 0, err
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Performance per task" in page
    assert page.count("<td>CTCF</td>") >= 1 and page.count("<td>GATA1</td>") >= 1
