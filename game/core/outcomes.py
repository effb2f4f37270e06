"""The outcome space of a scenario: packages, their utilities, enumeration and sampling.

An outcome (a package) is a mapping issue_id -> option_id with one option for every issue.
Hidden options (`Option.unlocked_by`) are part of the space: they are what asking "Why?" can
add to the table. Utilities are additive integer points, one entry per seated role, in the order
the roles are given (default: every role of the scenario, in file order).
"""

from __future__ import annotations

import itertools
import math
import random
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from game.core.scenario import Role, Scenario

Package = Mapping[str, str]
Utilities = tuple[int, ...]
# Per issue: (option_id, utilities of that option for each seated role), in option order.
IssueVectors = tuple[tuple[str, Utilities], ...]


def seated(scenario: Scenario, roles: Sequence[str] | None = None) -> tuple[Role, ...]:
    """The Role objects for these role ids (default: all roles); raises KeyError on an unknown id
    and ValueError on a repeated one."""
    if roles is None:
        return scenario.roles
    if len(set(roles)) != len(roles):
        raise ValueError(f"roles repeated: {list(roles)}")
    return tuple(scenario.role(role_id) for role_id in roles)


def role_ids(scenario: Scenario, roles: Sequence[str] | None = None) -> tuple[str, ...]:
    """The seated role ids as a tuple (default: all roles in file order)."""
    return tuple(role.id for role in seated(scenario, roles))


def batnas(scenario: Scenario, roles: Sequence[str] | None = None) -> Utilities:
    """Each seated role's BATNA (reservation value) in points, in role order."""
    return tuple(role.batna for role in seated(scenario, roles))


def size(scenario: Scenario) -> int:
    """Number of packages: the product of the number of options of every issue."""
    return math.prod(len(issue.options) for issue in scenario.issues)


def issue_vectors(
    scenario: Scenario, roles: Sequence[str] | None = None
) -> tuple[IssueVectors, ...]:
    """For every issue (scenario order), each option id with its points per seated role."""
    seats = seated(scenario, roles)
    return tuple(
        tuple((o.id, tuple(role.points[issue.id][o.id] for role in seats)) for o in issue.options)
        for issue in scenario.issues
    )


def check_package(scenario: Scenario, package: Package) -> None:
    """Raise ValueError unless `package` names exactly one existing option for every issue."""
    expected = {issue.id for issue in scenario.issues}
    if set(package) != expected:
        missing, extra = sorted(expected - set(package)), sorted(set(package) - expected)
        raise ValueError(f"package must settle every issue: missing {missing}, unknown {extra}")
    for issue in scenario.issues:
        if package[issue.id] not in issue.option_ids:
            raise ValueError(f"issue {issue.id!r} has no option {package[issue.id]!r}")


def iter_packages(scenario: Scenario) -> Iterator[dict[str, str]]:
    """Every package of the space, in lexicographic option order (brute force: mind `size`)."""
    ids = [issue.id for issue in scenario.issues]
    for choice in itertools.product(*(issue.option_ids for issue in scenario.issues)):
        yield dict(zip(ids, choice, strict=True))


def utilities(
    scenario: Scenario, package: Package, roles: Sequence[str] | None = None
) -> Utilities:
    """Points of each seated role for a complete package: (u_1, ..., u_n), additive over issues."""
    check_package(scenario, package)
    return tuple(role.points_for(package) for role in seated(scenario, roles))


def iter_utilities(
    scenario: Scenario, roles: Sequence[str] | None = None
) -> Iterator[tuple[Utilities, tuple[str, ...]]]:
    """Every outcome as (utilities, option ids in issue order), by brute force."""
    vectors = issue_vectors(scenario, roles)
    width = len(seated(scenario, roles))
    for combo in itertools.product(*vectors):
        total = tuple(sum(vec[i] for _, vec in combo) for i in range(width))
        yield total, tuple(option_id for option_id, _ in combo)


def all_compromise(scenario: Scenario) -> dict[str, str]:
    """The all-compromise package: every issue at `Issue.compromise_option` (its middle option)."""
    return {issue.id: issue.compromise_option.id for issue in scenario.issues}


def sample(scenario: Scenario, n: int, rng: random.Random) -> list[dict[str, str]]:
    """`n` packages drawn uniformly (with replacement) from the whole space, for plotting."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return [
        {issue.id: rng.choice(issue.option_ids) for issue in scenario.issues} for _ in range(n)
    ]


def count_better_than(scenario: Scenario, point: Sequence[int],
                      roles: Sequence[str] | None = None, *,
                      brute_force_limit: int = 4096) -> int:
    """Number of outcomes v with v_i > point_i for every seated role, exactly: brute force up
    to `brute_force_limit` outcomes, else a dynamic programme over issues on partial sums."""
    vectors = issue_vectors(scenario, roles)
    width = len(seated(scenario, roles))
    if len(point) != width:
        raise ValueError(f"point has {len(point)} entries for {width} roles")
    if size(scenario) <= brute_force_limit:
        return sum(1 for v, _ in iter_utilities(scenario, roles)
                   if all(a > b for a, b in zip(v, point, strict=True)))
    need = [p + 1 for p in point]
    # lo[k][i], hi[k][i]: least and most role i can still get from issues k onwards.
    lo = [[0] * width for _ in range(len(vectors) + 1)]
    hi = [[0] * width for _ in range(len(vectors) + 1)]
    for k in range(len(vectors) - 1, -1, -1):
        for i in range(width):
            lo[k][i] = lo[k + 1][i] + min(vec[i] for _, vec in vectors[k])
            hi[k][i] = hi[k + 1][i] + max(vec[i] for _, vec in vectors[k])
    states: dict[tuple[int, ...], int] = {(0,) * width: 1}
    for k, options in enumerate(vectors):
        # A sum at or above cap_i is satisfied whatever follows, so all such sums are merged;
        # a sum below floor_i can never be satisfied, so it is dropped.
        cap = [need[i] - lo[k + 1][i] for i in range(width)]
        floor = [need[i] - hi[k + 1][i] for i in range(width)]
        nxt: defaultdict[tuple[int, ...], int] = defaultdict(int)
        if width == 2:  # the same step, unrolled: the common case and the slow one
            (f0, f1), (c0, c1) = floor, cap
            pairs = [vec for _, vec in options]
            for (x, y), count in states.items():
                for a, b in pairs:
                    x1, y1 = x + a, y + b
                    if x1 >= f0 and y1 >= f1:
                        nxt[(x1 if x1 < c0 else c0, y1 if y1 < c1 else c1)] += count
            states = nxt
            continue
        for state, count in states.items():
            for _, vec in options:
                partial = []
                for i in range(width):
                    value = state[i] + vec[i]
                    if value < floor[i]:
                        break
                    partial.append(value if value < cap[i] else cap[i])
                else:
                    nxt[tuple(partial)] += count
        states = nxt
    return sum(states.values())
