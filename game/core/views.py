"""What one member may see of a negotiation, as a JSON-ready dict.

A member view carries the member's own brief, BATNA, point table and cards, the cards every
member has revealed, the options on the table, proposals with the member's OWN points only,
the chat and the clock. It never carries another member's brief, points, BATNA or unrevealed
cards; those appear only in `result`, once the negotiation is closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.core.offers import available_options
from game.core.scenario import Card, Role
from game.core.scoring import Score, score
from game.core.state import NegotiationState, Proposal
from game.core.trust import reveal_blocker, revealed_counts, trust_level


def _card(card: Card) -> dict[str, Any]:
    return {"id": card.id, "role": card.role, "label": card.label, "text": card.text,
            "depth": card.depth, "explains": card.explains, "issues": list(card.issues)}


def _points(role: Role, package: Mapping[str, str]) -> int:
    return role.points_for(package)


def _proposal(proposal: Proposal, role: Role) -> dict[str, Any]:
    return {"id": proposal.id, "proposer": proposal.proposer, "package": dict(proposal.package),
            "accepted_by": sorted(proposal.accepted_by), "at": proposal.at,
            "your_points": _points(role, proposal.package)}


def public_view(state: NegotiationState, now: float) -> dict[str, Any]:
    """The parts of the state every member (and an observer) sees alike."""
    scenario = state.scenario
    options = available_options(state)
    counts = revealed_counts(state)
    return {
        "seq": state.seq,
        "stage": state.stage.value,
        "scenario": {"id": scenario.id, "title": scenario.title, "version": scenario.version,
                     "summary": scenario.summary, "hash": scenario.content_hash,
                     "chat": scenario.rules.chat,
                     "mou_counts_at_deadline": scenario.rules.mou_counts_at_deadline},
        "members": [{"seat": m.seat, "name": m.name, "role": m.role, "bot": m.bot,
                     "role_name": scenario.role(m.role).name,
                     "role_description": scenario.role(m.role).description}
                    for m in state.members],
        "issues": [{"id": issue.id, "title": issue.title, "description": issue.description,
                    "options": [{"id": o.id, "label": o.label, "was_hidden": o.hidden}
                                for o in issue.options if o.id in options[issue.id]]}
                   for issue in scenario.issues],
        "revealed": [{**_card(scenario.card(r.card)), "seat": r.seat, "at": r.at,
                      "question": r.question} for r in state.reveals],
        "trust": {"level": trust_level(state),
                  "counts": [counts.get(m.seat, 0) for m in state.members]},
        "questions": [{"id": q.id, "asker": q.asker, "target": q.target, "about": q.about,
                       "status": q.status, "answer": q.answer, "at": q.at}
                      for q in state.questions],
        "chat": [{"seat": line.seat, "text": line.text, "at": line.at} for line in state.chat],
        "clock": {"now": now, "ends_at": state.ends_at, "paused": state.paused_at is not None,
                  "remaining": state.time_left(now), "started_at": state.started_at,
                  "duration": state.ends_at - state.started_at},
        "signatures": sorted(state.signatures),
        "closed": None if not state.stage.closed else {
            "reason": state.close_reason, "at": state.closed_at, "by": state.closed_by,
            "package": dict(state.deal) if state.deal is not None else None},
    }


def member_view(state: NegotiationState, seat: int, now: float) -> dict[str, Any]:
    """Everything member `seat` may see at server time `now` (seconds)."""
    scenario = state.scenario
    member = state.member(seat)
    role = scenario.role(member.role)
    view = public_view(state, now)
    revealed = state.revealed
    own_cards = []
    for card in sorted(role.cards, key=lambda c: (c.depth, c.id)):
        blocker = None if card.id in revealed else reveal_blocker(state, seat, card.id)
        own_cards.append({**_card(card), "revealed": card.id in revealed,
                          "can_reveal": card.id not in revealed and blocker is None,
                          "blocked": blocker.to_dict() if blocker else None})
    for issue in view["issues"]:
        for option in issue["options"]:
            option["your_points"] = role.points[issue["id"]][option["id"]]
    view.update({
        "you": {"seat": seat, "role": role.id, "name": member.name},
        "role": {"id": role.id, "name": role.name, "description": role.description,
                 "brief": role.brief, "batna": role.batna},
        "cards": own_cards,
        "proposals": [_proposal(p, role) for p in
                      sorted(state.proposals.values(), key=lambda p: p.id)],
        "mou": None if state.mou is None else _proposal(state.mou, role),
        "history": [_proposal(p, role) for p in state.history],
        "result": result_view(state) if state.stage.closed else None,
    })
    return view


def final_score(state: NegotiationState) -> Score:
    """The score of a closed negotiation for the seated roles; raises ValueError if open."""
    if not state.stage.closed:
        raise ValueError("the negotiation is still open")
    return score(state.scenario, [m.role for m in state.members], state.deal)


def result_view(state: NegotiationState) -> dict[str, Any]:
    """Everyone's points and the joint scores, shown once the negotiation is closed."""
    final = final_score(state)
    return {
        "members": [{"seat": m.seat, "name": m.name, "role": m.role, "bot": m.bot,
                     "points": s.points, "batna": s.batna, "surplus": s.surplus}
                    for m, s in zip(state.members, final.roles, strict=True)],
        "deal": final.deal, "package": final.to_dict()["package"], "joint": final.joint,
        "max_joint": final.max_joint, "compromise_joint": final.compromise_joint,
        "left_on_table": final.left_on_table, "efficiency": final.efficiency,
        "pareto_optimal": final.pareto_optimal, "lose_lose": final.lose_lose,
        "lose_lose_issues": list(final.lose_lose_issues), "missed_deal": final.missed_deal,
        "agreement_trap": final.agreement_trap, "nash_ratio": final.nash_ratio,
    }
