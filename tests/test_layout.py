"""The package's layout: no import cycles, nothing imports the package root, tests follow code.

Imports are read from the source (every ``import`` statement, at module level or
inside functions), so a cycle hidden in a function body counts too.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sklearn_demotif"
TESTS = Path(__file__).resolve().parent

#: Modules without a test module of their own, and why.
WITHOUT_TESTS = {
    "_version": "a constant",
    "__main__": "runs cli.main, tested in cli/test_main.py",
    "datasets/_registry": "data: checksums, checked in datasets/test_fetch.py",
    "cli/_parser": "the argument parser, exercised by every cli/test_*.py",
    "cli/_common": "shared helpers of the subcommands, exercised by cli/test_*.py",
}


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name, path, modules):
    """The package's modules that ``name`` imports (a package means its __init__)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            # ``from .x import y``: y is a name in x unless x.y is a module.
            targets = [t for t in targets if t in modules] or [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target.startswith("sklearn_demotif") and target != name:
                found.add(target)
    return found


@pytest.fixture(scope="module")
def graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_no_module_imports_the_package_root(graph):
    importers = sorted(name for name, targets in graph.items() if "sklearn_demotif" in targets)
    assert importers == []


def test_there_are_no_import_cycles(graph):
    state, cycles = {}, []

    def visit(name, path):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target] if target in path else [target])
            elif target not in state:
                visit(target, path + [target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_every_module_has_a_test_module():
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).with_suffix("")
        key = relative.as_posix()
        if relative.name == "__init__" or key in WITHOUT_TESTS:
            continue
        test = TESTS / relative.parent / f"test_{relative.name.lstrip('_')}.py"
        if not test.is_file():
            missing.append(f"{key} -> {test.relative_to(TESTS)}")
    assert missing == []


@pytest.mark.parametrize(
    "code",
    [
        "import sklearn_demotif",
        "from sklearn_demotif.cli import build_parser; build_parser()",
        *(
            "from sklearn_demotif.cli import main\n"
            f"try:\n    main([{command!r}, '--help'])\nexcept SystemExit:\n    pass"
            for command in ("train", "predict", "motif", "scan", "variants", "benchmark", "demo")
        ),
    ],
)
def test_import_and_help_load_neither_torch_nor_matplotlib_nor_numba(code):
    check = (
        f"{code}\nimport sys\n"
        "heavy = sorted({'torch', 'matplotlib', 'numba'} & set(sys.modules))\n"
        "assert not heavy, heavy"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
