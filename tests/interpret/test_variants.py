"""variant_effects: broken sites lose, far SNVs do nothing, mismatches and indels flagged, TSV."""

import numpy as np
import pandas as pd
import pytest

from sklearn_demotif.interpret import (
    read_variant_effects,
    variant_effects,
    write_variant_effects,
)
from sklearn_demotif.io import Genome

HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"


@pytest.fixture(scope="module")
def effects(genome_model):
    files = genome_model.files
    table = variant_effects(genome_model.model, files.vcf, files.genome)
    kinds = files.variants[["chrom", "pos", "kind"]]
    return table.merge(kinds, on=["chrom", "pos"], how="left", validate="many_to_one")


def test_an_snv_that_breaks_a_planted_site_has_a_clearly_negative_delta(effects):
    broken = effects[effects.kind == "breaks_site"]
    far = effects[effects.kind == "far"]
    print("\nbreaking deltas:", np.round(broken.delta.to_numpy(), 2))
    print("far deltas:", np.round(far.delta.to_numpy(), 2))
    assert len(broken) >= 8 and (broken.status == "ok").all()
    assert (broken.delta < -0.5).all() and broken.delta.median() < -2.0
    assert (broken.ref_score > 0).mean() >= 0.8  # the planted sites are called bound


def test_an_snv_far_from_every_site_changes_almost_nothing(effects):
    far = effects[effects.kind == "far"]
    broken = effects[effects.kind == "breaks_site"]
    assert len(far) == 10 and (far.status == "ok").all()
    assert far.delta.abs().median() < 0.2 and far.delta.abs().max() < 1.0
    assert far.delta.abs().max() < broken.delta.abs().median() / 4


def test_ref_mismatch_indels_and_multiallelic_records(effects):
    mismatch = effects[effects.kind == "ref_mismatch"]
    assert mismatch.status.tolist() == ["ref_mismatch"]
    assert mismatch[["ref_score", "alt_score", "delta"]].isna().all(axis=None)
    assert effects[effects.kind == "indel"].status.tolist() == ["unsupported"]
    multi = effects[effects.kind == "multiallelic"]
    assert len(multi) == 2 and multi.alt.nunique() == 2 and (multi.status == "ok").all()
    assert multi.ref_score.nunique() == 1  # one reference, two alternatives


def test_the_effect_table_round_trips_through_tsv(effects, tmp_path):
    table = effects.drop(columns="kind")
    path = write_variant_effects(tmp_path / "out" / "effects.tsv", table)
    back = read_variant_effects(path)
    pd.testing.assert_frame_equal(back, table, check_dtype=False)
    assert back["pos"].dtype == np.int64 and back["delta"].dtype == np.float64
    assert path.read_text().splitlines()[0].split("\t") == table.columns.tolist()


def test_the_reference_window_is_centred_on_the_variant(tiny_genome_model):
    files, model = tiny_genome_model
    effects = variant_effects(model, files.vcf, files.genome)
    row = effects[effects.status == "ok"].iloc[0]
    position = row.pos - 1
    window = Genome(files.genome).fetch(row.chrom, position - 50, position + 51)
    assert window[50] == row.ref
    altered = window[:50] + row.alt + window[51:]
    expected = model.decision_function([window, altered])
    np.testing.assert_allclose([row.ref_score, row.alt_score], expected, rtol=1e-6)
    # Scores of float32 networks agree to about 1e-6 between batches; so does their difference,
    # which can be far smaller than they are.
    tolerance = 1e-6 * max(1.0, np.abs(expected).max())
    assert row.delta == pytest.approx(expected[1] - expected[0], abs=tolerance)


def test_a_variant_near_a_chromosome_end_is_scored_on_an_n_padded_window(tiny_genome_model):
    files, model = tiny_genome_model
    genome = Genome(files.genome)
    base = genome.fetch("chr1", 49_990, 49_991)
    table = pd.DataFrame({"chrom": ["chr1"], "pos": [49_991], "ref": [base],
                          "alt": ["A" if base != "A" else "C"]})
    with pytest.warns(UserWarning, match=r"1 of 1 variant windows reach past a chromosome end"):
        effects = variant_effects(model, table, files.genome)
    assert effects.status.tolist() == ["ok"] and effects.id.tolist() == ["."]
    window = genome.fetch("chr1", 49_940, 50_000) + "N" * 41
    assert effects.ref_score[0] == pytest.approx(model.decision_function([window])[0])


def test_a_vcf_named_in_another_convention_is_an_error_not_zero_rows(tiny_genome_model, tmp_path):
    files, model = tiny_genome_model
    vcf = tmp_path / "ensembl.vcf"
    vcf.write_text(HEADER + "1\t1000\t.\tA\tG\t.\t.\t.\n2\t500\t.\tC\tT\t.\t.\t.\n")
    with pytest.raises(ValueError, match=r"ensembl\.vcf, position 1000: chromosome '1' is not "
                       r"in the genome genome\.fa .*'1' here, 'chr1' in the genome"):
        variant_effects(model, vcf, files.genome)


@pytest.mark.parametrize(
    "records, message",
    [
        ("", r"empty\.vcf: no variants"),
        ("chr1\t60000\t.\tA\tG\t.\t.\t.\n",
         r"variant chr1:60000 lies outside chr1 \(50000 bp in genome\.fa\)"),
    ],
)
def test_bad_vcfs_are_named(tiny_genome_model, tmp_path, records, message):
    files, model = tiny_genome_model
    vcf = tmp_path / "empty.vcf"
    vcf.write_text(HEADER + records)
    with pytest.raises(ValueError, match=message):
        variant_effects(model, vcf, files.genome)


def test_reading_a_tsv_that_is_not_an_effect_table_names_it(tmp_path):
    path = tmp_path / "other.tsv"
    path.write_text("a\tb\n1\t2\n")
    with pytest.raises(ValueError, match=r"other\.tsv, line 1: not a variant-effect table"):
        read_variant_effects(path)


def test_a_batch_past_the_memory_budget_is_refused_before_scoring(tiny_genome_model, monkeypatch):
    files, model = tiny_genome_model
    monkeypatch.setenv("DEMOTIF_MEMORY_BUDGET", "4K")
    with pytest.raises(ValueError, match=r"batch_size=1000000000 \(\d+ variant windows of 101 bp "
                                         r"at a time\) needs about .* lower batch_size"):
        variant_effects(model, files.vcf, files.genome, batch_size=10**9)
