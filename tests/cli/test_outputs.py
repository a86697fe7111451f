"""No subcommand writes over what it reads: every output × every input × every way to name it.

Each writing subcommand is run with one output pointing at one of its inputs (the
path itself, a symbolic link to it, a hard link to it): the run fails with one
line naming both paths, before any work, and the workspace is unchanged to the
byte, with no new file.
"""

import contextlib
import hashlib
import os
import shutil

import pytest

from sklearn_demotif.datasets import make_motif_dataset

LINKS = ("path", "symlink", "hardlink")
MODEL_FILES = ("model.json", "weights.safetensors", "history.json")

#: Subcommand -> (arguments with placeholders, its outputs, {input: name in the workspace}).
#: ``OUT``-like placeholders not under test get fresh paths in the test's own folder.
COMMANDS = {
    "train DATA": (
        ["train", "{train}", "--out", "{--out}", "-q"],
        ("--out",),
        {"DATA": "train.fa"},
    ),
    "train --peaks": (
        ["train", "--peaks", "{peaks}", "--genome", "{genome}", "--exclude", "{exclude}",
         "--test-chromosomes", "chr2", "--out", "{--out}", "--report", "{--report}", "-q"],
        ("--out", "--report"),
        {"--peaks": "peaks.narrowPeak", "--genome": "genome.fa", ".fai": "genome.fa.fai",
         ".gzi": "genome.fa.gzi", "--exclude": "exclude.bed"},
    ),
    "predict": (
        ["predict", "--model", "{model}", "{seqs}", "-q"],
        ("standard output",),
        {"SEQS": "seqs.fa", **{name: f"model/{name}" for name in MODEL_FILES}},
    ),
    "motif": (
        ["motif", "--model", "{model}", "--all", "--seqs", "{seqs}", "--no-compare",
         "--out", "{--out}", "--logo", "{--logo}", "-q"],
        ("--out", "--logo"),
        {"--model": "model", "--seqs": "seqs.fa",
         **{name: f"model/{name}" for name in MODEL_FILES}},
    ),
    "scan": (
        ["scan", "--model", "{model}", "--genome", "{genome}", "--regions", "{regions}",
         "--out", "{--out}", "-q"],
        ("--out",),
        {"--model": "model", "--genome": "genome.fa", ".fai": "genome.fa.fai",
         ".gzi": "genome.fa.gzi", "--regions": "regions.bed",
         **{name: f"model/{name}" for name in MODEL_FILES}},
    ),
    "variants": (
        ["variants", "--model", "{model}", "--genome", "{genome}", "--vcf", "{vcf}",
         "--out", "{--out}", "-q"],
        ("--out",),
        {"--model": "model", "--genome": "genome.fa", ".fai": "genome.fa.fai",
         ".gzi": "genome.fa.gzi", "--vcf": "variants.vcf", ".tbi": "variants.vcf.tbi",
         **{name: f"model/{name}" for name in MODEL_FILES}},
    ),
    "spacing": (
        ["spacing", "--model", "{model}", "--first", "GGATAA", "--second", "GATA",
         "--background", "{seqs}", "--spacings", "0:5", "--out", "{--out}", "-q"],
        ("--out",),
        {"--model": "model", "--background": "seqs.fa",
         **{name: f"model/{name}" for name in MODEL_FILES}},
    ),
    "benchmark": (
        ["benchmark", "--data", "{data}", "--quick", "--out", "{--out}", "-q"],
        ("--out",),
        {"--data": "data"},
    ),
    "demo": (
        ["demo", "--data", "{data}", "--out", "{--out}", "-q"],
        ("--out",),
        {"--data": "data"},
    ),
}

#: Every workspace file a placeholder names.
FILES = {
    "train": "train.fa", "peaks": "peaks.narrowPeak", "genome": "genome.fa",
    "exclude": "exclude.bed", "model": "model", "seqs": "seqs.fa", "regions": "regions.bed",
    "vcf": "variants.vcf", "data": "data",
}


def _cases():
    for command, (_, outputs, inputs) in COMMANDS.items():
        for output in outputs:
            for role, name in inputs.items():
                for link in LINKS:
                    if link == "hardlink" and "." not in name.rpartition("/")[2]:
                        continue  # a folder has no hard links
                    yield pytest.param(command, output, name, link,
                                       id=f"{command}|{output}={role}|{link}")


CASES = list(_cases())


@pytest.fixture(scope="module")
def inputs_folder(tmp_path_factory, genome_workspace, site, write_fasta):
    """Every kind of input a subcommand reads, in one folder: genome, indexes, peaks, VCF,
    model folder, sequences, a data folder."""
    folder = tmp_path_factory.mktemp("inputs")
    files = genome_workspace
    for source, name in [(files.genome, "genome.fa"), (f"{files.genome}.fai", "genome.fa.fai"),
                         (files.peaks, "peaks.narrowPeak"), (files.vcf, "variants.vcf")]:
        shutil.copyfile(source, folder / name)
    shutil.copytree(files.model, folder / "model")
    # Indexes of a bgzipped genome and of a compressed VCF: files the rule protects by name.
    (folder / "genome.fa.gzi").write_bytes(b"\x00" * 16)
    (folder / "variants.vcf.tbi").write_bytes(b"TBI\x01")
    (folder / "exclude.bed").write_text("chr1\t0\t1000\n")
    (folder / "regions.bed").write_text("chr1\t5000\t6000\n")
    X, y = make_motif_dataset(site, n_samples=20, length=30, random_state=0)
    write_fasta(folder / "train.fa", X, y)
    write_fasta(folder / "seqs.fa", X, range(len(X)))
    (folder / "data").mkdir()
    write_fasta(folder / "data" / "train.fa", X, y)
    return folder


def _snapshot(*folders):
    """Every entry under the folders: a file's sha256, a link's target, a folder's name."""
    state = {}
    for folder in folders:
        for root, names, files in os.walk(folder):
            for name in names + files:
                path = os.path.join(root, name)
                if os.path.islink(path):
                    state[path] = ("link", os.readlink(path))
                elif os.path.isdir(path):
                    state[path] = ("folder",)
                else:
                    with open(path, "rb") as stream:
                        state[path] = ("file", hashlib.sha256(stream.read()).hexdigest())
    return state


def _name(target, link, folder):
    """``target`` itself, or a new symbolic or hard link to it in ``folder``."""
    if link == "path":
        return target
    path = folder / f"{link}-to-{target.name}"
    if link == "symlink":
        path.symlink_to(target)
    else:
        os.link(target, path)
    return path


@contextlib.contextmanager
def _stdout_appending_to(path):
    """File descriptor 1 opened on ``path`` in append mode, as ``demotif predict > path`` has
    it (appending, so the file is unchanged unless something is written)."""
    saved = os.dup(1)
    with open(path, "ab") as stream:
        os.dup2(stream.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _argv(command, values):
    template = COMMANDS[command][0]
    return [part.format(**values) if part.startswith("{") else part for part in template]


def _run(command, output, inputs_folder, links, target, run_cli):
    """Run ``command`` with ``output`` at ``target``; the others at fresh paths."""
    values = {key: inputs_folder / name for key, name in FILES.items()}
    values.update({"--out": links / "out", "--report": links / "report.html",
                   "--logo": links / "logo.png"})
    if output == "standard output":
        with _stdout_appending_to(target):
            return run_cli(*_argv(command, values))
    values[output] = target
    return run_cli(*_argv(command, values))


@pytest.mark.parametrize("command, output, name, link", CASES)
def test_an_output_that_is_an_input_is_refused_before_any_work(
    command, output, name, link, inputs_folder, tmp_path, run_cli
):
    links = tmp_path / "links"
    links.mkdir()
    given = inputs_folder / name
    target = _name(given, link, links)
    before = _snapshot(inputs_folder, tmp_path)
    status, stdout, err = _run(command, output, inputs_folder, links, target, run_cli)
    assert (status, stdout) == (1, "")
    assert len(err.splitlines()) == 1, err
    subcommand = command.split()[0]
    assert err.startswith(f"demotif {subcommand}: error: {output} "), err
    if output != "standard output":
        assert f"{output} {target} is " in err
    assert f"({given})" in err and err.rstrip().endswith("choose another output")
    assert _snapshot(inputs_folder, tmp_path) == before


@pytest.mark.parametrize(
    "command, output, name",
    [("train DATA", "--out", "train.fa"), ("benchmark", "--out", "data/train.fa"),
     ("demo", "--out", "data/train.fa")],
)
def test_an_output_folder_holding_an_input_is_refused(
    command, output, name, inputs_folder, tmp_path, run_cli
):
    given = inputs_folder / name
    holder = given.parent if command == "train DATA" else given.parent.parent
    before = _snapshot(inputs_folder, tmp_path)
    status, stdout, err = _run(command, output, inputs_folder, tmp_path, holder, run_cli)
    assert (status, stdout, len(err.splitlines())) == (1, "", 1), err
    assert f"--out {holder} holds the " in err
    assert _snapshot(inputs_folder, tmp_path) == before


@pytest.mark.parametrize(
    "command, first, second",
    [("motif", "--out", "--logo"), ("train --peaks", "--report", "--out")],
)
def test_two_outputs_of_one_command_may_not_be_one_file(
    command, first, second, inputs_folder, tmp_path, run_cli
):
    values = {key: inputs_folder / name for key, name in FILES.items()}
    values.update({"--out": tmp_path / "same", "--report": tmp_path / "same",
                   "--logo": tmp_path / "same"})
    before = _snapshot(inputs_folder, tmp_path)
    status, stdout, err = run_cli(*_argv(command, values))
    assert (status, stdout, len(err.splitlines())) == (1, "", 1), err
    assert f"{second} {tmp_path / 'same'} is the same path as {first}" in err
    assert _snapshot(inputs_folder, tmp_path) == before


def test_the_table_covers_every_writing_subcommand():
    from sklearn_demotif.cli import build_parser

    subcommands = build_parser()._subparsers._group_actions[0].choices
    covered = {command.split()[0] for command in COMMANDS}
    assert covered == set(subcommands)
    assert len(CASES) > 100
