"""The instructor's live monitor: the lobby filling and every group's stage and activity."""

from __future__ import annotations

from typing import Any

from game.core.state import NegotiationState, Stage
from game.services.cohorts import CohortService
from game.services.messages import Outbound

STAGE_LABELS = {
    Stage.DISCOVERING: "discovering", Stage.PROPOSING: "proposing", Stage.MOU: "MOU",
    Stage.SIGNED: "signed", Stage.WALKED_AWAY: "walked away", Stage.EXPIRED: "time up",
    Stage.ENDED: "ended by instructor",
}


def monitor_room(cohort_id: int) -> str:
    """The room of a cohort's instructor pages (never a trainee's socket)."""
    return f"cohort:{cohort_id}:instructors"


def group_summary(negotiation_id: int, state: NegotiationState, participants: tuple[str, ...],
                  connected: dict[str, bool], now: float) -> dict[str, Any]:
    """One group's line on the monitor: stage, time left (seconds), activity counts."""
    return {
        "negotiation": negotiation_id, "stage": state.stage.value,
        "stage_label": STAGE_LABELS.get(state.stage, state.stage.value),
        "time_left": round(state.time_left(now)), "paused": state.paused_at is not None,
        "whys": len(state.questions), "cards_revealed": len(state.reveals),
        "proposals": len(state.history), "trust": min(
            [sum(1 for r in state.reveals if r.seat == m.seat) for m in state.members] or [0]),
        "members": [{"seat": m.seat, "name": m.name, "role": m.role, "bot": m.bot,
                     "participant": participants[m.seat],
                     "connected": m.bot or connected.get(participants[m.seat], False)}
                    for m in state.members],
        "deal": dict(state.deal) if state.deal is not None else None,
    }


def snapshot(cohorts: CohortService, cohort_id: int, now: float) -> dict[str, Any]:
    """Everything the monitor shows for one cohort, as JSON."""
    cohort = cohorts._cohort(cohort_id)
    members = cohorts.members(cohort_id)
    connected = {p.id: p.connected for p in members}
    rounds = cohorts.rounds(cohort_id)
    current = rounds[-1] if rounds else None
    groups = []
    if current is not None:
        negotiations = cohorts.negotiations
        for negotiation_id in cohorts.round_negotiations(current.id):
            groups.append(group_summary(negotiation_id, negotiations.state(negotiation_id),
                                        negotiations.participants(negotiation_id),
                                        connected, now))
    return {
        "cohort": {"id": cohort.id, "name": cohort.name, "code": cohort.code,
                   "plan": cohort.plan, "odd_policy": cohort.odd_policy,
                   "seat_limit": cohort.seat_limit},
        "members": [{"participant": p.id, "name": p.name, "connected": p.connected,
                     "status": p.status, "negotiation": p.negotiation_id} for p in members],
        "round": None if current is None else {
            "number": current.number, "scenario": current.scenario_id,
            "status": current.status, "sitting_out": current.sitting_out,
            "of": len(cohort.plan)},
        "groups": groups, "now": now,
    }


def monitor_message(cohorts: CohortService, cohort_id: int, now: float) -> Outbound:
    return Outbound(monitor_room(cohort_id), "monitor", snapshot(cohorts, cohort_id, now))
