"""Exports of a cohort: results as CSV (one row per trainee per round) and the full event
log as JSON Lines. Columns and fields are documented in docs/export.md.

Scores come from each negotiation's event log and scenario version (the same fold the game
and the debrief use), so an export always agrees with the log, even for a table that is
still open (its score columns are empty then).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import select

from game.core.views import final_score
from game.db.models import (
    Cohort,
    CohortMember,
    EventRecord,
    Negotiation,
    Participant,
    Round,
    SeatRecord,
)

RESULT_COLUMNS = (
    "cohort", "cohort_name", "round", "scenario", "scenario_version", "scenario_hash",
    "negotiation", "seat", "participant", "name", "role", "bot", "bot_played", "sat_out",
    "sat_out_reason", "deal", "close_reason", "package", "package_labels", "points", "batna",
    "surplus", "joint", "max_joint", "left_on_table", "efficiency", "pareto_optimal",
    "lose_lose", "missed_deal", "agreement_trap", "cards_revealed", "questions_asked",
    "started_at", "closed_at", "seconds_to_close",
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A CSV cell: true/false for booleans, empty for None, floats to 6 decimals; text that
    a spreadsheet would run as a formula (starting with = + - @, tab or CR: a trainee's name,
    say) gets a leading apostrophe (OWASP, "CSV injection")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def iso(seconds: float | None) -> str | None:
    """Epoch seconds as ISO 8601 UTC with milliseconds (2026-11-30T01:28:14.123Z)."""
    if seconds is None:
        return None
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _played(negotiation_id: int, state: Any, seats: dict[int, str],
            bots: set[str]) -> list[dict[str, Any]]:
    """One row per seat of a negotiation (the round and cohort columns are added later)."""
    scenario = state.scenario
    final = final_score(state) if state.stage.closed else None
    package = None if final is None or final.package is None else dict(final.package)
    rows = []
    for member in state.members:
        participant = seats.get(member.seat, "")
        row: dict[str, Any] = {
            "scenario": scenario.id, "scenario_version": scenario.version,
            "scenario_hash": scenario.content_hash, "negotiation": negotiation_id,
            "seat": member.seat, "participant": participant, "name": member.name,
            "role": member.role, "bot": participant in bots,
            "bot_played": member.bot or member.seat in state.bot_played, "sat_out": False,
            "cards_revealed": sum(1 for r in state.reveals if r.seat == member.seat),
            "questions_asked": sum(1 for q in state.questions if q.asker == member.seat),
            "started_at": iso(state.started_at),
        }
        if final is not None:
            mine = final.roles[member.seat]
            row.update({
                "deal": final.deal, "close_reason": state.close_reason,
                "package": ";".join(f"{k}={v}" for k, v in package.items()) if package
                else None,
                "package_labels": "; ".join(
                    f"{i.title}: {i.option(package[i.id]).label}" for i in scenario.issues)
                if package else None,
                "points": mine.points, "batna": mine.batna, "surplus": mine.surplus,
                "joint": final.joint, "max_joint": final.max_joint,
                "left_on_table": final.left_on_table, "efficiency": final.efficiency,
                "pareto_optimal": final.pareto_optimal, "lose_lose": final.lose_lose,
                "missed_deal": final.missed_deal, "agreement_trap": final.agreement_trap,
                "closed_at": iso(state.closed_at),
                "seconds_to_close": round(state.closed_at - state.started_at, 3),
            })
        rows.append(row)
    return rows


def result_rows(app_services: Any, cohort_id: int) -> list[dict[str, str]]:
    """Every row of the results CSV of a cohort, as {column: cell}, by round, negotiation,
    seat; then, per round, the trainees who sat it out (the grouping's odd-number policy,
    `sat_out_reason` "grouping") or were not connected when it started ("absent")."""
    with app_services.db.session() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise LookupError(cohort_id)
        rounds = list(session.scalars(select(Round).where(Round.cohort_id == cohort_id)
                                      .order_by(Round.number)))
        negotiations = list(session.scalars(select(Negotiation).where(
            Negotiation.cohort_id == cohort_id, Negotiation.round_id.is_not(None))
            .order_by(Negotiation.id)))
        seats: dict[int, dict[int, str]] = {}
        for seat in session.scalars(select(SeatRecord).where(
                SeatRecord.negotiation_id.in_([n.id for n in negotiations]))):
            seats.setdefault(seat.negotiation_id, {})[seat.seat] = seat.participant_id
        members = list(session.execute(
            select(CohortMember.participant_id, CohortMember.joined_at, Participant.name)
            .join(Participant, Participant.id == CohortMember.participant_id)
            .where(CohortMember.cohort_id == cohort_id, CohortMember.removed.is_(False))
            .order_by(CohortMember.joined_at, CohortMember.id)))
        bots = set(session.scalars(select(Participant.id).where(
            Participant.cohort_id == cohort_id, Participant.bot_persona.is_not(None))))
    names = {pid: name for pid, _, name in members}
    rows: list[dict[str, Any]] = []
    for round_row in rounds:
        head = {"cohort": cohort.code, "cohort_name": cohort.name, "round": round_row.number}
        seated: set[str] = set()
        for negotiation in (n for n in negotiations if n.round_id == round_row.id):
            state = app_services.negotiations.state(negotiation.id)
            for row in _played(negotiation.id, state, seats.get(negotiation.id, {}), bots):
                seated.add(row["participant"])
                rows.append({**head, **row})
        out = [(pid, "grouping") for pid in round_row.sitting_out]
        out += [(pid, "absent") for pid, joined_at, _ in members
                if joined_at <= round_row.started_at and pid not in seated
                and pid not in round_row.sitting_out]
        for pid, reason in out:
            rows.append({**head, "scenario": round_row.scenario_id, "participant": pid,
                         "name": names.get(pid, ""), "bot": False, "bot_played": False,
                         "sat_out": True, "sat_out_reason": reason})
    return [{column: cell(row.get(column)) for column in RESULT_COLUMNS} for row in rows]


def write_results(rows: Iterable[dict[str, str]], stream: IO[str]) -> None:
    """Write the CSV (header first; RFC 4180 quoting, \\r\\n line ends) to a text stream."""
    writer = csv.DictWriter(stream, fieldnames=RESULT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)


def event_lines(app_services: Any, cohort_id: int) -> list[str]:
    """Every event of every negotiation of the cohort, one JSON object per line (no newline):
    {cohort, round, negotiation, seq, kind, at, fields}, by negotiation then seq."""
    with app_services.db.session() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise LookupError(cohort_id)
        numbers = {row_id: number for row_id, number in session.execute(
            select(Round.id, Round.number).where(Round.cohort_id == cohort_id))}
        records = session.execute(
            select(EventRecord, Negotiation.round_id)
            .join(Negotiation, Negotiation.id == EventRecord.negotiation_id)
            .where(Negotiation.cohort_id == cohort_id)
            .order_by(EventRecord.negotiation_id, EventRecord.seq)).all()
        return [json.dumps({"cohort": cohort.code, "round": numbers.get(round_id),
                            "negotiation": record.negotiation_id, "seq": record.seq,
                            "kind": record.kind, "at": record.at, "fields": record.data},
                           ensure_ascii=False, separators=(",", ":"))
                for record, round_id in records]


def cohort_by_code(app_services: Any, code: str) -> Cohort:
    """A cohort by join code, archived ones included; raises LookupError."""
    with app_services.db.session() as session:
        cohort = session.scalar(select(Cohort).where(Cohort.code == code.strip().upper()))
    if cohort is None:
        raise LookupError(code)
    return cohort
