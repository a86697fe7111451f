"""The package's layout: imports flow down the floors, no cycles, tests follow code.

The floors are the rows of the "Layout" table in ``docs/index.md``, stored here as
data. Imports are read from the source (every ``import`` statement, at module level
or inside functions), so an import or a cycle hidden in a function body counts too.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sklearn_demotif"
TESTS = Path(__file__).resolve().parent
LAYOUT_TABLE = PACKAGE.parent / "docs" / "index.md"

#: The rows of docs/index.md's "Layout" table, top to bottom: a module imports only
#: modules of its own floor or of floors above it. A package (``io``) stands for all of
#: its modules. The last floor also holds the package's entry points, which the table
#: leaves out: ``__main__`` (runs the CLI) and the root ``__init__`` (its lazy exports
#: reach the estimators; that nothing imports it is checked on its own below).
FLOORS = [
    ["_version", "_options", "_atomic", "_resources", "_figures"],
    ["encoding", "one_hot"],
    ["_utils"],
    ["io"],
    ["motifs"],
    ["datasets"],
    ["networks", "_batches", "_training", "_multilabel"],
    ["interpret"],
    ["classifier", "deepbind"],
    ["genome"],
    ["plotting", "persistence", "_model_schema"],
    ["report"],
    ["benchmark"],
    ["cli", "__main__", "__init__"],
]
ENTRY_POINTS = {"__main__", "__init__"}

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


def _places(module):
    """Every ``(floor index, name)`` of FLOORS that holds ``module``."""
    relative = module.removeprefix("sklearn_demotif").lstrip(".") or "__init__"
    return [
        (index, name)
        for index, floor in enumerate(FLOORS)
        for name in floor
        if relative == name or relative.startswith(f"{name}.")
    ]


def _floor(index):
    return f"floor {index} ({', '.join(FLOORS[index])})"


def _floor_violations(graph):
    """One line per import of a module on a lower floor than the importer's."""
    violations = []
    for module in sorted(graph):
        places = _places(module)
        if len(places) != 1:
            continue  # reported by test_every_module_sits_on_exactly_one_floor
        (floor, _), = places
        for target in sorted(graph[module]):
            target_places = _places(target)
            if len(target_places) == 1 and target_places[0][0] > floor:
                violations.append(
                    f"{module} on {_floor(floor)} imports {target} "
                    f"on the lower {_floor(target_places[0][0])}"
                )
    return violations


def test_every_module_sits_on_exactly_one_floor():
    misplaced = {
        module: [name for _, name in places]
        for module in sorted(_modules())
        if len(places := _places(module)) != 1
    }
    assert misplaced == {}, "each module needs exactly one place in FLOORS"


def test_every_name_on_a_floor_is_a_module_of_the_package():
    placed = {name for module in _modules() for _, name in _places(module)}
    stale = [name for floor in FLOORS for name in floor if name not in placed]
    assert stale == []


def test_modules_import_only_their_own_floor_or_floors_above(graph):
    violations = _floor_violations(graph)
    assert not violations, "\n".join(violations)


def test_an_import_of_a_lower_floor_is_reported_with_both_floors():
    graph = {"sklearn_demotif.io.fasta": {"sklearn_demotif.cli._parser", "sklearn_demotif._atomic"}}
    assert _floor_violations(graph) == [
        "sklearn_demotif.io.fasta on floor 3 (io) imports sklearn_demotif.cli._parser "
        "on the lower floor 13 (cli, __main__, __init__)"
    ]


def test_the_floors_are_the_rows_of_the_layout_table():
    section = LAYOUT_TABLE.read_text().split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        [name.rstrip("/") for name in re.findall(r"`([^`]+)`", line.split("|")[1])]
        for line in section.splitlines()
        if line.startswith("| `")
    ]
    assert rows == [[name for name in floor if name not in ENTRY_POINTS] for floor in FLOORS]


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
            for command in (
                "train", "predict", "motif", "scan", "variants", "spacing", "benchmark", "demo"
            )
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


#: The most lines a package function may span, from its ``def`` to its last line, docstring
#: included (issue 28; STYLE.md: "a function fits on a screen or two").
MAX_FUNCTION_LINES = 120

def _function_lengths():
    """``{"<path in the package>:<qualified name>": lines}`` of every function and method."""
    lengths = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()

        def visit(node, prefix):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    name = f"{prefix}{child.name}"
                    lengths[f"{relative}:{name}"] = child.end_lineno - child.lineno + 1
                    visit(child, f"{name}.")
                elif isinstance(child, ast.ClassDef):
                    visit(child, f"{prefix}{child.name}.")
                else:
                    visit(child, prefix)

        visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return lengths


def test_no_package_function_is_over_120_lines():
    too_long = {
        name: lines
        for name, lines in _function_lengths().items()
        if lines > MAX_FUNCTION_LINES
    }
    assert too_long == {}, (
        f"functions over {MAX_FUNCTION_LINES} lines (def to end, docstring included): split "
        "them into named steps"
    )
