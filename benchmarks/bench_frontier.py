"""Time the exact Pareto frontier (and the better-for-everyone count) on large seeded spaces.

Run: .venv/bin/python benchmarks/bench_frontier.py
Prints one line per case: roles, issues x options, outcome-space size, frontier size, seconds.
"""

from __future__ import annotations

import random
import time

from game.core import analysis, outcomes
from game.core.scenario import Issue, Option, Role, Scenario


def build(seed: int, n_roles: int, n_issues: int, n_options: int, opposed: bool) -> Scenario:
    """Uniform points in 0..100, or (opposed) a per-issue budget split among the roles."""
    rng = random.Random(seed)
    roles = [f"r{i}" for i in range(n_roles)]
    points: dict[str, dict[str, dict[str, int]]] = {r: {} for r in roles}
    for j in range(n_issues):
        weight = rng.randint(5, 30)
        for k in range(n_options):
            if opposed:
                cuts = sorted(rng.random() for _ in range(n_roles - 1))
                values = [round(weight * n_roles * (b - a))
                          for a, b in zip([0.0, *cuts], [*cuts, 1.0], strict=True)]
            else:
                values = [rng.randint(0, 100) for _ in roles]
            for role, value in zip(roles, values, strict=True):
                points[role].setdefault(f"i{j}", {})[f"o{k}"] = value
    issues = tuple(Issue(f"i{j}", f"i{j}", tuple(Option(f"o{k}", f"o{k}")
                                                 for k in range(n_options)))
                   for j in range(n_issues))
    seats = tuple(Role(r, r, "", "", batna=0, points=points[r]) for r in roles)
    return Scenario(id="bench", title="bench", version="1", summary="", language="en",
                    roles=seats, issues=issues)


CASES = [  # (roles, issues, options, opposed)
    (2, 10, 9, False),
    (2, 10, 9, True),
    (3, 10, 4, False),
    (3, 10, 4, True),
    (3, 6, 10, True),
    (4, 6, 6, True),
]


def main() -> None:
    print(f"{'case':<28}{'outcomes':>14}{'frontier':>10}{'analyze s':>11}{'count s':>10}")
    for n_roles, n_issues, n_options, opposed in CASES:
        scenario = build(7, n_roles, n_issues, n_options, opposed)
        start = time.perf_counter()
        result = analysis.analyze(scenario)
        analyse_s = time.perf_counter() - start
        start = time.perf_counter()
        analysis.count_better(scenario, outcomes.all_compromise(scenario))
        count_s = time.perf_counter() - start
        name = f"{n_roles} roles {n_issues}x{n_options} {'opposed' if opposed else 'uniform'}"
        print(f"{name:<28}{result.size:>14,}{len(result.frontier):>10,}"
              f"{analyse_s:>11.3f}{count_s:>10.3f}")


if __name__ == "__main__":
    main()
