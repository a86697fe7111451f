"""The API reference (docs/api.rst) lists every public name, and nothing else.

A name in the ``__all__`` of the package or of one of its public modules must be
listed under that module's ``currentmodule`` in docs/api.rst: there it gets its page
(autosummary ``:toctree:``) or, for a re-export, a link to the page of its object.
Read from the source, without building the site.
"""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[1] / "docs" / "api.rst"

#: The modules whose ``__all__`` the API reference documents.
DOCUMENTED_MODULES = [
    "sklearn_demotif",
    "sklearn_demotif.encoding",
    "sklearn_demotif.io",
    "sklearn_demotif.motifs",
    "sklearn_demotif.datasets",
    "sklearn_demotif.networks",
    "sklearn_demotif.interpret",
    "sklearn_demotif.classifier",
    "sklearn_demotif.deepbind",
    "sklearn_demotif.genome",
    "sklearn_demotif.plotting",
    "sklearn_demotif.persistence",
    "sklearn_demotif.report",
    "sklearn_demotif.benchmark",
    "sklearn_demotif.cli",
]

#: Public names of undocumented submodules that their package does not re-export, and why.
NOT_REEXPORTED = {}


def _public_modules():
    """Every module of the package without a leading underscore in its dotted name."""
    package = importlib.import_module("sklearn_demotif")
    names = [info.name for info in pkgutil.walk_packages(package.__path__, "sklearn_demotif.")]
    return ["sklearn_demotif"] + [
        name for name in names if not any(part.startswith("_") for part in name.split("."))
    ]


def _autosummary_entries(text):
    """``{(module, name, has_page)}`` of every autosummary entry of an rst text."""
    entries, module, in_block, has_page = set(), None, False, False
    for line in text.splitlines():
        current = re.match(r"\.\. currentmodule:: (\S+)", line)
        if current:
            module, in_block = current.group(1), False
        elif line.startswith(".. autosummary::"):
            in_block, has_page = True, False
        elif in_block and re.match(r"   :toctree:", line):
            has_page = True
        elif in_block and re.match(r"   [\w~.]+$", line):
            entries.add((module, line.strip().lstrip("~"), has_page))
        elif in_block and line and not line.startswith(" "):
            in_block = False
    return entries


@pytest.fixture(scope="module")
def entries():
    return _autosummary_entries(API.read_text())


@pytest.mark.parametrize("module_name", DOCUMENTED_MODULES)
def test_every_public_name_is_in_the_api_reference(module_name, entries):
    listed = {name for module, name, _ in entries if module == module_name}
    public = set(importlib.import_module(module_name).__all__)
    assert sorted(public - listed) == [], f"add them to docs/api.rst under {module_name}"


def test_the_api_reference_lists_only_public_names(entries):
    stale = sorted(
        f"{module}.{name}"
        for module, name, _ in entries
        if module not in DOCUMENTED_MODULES
        or name not in importlib.import_module(module).__all__
    )
    assert stale == []


def test_a_public_module_is_documented_or_re_exported_by_a_documented_one():
    documented = {
        id(getattr(importlib.import_module(module), name))
        for module in DOCUMENTED_MODULES
        for name in importlib.import_module(module).__all__
    }
    missing = sorted(
        f"{module_name}.{name}"
        for module_name in _public_modules()
        if module_name not in DOCUMENTED_MODULES
        for name in getattr(importlib.import_module(module_name), "__all__", [])
        if id(getattr(importlib.import_module(module_name), name)) not in documented
    )
    assert missing == sorted(NOT_REEXPORTED), "document the module in docs/api.rst"


def test_every_object_has_exactly_one_page(entries):
    pages = {}
    for module, name, has_page in entries:
        obj = getattr(importlib.import_module(module), name)
        if has_page and not isinstance(obj, (str, int, float, tuple, list, dict)):
            pages.setdefault(id(obj), []).append(f"{module}.{name}")
    assert [names for names in pages.values() if len(names) > 1] == []
    without_page = sorted(
        f"{module}.{name}"
        for module, name, has_page in entries
        if not has_page
        and not any(
            getattr(importlib.import_module(other), other_name, None)
            is getattr(importlib.import_module(module), name)
            for other, other_name, other_has_page in entries
            if other_has_page
        )
    )
    assert without_page == [], "a re-export must point to a page of the same object"


def test_the_parser_reads_pages_and_links():
    text = """
.. currentmodule:: sklearn_demotif.io

.. autosummary::
   :toctree: generated/
   :nosignatures:

   read_fasta

*Also here:*

.. autosummary::
   :nosignatures:

   Genome
"""
    assert _autosummary_entries(text) == {
        ("sklearn_demotif.io", "read_fasta", True),
        ("sklearn_demotif.io", "Genome", False),
    }
