"""A group's replay: every event of one negotiation on a timeline, from its event log.

`timeline` is pure (scenario version and events in, a JSON-ready dict out); `group_replay`
loads. A replay carries the group's chat, questions, cards and proposals, so it is shown to
the instructor for every group and to a trainee only for their own group.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from game.core import events as ev
from game.core.scenario import Scenario
from game.db.models import Negotiation
from game.services.debrief import package_labels, role_point
from game.store import load_events

# Event kinds a person did (the rest the server or the instructor recorded).
_TEXT = {
    "started": "The negotiation started.",
    "why_asked": "asked {target} “Why?”{about}",
    "why_declined": "declined to answer{reason}",
    "card_revealed": "revealed “{label}”{answer}",
    "proposed": "proposed: {labels}",
    "withdrawn": "withdrew proposal {proposal}",
    "accepted": "accepted proposal {proposal}",
    "mou_reached": "Proposal {proposal} is the MOU: {labels}",
    "signed": "signed the MOU",
    "walked_away": "walked away",
    "paused": "The instructor paused the round.",
    "resumed": "The instructor resumed the round.",
    "extended": "The round was extended by {seconds} s.",
    "handed_over": "{bot_text}",
    "bot_noted": "(bot) {note}",
    "closed": "Closed ({reason}): {labels}",
}


def _labels(scenario: Scenario, package: dict[str, str] | None) -> str:
    if package is None:
        return "no deal"
    return "; ".join(f"{p['issue_title']}: {p['option_label']}"
                     for p in package_labels(scenario, package))


def timeline(scenario: Scenario, events: Sequence[ev.Event],
             roles: Sequence[str] | None = None) -> dict[str, Any]:
    """The replay of one negotiation: {members, roles, started_at, duration, entries}.

    Each entry: {seq, t (seconds since the start), at, kind, seat, who, role, text, card,
    package, labels, point, proposal}; `card` is {id, label, text, depth} for a revealed
    card; `package`/`labels` for proposals, MOU and close; `point` is the utilities of the
    two plotted `roles` (default: the seated roles in scenario order, first two), so the
    proposals can be drawn in the outcome space. Raises ValueError unless events[0] is
    `started`.
    """
    if not events or not isinstance(events[0], ev.Started):
        raise ValueError("a negotiation's log begins with `started`")
    start = events[0]
    members = [{"seat": int(s["seat"]), "name": str(s["name"]), "role": str(s["role"]),
                "role_name": scenario.role(str(s["role"])).name, "bot": bool(s.get("bot"))}
               for s in start.seats]
    if roles is None:
        seated = {m["role"] for m in members}
        roles = tuple(r.id for r in scenario.roles if r.id in seated)[:2]
    names = {m["seat"]: m["name"] for m in members}
    entries = [_entry(scenario, seq, event, start.at, names, members, roles)
               for seq, event in enumerate(events, start=1)]
    return {"members": members, "roles": list(roles), "started_at": start.at,
            "ends_at": start.ends_at, "entries": entries}


def _entry(scenario: Scenario, seq: int, event: ev.Event, t0: float, names: dict[int, str],
           members: list[dict[str, Any]], roles: Sequence[str]) -> dict[str, Any]:
    data = event.to_dict()
    seat = data.get("seat") if isinstance(data.get("seat"), int) else None
    package = data.get("package") if isinstance(data.get("package"), dict) else None
    card = None
    if isinstance(event, ev.CardRevealed):
        c = scenario.card(event.card)
        card = {"id": c.id, "label": c.label, "text": c.text, "depth": c.depth}
    fields = {
        "target": names.get(data.get("target", -1), "?"),
        "about": f" about “{scenario.card(event.about).label}”"
                 if isinstance(event, ev.WhyAsked) and event.about else "",
        "reason": f": {event.reason}" if isinstance(event, ev.WhyDeclined) and event.reason
                  else "",
        "label": card["label"] if card else "",
        "answer": " in answer to a “Why?”" if isinstance(event, ev.CardRevealed)
                  and event.question is not None else "",
        "labels": _labels(scenario, package),
        "proposal": data.get("proposal", ""), "seconds": data.get("seconds", ""),
        "note": event.text if isinstance(event, ev.BotNoted) else "",
        "bot_text": (f"A bot took over {names.get(seat or 0, '?')}'s seat."
                     if data.get("bot") else f"{names.get(seat or 0, '?')} is back."),
    }
    if isinstance(event, ev.Closed):
        fields["reason"] = event.reason
    text = event.text if isinstance(event, ev.ChatPosted) else _TEXT.get(
        event.kind, event.kind).format(**fields)
    has_point = package is not None and event.kind in ("proposed", "mou_reached", "closed")
    return {
        "seq": seq, "t": round(event.at - t0, 3), "at": event.at, "kind": event.kind,
        "seat": seat, "who": names.get(seat) if seat is not None else None,
        "role": members[seat]["role"] if seat is not None and seat < len(members) else None,
        "text": text, "card": card, "package": package,
        "labels": package_labels(scenario, package) if package is not None else None,
        "point": role_point(scenario, roles, package) if has_point else None,
        "proposal": data.get("proposal"),
    }


def group_replay(app_services: Any, negotiation_id: int,
                 roles: Sequence[str] | None = None) -> dict[str, Any]:
    """The replay of one negotiation from its stored log and scenario version, with its id;
    raises KeyError for an unknown negotiation."""
    with app_services.db.session() as session:
        row = session.scalar(select(Negotiation).where(Negotiation.id == negotiation_id))
        if row is None:
            raise KeyError(negotiation_id)
        events = load_events(session, negotiation_id)
        content_hash = row.scenario_hash
    scenario = app_services.negotiations.scenario_version(content_hash)
    return {"negotiation": negotiation_id, **timeline(scenario, events, roles)}
