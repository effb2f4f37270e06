"""Small exact outcome-space arithmetic for the checker (additive utilities).

Additive point tables let most questions be answered issue by issue without enumerating
every outcome: each role's best total, the maximum and minimum joint points, the
all-compromise joint points and the correlation of two roles' points over the uniform
outcome space. `frontier` builds the Pareto frontier issue by issue, pruning dominated
partial packages, and gives up (returns None) past `MAX_FRONTIER` partial packages.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

from game.scenarios.schema import ScenarioSpec

MAX_FRONTIER = 20_000

Vector = tuple[int, ...]
IssueVectors = list[tuple[str, str, Vector]]  # (issue id, option id, points per role)


@dataclass(frozen=True)
class Tables:
    """Point tables of a checked document: points[role][issue][option]."""

    issues: tuple[tuple[str, tuple[str, ...]], ...]
    points: dict[str, dict[str, dict[str, int]]]

    @classmethod
    def of(cls, spec: ScenarioSpec) -> Tables:
        issues = tuple((issue.id, tuple(o.id for o in issue.options)) for issue in spec.issues)
        return cls(issues, spec.points)

    def best(self, role: str) -> int:
        """The most points `role` can get from any outcome."""
        return sum(max(self.points[role][issue].values()) for issue, _ in self.issues)

    def vectors(self, roles: list[str]) -> list[IssueVectors]:
        """Per issue, each option with the points of `roles` (in that order)."""
        return [[(issue, option, tuple(self.points[r][issue][option] for r in roles))
                 for option in options] for issue, options in self.issues]

    def max_joint(self, roles: list[str]) -> int:
        return sum(max(sum(v) for _, _, v in issue) for issue in self.vectors(roles))

    def compromise_joint(self, spec: ScenarioSpec, roles: list[str]) -> int:
        """Joint points of the all-compromise outcome: the option marked `compromise`, else
        the middle visible option (the lower middle when their number is even)."""
        total = 0
        for issue in spec.issues:
            marked = [o for o in issue.options if o.compromise]
            visible = [o for o in issue.options if not o.unlocked_by] or list(issue.options)
            option = marked[0] if marked else visible[(len(visible) - 1) // 2]
            total += sum(self.points[r][issue.id][option.id] for r in roles)
        return total


def joint_range(vectors: list[IssueVectors]) -> tuple[int, int]:
    """(min, max) joint points over all outcomes."""
    low = sum(min(sum(v) for _, _, v in issue) for issue in vectors)
    high = sum(max(sum(v) for _, _, v in issue) for issue in vectors)
    return low, high


def correlation(vectors: list[IssueVectors]) -> float:
    """Pearson correlation of the first two roles' points over the uniform outcome space
    (issues are independent, so covariances add up issue by issue); 0.0 when constant."""
    cov = var_a = var_b = 0.0
    for issue in vectors:
        a = [v[0] for _, _, v in issue]
        b = [v[1] for _, _, v in issue]
        mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
        cov += sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True)) / len(a)
        var_a += sum((x - mean_a) ** 2 for x in a) / len(a)
        var_b += sum((y - mean_b) ** 2 for y in b) / len(b)
    if var_a == 0 or var_b == 0:
        return 0.0
    return cov / sqrt(var_a * var_b)


def _dominates(a: Vector, b: Vector) -> bool:
    return all(x >= y for x, y in zip(a, b, strict=True)) and a != b


Package = tuple[tuple[str, str], ...]  # ((issue id, option id), ...)


def frontier(vectors: list[IssueVectors]) -> list[tuple[Vector, Package]] | None:
    """Pareto-optimal (points vector, package) pairs, one package per distinct vector;
    None when the pruned partial frontier grows past MAX_FRONTIER."""
    width = len(vectors[0][0][2]) if vectors and vectors[0] else 0
    partial: dict[Vector, Package] = {(0,) * width: ()}
    for issue in vectors:
        grown: dict[Vector, Package] = {}
        for vec, package in partial.items():
            for issue_id, option_id, points in issue:
                total = tuple(x + y for x, y in zip(vec, points, strict=True))
                grown.setdefault(total, package + ((issue_id, option_id),))
        if len(grown) > MAX_FRONTIER:
            return None
        kept: dict[Vector, Package] = {}
        # a dominating vector has a larger sum, so it comes first and is already kept
        for vec in sorted(grown, key=sum, reverse=True):
            if not any(_dominates(other, vec) for other in kept):
                kept[vec] = grown[vec]
        partial = kept
    return list(partial.items())
