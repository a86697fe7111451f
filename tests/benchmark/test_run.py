"""run_benchmark on a small synthetic experiment folder: table, published AUCs, resuming.

The package's modules read their settings and call each other where they are defined,
so the tests patch ``_dispatch.run_experiment``, ``_models.QUICK_MAX_EPOCHS`` and the like.
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

import sklearn_demotif._atomic as atomic
import sklearn_demotif.benchmark as benchmark
import sklearn_demotif.benchmark._dispatch as dispatch
import sklearn_demotif.benchmark._experiment as experiment
import sklearn_demotif.benchmark._models as models
from sklearn_demotif.benchmark import COLUMNS, run_benchmark
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.io import write_labeled_fasta

EXPERIMENTS = ["CTCF_TOY1_LAB", "GATA_TOY2_LAB", "SPI_TOY3_LAB"]
MOTIFS = ["MA0139", "MA0035", "MA0080"]
TINY = {
    "demo": {"n_filters": 8, "n_conv_layers": 1, "n_highway_layers": 1, "max_epochs": 2},
    "deepbind": {"n_motifs": 4, "max_epochs": 2},
}


@pytest.fixture(scope="module")
def synthetic_home(tmp_path_factory):
    """Three DeMo-format experiments with planted JASPAR motifs and a published-AUC table."""
    home = tmp_path_factory.mktemp("experiments")
    for seed, (name, motif) in enumerate(zip(EXPERIMENTS, MOTIFS, strict=True)):
        X, y = make_motif_dataset(motif, n_samples=400, length=40, random_state=seed)
        (home / name).mkdir()
        write_labeled_fasta(home / name / "train.fa", X[:300], y[:300])
        write_labeled_fasta(home / name / "test.fa", X[300:], y[300:])
    (home / "ONLY_TEST_LAB").mkdir()
    write_labeled_fasta(home / "ONLY_TEST_LAB" / "test.fa", X[300:], y[300:])
    (home / "deepbind_aucs.tsv").write_text(
        "experiment\tcell_line\ttf\tdeepbind_star_auc\tdeepbind_auc\tmeme_sum_auc\tmeme_m1_auc\n"
        "CTCF_TOY1_LAB\tTOY1\tCTCF\t0.91\t0.81\t0.7\t0.6\n"
        "GATA_TOY2_LAB\tTOY2\tGATA\t0.92\t0.82\t0.7\t0.6\n"
    )
    return home


def _run(home, **kwargs):
    kwargs = {"quick": True, "model_params": TINY, "verbose": 0, **kwargs}
    return run_benchmark(data_home=home, **kwargs)


@pytest.fixture(scope="module")
def finished_run(synthetic_home, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return _run(synthetic_home, out=out), out


def test_one_row_per_experiment_and_model_with_the_documented_columns(finished_run):
    table, _ = finished_run
    assert list(table.columns) == COLUMNS
    assert table[["experiment", "model"]].values.tolist() == [
        [name, model] for name in EXPERIMENTS for model in ("demo", "deepbind")
    ]
    assert table.tf.tolist() == ["CTCF", "CTCF", "GATA", "GATA", "SPI", "SPI"]
    assert table.cell_line.unique().tolist() == ["TOY1", "TOY2", "TOY3"]
    assert (table.n_train == 300).all()
    assert (table.n_epochs == 2).all()
    assert (table.device == "cpu").all()
    assert (table.train_seconds > 0).all()
    assert table.auc.between(0, 1).all()


def test_published_aucs_come_from_the_data_folder(finished_run):
    table, _ = finished_run
    star = table.set_index(["experiment", "model"]).published_deepbind_star_auc
    assert star["CTCF_TOY1_LAB", "demo"] == 0.91 and star["GATA_TOY2_LAB", "deepbind"] == 0.92
    assert np.isnan(star["SPI_TOY3_LAB", "demo"])
    assert table.published_deepbind_auc.iloc[0] == 0.81


def test_every_model_of_every_experiment_is_written_to_its_own_file_and_a_csv(finished_run):
    table, out = finished_run
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [f"{name}.{model}.json" for name in EXPERIMENTS for model in ("demo", "deepbind")]
        + ["results.csv"]
    )
    content = json.loads((out / "CTCF_TOY1_LAB.demo.json").read_text())
    assert (content["experiment"], content["model"]) == ("CTCF_TOY1_LAB", "demo")
    assert content["row"]["auc"] == table.auc.iloc[0]
    assert content["settings"]["quick"] is True
    pd.testing.assert_frame_equal(pd.read_csv(out / "results.csv"), table, check_dtype=False)


def test_rerun_reads_finished_experiments_instead_of_training(
    finished_run, synthetic_home, monkeypatch
):
    table, out = finished_run

    def must_not_train(*args, **kwargs):
        raise AssertionError("a finished experiment was trained again")

    monkeypatch.setattr(dispatch, "run_experiment", must_not_train)
    pd.testing.assert_frame_equal(_run(synthetic_home, out=out), table)


def test_rerun_with_another_model_trains_only_that_model(synthetic_home, tmp_path, monkeypatch):
    _run(synthetic_home, experiments=EXPERIMENTS[:1], models=("demo",), out=tmp_path)
    trained = []
    original = benchmark.run_experiment

    def spy(name, **kwargs):
        trained.append((name, tuple(kwargs["models"])))
        return original(name, **kwargs)

    monkeypatch.setattr(dispatch, "run_experiment", spy)
    table = _run(synthetic_home, experiments=EXPERIMENTS[:1], out=tmp_path)
    assert trained == [(EXPERIMENTS[0], ("deepbind",))]
    assert table.model.tolist() == ["demo", "deepbind"]
    assert sorted(path.name for path in tmp_path.glob("*.json")) == [
        f"{EXPERIMENTS[0]}.deepbind.json", f"{EXPERIMENTS[0]}.demo.json"
    ]


def test_results_made_with_other_settings_are_not_mixed_in(finished_run, synthetic_home):
    _, out = finished_run
    with pytest.raises(ValueError, match=r"CTCF_TOY1_LAB\.demo\.json: model 'demo' was run with"):
        _run(synthetic_home, out=out, random_state=1)


def test_a_failed_write_leaves_no_file_behind(synthetic_home, tmp_path, monkeypatch):
    def crash(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        _run(synthetic_home, experiments=EXPERIMENTS[:1], models=("deepbind",), out=tmp_path)
    assert list(tmp_path.iterdir()) == []


_KILLED_RUN = """
import sys, time
import sklearn_demotif.benchmark as benchmark
import sklearn_demotif.benchmark._dispatch as dispatch

original = dispatch.run_experiment

def run_experiment(name, **kwargs):
    if name == {slow!r}:
        time.sleep(120)  # the test kills the process here
    return original(name, **kwargs)

dispatch.run_experiment = run_experiment
benchmark.run_benchmark({experiments!r}, data_home={home!r}, out={out!r}, quick=True,
                        model_params={params!r}, verbose=0)
"""


def test_a_killed_run_resumes_without_retraining_finished_experiments(
    synthetic_home, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    script = _KILLED_RUN.format(
        slow=EXPERIMENTS[1], experiments=EXPERIMENTS, home=str(synthetic_home), out=str(out),
        params=TINY,
    )
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], env=environment)
    first = out / f"{EXPERIMENTS[0]}.demo.json"
    deadline = time.monotonic() + 120
    while not first.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert sorted(path.name for path in out.iterdir()) == [
        f"{EXPERIMENTS[0]}.deepbind.json", first.name
    ]
    before = json.loads(first.read_text())

    trained = []
    original = benchmark.run_experiment

    def spy(name, **kwargs):
        trained.append(name)
        return original(name, **kwargs)

    monkeypatch.setattr(dispatch, "run_experiment", spy)
    table = _run(synthetic_home, out=out)
    assert trained == EXPERIMENTS[1:]
    assert table.experiment.unique().tolist() == EXPERIMENTS
    demo = table[(table.experiment == EXPERIMENTS[0]) & (table.model == "demo")].iloc[0]
    assert demo.train_seconds == before["row"]["train_seconds"]
    assert not [path for path in out.iterdir() if path.name.endswith(".tmp")]


def test_quick_caps_epochs_and_training_sequences(synthetic_home, monkeypatch):
    monkeypatch.setattr(models, "QUICK_MAX_EPOCHS", 1)
    monkeypatch.setattr(experiment, "QUICK_MAX_TRAIN", 100)
    table = _run(synthetic_home, experiments=EXPERIMENTS[:1])
    assert (table.n_epochs == 1).all()
    assert (table.n_train == 100).all()


def test_full_run_calibrates_deepbind_by_random_search(synthetic_home, monkeypatch):
    searches = []
    original = models.deepbind_search

    def spy(**kwargs):
        searches.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(models, "deepbind_search", spy)
    params = {"deepbind": {"n_motifs": 2, "max_epochs": 1}}
    table = run_benchmark(
        EXPERIMENTS[:1], data_home=synthetic_home, models=("deepbind",), model_params=params,
        search_iter=2, verbose=0,
    )
    assert searches and searches[0]["n_iter"] == 2 and searches[0]["cv"] == 3
    assert table.auc.between(0, 1).all()


def test_unknown_names_are_refused_before_any_training(synthetic_home):
    with pytest.raises(ValueError, match=r"\['NOPE'\] have no training and test data"):
        _run(synthetic_home, experiments=["NOPE"])
    with pytest.raises(ValueError, match=r"\['ONLY_TEST_LAB'\]"):
        _run(synthetic_home, experiments=["ONLY_TEST_LAB"])
    with pytest.raises(ValueError, match="unknown models"):
        _run(synthetic_home, models=("deepsea",))
    with pytest.raises(ValueError, match=r"'random_state' parameter of run_benchmark must be"):
        _run(synthetic_home, random_state=None)
    with pytest.raises(ValueError, match="either n_jobs"):
        _run(synthetic_home, n_jobs=2, scheduler="tcp://127.0.0.1:1")


def test_names_that_once_shared_a_result_file_keep_their_own_results(synthetic_home, tmp_path):
    home = tmp_path / "data"
    for source, name in zip(EXPERIMENTS[:2], ["TOY E_CELL_LAB", "TOY_E_CELL_LAB"], strict=True):
        (home / name).mkdir(parents=True)
        for split in ("train.fa", "test.fa"):
            (home / name / split).write_bytes((synthetic_home / source / split).read_bytes())
    names = ["TOY E_CELL_LAB", "TOY_E_CELL_LAB"]
    out = tmp_path / "out"
    first = _run(home, experiments=names, models=("deepbind",), out=out)
    assert first.auc.iloc[0] != first.auc.iloc[1]
    resumed = _run(home, experiments=names, models=("deepbind",), out=out)
    assert resumed.auc.tolist() == first.auc.tolist()
    assert (out / "TOY%20E_CELL_LAB.deepbind.json").is_file()


def test_a_result_file_of_another_experiment_is_refused(finished_run, synthetic_home, tmp_path):
    _, out = finished_run
    for path in out.glob("*.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "GATA_TOY2_LAB.demo.json").write_bytes(
        (out / "CTCF_TOY1_LAB.demo.json").read_bytes()
    )
    with pytest.raises(ValueError, match=r"GATA_TOY2_LAB\.demo\.json: holds results of "
                                         r"experiment 'CTCF_TOY1_LAB'"):
        _run(synthetic_home, out=tmp_path)


def test_two_runs_of_different_models_into_one_folder_lose_nothing(synthetic_home, tmp_path):
    demo = _run(synthetic_home, experiments=EXPERIMENTS[:1], models=("demo",), out=tmp_path)
    deepbind = _run(synthetic_home, experiments=EXPERIMENTS[:1], models=("deepbind",),
                    out=tmp_path)
    csv = pd.read_csv(tmp_path / "results.csv")
    assert csv.model.tolist() == ["deepbind", "demo"]
    assert csv.auc.tolist() == [deepbind.auc.iloc[0], demo.auc.iloc[0]]
    assert json.loads((tmp_path / f"{EXPERIMENTS[0]}.demo.json").read_text())["row"]["auc"] == (
        demo.auc.iloc[0]
    )


def test_models_trained_on_whole_training_sets_are_kept_for_later(
    synthetic_home, tmp_path, monkeypatch
):
    monkeypatch.setattr(experiment, "QUICK_MAX_TRAIN", 250)
    keep = tmp_path / "models"
    table = _run(synthetic_home, experiments=EXPERIMENTS[:1], models=("demo",), model_dir=keep)
    assert not keep.exists()  # trained on a subset of 250 of the 300 sequences
    monkeypatch.setattr(experiment, "QUICK_MAX_TRAIN", 20000)
    table = _run(synthetic_home, experiments=EXPERIMENTS[:1], models=("demo",), model_dir=keep)
    assert sorted(path.name for path in keep.iterdir()) == [
        f"{EXPERIMENTS[0]}.demo.cache.json", f"{EXPERIMENTS[0]}.demo.cache.pkl"
    ]
    from sklearn_demotif import DeepMotifClassifier
    from sklearn_demotif.datasets import load_experiment

    wanted = DeepMotifClassifier(random_state=0, verbose=0, **TINY["demo"])
    model, info = benchmark.load_fitted_model(keep, EXPERIMENTS[0], "demo", wanted)
    assert info["n_epochs"] == table.n_epochs[0] and info["n_train"] == 300
    data = load_experiment(EXPERIMENTS[0], data_home=synthetic_home)
    assert model.predict_proba(data.X_test).shape == (100, 2)
    other = wanted.set_params(max_epochs=3)
    assert benchmark.load_fitted_model(keep, EXPERIMENTS[0], "demo", other) is None


def test_an_out_folder_that_is_or_holds_the_data_home_is_refused_before_any_work(tmp_path):
    home = tmp_path / "data"
    (home / "TOY").mkdir(parents=True)
    (home / "TOY" / "train.fa").write_text(">1\nACGT\n")
    link = tmp_path / "link"
    link.symlink_to(home)
    for out, verb in [(home, "is"), (link, "is"), (tmp_path, "holds")]:
        with pytest.raises(ValueError, match=rf"^out {out} {verb} the data_home folder \({home}\)"):
            run_benchmark(data_home=home, out=out, verbose=0)
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["TOY", "data", "link", "train.fa"]
