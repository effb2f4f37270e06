"""The offering policy: a time-dependent target, then the package the partner should like
best among those that meet it (trade-offs across issues, not halving).

Utilities are the bot's own integer points from its view; time t runs from 0 (start of the
round) to 1 (the deadline).
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# A cap on enumerated packages: scenarios are small (a few issues of a few options each).
MAX_PACKAGES = 20_000


def concession(t: float, e: float, k: float = 0.0) -> float:
    """f(t) = k + (1 - k) t^(1/e), t clamped to [0, 1]: the share of the way from the bot's
    best toward its BATNA conceded by time t (Faratin, Sierra & Jennings 1998)."""
    if e <= 0:
        raise ValueError("e must be positive")
    t = min(1.0, max(0.0, t))
    return k + (1.0 - k) * float(t ** (1.0 / e))


def target_utility(t: float, best: int, batna: int, e: float, k: float = 0.0) -> float:
    """The points the bot aims for at time t: best - f(t) (best - BATNA), never below BATNA."""
    if best <= batna:
        return float(batna)
    return best - concession(t, e, k) * (best - batna)


@dataclass(frozen=True)
class Offer:
    """A package the bot would put on the table, its own points for it, and why."""

    package: Mapping[str, str]
    points: int
    rating: float


def own_points(view: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """The bot's own points for every option on the table: {issue: {option: points}}."""
    return {issue["id"]: {o["id"]: int(o["your_points"]) for o in issue["options"]}
            for issue in view["issues"]}


def packages(view: Mapping[str, Any]) -> Sequence[tuple[Mapping[str, str], int]]:
    """Every package of options on the table with the bot's own points, in option order
    (at most MAX_PACKAGES of them). The result is shared between calls: do not mutate it."""
    table = own_points(view)
    return _packages(tuple((issue_id, tuple(options.items()))
                           for issue_id, options in table.items()))


@functools.lru_cache(maxsize=64)
def _packages(table: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
              ) -> tuple[tuple[Mapping[str, str], int], ...]:
    ids = [issue_id for issue_id, _ in table]
    result = []
    for combo in itertools.islice(itertools.product(*(opts for _, opts in table)),
                                  MAX_PACKAGES):
        package = MappingProxyType({issue_id: option for issue_id, (option, _)
                                    in zip(ids, combo, strict=True)})
        result.append((package, sum(points for _, points in combo)))
    return tuple(result)


def best_points(view: Mapping[str, Any]) -> int:
    """The most the bot can get from the options on the table."""
    return sum(max(options.values(), default=0) for options in own_points(view).values())


def choose_offer(candidates: Sequence[tuple[Mapping[str, str], int]], target: float, batna: int,
                 rating: Callable[[Mapping[str, str]], float],
                 rng: random.Random) -> Offer | None:
    """Among packages worth at least max(target, BATNA) to the bot, the one the opponent
    model rates best for the partner; ties go to the bot's points, then to the seeded rng.
    None when no package on the table meets the BATNA."""
    floor = max(target, float(batna))
    eligible = [(package, points) for package, points in candidates if points >= floor]
    if not eligible:
        return None
    keyed = [(rating(package), points, rng.random(), package) for package, points in eligible]
    best = max(keyed, key=lambda item: item[:3])
    return Offer(best[3], best[1], best[0])
