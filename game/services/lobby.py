"""Participants and the practice lobby: join, wait, and be grouped in arrival order."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from game.core.errors import PartnerMathError
from game.core.grouping import groups_in_arrival_order
from game.core.state import OPEN_STAGES
from game.db import Database
from game.db.models import Cohort, Negotiation, Participant
from game.scenarios.registry import ScenarioRegistry
from game.services.messages import Outbound, participant_room
from game.services.negotiations import NegotiationService, Seating

PRACTICE = "practice"


@dataclass(frozen=True)
class Whereabouts:
    """Where a participant is: status idle | lobby | seated, with the lobby or negotiation."""

    participant_id: str
    name: str
    status: str
    lobby: str | None
    negotiation_id: int | None
    seat: int | None
    active_sid: str | None
    cohort_id: int | None = None


def practice_lobby(scenario_id: str) -> str:
    """The lobby key of the practice cohort for one scenario."""
    return f"{PRACTICE}:{scenario_id}"


class LobbyService:
    """Creates participants, queues them, and seats full groups of the practice cohort."""

    def __init__(self, db: Database, scenarios: ScenarioRegistry,
                 negotiations: NegotiationService) -> None:
        self.db = db
        self.scenarios = scenarios
        self.negotiations = negotiations

    def create_participant(self, name: str, now: float, bot_persona: str | None = None,
                           cohort_id: int | None = None) -> str:
        """A new participant id (32 hex characters)."""
        participant_id = uuid.uuid4().hex
        with self.db.writing() as session:
            session.add(Participant(id=participant_id, name=name, created_at=now,
                                    bot_persona=bot_persona, cohort_id=cohort_id,
                                    status="idle", last_seen=now))
        return participant_id

    def whereabouts(self, participant_id: str) -> Whereabouts | None:
        """Where a participant is now (one indexed read on the hot path of every command)."""
        columns = (Participant.id, Participant.name, Participant.status, Participant.lobby,
                   Participant.negotiation_id, Participant.seat, Participant.active_sid,
                   Participant.cohort_id)
        with self.db.reading() as connection:
            row = connection.execute(select(*columns).where(
                Participant.id == participant_id)).first()
        return None if row is None else Whereabouts(*row)

    def connect(self, participant_id: str, sid: str, now: float) -> str | None:
        """Make `sid` the participant's active socket; returns the socket it replaces."""
        with self.db.writing() as session:
            row = session.get(Participant, participant_id)
            if row is None:
                return None
            previous = row.active_sid
            row.active_sid, row.connected, row.last_seen = sid, True, now
        return previous if previous != sid else None

    def disconnect(self, participant_id: str, sid: str, now: float) -> bool:
        """Mark the participant disconnected if `sid` was their active socket."""
        with self.db.writing() as session:
            result = session.execute(update(Participant).where(
                Participant.id == participant_id, Participant.active_sid == sid)
                .values(connected=False, last_seen=now))
            return bool(getattr(result, "rowcount", 0))

    def connected(self, participant_ids: Sequence[str]) -> dict[str, bool]:
        """Whether each participant has a live socket now: {participant id: bool}."""
        with self.db.session() as session:
            rows = session.execute(select(Participant.id, Participant.connected).where(
                Participant.id.in_(list(participant_ids))))
            return {pid: bool(flag) for pid, flag in rows}

    def persona_of(self, participant_id: str) -> str | None:
        """The bot persona of a bot participant (None for a trainee)."""
        with self.db.reading() as connection:
            return connection.scalar(select(Participant.bot_persona).where(
                Participant.id == participant_id))

    def is_bot(self, participant_id: str) -> bool:
        with self.db.session() as session:
            row = session.get(Participant, participant_id)
            return row is not None and row.bot_persona is not None

    def dropped_seats(self, gone_before: float) -> list[tuple[int, int]]:
        """(negotiation id, seat) of trainees seated in an open negotiation whose socket has
        been gone since before `gone_before` (seconds since the epoch)."""
        with self.db.session() as session:
            rows = session.execute(
                select(Participant.negotiation_id, Participant.seat)
                .join(Negotiation, Negotiation.id == Participant.negotiation_id)
                .where(Participant.status == "seated", Participant.connected.is_(False),
                       Participant.bot_persona.is_(None), Participant.last_seen < gone_before,
                       Negotiation.stage.in_([s.value for s in OPEN_STAGES])))
            return [(int(n), int(s)) for n, s in rows if n is not None and s is not None]

    def enqueue(self, participant_id: str, lobby: str, now: float) -> None:
        """Put a participant at the back of a lobby's queue."""
        with self.db.writing() as session:
            session.execute(update(Participant).where(Participant.id == participant_id).values(
                status="lobby", lobby=lobby, queued_at=now, negotiation_id=None, seat=None))

    def leave(self, participant_id: str) -> str | None:
        """Take a participant out of their lobby; returns the lobby they left."""
        with self.db.writing() as session:
            row = session.get(Participant, participant_id)
            if row is None or row.status != "lobby":
                raise PartnerMathError("You are not waiting in a lobby.", "not_in_lobby")
            lobby, row.status, row.lobby, row.queued_at = row.lobby, "idle", None, None
        return lobby

    def form_practice_groups(self, lobby: str, now: float) -> list[int]:
        """Seat every full group waiting in a practice lobby, oldest first; returns the new
        negotiation ids. Safe against concurrent joins: this process reads the queue under
        its writer lock, and each seating only succeeds while every member is still waiting
        in the lobby (`NegotiationService.start(from_lobby=...)`), so another process can
        never seat the same trainee twice."""
        scenario_id = lobby.split(":", 1)[1]
        scenario = self.scenarios.get(scenario_id)
        size = len(scenario.required_roles)
        roles = scenario.roles_for_size(size)
        started = []
        with self.db.write_lock:
            with self.db.reading() as connection:
                queue = [(pid, name, persona is not None) for pid, name, persona in
                         connection.execute(select(
                             Participant.id, Participant.name, Participant.bot_persona)
                             .where(Participant.status == "lobby", Participant.lobby == lobby)
                             .order_by(Participant.queued_at, Participant.id))]
            groups, _ = groups_in_arrival_order(queue, size)
            for group in groups:
                seating = [Seating(pid, name, role.id, bot)
                           for (pid, name, bot), role in zip(group, roles, strict=True)]
                try:
                    started.append(self.negotiations.start(scenario, seating, now,
                                                           from_lobby=lobby))
                except PartnerMathError:
                    continue  # another process seated one of them; the rest wait on
        return started

    def lobby_messages(self, lobby: str, also: str | None = None) -> list[Outbound]:
        """Who is waiting in a lobby, sent to each participant still waiting there (and to
        `also`, e.g. one who just left), never to those already seated."""
        kind, key = lobby.split(":", 1)
        with self.db.session() as session:
            waiting = list(session.execute(select(Participant.id, Participant.name).where(
                Participant.status == "lobby", Participant.lobby == lobby)
                .order_by(Participant.queued_at, Participant.id)))
            payload: dict[str, Any] = {"lobby": lobby, "kind": kind,
                                       "waiting": [name for _, name in waiting]}
            if kind == "cohort":
                cohort = session.get(Cohort, int(key))
                payload.update(scenario=None, title=cohort.name if cohort else key,
                               group_size=None, cohort=cohort.code if cohort else None)
        if kind == PRACTICE:
            try:
                scenario = self.scenarios.get(key)
                payload.update(scenario=key, title=scenario.title,
                               group_size=len(scenario.required_roles))
            except KeyError:
                payload.update(scenario=key, title=key, group_size=2)
        recipients = [pid for pid, _ in waiting] + ([also] if also else [])
        return [Outbound(participant_room(pid), "lobby", payload) for pid in recipients]
