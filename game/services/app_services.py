"""The services one app holds, and the flows that span several of them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flask import current_app

from game.core.state import NegotiationState
from game.db import Database
from game.scenarios.registry import ScenarioRegistry
from game.services.lobby import LobbyService
from game.services.messages import Outbound, participant_room
from game.services.negotiations import NegotiationService

log = logging.getLogger(__name__)
ChangeHook = Callable[[int, NegotiationState, float], list[Outbound]]


class Services:
    """Everything a request handler needs: database, scenarios, negotiations, lobby.

    `change_hooks` run after every stored change of a negotiation and may add messages (the
    bot driver and the instructors' monitor subscribe here).
    """

    def __init__(self, db: Database, scenarios: ScenarioRegistry) -> None:
        self.db = db
        self.scenarios = scenarios
        self.negotiations = NegotiationService(db, scenarios)
        self.lobby = LobbyService(db, scenarios, self.negotiations)
        self.change_hooks: list[ChangeHook] = []

    def after_change(self, negotiation_id: int, state: NegotiationState,
                     now: float) -> list[Outbound]:
        """Messages owed after a stored change: each member's view, then the hooks'."""
        messages = self.negotiations.views(negotiation_id, state, now)
        for hook in self.change_hooks:
            messages += hook(negotiation_id, state, now)
        return messages

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
