"""The negotiation state machine: `start`, `apply(state, command, now) -> events`, `replay`.

`apply` never changes a state: it returns the events a legal command causes, or raises a
RuleError with a code and a sentence and changes nothing. `replay(scenario, events)` folds
events into the state, so the live state always equals the replay of its log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from game.core import clock
from game.core import commands as cmd
from game.core import events as ev
from game.core.errors import RuleError
from game.core.rules import INSTRUCTOR, MEMBER, RULES, SERVER, STAGE_ERRORS
from game.core.scenario import Scenario
from game.core.state import NegotiationState, evolve


def start(scenario: Scenario, seats: Sequence[tuple[str, str]], now: float,
          duration_s: int | None = None, bots: Iterable[int] = ()) -> list[ev.Event]:
    """The opening event for members seated as [(role_id, display_name), ...] in seat order.

    Raises ValueError when the roles are not exactly the ones the scenario seats for a group
    of that size. Duration (seconds) defaults to the scenario's round rules.
    """
    expected = sorted(role.id for role in scenario.roles_for_size(len(seats)))
    if sorted(role for role, _ in seats) != expected:
        raise ValueError(f"a group of {len(seats)} in {scenario.id!r} seats roles {expected}")
    bot_seats = set(bots)
    duration = scenario.rules.duration_s if duration_s is None else duration_s
    return [ev.Started(
        at=now, scenario_id=scenario.id, scenario_hash=scenario.content_hash,
        seats=tuple({"seat": i, "role": role, "name": name, "bot": i in bot_seats}
                    for i, (role, name) in enumerate(seats)),
        ends_at=now + duration)]


def apply(state: NegotiationState, command: cmd.Command, now: float) -> list[ev.Event]:
    """Events caused by `command` at server time `now` (seconds); raises RuleError."""
    rule = RULES.get(type(command))
    if rule is None:
        raise RuleError("unknown_command", f"Unknown command {command.name!r}.")
    if state.stage.closed and not rule.when_closed:
        raise RuleError("closed", "This negotiation is over.")
    if rule.actor == MEMBER:
        if command.seat is None or not 0 <= command.seat < len(state.members):
            raise RuleError("not_a_member", "Only members of this group can do that.")
    elif rule.actor in (INSTRUCTOR, SERVER) and type(command) is cmd.HandOver:
        if command.seat is None or not 0 <= command.seat < len(state.members):
            raise RuleError("not_a_member", "There is no such seat.")
    if state.paused_at is not None and not rule.while_paused:
        raise RuleError("paused", "The round is paused by the instructor.")
    if clock.due(state, now) and not rule.when_closed:
        raise RuleError("time_up", "Time is up for this round.")
    if state.stage not in rule.stages:
        code, message = STAGE_ERRORS.get(type(command), (
            "wrong_stage", f"You cannot {command.name.replace('_', ' ')} at this stage."))
        raise RuleError(code, message)
    return rule.handler(state, command, now)


def fold(state: NegotiationState, events: Iterable[ev.Event]) -> NegotiationState:
    """The state after `events`, in order."""
    for event in events:
        state = evolve(state, event)
    return state


def replay(scenario: Scenario, events: Iterable[ev.Event]) -> NegotiationState:
    """Rebuild a negotiation's state from its whole event log."""
    return fold(NegotiationState(scenario=scenario), events)

