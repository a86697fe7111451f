"""Fixtures shared by the tests and the benchmarks: the real ChIP-seq data folder."""

import os
from pathlib import Path

import pytest

from sklearn_demotif.datasets import get_data_home

# The data-folder policy (argument, $DEMOTIF_DATA, cache) with ../shared/data as the
# environment's default, so that tests and benchmarks follow the policy users get.
os.environ.setdefault("DEMOTIF_DATA", str(Path(__file__).resolve().parents[1] / "shared" / "data"))


@pytest.fixture(scope="session")
def data_home():
    """The real ChIP-seq data: ``$DEMOTIF_DATA``, by default ``../shared/data``."""
    home = get_data_home()
    if not (home / "README.md").is_file():
        pytest.skip(f"no ChIP-seq data at {home}; set DEMOTIF_DATA")
    return home
