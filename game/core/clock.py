"""The round clock and the instructor's controls: deadline, pause, resume, extend, end.

The server owns the clock: `now` is always a parameter (seconds since the epoch).
"""

from __future__ import annotations

from game.core import commands as cmd
from game.core import events as ev
from game.core.errors import RuleError
from game.core.state import NegotiationState


def close_at_deadline(state: NegotiationState, now: float, reason: str) -> list[ev.Event]:
    """Close the round: an unsigned MOU is the deal only when the scenario says so."""
    counts = state.scenario.rules.mou_counts_at_deadline and state.mou is not None
    package = state.mou.package if counts and state.mou is not None else None
    return [ev.Closed(at=now, reason=reason, package=package)]


def due(state: NegotiationState, now: float) -> list[ev.Event]:
    """Events the clock owes at `now`: the deadline's close, or nothing."""
    if state.stage.closed or state.paused_at is not None or not state.members:
        return []
    if now < state.ends_at:
        return []
    return close_at_deadline(state, state.ends_at, "deadline")


def pause(state: NegotiationState, command: cmd.Pause, now: float) -> list[ev.Event]:
    if state.paused_at is not None:
        raise RuleError("already_paused", "The round is already paused.")
    return [ev.Paused(at=now)]


def resume(state: NegotiationState, command: cmd.Resume, now: float) -> list[ev.Event]:
    if state.paused_at is None:
        raise RuleError("not_paused", "The round is not paused.")
    return [ev.Resumed(at=now, ends_at=state.ends_at + (now - state.paused_at))]


def extend(state: NegotiationState, command: cmd.Extend, now: float) -> list[ev.Event]:
    if not 0 < command.seconds <= 3600:
        raise RuleError("bad_extension", "Extend by 1 to 3600 seconds.")
    return [ev.Extended(at=now, seconds=command.seconds,
                        ends_at=max(state.ends_at, now) + command.seconds)]


def end(state: NegotiationState, command: cmd.End, now: float) -> list[ev.Event]:
    return close_at_deadline(state, now, "ended")


def hand_over(state: NegotiationState, command: cmd.HandOver, now: float) -> list[ev.Event]:
    assert command.seat is not None, "a hand-over names the seat"
    if state.member(command.seat).bot == command.bot:
        raise RuleError("no_change", "The seat is already played that way.")
    return [ev.HandedOver(at=now, seat=command.seat, bot=command.bot)]
