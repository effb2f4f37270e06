"""Outbound messages: who receives which event with which payload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Outbound:
    """One message for the socket layer to send: `to` is a room or a socket id."""

    to: str
    event: str
    payload: dict[str, Any]


def participant_room(participant_id: str) -> str:
    """The room every socket of one participant joins; their private views go there."""
    return f"p:{participant_id}"


def negotiation_room(negotiation_id: int) -> str:
    """Observers of one negotiation (instructors' read-only view); never members' views."""
    return f"n:{negotiation_id}"
