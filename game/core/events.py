"""Events: the facts a negotiation records, in order. The event log is the source of truth.

Every event has `at` (server time, seconds since the epoch). `seat` is a member's seat
number. `to_dict`/`event_from_dict` give the JSON form stored in the database; `kind` names
the event in that form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class Event:
    """Base of every event."""

    kind: ClassVar[str] = "event"
    at: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form: {"kind": ..., "at": ..., **fields}."""
        data = dataclasses.asdict(self)
        for key, value in data.items():
            if isinstance(value, tuple):
                data[key] = list(value)
        return {"kind": self.kind, **data}


@dataclass(frozen=True)
class Started(Event):
    """The negotiation began: who sits where, and when the round ends (seconds)."""

    kind: ClassVar[str] = "started"
    scenario_id: str = ""
    scenario_hash: str = ""
    seats: tuple[Mapping[str, Any], ...] = ()  # {"seat", "role", "name", "bot"}
    ends_at: float = 0.0


@dataclass(frozen=True)
class ChatPosted(Event):
    kind: ClassVar[str] = "chat_posted"
    seat: int = -1
    text: str = ""


@dataclass(frozen=True)
class WhyAsked(Event):
    kind: ClassVar[str] = "why_asked"
    question: int = -1
    seat: int = -1
    target: int = -1
    about: str | None = None


@dataclass(frozen=True)
class CardRevealed(Event):
    """A card is on the table; `question` is set when it answers a "Why?"."""

    kind: ClassVar[str] = "card_revealed"
    seat: int = -1
    card: str = ""
    question: int | None = None


@dataclass(frozen=True)
class WhyDeclined(Event):
    kind: ClassVar[str] = "why_declined"
    question: int = -1
    seat: int = -1
    reason: str = ""


@dataclass(frozen=True)
class Proposed(Event):
    kind: ClassVar[str] = "proposed"
    proposal: int = -1
    seat: int = -1
    package: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Withdrawn(Event):
    kind: ClassVar[str] = "withdrawn"
    proposal: int = -1
    seat: int = -1


@dataclass(frozen=True)
class Accepted(Event):
    kind: ClassVar[str] = "accepted"
    proposal: int = -1
    seat: int = -1


@dataclass(frozen=True)
class MouReached(Event):
    """Every other member accepted `proposal`: it is the MOU (tentative, unsigned)."""

    kind: ClassVar[str] = "mou_reached"
    proposal: int = -1
    package: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Signed(Event):
    kind: ClassVar[str] = "signed"
    seat: int = -1
    mou: int = -1


@dataclass(frozen=True)
class WalkedAway(Event):
    kind: ClassVar[str] = "walked_away"
    seat: int = -1


@dataclass(frozen=True)
class Paused(Event):
    kind: ClassVar[str] = "paused"


@dataclass(frozen=True)
class Resumed(Event):
    kind: ClassVar[str] = "resumed"
    ends_at: float = 0.0


@dataclass(frozen=True)
class Extended(Event):
    kind: ClassVar[str] = "extended"
    seconds: int = 0
    ends_at: float = 0.0


@dataclass(frozen=True)
class HandedOver(Event):
    """A seat passed to a bot (`bot=True`) or back to its trainee."""

    kind: ClassVar[str] = "handed_over"
    seat: int = -1
    bot: bool = True


@dataclass(frozen=True)
class BotNoted(Event):
    """A bot's one-sentence explanation of its last move (debrief only)."""

    kind: ClassVar[str] = "bot_noted"
    seat: int = -1
    text: str = ""


@dataclass(frozen=True)
class Closed(Event):
    """The negotiation is over. `reason`: signed, walked_away, deadline or ended.
    `package` is the deal, or None for no deal (everyone gets their BATNA)."""

    kind: ClassVar[str] = "closed"
    reason: str = ""
    package: Mapping[str, str] | None = None


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (Started, ChatPosted, WhyAsked, CardRevealed, WhyDeclined, Proposed, Withdrawn,
                Accepted, MouReached, Signed, WalkedAway, Paused, Resumed, Extended, HandedOver,
                BotNoted, Closed)
}


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """Rebuild an event from its JSON form; raises KeyError or TypeError when malformed."""
    fields = dict(data)
    cls = EVENT_TYPES[fields.pop("kind")]
    if cls is Started:
        fields["seats"] = tuple(dict(seat) for seat in fields.get("seats", ()))
    return cls(**fields)
