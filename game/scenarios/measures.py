"""Spread measures of an additive outcome space, computed issue by issue (no enumeration).

Issues are independent under the uniform distribution over packages, so the minimum and
maximum joint points, and the covariances of two roles' points, add up issue by issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import sqrt

from game.core.outcomes import IssueVectors


def joint_range(vectors: Sequence[IssueVectors]) -> tuple[int, int]:
    """(min, max) joint points over every outcome."""
    low = sum(min(sum(vec) for _, vec in issue) for issue in vectors)
    high = sum(max(sum(vec) for _, vec in issue) for issue in vectors)
    return low, high


def correlation(vectors: Sequence[IssueVectors]) -> float:
    """Pearson correlation of the first two roles' points over the uniform outcome space;
    0.0 when either role's points never vary."""
    cov = var_a = var_b = 0.0
    for issue in vectors:
        a = [vec[0] for _, vec in issue]
        b = [vec[1] for _, vec in issue]
        mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
        cov += sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True)) / len(a)
        var_a += sum((x - mean_a) ** 2 for x in a) / len(a)
        var_b += sum((y - mean_b) ** 2 for y in b) / len(b)
    if var_a == 0 or var_b == 0:
        return 0.0
    return cov / sqrt(var_a * var_b)
