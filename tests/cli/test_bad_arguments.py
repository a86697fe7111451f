"""Every subcommand over a table of bad arguments and files: one line, the right status, no harm.

Each case runs ``demotif ... --quiet`` in a fresh copy of a workspace (a trained model, good and
bad inputs, a folder of someone else's project) and checks the exit status (1 when
the work fails, 2 for a command line argparse refuses), one line on stderr and no
traceback, and that the workspace is byte for byte what it was: no file created,
changed or removed.  Training and class optimization are replaced by a failure, so
a case passes only if its problem is found before them.
"""

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pytest
import torch

import sklearn_demotif.interpret as interpret
import sklearn_demotif.report as report
from sklearn_demotif.classifier import SequenceClassifierBase

DEEPBIND = "FoldID\tEventID\tseq\tBound\n"
#: A CUDA device this machine does not have, whether it has GPUs or not.
MISSING_GPU = f"cuda:{torch.cuda.device_count()}"

#: (subcommand, arguments, exit status, what stderr must say)
CASES = [
    ("train", ["{w}/missing.fa", "--out", "{w}/m"], 1, "no such file"),
    ("train", ["{w}/binary.fa", "--out", "{w}/m"], 1, "binary file"),
    ("train", ["{w}/notes.txt", "--out", "{w}/m"], 1, "is not a nucleotide"),
    ("train", ["{w}/missing_bound.seq", "--out", "{w}/m"], 1,
     "missing_bound.seq, line 3: expected 4 tab-separated columns, found 3"),
    ("train", ["{w}/nan.tsv", "--out", "{w}/m"], 1, "nan.tsv, line 3: label 'NaN' is not"),
    ("train", ["{w}/extra.csv", "--out", "{w}/m"], 1, "extra.csv, line 2: expected 2 comma-"),
    ("train", ["{w}/mixed.csv", "--out", "{w}/m"], 1, "mixed.csv, line 3: label 'bound'"),
    ("train", ["{w}/three.fa", "--out", "{w}/m"], 1, "three.fa, line 3: label '2' is not 0 or 1"),
    ("train", ["{w}/long.fa", "--out", "{w}/m"], 1, "does not fit a 64-bit integer"),
    ("train", ["{w}/good.tsv", "--out", "{w}/m", "--label-column", "nope"], 1, "no column 'nope'"),
    ("train", ["{w}/train.fa", "--out", "{w}/proj"], 1, "model.json is not an sklearn-demotif"),
    ("train", ["{w}/train.fa", "--out", "{w}/notes"], 1, "notes holds files and it has no model"),
    ("train", ["{w}/train.fa", "--out", "{w}/existing.txt"], 1, "is a file, not a model folder"),
    ("train", ["{w}/train.fa", "--out", "{ro}/m"], 1, "cannot write"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--device", "banana"], 1,
     "device='banana' is not a torch device"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--device", MISSING_GPU], 1,
     f"device='{MISSING_GPU}'"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--kernel-sizes", "0", "5", "3"], 1,
     "must hold positive integers"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--n-filters", "0"], 1, "'n_filters' parameter"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--n-filters", str(10**12)], 1,
     "do not build a DeepMotifClassifier"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--model", "deepbind", "--n-filters", "8"], 1,
     "--n-filters does not apply to --model deepbind"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--model", "deepbind", "--pooling", "mean"], 1,
     "'pooling' parameter"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--length", "0"], 2, "positive integer"),
    ("train", ["{w}/train.fa", "--out", "{w}/m", "--max-epochs", "x"], 2, "invalid int value"),
    ("train", ["{w}/train.fa"], 2, "--out"),
    ("predict", ["--model", "{w}/proj", "{w}/train.fa"], 1, "not a sklearn-demotif model"),
    ("predict", ["--model", "{w}/missing", "{w}/train.fa"], 1, "no such model folder"),
    ("predict", ["--model", "{w}/tampered", "{w}/train.fa"], 1,
     "'description_sha256' does not match"),
    ("predict", ["--model", "{w}/model", "{w}/binary.fa"], 1, "binary file"),
    ("predict", ["--model", "{w}/model", "{w}/extra.csv"], 1, "line 2: expected 2 comma-"),
    ("predict", ["--model", "{w}/model", "--device", "banana", "{w}/train.fa"], 1,
     "not a torch device"),
    ("predict", ["--model", "{w}/model"], 2, "SEQS"),
    ("motif", ["--model", "{w}/model", "--out", "{w}/notes"], 1, "is a folder, not a file"),
    ("motif", ["--model", "{w}/model", "--out", "{ro}/m.meme"], 1, "cannot write"),
    ("motif", ["--model", "{w}/model", "--out", "{w}/m.meme", "--logo", "{w}/logo.xyz"], 1,
     "unknown image format 'xyz'"),
    ("motif", ["--model", "{w}/model", "--out", "{w}/m.meme", "--target", "7"], 1,
     "--target '7' is not one of the classes"),
    ("motif", ["--model", "{w}/proj", "--out", "{w}/m.meme"], 1, "not a sklearn-demotif model"),
    ("motif", ["--model", "{w}/model", "--out", "{w}/m.meme", "--n-steps", "0"], 2,
     "positive integer"),
    ("motif", ["--model", "{w}/model", "--out", "{w}/m.meme", "--top", "-3"], 2,
     "positive integer"),
    ("motif", ["--model", "{w}/model", "--out", "{w}/m.meme", "--format", "pdf"], 2,
     "invalid choice"),
    ("benchmark", ["--data", "{w}/missing"], 1, "no such data folder"),
    ("benchmark", ["--data", "{w}/data", "--experiments", "../../x/EVIL"], 1,
     "have no training and test data"),
    ("benchmark", ["--data", "{w}/data", "--out", "{w}/existing.txt"], 1, "is a file, not a"),
    ("benchmark", ["--data", "{w}/data", "--n-jobs", "0"], 2, "number of processes"),
    ("benchmark", ["--data", "{w}/data", "--models", "deepsea"], 2, "invalid choice"),
    ("demo", ["--out", "{w}/existing.txt"], 1, "--out {w}/existing.txt is a file, not a folder"),
    ("demo", ["--out", "{ro}/demo"], 1, "cannot write"),
    ("demo", ["--out", "{w}/foreign"], 1, "foreign/model holds files and it has no model.json"),
    ("demo", ["--out", "{w}/d", "--experiment", "../../x/EVIL", "--data", "{w}/data"], 1,
     "experiment name '../../x/EVIL' contains '/'"),
    ("demo", ["--out", "{w}/d", "--motif", "MA9999"], 1, "MA9999"),
    ("demo", ["--out", "{w}/d", "--n-samples", "0"], 2, "positive integer"),
    ("demo", ["--out", "{w}/d", "--max-epochs", "-1"], 2, "positive integer"),
    ("demo", ["--out", "{w}/d", "--trim-threshold", "2"], 2, "a number from 0 to 1"),
]


def _writable(folder):
    try:
        tempfile.TemporaryFile(dir=folder).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def read_only_folder(tmp_path_factory):
    """A folder nothing can be written in: mode 555, or, for root, a read-only file system."""
    folder = tmp_path_factory.mktemp("read_only")
    folder.chmod(0o555)
    if _writable(folder):  # root ignores permissions; sysfs refuses new files even to root
        folder = Path("/sys/kernel")
    assert not _writable(folder), "found no read-only folder for the test"
    yield folder


def _populate(folder, model):
    """The workspace: a model, good and bad inputs, someone else's project, odd folders."""
    shutil.copytree(model, folder / "model")
    shutil.copytree(model, folder / "tampered")
    description = json.loads((folder / "tampered" / "model.json").read_text())
    description["classes"]["values"].reverse()
    (folder / "tampered" / "model.json").write_text(json.dumps(description))
    texts = {
        "notes.txt": "this is not DNA\n",
        "missing_bound.seq": DEEPBIND + "A\ts1\tACGT\t1\nA\ts2\tTTGA\n",
        "nan.tsv": "sequence\tlabel\nACGT\t1\nTTGA\tNaN\n",
        "extra.csv": "sequence,label\nACGT,1,x\n",
        "mixed.csv": "sequence,label\nACGT,1\nTTGA,bound\n",
        "three.fa": ">1\nACGT\n>2\nTTGA\n",
        "long.fa": ">1\nACGT\n>" + "9" * 40 + "\nTTGA\n",
        "good.tsv": "sequence\tlabel\nACGT\t1\nTTGA\t0\n",
        "existing.txt": "keep me\n",
        "proj/model.json": '{"name": "keras"}\n',
        "proj/NOTES.md": "notes\n",
        "proj/src/main.py": "print('hi')\n",
        "notes/keep.txt": "mine\n",
        "foreign/model/weights.h5": "someone else's\n",
    }
    for name, text in texts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "binary.fa").write_bytes(bytes(range(256)) * 4)
    (folder / "data").mkdir()


def _snapshot(folder):
    """Every path below ``folder`` with the sha256 of its content (None for folders)."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        )
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def no_long_work(monkeypatch):
    """Training or class optimization starting fails the case: checks come before them."""

    def forbidden(*args, **kwargs):
        raise AssertionError("long work started before the arguments were checked")

    monkeypatch.setattr(SequenceClassifierBase, "fit", forbidden)
    # Patched where it is looked up; ``report`` is imported above, so that its own name for
    # optimize_class is the real one once the patches are undone.
    monkeypatch.setattr(interpret, "optimize_class", forbidden)
    monkeypatch.setattr(report, "optimize_class", forbidden)


def test_there_are_at_least_thirty_cases_covering_every_subcommand():
    assert len(CASES) >= 30
    assert {case[0] for case in CASES} == {"train", "predict", "motif", "benchmark", "demo"}


@pytest.mark.parametrize(
    "command, arguments, status, message",
    CASES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(CASES)],
)
def test_bad_arguments_give_one_line_the_right_status_and_change_nothing(
    command, arguments, status, message, workspace, read_only_folder, tmp_path, run_cli,
    no_long_work, monkeypatch,
):
    source, _, _ = workspace
    folder = tmp_path / "w"
    folder.mkdir()
    _populate(folder, source / "model")
    shutil.copy(source / "train.fa", folder / "train.fa")
    monkeypatch.setenv("DEMOTIF_DATA", str(folder / "data"))
    monkeypatch.chdir(folder)
    before = _snapshot(folder)
    argv = [arg.format(w=folder, ro=read_only_folder) for arg in [command, *arguments, "-q"]]
    code, out, err = run_cli(*argv)
    assert (code, out) == (status, ""), err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"demotif {command}: error: ") and "Traceback" not in err
    assert message.format(w=folder) in err
    assert _snapshot(folder) == before

