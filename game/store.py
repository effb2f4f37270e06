"""The event store: append-only event logs per negotiation, and the cached rows beside them.

Appending writes events at sequence numbers state.seq + 1, state.seq + 2, ... in one
transaction; the unique (negotiation, seq) pair makes two concurrent appends on the same
state collide, so exactly one wins and the other retries on the newer state.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from game.core import events as ev
from game.core.scenario import Scenario
from game.core.state import NegotiationState
from game.db.models import EventRecord, Negotiation, ScenarioVersion, SeatRecord


def save_scenario_version(session: Session, scenario: Scenario, source: str,
                          filename: str) -> None:
    """Store the exact YAML of a scenario version once (keyed by its content hash)."""
    if session.get(ScenarioVersion, scenario.content_hash) is None:
        session.add(ScenarioVersion(content_hash=scenario.content_hash, scenario_id=scenario.id,
                                    filename=filename, source=source, created_at=time.time()))
        session.flush()


def create_negotiation(session: Session, scenario: Scenario, started: ev.Started,
                       participant_ids: Sequence[str], cohort_id: int | None = None,
                       round_id: int | None = None) -> Negotiation:
    """Insert a negotiation, its seats and its opening event; returns the row (id set)."""
    row = Negotiation(scenario_id=scenario.id, scenario_hash=scenario.content_hash,
                      cohort_id=cohort_id, round_id=round_id, created_at=started.at,
                      stage="discovering", ends_at=started.ends_at, seq=1)
    session.add(row)
    session.flush()
    for seat, participant_id in zip(started.seats, participant_ids, strict=True):
        session.add(SeatRecord(negotiation_id=row.id, seat=int(seat["seat"]),
                               participant_id=participant_id, role=str(seat["role"])))
    session.add(_record(row.id, 1, started))
    return row


def append(session: Session, negotiation_id: int, state: NegotiationState,
           events: Sequence[ev.Event], new_state: NegotiationState) -> None:
    """Add `events` after `state.seq` and refresh the cached columns from `new_state`.

    The caller commits; an IntegrityError on commit means another writer got there first.
    """
    rows = []
    for offset, event in enumerate(events, start=1):
        data = event.to_dict()
        kind, at = data.pop("kind"), data.pop("at")
        rows.append({"negotiation_id": negotiation_id, "seq": state.seq + offset,
                     "kind": kind, "at": at, "data": data})
    session.execute(insert(EventRecord), rows)
    session.execute(update(Negotiation).where(Negotiation.id == negotiation_id).values(
        stage=new_state.stage.value, ends_at=new_state.ends_at,
        paused=new_state.paused_at is not None, seq=new_state.seq))


def load_events(session: Session | Connection, negotiation_id: int,
                after: int = 0) -> list[ev.Event]:
    """The events of a negotiation with seq > `after`, in order."""
    rows = session.execute(select(EventRecord.kind, EventRecord.at, EventRecord.data).where(
        EventRecord.negotiation_id == negotiation_id, EventRecord.seq > after)
        .order_by(EventRecord.seq))
    return [ev.event_from_dict({"kind": kind, "at": at, **data}) for kind, at, data in rows]


def _record(negotiation_id: int, seq: int, event: ev.Event) -> EventRecord:
    data = event.to_dict()
    kind, at = data.pop("kind"), data.pop("at")
    return EventRecord(negotiation_id=negotiation_id, seq=seq, kind=kind, at=at, data=data)
