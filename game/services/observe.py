"""The instructor's read-only view of one group, and the change hook that keeps it live.

An observer sees what every member sees alike (`public_view`): the cards on the table, the
questions, the chat, the clock; plus the packages on the table without anyone's points, and
the result once the negotiation is closed. Never a member's brief, points or hidden cards.
"""

from __future__ import annotations

from typing import Any

from game.core.state import NegotiationState, Proposal
from game.core.views import public_view, result_view
from game.services.app_services import Services
from game.services.messages import Outbound, negotiation_room


def _package(proposal: Proposal) -> dict[str, Any]:
    return {"id": proposal.id, "proposer": proposal.proposer,
            "package": dict(proposal.package), "accepted_by": sorted(proposal.accepted_by),
            "at": proposal.at}


def observer_view(app_services: Services, negotiation_id: int, state: NegotiationState,
                  now: float) -> dict[str, Any]:
    """Everything an instructor may watch of one group at server time `now` (seconds)."""
    participants = app_services.negotiations.participants(negotiation_id)
    connected = app_services.lobby.connected(participants)
    view = public_view(state, now)
    for member in view["members"]:
        participant = participants[member["seat"]]
        member["participant"] = participant
        member["connected"] = member["bot"] or connected.get(participant, False)
    view.update({
        "negotiation": negotiation_id,
        "cohort": app_services.negotiations.cohort_of(negotiation_id),
        "proposals": [_package(p) for p in sorted(state.proposals.values(),
                                                   key=lambda p: p.id)],
        "mou": None if state.mou is None else _package(state.mou),
        "history": [_package(p) for p in state.history],
        "result": result_view(state) if state.stage.closed else None,
    })
    return view


def observer_message(app_services: Services, negotiation_id: int, state: NegotiationState,
                     now: float) -> Outbound:
    """`observer_state` {negotiation, view} for the negotiation's observers' room."""
    return Outbound(negotiation_room(negotiation_id), "observer_state", {
        "negotiation": negotiation_id,
        "view": observer_view(app_services, negotiation_id, state, now)})


def install_observer_hook(app_services: Services) -> None:
    """After every change of a cohort's negotiation, send the new observer view to its
    observers' room (instructors watching that group); idempotent."""
    def observer_hook(negotiation_id: int, state: NegotiationState,
                      now: float) -> list[Outbound]:
        if app_services.negotiations.cohort_of(negotiation_id) is None:
            return []  # practice tables have no instructor
        return [observer_message(app_services, negotiation_id, state, now)]

    if not any(getattr(h, "__name__", "") == "observer_hook"
               for h in app_services.change_hooks):
        app_services.change_hooks.append(observer_hook)
