"""``python -m sklearn_demotif`` runs the ``demotif`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
