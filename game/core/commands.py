"""Commands: what members, the instructor and the server's clock ask the negotiation to do.

A command is a request; the state machine either turns it into events or refuses it with a
RuleError. `seat` is the acting member's seat number (0-based) or None for the instructor and
the server. Ids of questions and proposals are the integers the events gave them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Command:
    """Base of every command; `name` is the wire name of the command."""

    name: ClassVar[str] = "command"
    seat: int | None = None


@dataclass(frozen=True)
class Chat(Command):
    """Post a chat line to the whole group."""

    name: ClassVar[str] = "chat"
    text: str = ""


@dataclass(frozen=True)
class AskWhy(Command):
    """Ask member `target` "Why?", in general (about=None) or about one of their cards."""

    name: ClassVar[str] = "ask_why"
    target: int = -1
    about: str | None = None


@dataclass(frozen=True)
class Answer(Command):
    """Answer question `question` by revealing `card` (the next card of the chain)."""

    name: ClassVar[str] = "answer"
    question: int = -1
    card: str = ""


@dataclass(frozen=True)
class Decline(Command):
    """Decline to answer question `question`, with an optional sentence."""

    name: ClassVar[str] = "decline"
    question: int = -1
    reason: str = ""


@dataclass(frozen=True)
class Share(Command):
    """Reveal one of one's own cards unasked (subject to the trust rule)."""

    name: ClassVar[str] = "share"
    card: str = ""


@dataclass(frozen=True)
class Propose(Command):
    """Put a complete package {issue_id: option_id} on the table.

    The member's live proposal, if any, is replaced; `replaces` names the proposal the member
    believes is live, and the command is refused when that is no longer so.
    """

    name: ClassVar[str] = "propose"
    package: Mapping[str, str] = field(default_factory=dict)
    replaces: int | None = None


@dataclass(frozen=True)
class Withdraw(Command):
    """Take one's own live proposal off the table."""

    name: ClassVar[str] = "withdraw"
    proposal: int = -1


@dataclass(frozen=True)
class Accept(Command):
    """Accept another member's live proposal; when all others accept, it becomes the MOU."""

    name: ClassVar[str] = "accept"
    proposal: int = -1


@dataclass(frozen=True)
class Sign(Command):
    """Sign the current MOU; when every member has signed, it is the deal."""

    name: ClassVar[str] = "sign"
    mou: int = -1


@dataclass(frozen=True)
class WalkAway(Command):
    """End the negotiation without a deal: everyone gets their BATNA."""

    name: ClassVar[str] = "walk_away"


@dataclass(frozen=True)
class Pause(Command):
    """Instructor: stop the clock; members cannot act until it resumes."""

    name: ClassVar[str] = "pause"


@dataclass(frozen=True)
class Resume(Command):
    """Instructor: restart the clock with the time that was left."""

    name: ClassVar[str] = "resume"


@dataclass(frozen=True)
class Extend(Command):
    """Instructor: add `seconds` to the round."""

    name: ClassVar[str] = "extend"
    seconds: int = 0


@dataclass(frozen=True)
class End(Command):
    """Instructor: end the round now, as if the deadline had come."""

    name: ClassVar[str] = "end"


@dataclass(frozen=True)
class HandOver(Command):
    """Server: a seat passes to a bot (`bot=True`) or back to its trainee."""

    name: ClassVar[str] = "hand_over"
    bot: bool = True


@dataclass(frozen=True)
class BotNote(Command):
    """A bot explains its last move in one sentence, for the debrief (never shown to the
    table while the negotiation runs)."""

    name: ClassVar[str] = "bot_note"
    text: str = ""


MEMBER_COMMANDS: dict[str, type[Command]] = {
    cls.name: cls
    for cls in (Chat, AskWhy, Answer, Decline, Share, Propose, Withdraw, Accept, Sign, WalkAway)
}
