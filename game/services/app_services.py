"""The services one app holds, and the flows that span several of them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flask import current_app

from game.bots.launcher import BotLauncher, check_persona
from game.core import commands as cmd
from game.core.errors import PartnerMathError, RuleError
from game.core.scenario import Scenario
from game.core.state import NegotiationState
from game.db import Database
from game.scenarios.registry import ScenarioRegistry
from game.services.cohorts import BOT_PERSONA, CohortService, bot_display_name
from game.services.lobby import LobbyService
from game.services.messages import Outbound, participant_room
from game.services.monitor import group_summary, monitor_message, monitor_room
from game.services.negotiations import NegotiationService, Seating

log = logging.getLogger(__name__)
ChangeHook = Callable[[int, NegotiationState, float], list[Outbound]]


class Services:
    """Everything a request handler needs: database, scenarios, negotiations, lobby.

    `change_hooks` run after every stored change of a negotiation and may add messages (the
    bot driver and the instructors' monitor subscribe here).
    """

    def __init__(self, db: Database, scenarios: ScenarioRegistry,
                 bots: BotLauncher | None = None) -> None:
        self.db = db
        self.bots = bots or BotLauncher()
        self.scenarios = scenarios
        self.negotiations = NegotiationService(db, scenarios)
        self.lobby = LobbyService(db, scenarios, self.negotiations)
        self.cohorts = CohortService(db, scenarios, self.negotiations, self.lobby)
        self.change_hooks: list[ChangeHook] = [self._monitor_hook]

    def after_change(self, negotiation_id: int, state: NegotiationState,
                     now: float) -> list[Outbound]:
        """Messages owed after a stored change: each member's view, then the hooks'."""
        messages = self.negotiations.views(negotiation_id, state, now)
        for hook in self.change_hooks:
            messages += hook(negotiation_id, state, now)
        return messages

    def _monitor_hook(self, negotiation_id: int, state: NegotiationState,
                      now: float) -> list[Outbound]:
        """After a change in a cohort's negotiation, that group's new line for the monitor."""
        cohort_id = self.negotiations.cohort_of(negotiation_id)
        if cohort_id is None:
            return []
        connected = self.lobby.connected(self.negotiations.participants(negotiation_id))
        messages = [Outbound(monitor_room(cohort_id), "monitor_group", group_summary(
            negotiation_id, state, self.negotiations.participants(negotiation_id), connected,
            now))]
        round_id = self.negotiations.round_of(negotiation_id)
        if state.stage.closed and round_id is not None and self.cohorts.finish_round(round_id):
            messages.append(self.monitor(cohort_id, now))  # the round is over: say so
        return messages

    def monitor(self, cohort_id: int, now: float) -> Outbound:
        """The whole monitor of a cohort, for its instructors' room."""
        return monitor_message(self.cohorts, cohort_id, now)

    def seat_waiting(self, lobby: str, now: float) -> list[Outbound]:
        """Seat every full group waiting in a practice lobby: `seated` and the first view
        to each new member, then the lobby's new list to each one still waiting."""
        messages: list[Outbound] = []
        for negotiation_id in self.lobby.form_practice_groups(lobby, now):
            state = self.negotiations.state(negotiation_id)
            for seat, pid in enumerate(self.negotiations.participants(negotiation_id)):
                messages.append(Outbound(participant_room(pid), "seated", {
                    "negotiation": negotiation_id, "seat": seat,
                    "role": state.members[seat].role}))
            messages += self.after_change(negotiation_id, state, now)
        messages += self.lobby.lobby_messages(lobby)
        return messages

    def practise_with_bot(self, scenario: Scenario, name: str, persona_name: str,
                          now: float) -> str:
        """Seat a trainee at once against a bot of that persona; the trainee's participant
        id. The trainee takes the first role; the bot plays through the real protocol."""
        check_persona(persona_name)
        human = self.lobby.create_participant(name, now)
        bot_name = bot_display_name(persona_name)
        bot = self.lobby.create_participant(bot_name, now, bot_persona=persona_name)
        roles = scenario.roles_for_size(len(scenario.required_roles))
        seating = [Seating(human, name, roles[0].id)] + [
            Seating(bot, bot_name, role.id, bot=True) for role in roles[1:2]]
        if len(roles) > 2:
            raise PartnerMathError("Practice against a bot needs a two-party scenario.",
                                   "unknown_scenario")
        negotiation_id = self.negotiations.start(scenario, seating, now)
        self.bots.launch(bot, persona_name, seed=negotiation_id,
                         duration_s=scenario.rules.duration_s)
        return human

    def hand_to_bot(self, negotiation_id: int, seat: int, now: float,
                    persona_name: str = BOT_PERSONA) -> list[Outbound]:
        """A bot takes over a trainee's seat (the seat is marked bot-played in results);
        the trainee takes it back by reconnecting. Raises RuleError `no_change`."""
        state = self.negotiations.execute(negotiation_id, cmd.HandOver(seat=seat, bot=True),
                                          now)
        participant_id = self.negotiations.participants(negotiation_id)[seat]
        self.bots.launch(participant_id, persona_name, seed=negotiation_id * 10 + seat,
                         duration_s=state.time_left(now))
        return self.after_change(negotiation_id, state, now)

    def relaunch_bots(self, now: float) -> int:
        """After a (re)start, start a bot again for every bot-played seat of an open
        negotiation (bots live in a server process and die with it); the number started.
        A second process doing the same is harmless: the newer bot takes the seat over."""
        started = 0
        for negotiation_id in self.negotiations.open_negotiations():
            state = self.negotiations.state(negotiation_id)
            participants = self.negotiations.participants(negotiation_id)
            for member in state.members:
                if member.bot:
                    participant_id = participants[member.seat]
                    persona_name = self.lobby.persona_of(participant_id) or BOT_PERSONA
                    self.bots.launch(participant_id, persona_name,
                                     seed=negotiation_id * 10 + member.seat,
                                     duration_s=state.time_left(now))
                    started += 1
        return started

    def returned(self, participant_id: str, now: float) -> list[Outbound]:
        """A trainee is back (not the bot with their token): a bot playing their open seat
        hands it back. Messages owed, if anything changed."""
        where = self.lobby.whereabouts(participant_id)
        if where is None or where.status != "seated" or where.negotiation_id is None \
                or where.seat is None:
            return []
        state = self.negotiations.state(where.negotiation_id)
        if state.stage.closed or not state.members[where.seat].bot:
            return []
        if self.lobby.is_bot(participant_id):
            return []
        state = self.negotiations.execute(
            where.negotiation_id, cmd.HandOver(seat=where.seat, bot=False), now)
        return self.after_change(where.negotiation_id, state, now)

    def dropouts(self, now: float, grace_s: float) -> list[Outbound]:
        """Hand to a bot every open seat whose trainee has been gone longer than the grace
        period, where the cohort's policy says so (always in practice)."""
        messages: list[Outbound] = []
        for negotiation_id, seat in self.lobby.dropped_seats(now - grace_s):
            cohort_id = self.negotiations.cohort_of(negotiation_id)
            if cohort_id is not None and self.cohorts.dropout_policy(cohort_id) != "bot":
                continue
            try:
                messages += self.hand_to_bot(negotiation_id, seat, now)
            except RuleError:
                continue  # already bot-played or closed meanwhile
        return messages

    def tick(self, now: float | None = None) -> list[Outbound]:
        """Close every negotiation whose deadline has passed; the views owed."""
        now = time.time() if now is None else now
        messages: list[Outbound] = []
        for negotiation_id in self.negotiations.due_negotiations(now):
            state = self.negotiations.settle(negotiation_id, now)
            if state is not None:
                messages += self.after_change(negotiation_id, state, now)
        return messages


def services() -> Services:
    """The services of the current app."""
    app_services: Services = current_app.extensions["partner_math"]
    return app_services
