"""Analysis of a scenario's outcome space: Pareto frontier, max joint, Nash and
Kalai-Smorodinsky points, issue types, integrative potential.

All points are integers; only ratios are floats. Every function takes the seated roles as a
sequence of role ids (default: every role), and the utility vectors follow that order.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from game.core import outcomes
from game.core.outcomes import IssueVectors, Package, Utilities, count_better_than
from game.core.scenario import Scenario

COMPATIBLE, DISTRIBUTIVE, INTEGRATIVE = "compatible", "distributive", "integrative"

# A partial outcome while folding issues: its utility vector and one choice of option indices.
_Entry = tuple[Utilities, tuple[int, ...]]


@dataclass(frozen=True)
class Point:
    """An outcome in utility space: points per seated role and one package achieving them."""

    utilities: Utilities
    package: Mapping[str, str]

    @property
    def joint(self) -> int:
        """Joint gain JG: the sum of the utilities, in points."""
        return sum(self.utilities)

    def to_dict(self) -> dict[str, object]:
        return {"utilities": list(self.utilities), "package": dict(self.package)}


@dataclass(frozen=True)
class Analysis:
    """The outcome space of a scenario for a tuple of seated roles; see `analyze`."""

    scenario: Scenario = field(repr=False, compare=False)
    roles: tuple[str, ...]
    batnas: Utilities
    size: int
    frontier: tuple[Point, ...]
    compromise: Point
    max_joint_point: Point | None
    nash: Point | None
    kalai_smorodinsky: Point | None
    ideal: Utilities | None
    issue_types: Mapping[str, str]
    common_best: Mapping[str, tuple[str, ...]]

    @property
    def max_joint(self) -> int | None:
        """JG*: the best joint gain among outcomes giving everyone at least their BATNA."""
        return None if self.max_joint_point is None else self.max_joint_point.joint

    @property
    def compromise_joint(self) -> int:
        """JG_c: the joint gain of the all-compromise package."""
        return self.compromise.joint

    @property
    def integrative_potential(self) -> int | None:
        """JG* - JG_c in points: what trading across issues adds to splitting the difference."""
        return None if self.max_joint is None else self.max_joint - self.compromise_joint

    @property
    def integrative_ratio(self) -> float | None:
        """(JG* - JG_c) / JG*: the share of the best joint gain that compromise leaves behind;
        None when JG* is None or not positive."""
        if self.max_joint is None or self.max_joint <= 0:
            return None
        return (self.max_joint - self.compromise_joint) / self.max_joint

    @property
    def nash_product(self) -> int | None:
        """prod_i (u_i - r_i) at the Nash point (Nash 1950), or None when there is none."""
        return None if self.nash is None else _surplus_product(self.nash.utilities, self.batnas)

    @property
    def deal_possible(self) -> bool:
        """True when some outcome is strictly better than the BATNA for every seated role."""
        return any(all(u > r for u, r in zip(p.utilities, self.batnas, strict=True))
                   for p in self.frontier)

    def to_dict(self) -> dict[str, object]:
        def point(p: Point | None) -> dict[str, object] | None:
            return None if p is None else p.to_dict()

        return {
            "scenario": self.scenario.id, "roles": list(self.roles), "batnas": list(self.batnas),
            "size": self.size, "frontier": [p.to_dict() for p in self.frontier],
            "compromise": point(self.compromise), "compromise_joint": self.compromise_joint,
            "max_joint": self.max_joint, "max_joint_point": point(self.max_joint_point),
            "integrative_potential": self.integrative_potential,
            "integrative_ratio": self.integrative_ratio,
            "nash": point(self.nash), "nash_product": self.nash_product,
            "kalai_smorodinsky": point(self.kalai_smorodinsky),
            "ideal": None if self.ideal is None else list(self.ideal),
            "issue_types": dict(self.issue_types),
            "common_best": {k: list(v) for k, v in self.common_best.items()},
        }


def analyze(scenario: Scenario, roles: Sequence[str] | None = None) -> Analysis:
    """Analyse the outcome space (hidden options included) for the seated roles.

    The frontier is the set of distinct utility vectors u of outcomes such that no outcome v
    has v_i >= u_i for every role and v != u (Pareto-optimal, no weak improvement for anyone
    without a loss to someone), each with one package achieving it, sorted by utilities.
    JG*, Nash and KS range over individually rational outcomes (u_i >= r_i for all i).
    """
    seats = outcomes.role_ids(scenario, roles)
    vectors = outcomes.issue_vectors(scenario, seats)
    r = outcomes.batnas(scenario, seats)
    issue_ids = [issue.id for issue in scenario.issues]

    def as_point(entry: _Entry) -> Point:
        choice = {iid: opts[k][0] for iid, opts, k in zip(issue_ids, vectors, entry[1],
                                                           strict=True)}
        return Point(entry[0], MappingProxyType(choice))

    front = sorted(pareto_fold(vectors, len(seats)))
    frontier = tuple(as_point(entry) for entry in front)
    # Each of JG*, the Nash product and every KS ratio is weakly increasing in every u_i on the
    # individually rational set, and every outcome is weakly dominated by a frontier point
    # (which is individually rational when the outcome is). So a maximiser over all outcomes
    # can be found on the frontier, and we search only there.
    rational = [p for p in frontier if all(u >= b for u, b in zip(p.utilities, r, strict=True))]
    ideal = (tuple(max(p.utilities[i] for p in rational) for i in range(len(seats)))
             if rational else None)
    best_joint = nash = ks = None
    if rational and ideal is not None:
        best_joint = max(rational, key=lambda p: (p.joint, min(_gains(p, r)), p.utilities))
        nash = max(rational, key=lambda p: (_surplus_product(p.utilities, r), p.joint,
                                            p.utilities))
        ks = max(rational, key=lambda p: (ks_level(p.utilities, r, ideal), p.joint, p.utilities))
    compromise_package = outcomes.all_compromise(scenario)
    compromise = Point(outcomes.utilities(scenario, compromise_package, seats),
                       MappingProxyType(compromise_package))
    common = {issue_id: _common_best(opts) for issue_id, opts in zip(issue_ids, vectors,
                                                                     strict=True)}
    types = {issue_id: _issue_type(opts, common[issue_id])
             for issue_id, opts in zip(issue_ids, vectors, strict=True)}
    return Analysis(scenario, seats, r, outcomes.size(scenario), frontier, compromise,
                    best_joint, nash, ks, ideal, MappingProxyType(types),
                    MappingProxyType(common))


def pareto_fold(vectors: Sequence[IssueVectors], width: int) -> list[_Entry]:
    """Exact Pareto frontier of an additive space: fold issues one at a time, Minkowski-sum
    the kept partial vectors with the issue's options and drop the dominated sums.

    Exact because a dominated partial sum stays dominated whatever the remaining issues add
    (a' >= a, a' != a implies a' + c >= a + c, a' + c != a + c). Returns (utilities, option
    indices) pairs, one per distinct frontier vector.
    """
    front: list[_Entry] = [((0,) * width, ())]
    for options in vectors:
        sums = [(tuple(map(operator.add, u, vec)), choice + (k,))
                for u, choice in front for k, (_, vec) in enumerate(options)]
        front = _prune(sums, width)
    return front


def _prune(entries: list[_Entry], width: int) -> list[_Entry]:
    """Keep the non-dominated distinct vectors (the first entry of each equal vector)."""
    # Sorted in decreasing lexicographic order, a vector can only be dominated by one before it.
    entries.sort(key=operator.itemgetter(0), reverse=True)
    distinct = [e for i, e in enumerate(entries) if i == 0 or e[0] != entries[i - 1][0]]
    if width <= 1:
        return distinct[:1]
    if width == 2:
        kept, best = [], None
        for entry in distinct:
            if best is None or entry[0][1] > best:
                kept.append(entry)
                best = entry[0][1]
        return kept
    if width == 3:
        return _prune3(distinct)
    return _prune_any(distinct, width)


def _prune3(distinct: list[_Entry]) -> list[_Entry]:
    """Three roles: a sweep on u_0 with a Fenwick tree of max u_2 over ranks of u_1."""
    ys = sorted({e[0][1] for e in distinct}, reverse=True)
    rank = {y: i + 1 for i, y in enumerate(ys)}
    floor = min(e[0][2] for e in distinct) - 1
    tree = [floor] * (len(ys) + 1)
    kept = []
    for entry in distinct:
        _, y, z = entry[0]
        i, best = rank[y], floor
        while i > 0:  # max u_2 among kept vectors with u_1 >= y (all have u_0 >= this u_0)
            if tree[i] > best:
                best = tree[i]
            i -= i & -i
        if best >= z:
            continue
        kept.append(entry)
        i = rank[y]
        while i < len(tree):
            if tree[i] < z:
                tree[i] = z
            i += i & -i
    return kept


def _prune_any(distinct: list[_Entry], width: int) -> list[_Entry]:
    """Any number of roles: divide and conquer on the sorted order (an entry can only be
    dominated by an earlier one), then a static dominance test across the two halves."""
    vecs = [e[0] for e in distinct]
    dims = tuple(range(1, width))  # u_0 is implied by the decreasing lexicographic order
    dominated: set[int] = set()

    def solve(lo: int, hi: int) -> None:
        if hi - lo <= 1:
            return
        mid = (lo + hi) // 2
        solve(lo, mid)
        solve(mid, hi)
        queries = [(vecs[j], j) for j in range(mid, hi) if j not in dominated]
        dominated.update(_covered(queries, vecs[lo:mid], dims))

    solve(0, len(vecs))
    return [e for j, e in enumerate(distinct) if j not in dominated]


def _covered(queries: list[tuple[Utilities, int]], sources: list[Utilities],
             dims: tuple[int, ...]) -> set[int]:
    """Ids of queries q with some source s having s_d >= q_d for every d in dims (2 or more):
    split on the median of the first dimension, recurse, and drop that dimension across."""
    if not queries or not sources:
        return set()
    if len(queries) * len(sources) <= 32:
        return {j for q, j in queries
                if any(all(s[d] >= q[d] for d in dims) for s in sources)}
    d0 = dims[0]
    if len(dims) == 2:  # sweep d0 downwards (sources first on ties) keeping the best d1
        d1 = dims[1]
        events = sorted([(s[d0], 1, s[d1], -1) for s in sources]
                        + [(q[d0], 0, q[d1], j) for q, j in queries], reverse=True)
        found, best = set(), None
        for _, is_source, y, j in events:
            if is_source:
                best = y if best is None or y > best else best
            elif best is not None and best >= y:
                found.add(j)
        return found
    values = sorted({s[d0] for s in sources} | {q[d0] for q, _ in queries})
    if len(values) == 1:
        return _covered(queries, sources, dims[1:])
    cut = values[len(values) // 2]  # hi: d0 >= cut; lo: d0 < cut; both non-empty
    q_hi = [(q, j) for q, j in queries if q[d0] >= cut]
    q_lo = [(q, j) for q, j in queries if q[d0] < cut]
    s_hi = [s for s in sources if s[d0] >= cut]
    s_lo = [s for s in sources if s[d0] < cut]
    found = _covered(q_hi, s_hi, dims) | _covered(q_lo, s_lo, dims)
    rest = [(q, j) for q, j in q_lo if j not in found]
    return found | _covered(rest, s_hi, dims[1:])


def ks_level(u: Utilities, batnas: Utilities, ideal: Utilities) -> Fraction:
    """min_i (u_i - r_i) / (ideal_i - r_i) over roles with ideal_i > r_i (1 when there are
    none): the Kalai-Smorodinsky (1975) criterion, exact."""
    ratios = [Fraction(x - r, hi - r) for x, r, hi in zip(u, batnas, ideal, strict=True) if hi > r]
    return min(ratios, default=Fraction(1))


def _gains(point: Point, batnas: Utilities) -> list[int]:
    return [u - r for u, r in zip(point.utilities, batnas, strict=True)]


def _surplus_product(u: Utilities, batnas: Utilities) -> int:
    return math.prod(x - r for x, r in zip(u, batnas, strict=True))


def _common_best(options: IssueVectors) -> tuple[str, ...]:
    """Options that are best (ties included) for every seated role, in option order."""
    width = len(options[0][1]) if options else 0
    tops = [max(vec[i] for _, vec in options) for i in range(width)]
    return tuple(oid for oid, vec in options if all(v == t for v, t in zip(vec, tops, strict=True)))


def _issue_type(options: IssueVectors, common: tuple[str, ...]) -> str:
    if common:
        return COMPATIBLE
    joints = {sum(vec) for _, vec in options}
    return DISTRIBUTIVE if len(joints) == 1 else INTEGRATIVE


def is_dominated(analysis: Analysis, u: Sequence[int]) -> bool:
    """True when some outcome gives everyone at least u_i points and is not equal to u."""
    target = tuple(u)
    return any(p.utilities != target and all(a >= b for a, b in zip(p.utilities, target,
                                                                      strict=True))
               for p in analysis.frontier)


def is_pareto_optimal(source: Analysis | Scenario, package: Package,
                      roles: Sequence[str] | None = None) -> bool:
    """True when no outcome weakly improves the package for everyone and strictly for one."""
    analysis = source if isinstance(source, Analysis) else analyze(source, roles)
    if roles is not None and tuple(roles) != analysis.roles:
        raise ValueError(f"analysis is for roles {analysis.roles}, not {tuple(roles)}")
    u = outcomes.utilities(analysis.scenario, package, analysis.roles)
    return not is_dominated(analysis, u)


def count_better(scenario: Scenario, package: Package, roles: Sequence[str] | None = None,
                 *, brute_force_limit: int = 4096) -> int:
    """Number of outcomes strictly better for every seated role than `package`."""
    u = outcomes.utilities(scenario, package, roles)
    return count_better_than(scenario, u, roles, brute_force_limit=brute_force_limit)
