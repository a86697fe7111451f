"""``demotif scan``: a bigWig or bedGraph of the model's log-odds; bad regions are one-line
errors."""

import sys

import numpy as np
import pandas as pd
import pytest

from sklearn_demotif.cli import build_parser
from sklearn_demotif.interpret import scan_genome
from sklearn_demotif.io import BIGWIG_SUFFIXES
from sklearn_demotif.persistence import load_model


def test_scan_writes_the_track_of_scan_genome_as_a_bedgraph(tmp_path, genome_workspace, run_cli):
    files = genome_workspace
    out = tmp_path / "tracks" / "scan.bedGraph"
    status, stdout, err = run_cli("scan", "--model", files.model, "--genome", files.genome,
                                  "--regions", "chr2:20000-21000", "chr1:5000-6000",
                                  "--stride", "20", "--out", out)
    assert (status, stdout) == (0, ""), err
    assert "track written to" in err and "scanning" in err
    lines = [line.split("\t") for line in out.read_text().splitlines()]
    track = scan_genome(load_model(files.model), files.genome,
                        ["chr1:5000-6000", "chr2:20000-21000"], stride=20, verbose=0)
    assert len(lines) == len(track) == 2 * ((1000 - 101) // 20 + 1)
    assert [line[0] for line in lines] == track["chrom"].tolist()
    assert [int(line[1]) for line in lines] == (track["start"] + 40).tolist()
    assert [int(line[2]) for line in lines] == (track["start"] + 60).tolist()
    np.testing.assert_allclose([float(line[3]) for line in lines], track["score"], rtol=1e-5)


def test_scan_reads_regions_from_a_bed_file(tmp_path, genome_workspace, run_cli):
    files = genome_workspace
    bed = tmp_path / "regions.bed"
    bed.write_text("chr1\t8000\t8300\n")
    out = tmp_path / "bed.bedGraph"
    status, _, err = run_cli("scan", "--model", files.model, "--genome", files.genome,
                             "--regions", bed, "--out", out, "-q")
    assert (status, err) == (0, "")
    assert len(out.read_text().splitlines()) == (300 - 101) // 10 + 1


def test_a_region_that_does_not_parse_is_one_line_and_writes_nothing(
    tmp_path, genome_workspace, run_cli, one_line_error
):
    files = genome_workspace
    out = tmp_path / "bad.bedGraph"
    for region, message in [
        ("chr1:10", "region 'chr1:10' does not parse"),
        ("1:100-500", "'1' here, 'chr1' in the genome"),
        ("chr1:59000-61000", "is empty or not inside chr1"),
        ("chr1:0-1500", "region chr1:0-1500 is all N"),
    ]:
        err = one_line_error(
            run_cli("scan", "--model", files.model, "--genome", files.genome, "--regions",
                    region, "--out", out, "-q"),
            "scan",
        )
        assert message in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_missing_genome_is_named(tmp_path, genome_workspace, run_cli, one_line_error):
    err = one_line_error(
        run_cli("scan", "--model", genome_workspace.model, "--genome", tmp_path / "no.fa",
                "--regions", "chr1:0-500", "--out", tmp_path / "x.bedGraph", "-q"),
        "scan",
    )
    assert "no such genome FASTA" in err and "no.fa" in err


def test_a_batch_past_the_memory_budget_is_one_line_and_writes_nothing(
    tmp_path, genome_workspace, run_cli, one_line_error, monkeypatch
):
    monkeypatch.setenv("DEMOTIF_MEMORY_BUDGET", "1M")
    out = tmp_path / "huge.bedGraph"
    err = one_line_error(
        run_cli("scan", "--model", genome_workspace.model, "--genome", genome_workspace.genome,
                "--regions", "chr1:5000-15000", "--stride", "1", "--batch-size", 10**9,
                "--out", out, "-q"),
        "scan",
    )
    assert "batch_size=1000000000 (9900 windows of 101 bp at a time) needs about" in err
    assert "lower batch_size (demotif: --batch-size)" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["scan.bw", "scan.bigWig"])
def test_scan_to_a_bigwig_gives_the_values_of_the_bedgraph(tmp_path, genome_workspace, run_cli,
                                                          name):
    pyBigWig = pytest.importorskip("pyBigWig")
    files = genome_workspace
    arguments = ["scan", "--model", files.model, "--genome", files.genome, "--regions",
                 "chr2:20000-21000", "chr1:5000-6000", "--stride", "20", "-q"]
    bedgraph, bigwig = tmp_path / "scan.bedGraph", tmp_path / "tracks" / name
    assert run_cli(*arguments, "--out", bedgraph) == (0, "", "")
    assert run_cli(*arguments, "--out", bigwig) == (0, "", "")
    expected = pd.read_csv(bedgraph, sep="\t", header=None,
                           names=["chrom", "start", "end", "score"])
    with pyBigWig.open(str(bigwig)) as reader:
        assert list(reader.chroms()) == ["chr1", "chr2"]  # the genome's, sorted by name
        for chrom, rows in expected.groupby("chrom"):
            found = np.array(reader.intervals(chrom))
            assert found[:, :2].astype(int).tolist() == rows[["start", "end"]].values.tolist()
            np.testing.assert_allclose(found[:, 2], rows["score"], rtol=1e-5)
            low, high = int(rows["start"].min()), int(rows["end"].max())
            values = np.array(reader.values(chrom, low, high))
            per_base = np.repeat(rows["score"].to_numpy(), rows["end"] - rows["start"])
            np.testing.assert_allclose(values, per_base, rtol=1e-5)
    assert sorted(path.name for path in bigwig.parent.iterdir()) == [name]


def test_a_bigwig_out_that_is_an_input_is_refused(tmp_path, genome_workspace, run_cli,
                                                  one_line_error):
    files = genome_workspace
    out = tmp_path / "track.bw"
    out.symlink_to(files.genome)
    before = files.genome.read_bytes()
    err = one_line_error(
        run_cli("scan", "--model", files.model, "--genome", files.genome, "--regions",
                "chr1:5000-6000", "--out", out, "-q"),
        "scan",
    )
    assert f"--out {out} is the --genome file ({files.genome})" in err
    assert files.genome.read_bytes() == before and out.is_symlink()


def test_the_help_of_out_names_every_bigwig_extension():
    scan = build_parser()._subparsers._group_actions[0].choices["scan"]
    (out,) = [action for action in scan._actions if "--out" in action.option_strings]
    assert "bigWig" in out.help and "bedGraph" in out.help
    assert all(suffix in out.help for suffix in BIGWIG_SUFFIXES)


def test_a_bigwig_without_pybigwig_is_one_line_saying_how_to_install_it(
    tmp_path, genome_workspace, run_cli, one_line_error, monkeypatch
):
    monkeypatch.setitem(sys.modules, "pyBigWig", None)
    err = one_line_error(
        run_cli("scan", "--model", genome_workspace.model, "--genome", genome_workspace.genome,
                "--regions", "chr1:5000-6000", "--out", tmp_path / "track.bw", "-q"),
        "scan",
    )
    assert 'writing bigWig files needs pyBigWig: pip install "sklearn-demotif[genome]"' in err
    assert list(tmp_path.iterdir()) == []


# A multi-task model: one track per task from one scan, or --task's track.


def test_scan_writes_one_track_per_task_of_a_multi_task_model(
    tmp_path, genome_workspace, multilabel_model_folder, run_cli
):
    files, out = genome_workspace, tmp_path / "scan.bedGraph"
    status, _, err = run_cli("scan", "--model", multilabel_model_folder, "--genome", files.genome,
                             "--regions", "chr1:5000-5600", "--stride", "25", "--out", out)
    assert status == 0, err
    assert "3 tracks written, one per task" in err
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["scan.CTCF.bedGraph", "scan.GABPA.bedGraph", "scan.REST.bedGraph"]
    rest = tmp_path / "rest.bedGraph"
    status, _, err = run_cli("scan", "--model", multilabel_model_folder, "--genome", files.genome,
                             "--regions", "chr1:5000-5600", "--stride", "25", "--out", rest,
                             "--task", "REST", "-q")
    assert status == 0, err
    assert rest.read_text() == (tmp_path / "scan.REST.bedGraph").read_text()
    by_index = tmp_path / "one.bedGraph"
    run_cli("scan", "--model", multilabel_model_folder, "--genome", files.genome, "--regions",
            "chr1:5000-5600", "--stride", "25", "--out", by_index, "--task", "1", "-q")
    assert by_index.read_text() == rest.read_text()


def test_scan_names_an_unknown_task(tmp_path, genome_workspace, multilabel_model_folder, run_cli,
                                    one_line_error):
    files = genome_workspace
    result = run_cli("scan", "--model", multilabel_model_folder, "--genome", files.genome,
                     "--regions", "chr1:5000-5600", "--out", tmp_path / "x.bedGraph",
                     "--task", "FOXA1", "-q")
    err = one_line_error(result, "scan")
    assert "--task FOXA1" in err and "GABPA, REST, CTCF" in err
    assert list(tmp_path.iterdir()) == []


def test_scan_never_writes_a_task_track_over_an_input(tmp_path, genome_workspace,
                                                     multilabel_model_folder, run_cli,
                                                     one_line_error):
    files = genome_workspace
    regions = tmp_path / "scan.REST.bed"
    regions.write_text("chr1\t5000\t5600\n")
    result = run_cli("scan", "--model", multilabel_model_folder, "--genome", files.genome,
                     "--regions", regions, "--out", tmp_path / "scan.bed", "-q")
    assert "scan.REST.bed" in one_line_error(result, "scan")
    assert regions.read_text() == "chr1\t5000\t5600\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["scan.REST.bed"]
