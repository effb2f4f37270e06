"""Leaderboards of a cohort: one pair of boards per round, and the cumulative boards.

Per round, the boards are `game.services.results.leaderboards` restricted to the round
(value created by group: E, then JG; value claimed by trainee: percentile within role).
Cumulative, across every round of the cohort, per trainee (bot participants left out; a
trainee's seat a bot played for a while is marked `bot`):

- value created: the trainee's mean efficiency E over their groups that have an E (no-deals
  included with their E, which is negative when the BATNAs sum below JG_c). A group's E is
  already comparable across scenarios (0 = all-compromise, 1 = best joint), a group's joint
  points are not, so groups are not summed.
- value claimed: the sum of the trainee's points over the rounds they played (a round sat
  out adds nothing), ties broken by the sum of surpluses u_i - r_i.

Both use standard competition ranks (1, 2, 2, 4) and keep tied trainees in the order of
their first result (closed_at, negotiation, seat), so the order is stable.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from game.core.ranking import competition_ranks
from game.db.models import Cohort, Participant, Result, Round
from game.services.results import leaderboards


def role_names(scenarios: Any, scenario_id: str) -> tuple[str, dict[str, str]]:
    """(title, {role id: role name}) of a scenario, or (its id, {}) when it is gone."""
    try:
        scenario = scenarios.get(scenario_id)
    except KeyError:
        return scenario_id, {}
    return scenario.title, {r.id: r.name for r in scenario.roles}


def round_boards(session: Session, scenarios: Any, cohort_id: int) -> list[dict[str, Any]]:
    """[{round, round_id, status, scenario: {id, title}, value_created, value_claimed}] for
    every started round of the cohort, in round order (same rows as /api/leaderboard)."""
    boards = []
    for row in session.scalars(select(Round).where(Round.cohort_id == cohort_id)
                               .order_by(Round.number)):
        title, names = role_names(scenarios, row.scenario_id)
        boards.append({"round": row.number, "round_id": row.id, "status": row.status,
                       "scenario": {"id": row.scenario_id, "title": title},
                       **leaderboards(session, row.scenario_id, cohort_id, row.id, names)})
    return boards


def cumulative(session: Session, cohort_id: int) -> dict[str, list[dict[str, Any]]]:
    """The cumulative boards of a cohort (see the module docstring):
    value_created [{rank, participant, name, rounds, groups, mean_efficiency, no_deals, bot}],
    value_claimed [{rank, participant, name, rounds, points, surplus, no_deals, bot}]."""
    rows = list(session.scalars(select(Result).where(Result.cohort_id == cohort_id)
                                .order_by(Result.closed_at, Result.negotiation_id,
                                          Result.seat)))
    bots = set(session.scalars(select(Participant.id).where(
        Participant.id.in_({r.participant_id for r in rows}),
        Participant.bot_persona.is_not(None))))
    trainees: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.participant_id in bots:
            continue
        entry = trainees.setdefault(row.participant_id, {
            "participant": row.participant_id, "name": row.name, "rounds": 0, "points": 0,
            "surplus": 0, "no_deals": 0, "bot": False, "_e": []})
        entry["rounds"] += 1
        entry["points"] += row.points
        entry["surplus"] += row.surplus
        entry["no_deals"] += 0 if row.deal else 1
        entry["bot"] = entry["bot"] or row.bot
        if row.efficiency is not None:
            entry["_e"].append(row.efficiency)
    people = list(trainees.values())
    for entry in people:
        found = entry.pop("_e")
        entry["groups"] = len(found)
        entry["mean_efficiency"] = sum(found) / len(found) if found else None

    def created_key(e: dict[str, Any]) -> tuple[float, ...]:
        mean = e["mean_efficiency"]
        return (float("-inf") if mean is None else round(mean, 9),)

    created = competition_ranks(people, key=created_key)
    claimed = competition_ranks(people, key=lambda e: (float(e["points"]),
                                                       float(e["surplus"])))
    created_fields = ("participant", "name", "rounds", "groups", "mean_efficiency",
                      "no_deals", "bot")
    claimed_fields = ("participant", "name", "rounds", "points", "surplus", "no_deals", "bot")
    return {
        "value_created": [{"rank": rank, **{k: e[k] for k in created_fields}}
                          for rank, e in created],
        "value_claimed": [{"rank": rank, **{k: e[k] for k in claimed_fields}}
                          for rank, e in claimed],
    }


def cohort_leaderboards(session: Session, scenarios: Any, cohort_id: int) -> dict[str, Any]:
    """{"rounds": round_boards(...), "cumulative": cumulative(...)}."""
    return {"rounds": round_boards(session, scenarios, cohort_id),
            "cumulative": cumulative(session, cohort_id)}


def public_scope(session: Session, code: str | None, round_number: str | None
                 ) -> tuple[int | None, int | None, str | None]:
    """For /api/leaderboard?cohort=CODE&round=N: (cohort id, round id, the round's scenario
    id or None). No code: (None, None, None). Raises LookupError for an unknown code or
    round, ValueError for a round that is not a number."""
    if not code:
        if round_number:
            raise ValueError("round needs a cohort")
        return None, None, None
    cohort = session.scalar(select(Cohort).where(Cohort.code == code.strip().upper()))
    if cohort is None:
        raise LookupError("no cohort has that code")
    if not round_number:
        return cohort.id, None, None
    number = int(round_number)
    row = session.scalar(select(Round).where(Round.cohort_id == cohort.id,
                                             Round.number == number))
    if row is None:
        raise LookupError("that round has not been played")
    return cohort.id, row.id, row.scenario_id
