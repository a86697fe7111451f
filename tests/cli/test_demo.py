"""``demotif demo``: report, model and motif from the embedded default."""

from sklearn_demotif.persistence import load_model

FAST_MOTIF = ["--n-steps", "20", "--n-restarts", "2", "--no-compare", "--quiet"]


def test_demo_writes_report_model_and_motif(tmp_path, run_cli):
    status, out, err = run_cli(
        "demo",
        "--out",
        tmp_path / "demo",
        "--n-samples",
        "200",
        "--max-epochs",
        "1",
        *FAST_MOTIF,
    )
    assert (status, err) == (0, "")
    assert sorted(path.name for path in (tmp_path / "demo").iterdir()) == [
        "model",
        "motif.meme",
        "report.html",
    ]
    page = (tmp_path / "demo" / "report.html").read_text()
    assert "planted REST motif" in page and "Reference motif MA0138" in page
    assert out.startswith("test ROC AUC ") and "report: " in out
    assert len(load_model(tmp_path / "demo" / "model").predict_proba(["ACGT" * 25])) == 1
