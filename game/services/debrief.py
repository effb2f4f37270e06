"""The debrief of a round: outcome scatter, efficiency histogram, disclosure against joint
gain, lose/lose share, one row per group, teaching notes and the research benchmark.

Everything is derived from the negotiations' event logs (folded into states) and the
scenario version each negotiation was started with; nothing is read from the cached Result
rows. `build_debrief` is pure (states in, a JSON-ready dict out); `round_debrief` loads.

Points are integers; efficiency E and shares are floats; times are seconds. Only CLOSED
negotiations appear as dots or rows (an open one is counted in `open`). The debrief never
carries chat, questions or proposals: those are in a group's replay (game.services.replay),
which a trainee only gets for their own group.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from game.core import outcomes
from game.core.analysis import Analysis, Point, analyze
from game.core.scenario import Scenario
from game.core.scoring import Score
from game.core.state import NegotiationState
from game.core.views import final_score

SAMPLE_LIMIT = 4000  # outcomes drawn on the scatter; larger spaces get a seeded sample
SAMPLE_SEED = 0  # the same round always draws the same grey cloud
BIN_WIDTH = 0.1  # efficiency histogram bins, in units of E

BENCHMARK = {
    "samples": 582, "people": 0.75, "random": 0.5, "pareto": 1.0,
    "text": (
        "Across 582 published samples, people reach **0.75** on a scale where a random deal "
        "is 0.5 and a Pareto-optimal one is 1.0 (Yao, Li & Storme, IACM 2026). That scale is "
        "not E: E puts the all-compromise deal at 0 and the best joint deal at 1. Only one "
        "member of a pair needs to ask or share for joint gains to rise, and sharers lose "
        "nothing (Thompson 1991)."),
    "sources": ["Yao, Li & Storme (2026), IACM annual conference: a meta-analysis of "
                "negotiation efficiency across 582 samples.",
                "Thompson, L. (1991). Information exchange in negotiation. Journal of "
                "Experimental Social Psychology, 27(2), 161-179."],
}


def plotted_roles(scenario: Scenario, state: NegotiationState) -> tuple[str, ...]:
    """The two roles on the scatter's axes: the seated roles in scenario file order, first two
    (so a role swap does not swap the axes)."""
    seated = {m.role for m in state.members}
    return tuple(role.id for role in scenario.roles if role.id in seated)[:2]


def role_point(scenario: Scenario, roles: Sequence[str], package: dict[str, str] | None
               ) -> list[int]:
    """Points of each of `roles` for a package, or their BATNAs on no deal."""
    if package is None:
        return [scenario.role(r).batna for r in roles]
    return [scenario.role(r).points_for(package) for r in roles]


def package_labels(scenario: Scenario, package: dict[str, str] | None) -> list[dict[str, str]]:
    """[{issue, option, issue_title, option_label}] in scenario order; [] on no deal."""
    if package is None:
        return []
    return [{"issue": i.id, "option": package[i.id], "issue_title": i.title,
             "option_label": i.option(package[i.id]).label} for i in scenario.issues]


def is_integrative(final: Score) -> bool:
    """The group found the integrative deal: a deal whose joint gain JG reaches JG*."""
    return final.deal and final.max_joint is not None and final.joint == final.max_joint


def _xy(point: Point | None, index: Sequence[int]) -> list[int] | None:
    return None if point is None else [point.utilities[i] for i in index]


def outcome_cloud(scenario: Scenario, roles: Sequence[str]) -> tuple[list[list[int]], bool]:
    """Distinct outcome points for `roles` ([[u_0, u_1], ...], sorted) and whether they were
    sampled (above SAMPLE_LIMIT outcomes, SAMPLE_LIMIT packages drawn with a fixed seed)."""
    if outcomes.size(scenario) <= SAMPLE_LIMIT:
        points = {u for u, _ in outcomes.iter_utilities(scenario, roles)}
        return sorted(list(u) for u in points), False
    rng = random.Random(SAMPLE_SEED)
    drawn = {outcomes.utilities(scenario, p, roles)
             for p in outcomes.sample(scenario, SAMPLE_LIMIT, rng)}
    return sorted(list(u) for u in drawn), True


def scatter(scenario: Scenario, roles: Sequence[str], full: Analysis) -> dict[str, Any]:
    """The outcome space on two axes: grey outcomes, the Pareto frontier of the two plotted
    roles, Nash, all-compromise and max-joint points of the seated group (projected), BATNAs."""
    index = [full.roles.index(r) for r in roles]
    plane = analyze(scenario, roles)
    cloud, sampled = outcome_cloud(scenario, roles)
    return {
        "roles": list(roles), "role_names": [scenario.role(r).name for r in roles],
        "outcomes": cloud, "sampled": sampled, "size": outcomes.size(scenario),
        "frontier": [list(p.utilities) for p in plane.frontier],
        "nash": _xy(full.nash, index), "compromise": _xy(full.compromise, index),
        "max_joint": _xy(full.max_joint_point, index),
        "batnas": [scenario.role(r).batna for r in roles], "groups": [],
    }


def histogram(groups: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Efficiency E of the deals in bins of 0.1 ([lo, lo + 0.1), the top bin [0.9, 1.0]
    closed), from 0 or from the lowest deal's bin when some E < 0; no-deals in their own
    bar; deals with no E (JG* = JG_c) counted apart."""
    deals = [g["efficiency"] for g in groups if g["deal"] and g["efficiency"] is not None]
    index = [min(math.floor(e / BIN_WIDTH + 1e-9), 9) for e in deals]
    low = min([0, *index])
    counts = [0] * (10 - low)
    for k in index:
        counts[k - low] += 1
    bins = [{"from": round((low + i) * BIN_WIDTH, 1), "to": round((low + i + 1) * BIN_WIDTH, 1),
             "label": f"{(low + i) * BIN_WIDTH:.1f}–{(low + i + 1) * BIN_WIDTH:.1f}",
             "count": c} for i, c in enumerate(counts)]
    return {"bins": bins, "no_deal": sum(1 for g in groups if not g["deal"]),
            "no_efficiency": sum(1 for g in groups if g["deal"] and g["efficiency"] is None)}


def lose_lose_share(groups: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Groups whose deal settled a compatible issue off the option best for all (Thompson &
    Hrebec 1996). `share` = lose/lose deals / deals (a no-deal settles no issue, so it is
    not in the denominator); `share_of_groups` = lose/lose deals / closed groups."""
    deals = sum(1 for g in groups if g["deal"])
    count = sum(1 for g in groups if g["flags"]["lose_lose"])
    return {"count": count, "deals": deals, "groups": len(groups),
            "share": count / deals if deals else None,
            "share_of_groups": count / len(groups) if groups else None}


def group_row(negotiation_id: int, state: NegotiationState, final: Score,
              roles: Sequence[str]) -> dict[str, Any]:
    """One closed group: members with points, the deal, JG, JG*, E, LOT, flags, cards
    revealed and seconds from the start to the close (`seconds_to_deal` only for a deal)."""
    scenario = state.scenario
    assert state.closed_at is not None
    seconds = state.closed_at - state.started_at
    package = None if final.package is None else dict(final.package)
    return {
        "negotiation": negotiation_id,
        "members": [{"seat": m.seat, "name": m.name, "role": m.role,
                     "role_name": scenario.role(m.role).name,
                     "bot": m.bot or m.seat in state.bot_played, "points": s.points,
                     "batna": s.batna, "surplus": s.surplus}
                    for m, s in zip(state.members, final.roles, strict=True)],
        "deal": final.deal, "package": package,
        "package_labels": package_labels(scenario, package),
        "point": role_point(scenario, roles, package),
        "joint": final.joint, "max_joint": final.max_joint,
        "compromise_joint": final.compromise_joint, "efficiency": final.efficiency,
        "left_on_table": final.left_on_table,
        "flags": {"integrative": is_integrative(final), "pareto_optimal": final.pareto_optimal,
                  "lose_lose": final.lose_lose, "missed_deal": final.missed_deal,
                  "agreement_trap": final.agreement_trap},
        "close_reason": state.close_reason, "started_at": state.started_at,
        "closed_at": state.closed_at, "seconds_to_close": round(seconds, 3),
        "seconds_to_deal": round(seconds, 3) if final.deal else None,
        "cards_revealed": len(state.reveals), "questions": len(state.questions),
    }


def build_debrief(groups: Sequence[tuple[int, NegotiationState]],
                  highlight: int | None = None) -> dict[str, Any]:
    """The debrief JSON of one round's negotiations [(id, state)] (pure). The scenario version
    is the first negotiation's (a round starts all its tables at once). `highlight` marks
    one group's dot (a trainee's own). Raises ValueError for an empty round."""
    if not groups:
        raise ValueError("a debrief needs at least one negotiation")
    scenario = groups[0][1].scenario
    roles = plotted_roles(scenario, groups[0][1])
    full = analyze(scenario, [m.role for m in groups[0][1].members])
    plot = scatter(scenario, roles, full)
    rows = []
    for negotiation_id, state in sorted(groups, key=lambda g: g[0]):
        if state.stage.closed:
            rows.append(group_row(negotiation_id, state, final_score(state), roles))
    for row in rows:
        flags = row["flags"]
        plot["groups"].append({
            "negotiation": row["negotiation"], "point": row["point"], "deal": row["package"],
            "integrative": flags["integrative"], "highlight": row["negotiation"] == highlight,
            "outcome": ("integrative" if flags["integrative"] else
                        "deal" if row["deal"] else "no_deal")})
    efficiencies = [r["efficiency"] for r in rows if r["deal"] and r["efficiency"] is not None]
    return {
        "scenario": {"id": scenario.id, "title": scenario.title, "version": scenario.version,
                     "hash": scenario.content_hash},
        "scatter": plot,
        "histogram": histogram(rows),
        "disclosure": [{"negotiation": r["negotiation"], "cards": r["cards_revealed"],
                        "joint": r["joint"], "deal": r["deal"],
                        "integrative": r["flags"]["integrative"]} for r in rows],
        "lose_lose": lose_lose_share(rows),
        "groups": rows,
        "open": sorted(n for n, s in groups if not s.stage.closed),
        "summary": {"groups": len(rows), "deals": sum(1 for r in rows if r["deal"]),
                    "integrative": sum(1 for r in rows if r["flags"]["integrative"]),
                    "mean_efficiency": (sum(efficiencies) / len(efficiencies)
                                        if efficiencies else None),
                    "max_joint": full.max_joint, "compromise_joint": full.compromise_joint},
        "highlight": highlight,
        "teaching_notes": scenario.teaching_notes,
        "benchmark": BENCHMARK,
    }


def round_debrief(app_services: Any, negotiation_ids: Sequence[int],
                  highlight: int | None = None) -> dict[str, Any]:
    """Load each negotiation's state from its event log (with its scenario version) and build
    the debrief; see `build_debrief` for the shape."""
    states = [(n, app_services.negotiations.state(n)) for n in negotiation_ids]
    return build_debrief(states, highlight)
