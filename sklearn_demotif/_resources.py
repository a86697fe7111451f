"""Refuse a request before it allocates more memory than the machine should give it.

Work whose size the user chooses (negatives per peak, windows of a scan, a
batch of sequences) asks :func:`check_memory` first, with an estimate of the
bytes it needs.  Past the budget the request is a ``ValueError`` that says how
much it needed and how to ask for less, instead of a machine swapping for an
hour or a process killed by the kernel.
"""

import os

__all__ = ["MEMORY_BUDGET_VARIABLE", "memory_budget", "check_memory", "format_bytes"]

#: The environment variable that sets the budget in bytes (suffixes K, M, G, T allowed).
MEMORY_BUDGET_VARIABLE = "DEMOTIF_MEMORY_BUDGET"
#: Without the variable: this share of the machine's memory, at most ``_DEFAULT_CAP`` bytes.
_DEFAULT_SHARE = 0.5
_DEFAULT_CAP = 16 * 2**30
_SUFFIXES = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def format_bytes(n_bytes):
    """A byte count as people read it.

    Examples
    --------
    >>> from sklearn_demotif._resources import format_bytes
    >>> format_bytes(512), format_bytes(3 * 2**30)
    ('512 B', '3.0 GiB')
    """
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n_bytes >= size:
            return f"{n_bytes / size:.1f} {unit}"
    return f"{int(n_bytes)} B"


def _physical_memory():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not POSIX
        return 2 * _DEFAULT_CAP


def memory_budget():
    """The most bytes one request may need: ``$DEMOTIF_MEMORY_BUDGET``, else a share of memory.

    Returns
    -------
    budget : int
        Bytes: the variable's value, or half the machine's memory and at most
        16 GiB.

    Raises
    ------
    ValueError
        When the variable is set to something that is not a positive size.

    Examples
    --------
    >>> import os
    >>> from sklearn_demotif._resources import memory_budget
    >>> os.environ["DEMOTIF_MEMORY_BUDGET"] = "2G"
    >>> memory_budget()
    2147483648
    >>> del os.environ["DEMOTIF_MEMORY_BUDGET"]
    """
    text = os.environ.get(MEMORY_BUDGET_VARIABLE, "").strip()
    if not text:
        return int(min(_DEFAULT_SHARE * _physical_memory(), _DEFAULT_CAP))
    number, suffix = text.upper().rstrip("IB") or "0", ""
    if number[-1:] in _SUFFIXES and number[-1:]:
        number, suffix = number[:-1], number[-1]
    try:
        budget = float(number) * _SUFFIXES[suffix]
    except ValueError:
        budget = 0
    if not budget > 0:
        raise ValueError(
            f"{MEMORY_BUDGET_VARIABLE}={text!r} is not a size; write bytes, or a number with "
            "K, M, G or T (e.g. 8G)"
        )
    return int(budget)


def check_memory(n_bytes, what, hint):
    """Fail before allocating when a request needs more than :func:`memory_budget`.

    Parameters
    ----------
    n_bytes : int or float
        The estimated need.
    what : str
        The request, for the message (e.g. ``"n_negatives=1000000 for 500 peaks"``).
    hint : str
        How to ask for less (e.g. ``"lower n_negatives"``).

    Raises
    ------
    ValueError
        Naming the request, its estimate and the budget.

    Examples
    --------
    >>> from sklearn_demotif._resources import check_memory
    >>> check_memory(1024, "a small request", "ask for less")
    >>> check_memory(2**70, "a huge request", "ask for less")
    Traceback (most recent call last):
    ...
    ValueError: a huge request needs about 1073741824.0 TiB of memory, ...
    """
    budget = memory_budget()
    if n_bytes > budget:
        raise ValueError(
            f"{what} needs about {format_bytes(n_bytes)} of memory, more than the budget of "
            f"{format_bytes(budget)} (set {MEMORY_BUDGET_VARIABLE} to change it); {hint}"
        )
