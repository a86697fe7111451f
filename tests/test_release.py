"""What ``pip install`` would get: the sdist and the wheel build, pass ``twine check``, and run.

The wheel is installed without its dependencies into a fresh virtual environment
whose only other path is this environment's site-packages (for torch, skorch and
the rest; offline, nothing is downloaded).  The demo then runs from a folder
outside the source tree, so it can only import what the wheel holds.
"""

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(command, **keywords):
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **keywords)
    assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def distributions(tmp_path_factory):
    pytest.importorskip("build", reason="the test extra installs 'build'")
    source = tmp_path_factory.mktemp("source")
    # Build from a copy of the tracked files: the checkout's build/ and egg-info stay untouched.
    tracked = _run(["git", "ls-files", "-z"], cwd=ROOT).stdout.split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)])
    return sorted(out.iterdir())


def test_sdist_and_wheel_are_built(distributions):
    names = [path.name for path in distributions]
    assert len(names) == 2
    assert names[0].endswith("-py3-none-any.whl") and names[1].endswith(".tar.gz")


def test_twine_check_passes_on_both(distributions):
    pytest.importorskip("twine", reason="the test extra installs 'twine'")
    result = _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, distributions)])
    assert result.stdout.count("PASSED") == 2


def test_the_wheel_holds_every_module_of_the_package(distributions):
    import zipfile

    with zipfile.ZipFile(distributions[0]) as wheel:
        packaged = {name for name in wheel.namelist() if name.startswith("sklearn_demotif/")}
    modules = {
        path.relative_to(ROOT).as_posix() for path in (ROOT / "sklearn_demotif").rglob("*.py")
    }
    assert modules <= packaged, sorted(modules - packaged)


def test_a_fresh_environment_with_the_wheel_runs_the_demo(distributions, tmp_path):
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-deps", "--no-index", str(distributions[0])])
    site_packages = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).stdout.strip()
    # The dependencies come from this environment: a plain path, so its editable-install
    # hooks (which point at the checkout) are not run.
    Path(site_packages, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = _run([str(python), "-c", "import sklearn_demotif; print(sklearn_demotif.__file__)"],
                 cwd=tmp_path).stdout
    assert where.startswith(site_packages), where
    demo = [str(environment / "bin" / "demotif"), "demo", "--out", "demo", "--n-samples", "200",
            "--max-epochs", "1", "--n-steps", "20", "--n-restarts", "2", "--no-compare",
            "--quiet"]
    result = _run(demo, cwd=tmp_path)
    assert result.stdout.startswith("test ROC AUC ")
    assert sorted(path.name for path in (tmp_path / "demo").iterdir()) == [
        "model", "motif.meme", "report.html"
    ]
