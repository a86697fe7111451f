"""Sphinx configuration of the sklearn-demotif site: API reference, gallery, narrative pages.

Build it with ``docs/build.sh`` (warnings are errors, nitpicky).  The build is
offline: no intersphinx, so names of other projects (numpy, pandas, torch,
scikit-learn, ...) are written as text, not links (``nitpick_ignore_regex``).
"""

import importlib
import inspect
import os
import sys
from pathlib import Path

from sphinx.pycode import ModuleAnalyzer, PycodeError

ROOT = Path(__file__).resolve().parents[1]
# Document the checkout the site is built from, not whatever is installed.
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")

import sklearn_demotif  # noqa: E402

project = "sklearn-demotif"
author = "the sklearn-demotif developers"
copyright = "the sklearn-demotif developers"
release = version = sklearn_demotif.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
templates_path = ["_templates"]
# index.md is the map of the docs on GitHub; index.rst includes it as the site's root.
exclude_patterns = ["_build", "index.md"]

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-demotif {version}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 4,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": [], "api": [], "auto_examples/index": []}
html_show_sourcelink = False
html_copy_source = False

# -- MyST (the Markdown pages) -----------------------------------------------
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]

# -- autodoc, autosummary, numpydoc ------------------------------------------
autosummary_generate = True
autodoc_member_order = "groupwise"
autodoc_typehints = "none"
# torch's ``Module.forward`` docstring is not ours to render.
autodoc_inherit_docstrings = False
autodoc_class_signature = "separated"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_attributes_as_param_list = True

# -- sphinx-gallery (examples/ at the repository root) -----------------------
#: The gallery's order: the quick start first, then as the user guide goes.
EXAMPLE_ORDER = [
    "plot_quick_start.py",
    "plot_grid_search_chromosomes.py",
    "plot_genome_workflow.py",
    "plot_motifs_and_attributions.py",
    "plot_insilico_experiments.py",
    "plot_variant_effects.py",
    "plot_dask_grid_search.py",
]


class ExampleOrder:
    """Sort key of the gallery's examples: ``EXAMPLE_ORDER``, then any other by name."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        known = filename in EXAMPLE_ORDER
        return (not known, EXAMPLE_ORDER.index(filename) if known else 0, filename)


# sphinx-gallery imports the sort key by name (a class here would not pickle).
sys.path.insert(0, str(Path(__file__).resolve().parent))
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "conf.ExampleOrder",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "show_memory": False,
    "image_scrapers": ("matplotlib",),
    "write_computation_times": True,
    # "Examples using ..." under each API page (the minigallery in _templates/autosummary).
    "doc_module": ("sklearn_demotif",),
    "backreferences_dir": "generated/backreferences",
}

# -- nitpicky: the package's own names must resolve ---------------------------
nitpicky = True
# Other projects' names: text, not links (no intersphinx).  The standard library's
# ``io`` is left out: ``io.read_fasta`` is far more likely a slip for the package's own.
_EXTERNAL = (
    "numpy|np|pandas|pd|torch|sklearn|skorch|scipy|matplotlib|dask|distributed|joblib"
    "|pyfaidx|cyvcf2|bioframe|logomaker|pyjaspar|memelite|safetensors|tqdm|Bio"
    "|argparse|pathlib|os|collections|typing|concurrent|numbers|json|gzip|threading"
    "|subprocess|tempfile|shutil|hashlib|functools|itertools|builtins|datetime"
)
nitpick_ignore_regex = [
    (r"py:.*", rf"~?({_EXTERNAL})(\..*)?"),
    # Private modules have no pages, by design: their names are shown as text.
    (r"py:.*", r"~?\.?(\w+\.)*_\w+.*"),
]


def _documented_objects(env):
    """Every object the API reference has a page for: ``{id(obj): [name, ...]}``."""
    found = {}
    for name, entry in env.get_domain("py").objects.items():
        if name.startswith("sklearn_demotif.") and not getattr(entry, "aliased", False):
            obj = _import(name)
            if obj is not None:
                found.setdefault(id(obj), []).append(name)
    return found


def _import(name):
    """The object a dotted name means, or ``None``."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = inspect.getattr_static(obj, part) if inspect.isclass(obj) else getattr(
                    obj, part
                )
        except AttributeError:
            return None
        return obj
    return None


def _scopes(node):
    """Where a name in a docstring may live: the page's scope, then the object's own module.

    A docstring is written in the module that defines the object, so ``deepbind_search``
    in ``DeepBindClassifier``'s docstring means ``sklearn_demotif.deepbind.deepbind_search``
    even on the page ``sklearn_demotif.DeepBindClassifier``.
    """
    module, cls = node.get("py:module"), node.get("py:class")
    scopes = [f"{module}.{cls}" if module and cls else None, module]
    page = _import(node["refdoc"].rpartition("/")[2])
    home = getattr(page, "__module__", None)
    if home:
        scopes += [home, home.rpartition(".")[0]]
    return [scope for scope in scopes if scope and scope.startswith("sklearn_demotif")]


def _resolve_alias(app, env, node, contnode):
    """Link a package name that has no page of its own to the page of its object.

    Re-exports: ``sklearn_demotif.genome.load_peaks`` is
    ``sklearn_demotif.datasets.load_peaks``; ``sklearn_demotif.io.fasta.read_fasta`` is
    ``sklearn_demotif.io.read_fasta``; a submodule links to its package.  A name that
    exists in the package but is not public (not in an ``__all__``, so without a page)
    is shown as code, without a link.  Any other ``sklearn_demotif`` name stays a
    warning: a typo or a renamed function fails the build.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip("~.")
    candidates = [f"{scope}.{target}" for scope in _scopes(node)] + [target]
    candidates = [name for name in candidates if name.startswith("sklearn_demotif")]
    # Kept on the application, not on the environment: ids mean nothing in another process.
    if not hasattr(app, "_demotif_documented"):
        app._demotif_documented = _documented_objects(env)
    documented = app._demotif_documented
    domain = env.get_domain("py")
    for name in candidates:
        obj = _import(name)
        if obj is None:
            continue
        if inspect.ismodule(obj):
            while name and name not in domain.modules:
                name = name.rpartition(".")[0]
            pages = [name] if name else []
        else:
            pages = documented.get(id(obj), [])
            # Equal constants may be one object: prefer the page with the same name.
            pages = sorted(pages, key=lambda page: page.rpartition(".")[2] != target.split(".")[-1])
        if pages:
            return domain.resolve_xref(
                env, node["refdoc"], app.builder, "obj", pages[0], node, contnode
            )
        return contnode
    # ``DeepMotifClassifier.motif_`` in a module that does not import the class.
    suffix = "." + target
    matches = [
        name for name, entry in domain.objects.items()
        if name.endswith(suffix) and not getattr(entry, "aliased", False)
    ]
    if len(matches) == 1:
        return domain.resolve_xref(
            env, node["refdoc"], app.builder, "obj", matches[0], node, contnode
        )
    return None


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Document the members a class of the package defines, not those of its bases.

    An estimator page lists ``fit``, ``predict_proba``, ``motif_`` ..., not
    scikit-learn's ``get_params`` or torch's ``Module`` methods, whose docstrings
    point into documentation this offline site does not have.  Plain class-level
    values have no module and are skipped too: a class documents its attributes in
    its docstring's ``Attributes`` section.
    """
    if what not in ("class", "exception"):
        return None
    target = obj
    for attribute in ("fget", "__func__"):
        target = getattr(target, attribute, target)
    module = getattr(target, "__module__", None) or ""
    if not module.startswith("sklearn_demotif"):
        return True
    return None


def _attribute_comment(name, obj):
    """The ``#:`` comment above ``name = ...`` in the package module that defines it."""
    short = name.rpartition(".")[2]
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("sklearn_demotif") or getattr(module, short, None) is not obj:
            continue
        try:
            comments = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except PycodeError:
            continue
        if ("", short) in comments:
            return list(comments["", short])
    return []


def _document_constants(app, what, name, obj, options, lines):
    """A constant's page shows its ``#:`` comment, wherever the package re-exports it.

    autodoc reads ``#:`` comments only in the module a name is documented in, so
    ``sklearn_demotif.motifs.MOTIF_FORMATS`` (written in ``motifs/formats.py``) would
    get no description, and a constant without a comment the docstring of ``str``.
    """
    if what not in ("data", "attribute"):
        return
    first = lines[0].strip() if lines else ""
    if first and (type(obj).__doc__ or "").strip().startswith(first):
        lines.clear()
    if not any(line.strip() for line in lines):
        lines[:] = _attribute_comment(name, obj)


def setup(app):
    app.connect("missing-reference", _resolve_alias)
    app.connect("autodoc-skip-member", _skip_foreign_members)
    app.connect("autodoc-process-docstring", _document_constants)
