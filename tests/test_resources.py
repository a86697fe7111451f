"""The memory budget: read from the environment, refused past it with a message that says why."""

import pytest

from sklearn_demotif._resources import check_memory, format_bytes, memory_budget


@pytest.mark.parametrize(
    "text, expected",
    [("1024", 1024), ("2K", 2048), ("3M", 3 * 2**20), ("8G", 8 * 2**30), ("8GiB", 8 * 2**30),
     ("1.5g", int(1.5 * 2**30)), ("1T", 2**40)],
)
def test_budget_is_read_from_the_environment(monkeypatch, text, expected):
    monkeypatch.setenv("DEMOTIF_MEMORY_BUDGET", text)
    assert memory_budget() == expected


@pytest.mark.parametrize("text", ["lots", "-1G", "0", "G"])
def test_a_budget_that_is_not_a_size_is_refused(monkeypatch, text):
    monkeypatch.setenv("DEMOTIF_MEMORY_BUDGET", text)
    with pytest.raises(ValueError, match="DEMOTIF_MEMORY_BUDGET=.* is not a size"):
        memory_budget()


def test_default_budget_is_a_share_of_memory_and_at_most_16_gib(monkeypatch):
    monkeypatch.delenv("DEMOTIF_MEMORY_BUDGET", raising=False)
    assert 0 < memory_budget() <= 16 * 2**30


def test_a_request_within_the_budget_passes_and_one_past_it_is_refused(monkeypatch):
    monkeypatch.setenv("DEMOTIF_MEMORY_BUDGET", "1M")
    check_memory(2**20, "exactly the budget", "unused")
    with pytest.raises(ValueError, match=r"n_negatives=9 needs about 2\.0 MiB .* 1\.0 MiB .*lower"):
        check_memory(2 * 2**20, "n_negatives=9", "lower n_negatives")


def test_byte_counts_read_as_people_read_them():
    assert [format_bytes(n) for n in (0, 1023, 2048, 5 * 2**20)] == [
        "0 B", "1023 B", "2.0 KiB", "5.0 MiB"
    ]
