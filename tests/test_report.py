"""The HTML report: one self-contained file with the sections it promises."""

import base64
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.motifs import PWM
from sklearn_demotif.report import make_report, write_report


def _tiny():
    return DeepMotifClassifier(
        n_filters=8, highway_units=8, n_highway_layers=1, max_epochs=3, random_state=0, verbose=0
    )


@pytest.fixture(scope="module")
def trained(site):
    X, y = make_motif_dataset(site, n_samples=160, length=30, random_state=0)
    model = Pipeline([("onehot", OneHotDNA()), ("clf", _tiny())]).fit(X, y)
    return model, X, y


@pytest.fixture(scope="module")
def matches():
    return pd.DataFrame(
        {
            "matrix_id": ["MA0139.2", "MA1102.3"],
            "name": ["CTCF", "CTCFL"],
            "p_value": [1e-9, 1e-4],
            "e_value": [1e-6, 0.1],
            "q_value": [2e-6, 0.05],
            "offset": [0, 2],
            "overlap": [15, 12],
            "strand": ["+", "-"],
        }
    )


def _images(page):
    return re.findall(r'<img alt="" src="data:image/png;base64,([A-Za-z0-9+/=]+)">', page)


def test_report_is_self_contained_with_every_section(trained, matches):
    model, X, y = trained
    motif = PWM.from_jaspar("MA0139.2")
    page = make_report(
        model,
        X,
        y,
        X_train=X,
        y_train=y,
        motif=motif,
        matches=matches,
        reference_motif="MA0139",
        motifs=None,
        n_attribution=2,
        description="toy <data>",
    )
    for heading in ("Data", "Model", "Performance", "Motif"):
        assert f"<h2>{heading}</h2>" in page
    assert "toy &lt;data&gt;" in page, "text is escaped"
    assert not re.search(r'(src|href)="(?!data:)', page), "no external resources"
    images = _images(page)
    # ROC, precision-recall, learning curves, learned and reference logos, two attribution maps
    assert len(images) == 7
    assert all(base64.b64decode(image)[:8] == b"\x89PNG\r\n\x1a\n" for image in images)
    assert '<tr class="match"><td class="num">1</td><td>MA0139.2</td>' in page
    assert "2.00e-06" in page, "q-values are shown"


def test_report_shows_the_test_auc_and_average_precision(trained):
    from sklearn.metrics import average_precision_score, roc_auc_score

    model, X, y = trained
    page = make_report(model, X, y, motif=None, motifs=None, n_attribution=0)
    scores = model.predict_proba(X)[:, 1]
    auc, average_precision = roc_auc_score(y, scores), average_precision_score(y, scores)
    assert f'<span class="big">{auc:.3f}</span>' in page
    assert f'average precision <span class="big">{average_precision:.3f}</span>' in page
    assert "<th>average precision</th>" in page
    assert "<h2>Motif</h2>" not in page


def test_published_deepbind_auc_beside_ours(trained, data_home):
    model, X, y = trained
    experiment = "GABPA_GM12878_GABP_HudsonAlpha"
    published = pd.read_csv(data_home / "deepbind_aucs.tsv", sep="\t").set_index("experiment")
    page = make_report(
        model, X, y, experiment=experiment, data_home=data_home, motif=None, motifs=None,
        n_attribution=0,
    )
    assert f"{published.loc[experiment, 'deepbind_star_auc']:.3f}" in page
    assert "DeepBind* (published" in page


def test_motif_auto_runs_class_optimization(trained):
    model, X, y = trained
    page = make_report(
        model,
        X,
        y,
        matches=None,
        motifs=None,
        n_attribution=0,
        motif_params={"n_restarts": 2, "n_steps": 10, "random_state": 0},
    )
    assert "<h2>Motif</h2>" in page and "consensus <code>" in page
    assert "the core of the optimized inputs" in page and "effect on the log-odds" in page
    assert "No JASPAR comparison" in page


def test_bare_classifier_takes_one_hot_or_strings(trained):
    _, X, y = trained
    classifier = _tiny().fit(one_hot_encode(X), y)
    by_array = make_report(
        classifier, one_hot_encode(X), y, motif=None, motifs=None, n_attribution=0
    )
    by_string = make_report(classifier, X, y, motif=None, motifs=None, n_attribution=0)
    assert re.search(r'class="big">([\d.]+)<', by_array).group(1) == re.search(
        r'class="big">([\d.]+)<', by_string
    ).group(1)


def test_multiclass_is_refused(trained):
    _, X, y = trained
    labels = np.arange(len(y)) % 3
    classifier = _tiny().fit(one_hot_encode(X), labels)
    with pytest.raises(ValueError, match="binary classifiers; this one has 3 classes"):
        make_report(classifier, X, labels)


def test_write_report_writes_atomically(trained, tmp_path):
    model, X, y = trained
    path = write_report(
        tmp_path / "report.html", model, X, y, motif=None, motifs=None, n_attribution=0
    )
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert path.read_text().rstrip().endswith("</html>")


def test_the_motif_set_shows_every_motif_with_its_evidence(trained):
    model, X, y = trained
    first, second = PWM.from_jaspar("MA0035.4"), PWM.from_jaspar("MA0139.2")
    first.metadata.update(
        methods=["class_optimization", "seqlets"], support=0.7, negative_support=0.05,
        enrichment=14.0, centrality=0.4,
        jaspar={"id": "MA0035.5", "name": "GATA1", "q_value": 2e-6, "p_value": 1e-9},
    )
    first.metadata["effect"] = 2.345
    page = make_report(model, X, y, motif=None, motifs=[first, second], n_attribution=0)
    assert "<h2>Motifs the model uses</h2>" in page
    assert "class optimization, seqlets" in page and "0.70 (0.05)" in page
    assert "MA0035.5 GATA1 (q = 2.00e-06)" in page and "14.0" in page
    assert "<th>effect</th>" in page and '<td class="num">2.35</td>' in page
    # ROC, precision-recall, learning curves, two logos and the spacing plot of the top two.
    assert len(_images(page)) == 3 + 2 + 1
    assert "Motif 1 (<code>TTCTAATCTAT</code>) then motif 2" in page
    assert "0–4 bases apart into 80 unbound test sequences" in page  # 30 - 11 - 15 = 4
    wider = PWM(np.hstack([second.matrix, second.matrix[:, :5]]))
    page = make_report(model, X, y, motif=None, motifs=[first, wider], n_attribution=0)
    assert "No spacing plot: motifs 1 and 2 (11 + 20 columns) do not fit" in page
    single = make_report(model, X, y, motif=None, motifs=[first], n_attribution=0)
    assert len(_images(single)) == 3 + 1 and "then motif 2" not in single
    empty = make_report(model, X, y, motif=None, motifs=[], n_attribution=0)
    assert "No motif has sites enriched" in empty


def test_the_motif_set_is_found_on_the_test_sequences_by_default(trained):
    model, X, y = trained
    page = make_report(
        model, X, y, motif=None, n_attribution=0,
        motifs_params={"methods": ("seqlets",), "compare": False},
    )
    assert "<h2>Motifs the model uses</h2>" in page


def test_saliency_maps_explain_the_log_odds(trained):
    model, X, y = trained
    page = make_report(model, X, y, motif=None, motifs=None, n_attribution=1)
    assert "gradient of the log-odds" in page and len(_images(page)) == 4


def test_the_report_never_replaces_the_published_auc_table_it_reads(trained, tmp_path):
    model, X, y = trained
    table = tmp_path / "deepbind_aucs.tsv"
    table.write_text("experiment\tdeepbind_auc\tdeepbind_star_auc\nX\t0.9\t0.91\n")
    before = table.read_bytes()
    with pytest.raises(ValueError, match="is the published AUC file"):
        write_report(table, model, X, y, experiment="X", data_home=tmp_path, motif=None,
                     motifs=None, n_attribution=0)
    assert table.read_bytes() == before


@pytest.mark.parametrize(
    "settings, culprit",
    [({"n_attribution": -1}, "n_attribution"), ({"motif": "best"}, "motif"),
     ({"trim_threshold": 2.0}, "trim_threshold"), ({"motifs": "all"}, "motifs")],
)
def test_invalid_report_arguments_are_named(trained, settings, culprit):
    model, X, y = trained
    with pytest.raises(ValueError, match=f"'{culprit}' parameter of make_report"):
        make_report(model, X, y, **settings)


# A multi-task model: a per-task table, a motif set per task and the motifs they share.


@pytest.fixture(scope="module")
def multitask_page(multilabel_model):
    bunch = multilabel_model
    return make_report(
        bunch.model, bunch.X[:450], bunch.y[:450], n_attribution=1,
        motifs_params={"methods": ("filters", "seqlets"), "compare": False},
    )


def test_a_multi_task_report_has_a_row_per_task_on_its_known_labels(multilabel_model,
                                                                   multitask_page):
    from sklearn.metrics import average_precision_score, roc_auc_score

    bunch = multilabel_model
    scores = bunch.model.predict_proba(bunch.X[:450])
    assert "Performance per task" in multitask_page
    for task, name in enumerate(bunch.y.columns):
        labels = bunch.y[name].to_numpy()[:450]
        known = ~np.isnan(labels)
        auc = roc_auc_score(labels[known], scores[known, task])
        average_precision = average_precision_score(labels[known], scores[known, task])
        row = (f'<td>{name}</td><td class="num">{auc:.3f}</td><td class="num">'
               f'{average_precision:.3f}</td><td class="num">{int(labels[known].sum())}</td>'
               f'<td class="num">{int(known.sum())}</td>')
        assert row in multitask_page
    assert "ROC curve of every task" in multitask_page


def test_a_multi_task_report_has_a_motif_set_per_task_and_the_shared_motifs(multitask_page):
    for name in ("GABPA", "REST", "CTCF"):
        assert f"<h3>{name}</h3>" in multitask_page
    assert multitask_page.count("<h2>Motifs of each task</h2>") == 1
    assert "<h2>Motifs the tasks share</h2>" in multitask_page
    assert "<h2>Motif</h2>" not in multitask_page  # class optimization is a view of each set
    assert multitask_page.count("of the test sequence each task scores highest") == 1
    assert len(re.findall(r"<h2>Attribution maps</h2>", multitask_page)) == 1


def test_motifs_of_different_tasks_alike_on_either_strand_are_shared():
    from sklearn_demotif.report import _shared_motifs

    gata, rest = PWM.from_jaspar("MA0035.4"), PWM.from_jaspar("MA0138")
    sets = {"A": [gata], "B": [rest, gata.reverse_complement()], "C": "too few bound"}
    (group,) = _shared_motifs(sets)
    assert [(task, rank) for task, rank, _ in group] == [("A", 1), ("B", 2)]
    assert _shared_motifs({"A": [gata, gata.reverse_complement()], "B": [rest]}) == []


def test_a_multi_task_report_needs_one_label_column_per_task(multilabel_model):
    bunch = multilabel_model
    with pytest.raises(ValueError, match=r"one column per task .* got \(20, 2\)"):
        make_report(bunch.model, bunch.X[:20], bunch.y.iloc[:20, :2], motifs=None,
                    n_attribution=0)
