"""The data-folder policy: argument, then ``$DEMOTIF_DATA``, then the per-user cache.

One test per step of the order, then one that every entry point (readers,
``fetch_experiment``, the command line) follows it.
"""

from pathlib import Path

import pytest

from sklearn_demotif.cli import main
from sklearn_demotif.datasets import (
    check_experiment_name,
    default_cache_home,
    experiment_files,
    fetch_experiment,
    find_file,
    get_data_home,
    list_experiments,
    load_experiment,
    read_published_aucs,
)
from sklearn_demotif.io import write_labeled_fasta


@pytest.fixture
def three_homes(tmp_path, monkeypatch):
    """An argument folder, an environment folder and a cache folder, each distinct."""
    argument, environment, cache = tmp_path / "argument", tmp_path / "environment", tmp_path
    monkeypatch.setenv("DEMOTIF_DATA", str(environment))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return argument, environment, cache / "sklearn-demotif"


def test_step_1_an_argument_wins_over_the_environment(three_homes):
    argument, _, _ = three_homes
    assert get_data_home(argument) == argument


def test_step_2_the_environment_variable_comes_next(three_homes):
    _, environment, _ = three_homes
    assert get_data_home() == environment


def test_step_3_unset_or_empty_environment_falls_back_to_the_cache(three_homes, monkeypatch):
    _, _, cache = three_homes
    monkeypatch.setenv("DEMOTIF_DATA", "")
    assert get_data_home() == cache
    monkeypatch.delenv("DEMOTIF_DATA")
    assert get_data_home() == cache == default_cache_home()


def test_the_cache_is_xdg_cache_home_or_dot_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_home() == tmp_path / "sklearn-demotif"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_home().parts[-2:] == (".cache", "sklearn-demotif")


def test_files_are_found_in_the_folder_first_then_one_folder_down(tmp_path):
    for folder in (tmp_path / "b", tmp_path / "a"):
        folder.mkdir()
        (folder / "x.txt").write_text(folder.name)
    assert find_file(tmp_path, "x.txt").read_text() == "a", "sub-folders in sorted order"
    (tmp_path / "x.txt").write_text("top")
    assert find_file(tmp_path, "x.txt").read_text() == "top"
    assert find_file(tmp_path, "y.txt") is None


def test_experiment_files_know_both_layouts(tmp_path):
    (tmp_path / "encode").mkdir()
    (tmp_path / "encode" / "A_CELL_B.seq.gz").write_bytes(b"")
    write_labeled_fasta(tmp_path / "B_CELL" / "train.fa", ["ACGT"], [1])
    assert experiment_files("A_CELL", data_home=tmp_path) == (
        "deepbind", None, tmp_path / "encode" / "A_CELL_B.seq.gz"
    )
    assert experiment_files("B_CELL", data_home=tmp_path) == (
        "demo", tmp_path / "B_CELL" / "train.fa", None
    )


@pytest.fixture
def experiment_in_the_cache(three_homes, monkeypatch):
    """A toy experiment in the cache folder, with DEMOTIF_DATA unset."""
    _, _, cache = three_homes
    monkeypatch.delenv("DEMOTIF_DATA")
    for split in ("train", "test"):
        write_labeled_fasta(cache / "TOY_CELL_LAB" / f"{split}.fa", ["ACGTAC", "TTGACA"], [1, 0])
    (cache / "deepbind_aucs.tsv").write_text(
        "experiment\tcell_line\ttf\tdeepbind_star_auc\tdeepbind_auc\tmeme_sum_auc\tmeme_m1_auc\n"
        "TOY_CELL_LAB\tCELL\tTOY\t0.9\t0.8\t0.7\t0.6\n"
    )
    return cache


def test_every_reader_and_the_fetcher_follow_the_policy(experiment_in_the_cache):
    cache = experiment_in_the_cache
    assert list_experiments() == ["TOY_CELL_LAB"]
    assert load_experiment("TOY_CELL_LAB").files[0] == str(cache / "TOY_CELL_LAB" / "train.fa")
    assert read_published_aucs().loc["TOY_CELL_LAB", "deepbind_star_auc"] == 0.9
    assert fetch_experiment("TOY_CELL_LAB", verbose=0).data_home == cache


def test_the_command_line_follows_the_policy(experiment_in_the_cache, capsys):
    status = main(["benchmark", "--experiments", "NOT_THERE", "-q"])
    err = capsys.readouterr().err
    assert status == 1 and str(experiment_in_the_cache) in err and "TOY_CELL_LAB" in err


@pytest.mark.parametrize(
    "name, problem",
    [
        ("../../../../tmp/x/EVIL", "contains '/'"),
        ("..", "starts with '.'"),
        ("a\\b", "contains '\\\\\\\\'"),
        ("x\x00y", "control character"),
        (" GATA1", "white space"),
        ("", "is empty"),
        ("A" * 201, "longer than 200"),
    ],
)
def test_unsafe_experiment_names_are_refused_before_any_path_is_built(name, problem):
    with pytest.raises(ValueError, match=problem):
        check_experiment_name(name)
    with pytest.raises(ValueError, match="experiment name"):
        experiment_files(name, data_home=Path("/nonexistent"))


def test_names_with_spaces_and_punctuation_are_accepted():
    for name in ("TOY E_CELL_LAB", "ARID3A_K562_ARID3A_(sc-8821)_Stanford", "é+x"):
        assert check_experiment_name(name) == name
