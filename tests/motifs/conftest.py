"""Shared fixture of the motif tests: JASPAR with TOMTOM compiled once.

The first TOMTOM call in a fresh install compiles memelite with numba (about a
minute, then cached on disk); the session fixture ``jaspar`` makes that call
once, before any test measures anything.
"""

import pytest

from sklearn_demotif.motifs import PWM, compare_to_jaspar
from sklearn_demotif.motifs._jaspar import fetch_jaspar_collection


@pytest.fixture(scope="session")
def jaspar():
    """The JASPAR CORE vertebrates collection, with TOMTOM compiled and warm."""
    compare_to_jaspar(PWM.from_jaspar("MA0139.2"), top=1)
    return fetch_jaspar_collection()
