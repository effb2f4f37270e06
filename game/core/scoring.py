"""Scores of a negotiated outcome (or of no deal) for the seated roles, per PRODUCT.md "Scoring".

Points are integers; only ratios (share, efficiency, Nash ratio) are floats. On no deal every
role gets its BATNA r_i.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from game.core import outcomes
from game.core.analysis import (
    COMPATIBLE,
    Analysis,
    analyze,
    is_dominated,
)
from game.core.outcomes import Package, count_better_than
from game.core.scenario import Scenario


@dataclass(frozen=True)
class RoleScore:
    """One role's individual outcome: points u_i, BATNA r_i, surplus g_i = u_i - r_i, and the
    share g_i / sum g (None when sum g <= 0)."""

    role: str
    points: int
    batna: int
    surplus: int
    share: float | None

    def to_dict(self) -> dict[str, object]:
        return {"role": self.role, "points": self.points, "batna": self.batna,
                "surplus": self.surplus, "share": self.share}


@dataclass(frozen=True)
class Score:
    """Individual and joint scores of one negotiation, with the debrief flags."""

    scenario_id: str
    package: Mapping[str, str] | None
    roles: tuple[RoleScore, ...]
    joint: int
    max_joint: int | None
    left_on_table: int | None
    compromise_joint: int
    efficiency: float | None
    pareto_optimal: bool
    better_for_everyone: int
    nash_ratio: float | None
    lose_lose_issues: tuple[str, ...]
    missed_deal: bool
    agreement_trap: bool

    @property
    def deal(self) -> bool:
        return self.package is not None

    @property
    def lose_lose(self) -> bool:
        """A compatible issue settled off every option that is best for all (Thompson &
        Hrebec 1996)."""
        return bool(self.lose_lose_issues)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: ints, floats, None, strings, lists and dicts only."""
        return {
            "scenario": self.scenario_id, "deal": self.deal,
            "package": None if self.package is None else dict(self.package),
            "roles": [role.to_dict() for role in self.roles], "joint": self.joint,
            "max_joint": self.max_joint, "left_on_table": self.left_on_table,
            "compromise_joint": self.compromise_joint, "efficiency": self.efficiency,
            "pareto_optimal": self.pareto_optimal,
            "better_for_everyone": self.better_for_everyone, "nash_ratio": self.nash_ratio,
            "lose_lose": self.lose_lose, "lose_lose_issues": list(self.lose_lose_issues),
            "missed_deal": self.missed_deal, "agreement_trap": self.agreement_trap,
        }


def score(scenario: Scenario, roles: Sequence[str] | None, package: Package | None,
          analysis: Analysis | None = None) -> Score:
    """Score an agreed package (None: no deal) for the seated roles (None: all roles).

    JG = sum u_i; LOT = JG* - JG; E = (JG - JG_c) / (JG* - JG_c) (None when JG* is None or
    the denominator is 0); Nash ratio = prod g_i / prod at the Nash point (Nash 1950; None
    when some g_i < 0 or the Nash product is not positive). On no deal, `pareto_optimal` says
    whether no outcome dominates the BATNA vector and `better_for_everyone` counts outcomes
    strictly better than it. Pass `analysis` (for the same
    roles) to avoid recomputing it; raises ValueError on an incomplete package or role mismatch.
    """
    seats = outcomes.role_ids(scenario, roles)
    if analysis is None:
        analysis = analyze(scenario, seats)
    elif analysis.roles != seats or analysis.scenario != scenario:
        raise ValueError(f"analysis is for {analysis.scenario.id!r} {analysis.roles}, "
                         f"not {scenario.id!r} {seats}")
    r = analysis.batnas
    u = r if package is None else outcomes.utilities(scenario, package, seats)
    gains = [x - b for x, b in zip(u, r, strict=True)]
    total_gain = sum(gains)
    role_scores = tuple(
        RoleScore(role_id, x, b, g, g / total_gain if total_gain > 0 else None)
        for role_id, x, b, g in zip(seats, u, r, gains, strict=True)
    )
    joint = sum(u)
    jg_star, jg_c = analysis.max_joint, analysis.compromise_joint
    efficiency = None
    if jg_star is not None and jg_star != jg_c:
        efficiency = (joint - jg_c) / (jg_star - jg_c)
    nash_product = analysis.nash_product
    nash_ratio = None
    if min(gains, default=0) >= 0 and nash_product is not None and nash_product > 0:
        nash_ratio = math.prod(gains) / nash_product
    lose_lose: tuple[str, ...] = ()
    if package is not None:
        lose_lose = tuple(
            issue_id for issue_id, kind in analysis.issue_types.items()
            if kind == COMPATIBLE and package[issue_id] not in analysis.common_best[issue_id]
        )
    return Score(
        scenario_id=scenario.id,
        package=None if package is None else MappingProxyType(dict(package)),
        roles=role_scores,
        joint=joint,
        max_joint=jg_star,
        left_on_table=None if jg_star is None else jg_star - joint,
        compromise_joint=jg_c,
        efficiency=efficiency,
        pareto_optimal=not is_dominated(analysis, u),
        better_for_everyone=count_better_than(scenario, u, seats),
        nash_ratio=nash_ratio,
        lose_lose_issues=lose_lose,
        missed_deal=package is None and analysis.deal_possible,
        agreement_trap=package is not None and min(gains, default=0) < 0,
    )
