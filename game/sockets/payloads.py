"""Payload models of the client events (docs/protocol.md): strict, unknown keys refused."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from game.core import commands as cmd
from game.core.errors import PartnerMathError


def _printable(text: str) -> str:
    """Refuse control characters (newlines, NUL, bidirectional overrides) in a name."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise ValueError("use letters, digits, spaces and punctuation only")
    return text


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                 AfterValidator(_printable)]
Ident = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(max_length=1000)]
Seat = Annotated[int, Field(ge=0, le=5)]
Id = Annotated[int, Field(ge=0, le=10**9)]


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Join(Payload):
    name: Name
    scenario: Ident = "orange"
    bot: Ident | None = None
    code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=16)] | None = None


class Empty(Payload):
    pass


class ChatIn(Payload):
    text: Text


class AskWhyIn(Payload):
    target: Seat
    about: Ident | None = None


class AnswerIn(Payload):
    question: Id
    card: Ident


class DeclineIn(Payload):
    question: Id
    reason: Text = ""


class ShareIn(Payload):
    card: Ident


class ProposeIn(Payload):
    package: dict[Ident, Ident] = Field(max_length=50)
    replaces: Id | None = None


class ProposalIn(Payload):
    proposal: Id


class SignIn(Payload):
    mou: Id


class BotNoteIn(Payload):
    text: Text


COMMANDS: dict[str, tuple[type[Payload], type[cmd.Command]]] = {
    "chat": (ChatIn, cmd.Chat),
    "ask_why": (AskWhyIn, cmd.AskWhy),
    "answer": (AnswerIn, cmd.Answer),
    "decline": (DeclineIn, cmd.Decline),
    "share": (ShareIn, cmd.Share),
    "propose": (ProposeIn, cmd.Propose),
    "withdraw": (ProposalIn, cmd.Withdraw),
    "accept": (ProposalIn, cmd.Accept),
    "sign": (SignIn, cmd.Sign),
    "walk_away": (Empty, cmd.WalkAway),
    "bot_note": (BotNoteIn, cmd.BotNote),
}


def parse(model: type[Payload], data: Any) -> Payload:
    """Validate a client payload; raises PartnerMathError `bad_payload` naming the field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PartnerMathError("The payload must be a JSON object.", "bad_payload")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        raise PartnerMathError(f"Field {where!r}: {first['msg']}.", "bad_payload") from None


def to_command(event: str, data: Any, seat: int) -> cmd.Command:
    """The core command for a member's event; raises PartnerMathError `bad_payload`."""
    model, command_type = COMMANDS[event]
    payload = parse(model, data)
    return command_type(seat=seat, **payload.model_dump())
