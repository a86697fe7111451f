"""``demotif spacing``: the table of motif_spacing as a TSV; bad motifs and spacings named."""

import inspect

import pandas as pd

from sklearn_demotif.interpret import motif_spacing
from sklearn_demotif.persistence import load_model


def _background(workspace, write_fasta):
    folder, X, y = workspace
    return write_fasta(folder / "background.fa", X[y == 0][:20], [f"s{i}" for i in range(20)])


def test_spacing_writes_the_table_of_motif_spacing(tmp_path, workspace, write_fasta, run_cli):
    background = _background(workspace, write_fasta)
    out = tmp_path / "spacing.tsv"
    status, stdout, err = run_cli(
        "spacing", "--model", workspace[0] / "model", "--first", "GGATAA", "--second", "GATA",
        "--background", background, "--spacings", "0:6", "--out", out,
    )
    assert (status, stdout) == (0, ""), err
    assert "largest effect" in err
    folder, X, y = workspace
    expected = motif_spacing(load_model(folder / "model"), list(X[y == 0][:20]), "GGATAA", "GATA",
                             spacings=range(0, 6), random_state=0)
    pd.testing.assert_frame_equal(pd.read_csv(out, sep="\t"), expected, check_dtype=False,
                                  atol=1e-6)


def test_shuffled_background_is_reproducible(tmp_path, workspace, write_fasta, run_cli):
    background = _background(workspace, write_fasta)
    tables = []
    for name in ("a.tsv", "b.tsv"):
        status, _, err = run_cli(
            "spacing", "--model", workspace[0] / "model", "--first", "GGATAA", "--second",
            "GATA", "--background", background, "--shuffle", "--spacings", "2,4,8",
            "--out", tmp_path / name, "-q",
        )
        assert status == 0, err
        tables.append((tmp_path / name).read_text())
    assert tables[0] == tables[1]
    assert pd.read_csv(tmp_path / "a.tsv", sep="\t")["spacing"].tolist() == [2, 4, 8]


def test_a_spacing_that_does_not_fit_names_the_largest_that_does(
    tmp_path, workspace, write_fasta, run_cli, one_line_error
):
    background = _background(workspace, write_fasta)
    err = one_line_error(
        run_cli("spacing", "--model", workspace[0] / "model", "--first", "GGATAA", "--second",
                "GATA", "--background", background, "--spacings", "0:30",
                "--out", tmp_path / "t.tsv", "-q"),
        "spacing",
    )
    assert "spacings go from 0 to 20" in err
    assert not (tmp_path / "t.tsv").exists()


def test_a_motif_that_is_not_dna_is_named(tmp_path, workspace, write_fasta, run_cli,
                                          one_line_error):
    background = _background(workspace, write_fasta)
    err = one_line_error(
        run_cli("spacing", "--model", workspace[0] / "model", "--first", "GGAXAA", "--second",
                "GATA", "--background", background, "--out", tmp_path / "t.tsv", "-q"),
        "spacing",
    )
    assert "first 'GGAXAA' contains 'X' at position 3" in err


def test_spacings_that_are_not_a_range_are_a_usage_error(run_cli):
    status, _, err = run_cli("spacing", "--model", "m", "--first", "A", "--second", "C",
                             "--background", "b.fa", "--out", "t.tsv", "--spacings", "a:b")
    assert status == 2
    assert "expected START:STOP" in err


def test_the_default_spacings_are_the_functions_and_the_parsers():
    from sklearn_demotif._options import MOTIF_SPACINGS
    from sklearn_demotif.cli import build_parser

    subcommands = build_parser()._subparsers._group_actions[0].choices
    (action,) = [a for a in subcommands["spacing"]._actions if a.dest == "spacings"]
    default = inspect.signature(motif_spacing).parameters["spacings"].default
    assert list(default) == action.default == list(range(*MOTIF_SPACINGS))


def test_spacing_measures_the_task_of_a_multi_task_model(tmp_path, multilabel_model,
                                                        multilabel_model_folder, run_cli,
                                                        one_line_error):
    background = tmp_path / "background.txt"
    background.write_text("".join(f"{sequence}\n" for sequence in multilabel_model.X[:15]))
    out = tmp_path / "spacing.tsv"
    arguments = ["spacing", "--model", multilabel_model_folder, "--first", "GATAAG", "--second",
                 "TTCC", "--background", background, "--spacings", "0:4", "--out", out, "-q"]
    status, _, err = run_cli(*arguments, "--task", "REST")
    assert status == 0, err
    expected = motif_spacing(load_model(multilabel_model_folder), list(multilabel_model.X[:15]),
                             "GATAAG", "TTCC", spacings=range(0, 4), task="REST", random_state=0)
    pd.testing.assert_frame_equal(pd.read_csv(out, sep="\t"), expected, check_dtype=False,
                                  atol=1e-6)
    arguments[arguments.index(out)] = tmp_path / "x.tsv"
    err = one_line_error(run_cli(*arguments), "spacing")
    assert "3 tasks" in err and "task=" in err
