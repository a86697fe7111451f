"""ChIP-seq experiments on disk: loading, listing, shuffled negatives, published AUCs."""

from collections import Counter

import pytest

from sklearn_demotif.datasets import (
    list_experiments,
    load_experiment,
    read_published_aucs,
)


def test_load_experiment_reads_demo_format(data_home):
    data = load_experiment("GATA1_K562_GATA-1_USC", data_home=data_home)
    assert data.format == "demo" and data.tf == "GATA1" and data.cell_line == "K562"
    assert len(data.X_train) == 2 * 3574 and Counter(data.y_train.tolist()) == {1: 3574, 0: 3574}
    assert len(data.X_test) == 1000 and set(map(len, data.X_test)) == {101}


def test_load_experiment_adds_seeded_dinucleotide_shuffles_to_deepbind_positives(data_home):
    name = "MYC_H1-hESC_c-Myc_Stanford"
    data = load_experiment(name, data_home=data_home)
    positives = data.X_train[data.y_train == 1]
    negatives = data.X_train[data.y_train == 0]
    assert len(positives) == len(negatives) == 4051
    pairs = list(zip(positives, negatives, strict=True))
    assert all(
        Counter(zip(p, p[1:], strict=False)) == Counter(zip(n, n[1:], strict=False))
        for p, n in pairs[:200]
    )
    again = load_experiment(name, data_home=data_home)
    assert again.X_train.tolist() == data.X_train.tolist()
    assert Counter(data.y_test.tolist()) == {1: 500, 0: 500}


def test_load_experiment_uses_the_environment_variable(data_home, monkeypatch):
    monkeypatch.setenv("DEMOTIF_DATA", str(data_home))
    assert load_experiment("GATA1_K562_GATA-1_USC").name == "GATA1_K562_GATA-1_USC"


def test_load_experiment_without_a_data_folder_looks_in_the_cache_and_says_so(
    monkeypatch, tmp_path
):
    monkeypatch.delenv("DEMOTIF_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=f"under {tmp_path}.*set DEMOTIF_DATA"):
        load_experiment("GATA1_K562_GATA-1_USC")


def test_unknown_or_test_only_experiment_is_a_clear_error(data_home):
    with pytest.raises(FileNotFoundError, match="'NOPE_CELL'.*no training and test files"):
        load_experiment("NOPE_CELL", data_home=data_home)
    with pytest.raises(FileNotFoundError, match="no training file"):
        load_experiment("CEBPB_K562_CEBPB_Stanford", data_home=data_home)


def test_list_experiments_finds_the_sixteen_trainable_ones(data_home):
    names = list_experiments(data_home)
    assert len(names) == 16
    assert "GATA1_K562_GATA-1_USC" in names and "CTCFL_K562_CTCFL_(SC-98982)_HudsonAlpha" in names
    assert len(list_experiments(data_home, require_train=False)) == 16 + 6 + 6


def test_published_aucs_cover_every_experiment(data_home):
    aucs = read_published_aucs(data_home)
    assert set(list_experiments(data_home, require_train=False)) <= set(aucs.index)
    assert aucs.loc["GATA1_K562_GATA-1_USC", "deepbind_star_auc"] == pytest.approx(0.95964)


def test_a_name_that_leaves_the_data_folder_is_refused(tmp_path):
    outside = tmp_path / "x" / "EVIL"
    outside.mkdir(parents=True)
    for split in ("train", "test"):
        (outside / f"{split}.fa").write_text(">1\nACGT\n>0\nTTGA\n")
    home = tmp_path / "a" / "b" / "data"
    home.mkdir(parents=True)
    with pytest.raises(ValueError, match=r"experiment name '\.\./\.\./x/EVIL' contains '/'"):
        load_experiment("../../x/EVIL", data_home=home)
    with pytest.raises(ValueError, match="contains '/'"):
        load_experiment("../../x/EVIL", data_home=home, download=True)
