"""The benchmark mode, read from ``DEMOTIF_BENCH``."""

import os


def bench_mode():
    """``"quick"`` (the default: under 15 minutes on 2 CPU cores) or ``"full"`` (every experiment).

    Examples
    --------
    >>> import os
    >>> os.environ.get("DEMOTIF_BENCH", "quick") == bench_mode()
    True
    """
    mode = os.environ.get("DEMOTIF_BENCH", "quick")
    if mode not in ("quick", "full"):
        raise ValueError(f"DEMOTIF_BENCH must be 'quick' or 'full', got {mode!r}")
    return mode
