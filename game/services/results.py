"""Results of closed negotiations and the two leaderboards built from them.

Value created ranks groups by efficiency E, then joint points; value claimed ranks trainees by
the percentile of their points among everyone who played the same role of the same scenario
(PRODUCT.md, "Scoring"). No-deals stay in; ties share a standard competition rank.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from game.core.ranking import competition_ranks, percentile
from game.core.state import NegotiationState
from game.core.views import final_score
from game.db.models import Negotiation, Participant, Result, SeatRecord


def record_results(session: Session, negotiation_id: int, state: NegotiationState) -> None:
    """Insert one Result row per seat of a just-closed negotiation (same transaction)."""
    final = final_score(state)
    negotiation = session.get(Negotiation, negotiation_id)
    assert negotiation is not None
    seats = {row.seat: row.participant_id for row in session.scalars(
        select(SeatRecord).where(SeatRecord.negotiation_id == negotiation_id))}
    assert state.closed_at is not None and state.close_reason is not None
    for member, role_score in zip(state.members, final.roles, strict=True):
        session.add(Result(
            negotiation_id=negotiation_id, seat=member.seat, participant_id=seats[member.seat],
            name=member.name, scenario_id=state.scenario.id,
            scenario_hash=state.scenario.content_hash, cohort_id=negotiation.cohort_id,
            round_id=negotiation.round_id, role=member.role,
            bot=member.bot or member.seat in state.bot_played, deal=final.deal,
            close_reason=state.close_reason,
            package=dict(final.package) if final.package is not None else None,
            points=role_score.points, batna=role_score.batna, surplus=role_score.surplus,
            joint=final.joint, max_joint=final.max_joint, left_on_table=final.left_on_table,
            efficiency=final.efficiency, pareto_optimal=final.pareto_optimal,
            lose_lose=final.lose_lose, started_at=state.started_at,
            closed_at=state.closed_at))


def _efficiency_key(efficiency: float | None) -> float:
    return float("-inf") if efficiency is None else round(efficiency, 9)


def leaderboards(session: Session, scenario_id: str, cohort_id: int | None = None,
                 round_id: int | None = None,
                 role_names: dict[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Both boards for one scenario (optionally one cohort or round): value created by
    group (bot-played seats marked) and value claimed by trainee (bots left out), best
    first, with competition ranks."""
    names = role_names or {}
    query = select(Result).where(Result.scenario_id == scenario_id)
    if cohort_id is not None:
        query = query.where(Result.cohort_id == cohort_id)
    if round_id is not None:
        query = query.where(Result.round_id == round_id)
    rows = list(session.scalars(query.order_by(Result.closed_at, Result.negotiation_id,
                                               Result.seat)))
    groups: dict[int, list[Result]] = defaultdict(list)
    for row in rows:
        groups[row.negotiation_id].append(row)
    created = competition_ranks(
        list(groups.values()),
        key=lambda g: (_efficiency_key(g[0].efficiency), float(g[0].joint)))
    # Value claimed ranks trainees (PRODUCT.md): seats a bot played throughout are left out;
    # a trainee's seat that a bot played for a while stays in, marked `bot`.
    bots = set(session.scalars(select(Participant.id).where(
        Participant.id.in_({row.participant_id for row in rows}),
        Participant.bot_persona.is_not(None))))
    trainees = [row for row in rows if row.participant_id not in bots]
    by_role: dict[str, list[float]] = defaultdict(list)
    for row in trainees:
        by_role[row.role].append(row.points)
    claimed_rows = [(percentile(row.points, by_role[row.role]), row) for row in trainees]
    claimed = competition_ranks(claimed_rows, key=lambda pr: (pr[0], float(pr[1].points)))
    return {
        "value_created": [{
            "rank": rank, "negotiation": g[0].negotiation_id, "deal": g[0].deal,
            "members": [{"name": r.name, "role": r.role, "role_name": names.get(r.role, r.role),
                         "bot": r.bot, "points": r.points}
                        for r in g],
            "joint": g[0].joint, "max_joint": g[0].max_joint, "efficiency": g[0].efficiency,
            "left_on_table": g[0].left_on_table, "pareto_optimal": g[0].pareto_optimal,
            "lose_lose": g[0].lose_lose, "close_reason": g[0].close_reason,
            "closed_at": g[0].closed_at} for rank, g in created],
        "value_claimed": [{
            "rank": rank, "negotiation": r.negotiation_id, "name": r.name, "role": r.role,
            "role_name": names.get(r.role, r.role),
            "points": r.points, "surplus": r.surplus, "percentile": round(p, 1), "bot": r.bot,
            "deal": r.deal} for rank, (p, r) in claimed],
    }
