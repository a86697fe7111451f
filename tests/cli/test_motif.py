"""``demotif motif``: the motif file in the format its extension names, and a logo."""

import numpy as np

from sklearn_demotif.motifs import read_meme
from sklearn_demotif.persistence import load_model

FAST_MOTIF = ["--n-steps", "20", "--n-restarts", "2", "--no-compare", "--quiet"]


def test_motif_writes_a_trimmed_meme_file_and_a_png_logo(workspace, run_cli):
    folder, _, _ = workspace
    motif, logo = folder / "motif.meme", folder / "new" / "dir" / "motif.png"
    status, _, err = run_cli(
        "motif", "--model", folder / "model", "--out", motif, "--logo", logo, *FAST_MOTIF
    )
    assert status == 0, err
    (pwm,) = read_meme(motif)
    assert pwm.matrix.shape[0] == 4 and 1 <= pwm.width <= 30
    assert logo.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_motif_output_input_writes_the_whole_optimized_input(workspace, run_cli):
    folder, _, _ = workspace
    motif = folder / "input.meme"
    status, _, err = run_cli(
        "motif", "--model", folder / "model", "--out", motif, "--output", "input", "--no-trim",
        *FAST_MOTIF,
    )
    assert status == 0, err
    (pwm,) = read_meme(motif)
    expected = load_model(folder / "model")[-1].motif_(
        output="input", n_steps=20, n_restarts=2, random_state=0
    )
    np.testing.assert_allclose(pwm.matrix, expected.matrix, atol=1e-5)


def test_an_unknown_motif_output_is_refused(workspace, run_cli):
    folder, _, _ = workspace
    status, _, err = run_cli(
        "motif", "--model", folder / "model", "--out", folder / "x.meme", "--output", "whole"
    )
    assert status == 2 and "invalid choice: 'whole'" in err


def test_motif_formats_follow_the_extension(workspace, run_cli):
    folder, _, _ = workspace
    for name, marker in (("m.jaspar", ">"), ("m.transfac", "AC")):
        status, _, err = run_cli(
            "motif", "--model", folder / "model", "--out", folder / name, *FAST_MOTIF
        )
        assert status == 0, err
        assert (folder / name).read_text().startswith(marker)


def test_motif_all_writes_every_motif_and_prints_their_table(workspace, run_cli):
    folder, _, _ = workspace
    motifs, logos = folder / "all.meme", folder / "all.png"
    status, out, err = run_cli(
        "motif", "--model", folder / "model", "--all", "--seqs", folder / "train.fa",
        "--out", motifs, "--logo", logos, *FAST_MOTIF,
    )
    assert status == 0, err
    written = read_meme(motifs)
    header, *rows = out.splitlines()
    columns = header.split("\t")
    assert columns[:5] == ["rank", "name", "consensus", "width", "methods"]
    assert "effect" in columns and "effect_sem" in columns
    assert len(rows) == len(written) >= 1
    effects = [float(row.split("\t")[columns.index("effect")]) for row in rows]
    assert all(np.isfinite(effects))
    assert all(4 <= pwm.width <= 30 for pwm in written)
    assert logos.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_motif_all_needs_sequences(workspace, run_cli, one_line_error):
    folder, _, _ = workspace
    result = run_cli("motif", "--model", folder / "model", "--all", "--out", folder / "x.meme")
    assert "--all needs --seqs" in one_line_error(result, "motif")


def test_an_unknown_motif_extension_is_refused_before_class_optimization(
    workspace, tmp_path, run_cli, one_line_error, monkeypatch
):
    import sklearn_demotif.cli.motif as motif_command

    def forbidden(*args, **kwargs):
        raise AssertionError("the model was loaded before the output was checked")

    monkeypatch.setattr(motif_command, "load", forbidden)
    folder, _, _ = workspace
    err = one_line_error(
        run_cli("motif", "--model", folder / "model", "--out", tmp_path / "m.xyz", "-q"), "motif"
    )
    assert "m.xyz: unknown motif file extension '.xyz'; use one of .meme" in err
    assert list(tmp_path.iterdir()) == []


def test_motif_optimizes_the_task_of_a_multi_task_model(tmp_path, multilabel_model_folder,
                                                        run_cli, one_line_error):
    motif = tmp_path / "rest.meme"
    status, _, err = run_cli("motif", "--model", multilabel_model_folder, "--out", motif,
                             "--task", "REST", *FAST_MOTIF)
    assert status == 0, err
    (pwm,) = read_meme(motif)
    expected = load_model(multilabel_model_folder)[-1].motif_(
        task="REST", n_steps=20, n_restarts=2, random_state=0
    ).trim()
    np.testing.assert_allclose(pwm.matrix, expected.matrix, atol=1e-5)
    result = run_cli("motif", "--model", multilabel_model_folder, "--out", tmp_path / "x.meme",
                     *FAST_MOTIF)
    assert "this model has 3 tasks" in one_line_error(result, "motif")


def test_motif_refuses_a_task_for_a_single_task_model(workspace, tmp_path, run_cli,
                                                      one_line_error):
    folder, _, _ = workspace
    result = run_cli("motif", "--model", folder / "model", "--out", tmp_path / "x.meme",
                     "--task", "0", *FAST_MOTIF)
    assert "is for multi-task models" in one_line_error(result, "motif")
