"""Scenarios built directly from the core dataclasses, for tests and benchmarks."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from game.core.scenario import Card, Issue, Option, Role, Scenario


def make_scenario(
    points: Mapping[str, Mapping[str, Mapping[str, int]]],
    batnas: Mapping[str, int],
    *,
    hidden: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None,
    compromise: Mapping[str, str] | None = None,
    cards: Sequence[Card] = (),
    scenario_id: str = "test",
) -> Scenario:
    """A scenario from points[role][issue][option]; issues and options keep the order of the
    first role's table. `hidden[issue][option]` gives an option's unlocking card ids."""
    hidden = hidden or {}
    compromise = compromise or {}
    first = next(iter(points.values()))
    issues = tuple(
        Issue(
            id=issue_id,
            title=issue_id,
            options=tuple(
                Option(
                    id=option_id,
                    label=option_id,
                    unlocked_by=hidden.get(issue_id, {}).get(option_id, ()),
                    compromise=compromise.get(issue_id) == option_id,
                )
                for option_id in options
            ),
        )
        for issue_id, options in first.items()
    )
    roles = tuple(
        Role(
            id=role_id,
            name=role_id,
            description="",
            brief="",
            batna=batnas[role_id],
            points=table,
            cards=tuple(card for card in cards if card.role == role_id),
        )
        for role_id, table in points.items()
    )
    return Scenario(id=scenario_id, title=scenario_id, version="1", summary="", language="en",
                    roles=roles, issues=issues)


def random_scenario(
    rng: random.Random,
    n_roles: int,
    n_issues: int,
    n_options: int | Sequence[int],
    *,
    low: int = 0,
    high: int = 100,
    batna_fraction: float = 0.4,
) -> Scenario:
    """A random additive scenario; points drawn uniformly from [low, high] (ties and negative
    points when the range is small or below zero), BATNAs near a fraction of each maximum."""
    sizes = [n_options] * n_issues if isinstance(n_options, int) else list(n_options)
    roles = [f"r{i}" for i in range(n_roles)]
    points = {
        role: {
            f"i{j}": {f"o{k}": rng.randint(low, high) for k in range(size)}
            for j, size in enumerate(sizes)
        }
        for role in roles
    }
    batnas = {}
    for role in roles:
        best = sum(max(opts.values()) for opts in points[role].values())
        worst = sum(min(opts.values()) for opts in points[role].values())
        batnas[role] = worst + round(batna_fraction * (best - worst)) + rng.randint(-2, 2)
    return make_scenario(points, batnas, scenario_id=f"random-{n_roles}x{n_issues}")


def orange() -> Scenario:
    """The two cooks and the orange: halving is lose/lose, separating peel and juice is not."""
    cards = [
        Card("d1", "dessert", "I want the orange.", 1),
        Card("d2", "dessert", "I am baking a cake.", 2, explains="d1", issues=("orange",)),
        Card("d3", "dessert", "I need only the peel.", 3, explains="d2", issues=("orange",)),
        Card("m1", "meat", "I want the orange.", 1),
        Card("m2", "meat", "I am making a sauce.", 2, explains="m1", issues=("orange",)),
        Card("m3", "meat", "I need only the juice.", 3, explains="m2", issues=("orange",)),
    ]
    points = {
        "dessert": {"orange": {"whole_to_dessert": 100, "halve": 40, "whole_to_meat": 0,
                               "separate": 100}},
        "meat": {"orange": {"whole_to_dessert": 0, "halve": 40, "whole_to_meat": 100,
                            "separate": 100}},
    }
    return make_scenario(points, {"dessert": 30, "meat": 30},
                         hidden={"orange": {"separate": ("d3", "m3")}}, cards=cards,
                         scenario_id="orange")


# A brute-force oracle: the definitions applied literally to every outcome, no cleverness.

def all_outcomes(scenario: Scenario, roles: Sequence[str] | None = None
                 ) -> list[tuple[tuple[int, ...], dict[str, str]]]:
    """Every package with its utilities for the seated roles, by enumeration."""
    seats = [scenario.role(r) for r in roles] if roles else list(scenario.roles)
    packages: list[dict[str, str]] = [{}]
    for issue in scenario.issues:
        packages = [{**p, issue.id: o.id} for p in packages for o in issue.options]
    return [(tuple(role.points_for(p) for role in seats), p) for p in packages]


def dominates(v: Sequence[int], u: Sequence[int]) -> bool:
    """v >= u in every entry and v != u."""
    return tuple(v) != tuple(u) and all(a >= b for a, b in zip(v, u, strict=True))


def brute_frontier(vectors: Sequence[tuple[int, ...]]) -> set[tuple[int, ...]]:
    """Distinct vectors that no other vector dominates."""
    distinct = set(vectors)
    return {u for u in distinct if not any(dominates(v, u) for v in distinct)}
