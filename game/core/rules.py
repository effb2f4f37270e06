"""The rules as a table: which command is legal in which stage, for whom, and what decides it.

Read a row as: command `name` may be sent by `actor` while the negotiation is in one of
`stages`; `handler` then checks the finer rules and returns the events. Everything else is
refused with the row's error before the handler runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.core import clock, discovery, offers
from game.core import commands as cmd
from game.core.events import Event
from game.core.state import OPEN_STAGES, Stage

Handler = Callable[[Any, Any, float], list[Event]]
MEMBER, INSTRUCTOR, SERVER = "member", "instructor", "server"


@dataclass(frozen=True)
class Rule:
    """One row: the stages a command is legal in, who may send it, and its handler.
    `while_paused` says whether it is allowed while the clock is paused."""

    handler: Handler
    stages: frozenset[Stage]
    actor: str = MEMBER
    while_paused: bool = False
    when_closed: bool = False  # also after the negotiation closed and past the deadline


NEGOTIATING = frozenset(OPEN_STAGES)
WITH_MOU = frozenset({Stage.MOU})

RULES: dict[type[cmd.Command], Rule] = {
    cmd.Chat: Rule(discovery.chat, NEGOTIATING),
    cmd.AskWhy: Rule(discovery.ask_why, NEGOTIATING),
    cmd.Answer: Rule(discovery.answer, NEGOTIATING),
    cmd.Decline: Rule(discovery.decline, NEGOTIATING),
    cmd.Share: Rule(discovery.share, NEGOTIATING),
    cmd.Propose: Rule(offers.propose, NEGOTIATING),
    cmd.Withdraw: Rule(offers.withdraw, NEGOTIATING),
    cmd.Accept: Rule(offers.accept, NEGOTIATING),
    cmd.Sign: Rule(offers.sign, WITH_MOU),
    cmd.WalkAway: Rule(offers.walk_away, NEGOTIATING),
    cmd.BotNote: Rule(discovery.bot_note, frozenset(Stage), while_paused=True,
                      when_closed=True),
    cmd.Pause: Rule(clock.pause, NEGOTIATING, INSTRUCTOR, while_paused=True),
    cmd.Resume: Rule(clock.resume, NEGOTIATING, INSTRUCTOR, while_paused=True),
    cmd.Extend: Rule(clock.extend, NEGOTIATING, INSTRUCTOR, while_paused=True),
    cmd.End: Rule(clock.end, NEGOTIATING, INSTRUCTOR, while_paused=True),
    cmd.HandOver: Rule(clock.hand_over, NEGOTIATING, SERVER, while_paused=True),
}

STAGE_ERRORS: dict[type[cmd.Command], tuple[str, str]] = {
    cmd.Sign: ("no_mou", "There is no MOU to sign yet: accept a proposal first."),
}
