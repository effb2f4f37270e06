"""Leaderboard arithmetic: standard competition ranks and within-role percentiles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def competition_ranks(items: Sequence[T], key: Callable[[T], tuple[float, ...]]) -> list[
        tuple[int, T]]:
    """Sort `items` best first by `key` (larger is better) and rank ties alike: 1, 2, 2, 4.

    The sort is stable, so tied items keep their input order (give them in a stable order,
    e.g. by time). Returns [(rank, item), ...].
    """
    ordered = sorted(items, key=key, reverse=True)
    ranked: list[tuple[int, T]] = []
    for position, item in enumerate(ordered, start=1):
        if ranked and key(ranked[-1][1]) == key(item):
            ranked.append((ranked[-1][0], item))
        else:
            ranked.append((position, item))
    return ranked


def percentile(value: float, population: Sequence[float]) -> float:
    """Percentile rank of `value` in `population` (which includes it), 0 to 100: the share
    of values below it plus half the share equal to it (the mid-rank definition)."""
    if not population:
        raise ValueError("empty population")
    below = sum(1 for v in population if v < value)
    equal = sum(1 for v in population if v == value)
    return 100.0 * (below + 0.5 * equal) / len(population)
