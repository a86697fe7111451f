"""``demotif variants``: a TSV of variant effects that round-trips; convention errors named."""

import gzip
import re

import pandas as pd
import pytest

from sklearn_demotif.interpret import read_variant_effects, variant_effects
from sklearn_demotif.persistence import load_model


def test_variants_writes_the_table_of_variant_effects(tmp_path, genome_workspace, run_cli):
    files = genome_workspace
    out = tmp_path / "effects.tsv"
    status, stdout, err = run_cli("variants", "--model", files.model, "--genome", files.genome,
                                  "--vcf", files.vcf, "--out", out)
    assert (status, stdout) == (0, ""), err
    assert "1 ref_mismatch" in err and "1 unsupported" in err
    expected = variant_effects(load_model(files.model), files.vcf, files.genome)
    pd.testing.assert_frame_equal(read_variant_effects(out), expected, check_dtype=False)


# Issue 26: a VCF that is not one, or is cut short, is one line naming it, never a traceback.


def _headerless(vcf, folder):
    path = folder / "no_header.vcf"
    path.write_text("".join(line for line in vcf.read_text().splitlines(keepends=True)
                            if not line.startswith("#CHROM")))
    return path, r"no_header\.vcf, line \d+: 'chr1\\t.*' comes before the #CHROM header line"


def _cut_gzip(vcf, folder):
    path = folder / "cut.vcf.gz"
    packed = gzip.compress(vcf.read_bytes())
    path.write_bytes(packed[: len(packed) // 2])
    return path, r"cut\.vcf\.gz: cannot be read as gzip, truncated or corrupt"


@pytest.mark.parametrize("broken", [_headerless, _cut_gzip])
def test_a_vcf_without_header_or_cut_short_is_one_line_naming_it(
    tmp_path, genome_workspace, run_cli, one_line_error, broken
):
    files = genome_workspace
    vcf, message = broken(files.vcf, tmp_path)
    out = tmp_path / "effects.tsv"
    err = one_line_error(
        run_cli("variants", "--model", files.model, "--genome", files.genome, "--vcf", vcf,
                "--out", out, "-q"),
        "variants",
    )
    assert re.search(message, err), err
    assert not out.exists()


def test_a_vcf_in_another_naming_convention_is_one_line_and_writes_nothing(
    tmp_path, genome_workspace, run_cli, one_line_error
):
    files = genome_workspace
    vcf = tmp_path / "ensembl.vcf"
    vcf.write_text(files.vcf.read_text().replace("\nchr", "\n").replace("ID=chr", "ID="))
    out = tmp_path / "effects.tsv"
    err = one_line_error(
        run_cli("variants", "--model", files.model, "--genome", files.genome, "--vcf", vcf,
                "--out", out, "-q"),
        "variants",
    )
    assert "chromosome '1' is not in the genome genome.fa" in err
    assert "'1' here, 'chr1' in the genome" in err
    assert not out.exists()


def test_a_missing_vcf_is_named(tmp_path, genome_workspace, run_cli, one_line_error):
    err = one_line_error(
        run_cli("variants", "--model", genome_workspace.model, "--genome",
                genome_workspace.genome, "--vcf", tmp_path / "none.vcf", "--out",
                tmp_path / "e.tsv", "-q"),
        "variants",
    )
    assert "no such VCF file" in err


def test_a_batch_past_the_memory_budget_is_one_line_and_writes_nothing(
    tmp_path, genome_workspace, run_cli, one_line_error, monkeypatch
):
    monkeypatch.setenv("DEMOTIF_MEMORY_BUDGET", "4K")
    out = tmp_path / "effects.tsv"
    err = one_line_error(
        run_cli("variants", "--model", genome_workspace.model, "--genome", genome_workspace.genome,
                "--vcf", genome_workspace.vcf, "--batch-size", 10**9, "--out", out, "-q"),
        "variants",
    )
    assert "batch_size=1000000000 (" in err and "lower batch_size (demotif: --batch-size)" in err
    assert list(tmp_path.iterdir()) == []


def test_variants_scores_every_task_or_the_one_asked(tmp_path, genome_workspace,
                                                     multilabel_model_folder, run_cli):
    files = genome_workspace
    model = load_model(multilabel_model_folder)
    everything, one = tmp_path / "all.tsv", tmp_path / "gata.tsv"
    status, _, err = run_cli("variants", "--model", multilabel_model_folder, "--genome",
                             files.genome, "--vcf", files.vcf, "--out", everything, "-q")
    assert status == 0, err
    expected = variant_effects(model, files.vcf, files.genome)
    assert "delta_CTCF" in expected
    pd.testing.assert_frame_equal(read_variant_effects(everything), expected, check_dtype=False)
    status, _, err = run_cli("variants", "--model", multilabel_model_folder, "--genome",
                             files.genome, "--vcf", files.vcf, "--out", one, "--task", "GABPA",
                             "-q")
    assert status == 0, err
    gata = read_variant_effects(one)
    pd.testing.assert_series_equal(gata["delta"], expected["delta_GABPA"], check_names=False)


def test_variants_refuses_a_task_for_a_single_task_model(tmp_path, genome_workspace, run_cli,
                                                         one_line_error):
    files = genome_workspace
    result = run_cli("variants", "--model", files.model, "--genome", files.genome, "--vcf",
                     files.vcf, "--out", tmp_path / "e.tsv", "--task", "0", "-q")
    assert "is for multi-task models" in one_line_error(result, "variants")
