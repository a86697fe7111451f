#!/bin/sh
# Build the documentation site into docs/_build/html: warnings are errors, every
# reference to the package's own names must resolve (-n), and the gallery's
# examples (examples/) run.  Offline; needs the docs extra: pip install -e ".[docs]".
set -e
cd "$(dirname "$0")/.."
exec python -m sphinx -W --keep-going -n -b html docs docs/_build/html "$@"
