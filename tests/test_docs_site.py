"""The built site in a real browser: an API page and the search page, through headless Chromium.

Needs the site built first (``docs/build.sh``) and Chromium installed; skips otherwise.
The pages are loaded from disk (``file://``) with their JavaScript run, as a reader
opening ``docs/_build/html/index.html`` sees them.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parents[1] / "docs" / "_build" / "html"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(scope="module")
def browser():
    found = next((path for path in map(shutil.which, BROWSERS) if path), None)
    if found is None:
        pytest.skip(f"no headless browser: none of {', '.join(BROWSERS)} is on PATH")
    if not (SITE / "index.html").is_file():
        pytest.skip(f"the site is not built ({SITE} is missing): run docs/build.sh first")
    return found


def _rendered(browser, page, query=""):
    """The page's DOM after its scripts ran (up to 10 s of virtual time)."""
    url = (SITE / page).as_uri() + query
    command = [browser, "--headless", "--disable-gpu", "--no-sandbox",
               "--virtual-time-budget=10000", "--dump-dom", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_the_classifier_page_shows_its_parameters(browser):
    dom = _rendered(browser, "generated/sklearn_demotif.DeepMotifClassifier.html")
    assert re.search(r"<dt[^>]*>\s*Parameters\b", dom)
    parameters = dom[re.search(r"<dt[^>]*>\s*Parameters\b", dom).end():]
    assert re.search(r"<dt><strong>n_conv_layers</strong>", parameters)
    assert "class sklearn_demotif." in re.sub(r"<[^>]+>", "", dom).replace("\n", " ")


def test_the_search_page_finds_load_peaks(browser):
    dom = _rendered(browser, "search.html", "?q=load_peaks")
    results = dom[dom.index('id="search-results"'):]
    links = re.findall(r'<a[^>]* href="([^"]+)"', results)
    assert "generated/sklearn_demotif.datasets.load_peaks.html" in [
        link.split("#")[0].split("?")[0] for link in links
    ]
