"""A multi-task model in ``interpret``: every function takes ``task=``, an index or a name, and
explains or measures that task's log-odds, ``decision_function(X)[:, task]``."""

import numpy as np
import pandas as pd
import pytest
import torch

from sklearn_demotif._utils import encoder_for, final_classifier
from sklearn_demotif.interpret import (
    EFFECT_COLUMNS,
    ablate,
    find_motifs,
    in_silico_mutagenesis,
    integrated_gradients,
    iter_genome_scan,
    marginalize,
    motif_spacing,
    optimize_class,
    read_variant_effects,
    saliency,
    scan_genome,
    variant_effects,
    write_bedgraph,
    write_track,
    write_variant_effects,
)
from sklearn_demotif.interpret.attribution import _log_odds_function
from sklearn_demotif.io import Genome

TASKS = ["GABPA", "REST", "CTCF"]


def _one_hot(bunch, rows):
    return encoder_for(bunch.model)(bunch.X[rows])


def test_the_log_odds_of_a_task_is_its_column_of_decision_function(multilabel_model):
    classifier = final_classifier(multilabel_model.model)
    X = _one_hot(multilabel_model, slice(0, 20))
    logits = classifier.decision_function(X)
    assert logits.shape == (20, 3)
    for task, name in enumerate(TASKS):
        for chosen in (task, name):
            log_odds = _log_odds_function(classifier, task=chosen)
            with torch.no_grad():
                scores = log_odds(torch.as_tensor(X)).numpy()
            np.testing.assert_allclose(scores, logits[:, task], rtol=1e-4, atol=1e-4)


def test_in_silico_mutagenesis_of_a_task_is_the_change_of_its_column(multilabel_model):
    model, X = multilabel_model.model, _one_hot(multilabel_model, slice(0, 2))
    effects = in_silico_mutagenesis(model[-1], X, task="REST")
    mutant = X[:1].copy()
    base = int(np.flatnonzero(mutant[0, :, 40] == 0)[0])
    mutant[0, :, 40] = 0
    mutant[0, base, 40] = 1
    logits = model[-1].decision_function(np.concatenate([X[:1], mutant]))[:, 1]
    np.testing.assert_allclose(effects[0, base, 40], logits[1] - logits[0], atol=1e-4)


def test_every_task_has_its_own_attributions_and_integrated_gradients_add_up(multilabel_model):
    model, X = final_classifier(multilabel_model.model), _one_hot(multilabel_model, slice(0, 3))
    maps = [saliency(model, X, task=task) for task in range(3)]
    assert all(m.shape == X.shape for m in maps)
    assert not np.allclose(maps[0], maps[1])
    np.testing.assert_array_equal(saliency(model, X, task="CTCF"), maps[2])
    _, errors = integrated_gradients(model, X, task="GABPA", return_errors=True)
    assert errors.max() < 0.05


@pytest.mark.parametrize(
    "call",
    [
        lambda model, X: saliency(model, X),
        lambda model, X: in_silico_mutagenesis(model, X),
        lambda model, X: integrated_gradients(model, X),
        lambda model, X: marginalize(model, X, "GATAAG"),
        lambda model, X: optimize_class(model, n_restarts=1, n_steps=1),
    ],
    ids=["saliency", "in_silico_mutagenesis", "integrated_gradients", "marginalize",
         "optimize_class"],
)
def test_a_multi_task_model_needs_a_task(multilabel_model, call):
    with pytest.raises(ValueError, match="3 tasks"):
        call(multilabel_model.model, multilabel_model.X[:2])


@pytest.mark.parametrize("task", [3, -1, "FOXA1"])
def test_a_task_out_of_range_or_unknown_is_named(multilabel_model, task):
    with pytest.raises(ValueError, match=f"{task}"):
        saliency(multilabel_model.model, multilabel_model.X[:2], task=task)


def test_a_target_is_refused_by_a_multi_task_model(multilabel_model):
    with pytest.raises(ValueError, match="target=1 is for single-task models"):
        marginalize(multilabel_model.model, multilabel_model.X[:5], "GATAAG", target=1)


def test_a_task_is_refused_by_a_single_task_model(tiny_genome_model):
    _, model = tiny_genome_model
    with pytest.raises(ValueError, match="is for multi-task models"):
        saliency(model, ["ACGT" * 25], task=0)


def test_marginalize_measures_the_change_of_the_task_column(multilabel_model):
    model, X = multilabel_model.model, _one_hot(multilabel_model, slice(0, 30))
    result = marginalize(model, X, "GATAAGA", task="GABPA")
    edited = X.copy()
    start = (X.shape[2] - 7) // 2
    edited[:, :, start : start + 7] = _one_hot_text("GATAAGA")
    logits = model[-1].decision_function(np.concatenate([X, edited]))[:, 0]
    np.testing.assert_allclose(result.deltas, logits[30:] - logits[:30], atol=1e-4)


def _one_hot_text(text):
    return np.eye(4, dtype=np.float32)[["ACGT".index(base) for base in text]].T


def test_motif_spacing_and_ablate_take_the_task(multilabel_model):
    model, X = multilabel_model.model, _one_hot(multilabel_model, slice(0, 30))
    table = motif_spacing(model, X, "GATA", "TTCC", spacings=[0, 4], task="REST")
    for spacing, effect in zip(table["spacing"], table["effect"], strict=True):
        pair = marginalize(model, X, "GATA" + "N" * spacing + "TTCC", task="REST")
        assert effect == pytest.approx(pair.effect, abs=1e-4)
    result = ablate(model, X, "GATAAG", task=1, random_state=0)
    assert result.deltas.shape == (result.n,)


def test_class_optimization_of_a_task_raises_its_probability(multilabel_model):
    classifier = final_classifier(multilabel_model.model)
    motif = classifier.motif_(task="REST", n_restarts=2, n_steps=200, random_state=0)
    assert motif.metadata["task"] == "REST" and motif.metadata["target"] is None
    assert motif.metadata["probability"] > 0.5
    assert "effect" in motif.metadata


def test_find_motifs_of_a_task_names_its_planted_motif(multilabel_model):
    model, X, y = multilabel_model.model, multilabel_model.X, multilabel_model.y
    motifs = find_motifs(model, X, y["REST"], task="REST", methods=("seqlets",), random_state=0,
                         verbose=0)
    assert motifs and motifs[0].metadata["task"] == "REST"
    assert motifs[0].metadata["jaspar"]["name"] == "REST"


def test_find_motifs_leaves_out_the_sequences_of_unknown_label(multilabel_model):
    model, X, y = multilabel_model.model, multilabel_model.X, multilabel_model.y["CTCF"]
    assert y.isna().any()
    options = dict(task="CTCF", methods=("filters",), compare=False, random_state=0, verbose=0)
    with_unknown = find_motifs(model, X, y.to_numpy(), **options)
    known = y.notna().to_numpy()
    without = find_motifs(model, X[known], y.to_numpy()[known], **options)
    assert [m.consensus for m in with_unknown] == [m.consensus for m in without]


def test_find_motifs_takes_one_column_of_a_multilabel_y(multilabel_model):
    with pytest.raises(ValueError, match=r"pass one column y\[:, k\] and task=k"):
        find_motifs(multilabel_model.model, multilabel_model.X, multilabel_model.y, task=0,
                    verbose=0)


def test_find_motifs_refuses_labels_other_than_0_1_and_nan(multilabel_model):
    y = multilabel_model.y["GABPA"].to_numpy().copy()
    y[0] = 2
    with pytest.raises(ValueError, match="0, 1 or NaN"):
        find_motifs(multilabel_model.model, multilabel_model.X, y, task=0, verbose=0)


def test_a_multilabel_y_passed_to_a_binary_model_is_refused(tiny_genome_model):
    _, model = tiny_genome_model
    X = ["ACGT" * 25] * 4
    with pytest.raises(ValueError, match="a multilabel y passed to a model fitted as binary"):
        find_motifs(model, X, np.zeros((4, 2)), verbose=0)


@pytest.fixture(scope="module")
def genome(tiny_genome_model):
    files, _ = tiny_genome_model
    return files


def test_scan_genome_scores_every_task_or_the_one_asked(multilabel_model, genome):
    model = multilabel_model.model
    track = scan_genome(model, genome.genome, "chr1:5000-5400", stride=50, verbose=0)
    assert track.columns.tolist() == ["chrom", "start", "end", *[f"score_{t}" for t in TASKS]]
    one = scan_genome(model, genome.genome, "chr1:5000-5400", stride=50, task="REST", verbose=0)
    assert one.columns.tolist() == ["chrom", "start", "end", "score"]
    np.testing.assert_array_equal(one["score"], track["score_REST"])
    with Genome(genome.genome) as fasta:
        windows = [fasta.fetch("chr1", start, end) for start, end in zip(
            track["start"], track["end"], strict=True)]
    np.testing.assert_allclose(track["score_CTCF"], model.decision_function(windows)[:, 2],
                               rtol=1e-5, atol=1e-5)


def test_a_multi_task_track_is_written_as_one_file_per_task(multilabel_model, genome, tmp_path):
    model = multilabel_model.model
    chunks = iter_genome_scan(model, genome.genome, "chr2:10000-10800", stride=20, batch_size=7,
                              verbose=0)
    paths = write_bedgraph(tmp_path / "scan.bedGraph", chunks)
    assert [path.name for path in paths] == [f"scan.{task}.bedGraph" for task in TASKS]
    for task, path in zip(TASKS, paths, strict=True):
        alone = scan_genome(model, genome.genome, "chr2:10000-10800", stride=20, task=task,
                            verbose=0)
        expected = write_bedgraph(tmp_path / f"{task}.bedGraph", alone)
        assert path.read_text() == expected.read_text()


def test_one_task_of_a_multi_task_track_is_written_by_name_or_index(multilabel_model, genome,
                                                                   tmp_path):
    track = scan_genome(multilabel_model.model, genome.genome, "chr2:10000-10500", stride=20,
                        verbose=0)
    by_name = write_bedgraph(tmp_path / "rest.bedGraph", track, task="REST")
    by_index = write_track(tmp_path / "one.bedGraph", track, task=1)
    assert by_name.read_text() == by_index.read_text()
    scores = [float(line.split("\t")[3]) for line in by_name.read_text().splitlines()]
    np.testing.assert_allclose(scores, track["score_REST"], rtol=1e-5)
    with pytest.raises(ValueError, match="FOXA1"):
        write_bedgraph(tmp_path / "x.bedGraph", track, task="FOXA1")
    single = track[["chrom", "start", "end", "score_REST"]].rename(columns={"score_REST": "score"})
    with pytest.raises(ValueError, match="one score column"):
        write_bedgraph(tmp_path / "y.bedGraph", single, task=0)


def test_every_task_gets_its_bigwig(multilabel_model, genome, tmp_path):
    pyBigWig = pytest.importorskip("pyBigWig")
    model = multilabel_model.model
    chunks = iter_genome_scan(model, genome.genome, "chr1:2000-2600", stride=25, verbose=0)
    paths = write_track(tmp_path / "scan.bw", chunks, sizes=genome.genome)
    assert [path.name for path in paths] == [f"scan.{task}.bw" for task in TASKS]
    track = scan_genome(model, genome.genome, "chr1:2000-2600", stride=25, verbose=0)
    bigwig = pyBigWig.open(str(paths[2]))
    values = [value for _, _, value in bigwig.intervals("chr1")]
    bigwig.close()
    np.testing.assert_allclose(values, track["score_CTCF"], rtol=1e-5)


def test_a_failing_task_track_leaves_no_file(tmp_path):
    track = pd.DataFrame({"chrom": "chr1", "start": [0, 10], "end": [101, 111],
                          "score_A": [0.5, 1.0], "score_B": [0.5, np.nan]})
    with pytest.raises(ValueError, match="score nan"):
        write_bedgraph(tmp_path / "scan.bedGraph", track)
    assert list(tmp_path.iterdir()) == []


def test_variant_effects_has_a_delta_per_task_and_round_trips(multilabel_model, genome,
                                                             tmp_path):
    model = multilabel_model.model
    effects = variant_effects(model, genome.vcf, genome.genome)
    scores = [f"{c}_{t}" for t in TASKS for c in ("ref_score", "alt_score", "delta")]
    assert effects.columns.tolist() == [*EFFECT_COLUMNS[:5], *scores, "status"]
    rest = variant_effects(model, genome.vcf, genome.genome, task="REST")
    assert rest.columns.tolist() == EFFECT_COLUMNS
    np.testing.assert_array_equal(rest["delta"], effects["delta_REST"])
    ok = effects["status"] == "ok"
    change = effects.loc[ok, "alt_score_GABPA"] - effects.loc[ok, "ref_score_GABPA"]
    np.testing.assert_allclose(effects.loc[ok, "delta_GABPA"], change)
    path = write_variant_effects(tmp_path / "effects.tsv", effects)
    pd.testing.assert_frame_equal(read_variant_effects(path), effects, check_dtype=False)
