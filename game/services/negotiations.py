"""Running negotiations: load state from the event log, apply commands, store, address views.

The event log in the database is the source of truth; `_cache` only saves replays. Before
every command the cached state catches up with events other processes may have appended, and
an append that collides on (negotiation, seq) is retried on the newer state, so two
concurrent commands can never both win. Events are committed before anything is emitted.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from game.core import clock
from game.core import commands as cmd
from game.core import events as ev
from game.core.errors import PartnerMathError, RuleError
from game.core.machine import apply, fold, replay, start
from game.core.scenario import Scenario
from game.core.state import OPEN_STAGES, NegotiationState
from game.core.views import member_view
from game.db import Database
from game.db.models import Negotiation, Participant, ScenarioVersion, SeatRecord
from game.scenarios.registry import ScenarioRegistry
from game.services.messages import Outbound, participant_room
from game.services.results import record_results
from game.store import append, create_negotiation, load_events, save_scenario_version

MAX_ATTEMPTS = 8
CACHE_SIZE = 2000  # negotiations whose state stays in memory (least recently used out)


class StateCache:
    """A bounded, least-recently-used map of negotiation id -> state (thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._states: OrderedDict[int, NegotiationState] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, negotiation_id: int) -> NegotiationState | None:
        with self._lock:
            state = self._states.get(negotiation_id)
            if state is not None:
                self._states.move_to_end(negotiation_id)
            return state

    def __setitem__(self, negotiation_id: int, state: NegotiationState) -> None:
        with self._lock:
            self._states[negotiation_id] = state
            self._states.move_to_end(negotiation_id)
            while len(self._states) > self.size:
                self._states.popitem(last=False)

    def pop(self, negotiation_id: int, default: None = None) -> NegotiationState | None:
        with self._lock:
            return self._states.pop(negotiation_id, default)

    def clear(self) -> None:
        with self._lock:
            self._states.clear()

    def __len__(self) -> int:
        return len(self._states)


@dataclass(frozen=True)
class Seating:
    """Who takes a seat in a new negotiation: participant id, display name, role id, bot."""

    participant_id: str
    name: str
    role: str
    bot: bool = False


class NegotiationService:
    """Commands in, views out, for every negotiation of this server process."""

    def __init__(self, db: Database, scenarios: ScenarioRegistry) -> None:
        self.db = db
        self.scenarios = scenarios
        self._cache = StateCache(CACHE_SIZE)
        self._seats: dict[int, tuple[str, ...]] = {}
        self._cohorts: dict[int, tuple[int | None, int | None]] = {}
        self._locks: dict[int, threading.RLock] = {}
        self._locks_guard = threading.Lock()

    def _lock(self, negotiation_id: int) -> threading.RLock:
        with self._locks_guard:
            return self._locks.setdefault(negotiation_id, threading.RLock())

    def scenario_version(self, content_hash: str) -> Scenario:
        """The exact scenario version a negotiation was started with (from the registry, or
        rebuilt from the YAML stored in the database)."""
        try:
            return self.scenarios.version(content_hash)
        except KeyError:
            with self.db.session() as session:
                row = session.get(ScenarioVersion, content_hash)
                if row is None:
                    raise PartnerMathError("The scenario version of this negotiation is lost.",
                                           "unknown_scenario") from None
                return self.scenarios.register_source(row.source, row.filename)

    def start(self, scenario: Scenario, seating: Sequence[Seating], now: float,
              cohort_id: int | None = None, round_id: int | None = None,
              duration_s: int | None = None, from_lobby: str | None = None) -> int:
        """Open a negotiation for `seating` (seat order) and seat the participants; returns
        its id. With `from_lobby`, every participant must still be waiting in that lobby
        (else PartnerMathError `conflict` and nothing is stored), so two processes can never
        seat one trainee twice. Raises ValueError when the roles do not fit the scenario."""
        [started] = start(scenario, [(s.role, s.name) for s in seating], now, duration_s,
                          bots=[i for i, s in enumerate(seating) if s.bot])
        assert isinstance(started, ev.Started)
        with self.db.writing() as session:
            save_scenario_version(session, scenario, self.scenarios.source(
                scenario.content_hash), f"{scenario.id}.yaml")
            row = create_negotiation(session, scenario, started,
                                     [s.participant_id for s in seating], cohort_id, round_id)
            for seat, s in enumerate(seating):
                query = update(Participant).where(Participant.id == s.participant_id)
                if from_lobby is not None:
                    query = query.where(Participant.status == "lobby",
                                        Participant.lobby == from_lobby)
                result = session.execute(query.values(status="seated", negotiation_id=row.id,
                                                      seat=seat, lobby=None, queued_at=None))
                if from_lobby is not None and getattr(result, "rowcount", 1) != 1:
                    session.rollback()
                    raise PartnerMathError("A member of this group was seated elsewhere.",
                                           "conflict")
            negotiation_id = row.id
        return negotiation_id

    def state(self, negotiation_id: int) -> NegotiationState:
        """The current state: the cache caught up with the log. Raises KeyError if unknown."""
        with self._lock(negotiation_id), self.db.reading() as connection:
            cached = self._cache.get(negotiation_id)
            if cached is None:
                digest = connection.scalar(select(Negotiation.scenario_hash).where(
                    Negotiation.id == negotiation_id))
                if digest is None:
                    raise KeyError(negotiation_id)
                scenario = self.scenario_version(digest)
                state = replay(scenario, load_events(connection, negotiation_id))
            else:
                state = fold(cached, load_events(connection, negotiation_id,
                                                 after=cached.seq))
            self._cache[negotiation_id] = state
            return state

    def execute(self, negotiation_id: int, command: cmd.Command,
                now: float) -> NegotiationState:
        """Apply `command` at server time `now` and store its events; returns the new state.

        Raises RuleError (nothing stored but the clock's own events) or PartnerMathError
        `busy` when other writers kept winning.
        """
        for _ in range(MAX_ATTEMPTS):
            with self._lock(negotiation_id):
                state = self.state(negotiation_id)
                owed = clock.due(state, now)
                settled = fold(state, owed)
                try:
                    events = apply(settled, command, now)
                except RuleError:
                    if owed and not self._commit(negotiation_id, state, owed, settled):
                        continue
                    raise
                new = fold(settled, events)
                if self._commit(negotiation_id, state, owed + events, new):
                    return new
        raise PartnerMathError("The table is busy; please try again.", "busy")

    def settle(self, negotiation_id: int, now: float) -> NegotiationState | None:
        """Record what the clock owes (a passed deadline); the new state, or None if nothing."""
        for _ in range(MAX_ATTEMPTS):
            with self._lock(negotiation_id):
                state = self.state(negotiation_id)
                owed = clock.due(state, now)
                if not owed:
                    return None
                new = fold(state, owed)
                if self._commit(negotiation_id, state, owed, new):
                    return new
        return None

    def open_negotiations(self) -> list[int]:
        """Ids of every negotiation that has not closed yet."""
        with self.db.reading() as connection:
            return list(connection.scalars(select(Negotiation.id).where(
                Negotiation.stage.in_([s.value for s in OPEN_STAGES]))))

    def due_negotiations(self, now: float) -> list[int]:
        """Ids of open, unpaused negotiations whose deadline has passed."""
        with self.db.session() as session:
            return list(session.scalars(select(Negotiation.id).where(
                Negotiation.stage.in_([s.value for s in OPEN_STAGES]),
                Negotiation.paused.is_(False), Negotiation.ends_at <= now)))

    def _commit(self, negotiation_id: int, state: NegotiationState,
                events: Sequence[ev.Event], new: NegotiationState) -> bool:
        """Store events after `state`; False (and a cold cache) when another writer won."""
        try:
            with self.db.writing() as session:
                append(session, negotiation_id, state, events, new)
                if new.stage.closed and not state.stage.closed:
                    record_results(session, negotiation_id, new)
        except IntegrityError:
            self._cache.pop(negotiation_id, None)
            return False
        self._cache[negotiation_id] = new
        return True

    def cohort_of(self, negotiation_id: int) -> int | None:
        """The cohort a negotiation belongs to (None for practice); cached, it never changes."""
        return self._placement(negotiation_id)[0]

    def round_of(self, negotiation_id: int) -> int | None:
        """The id of the cohort round a negotiation belongs to (None for practice)."""
        return self._placement(negotiation_id)[1]

    def _placement(self, negotiation_id: int) -> tuple[int | None, int | None]:
        placement = self._cohorts.get(negotiation_id)
        if placement is None:
            with self.db.reading() as connection:
                row = connection.execute(select(Negotiation.cohort_id, Negotiation.round_id)
                                         .where(Negotiation.id == negotiation_id)).first()
            if row is None:
                return None, None  # never cache a miss: the id may be used later
            placement = self._cohorts[negotiation_id] = (row[0], row[1])
        return placement

    def participants(self, negotiation_id: int) -> tuple[str, ...]:
        """Participant ids by seat number."""
        seats = self._seats.get(negotiation_id)
        if seats is None:
            with self.db.session() as session:
                rows = session.scalars(select(SeatRecord).where(
                    SeatRecord.negotiation_id == negotiation_id).order_by(SeatRecord.seat))
                seats = tuple(row.participant_id for row in rows)
            self._seats[negotiation_id] = seats
        return seats

    def views(self, negotiation_id: int, state: NegotiationState, now: float) -> list[Outbound]:
        """Each member's own view, addressed to that member's room alone."""
        return [Outbound(participant_room(pid), "state",
                         {"negotiation": negotiation_id, "view": member_view(state, seat, now)})
                for seat, pid in enumerate(self.participants(negotiation_id))]

    def view_for(self, negotiation_id: int, participant_id: str, now: float) -> list[Outbound]:
        """The current view of one participant (after a reconnect or a `sync`)."""
        state = self.state(negotiation_id)
        seat = self.participants(negotiation_id).index(participant_id)
        return [Outbound(participant_room(participant_id), "state",
                         {"negotiation": negotiation_id, "view": member_view(state, seat, now)})]
