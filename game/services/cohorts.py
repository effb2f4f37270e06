"""Cohorts: an instructor's class with a plan of rounds, a join code and a lobby.

Rounds are grouped on the server all at once, under the writer lock, from the members present
at that moment; each table becomes a negotiation tagged with the cohort and round.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select

from game.core import commands as cmd
from game.core.cohorts import Grouping, RoundPlan, Table, group_round
from game.core.errors import PartnerMathError, RuleError
from game.core.state import NegotiationState
from game.db import Database
from game.db.models import Cohort, CohortMember, Negotiation, Participant, Round
from game.scenarios.registry import ScenarioRegistry
from game.services.lobby import LobbyService
from game.services.negotiations import NegotiationService, Seating

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
GROUPINGS = ("random", "rotate", "alliance")
ODD_POLICIES = ("bot", "trio", "sit_out")
DROPOUT_POLICIES = ("bot", "instructor")
BOT_PERSONA = "collaborator"


def bot_display_name(persona_name: str) -> str:
    """A bot's display name: its persona ("Collaborator", "Fixed pie"); pages add the bot
    marker themselves."""
    return persona_name.replace("-", " ").capitalize()


def cohort_lobby(cohort_id: int) -> str:
    """The lobby key of a cohort."""
    return f"cohort:{cohort_id}"


class CohortService:
    """Create cohorts, admit trainees by join code, run rounds, report the class's state."""

    def __init__(self, db: Database, scenarios: ScenarioRegistry,
                 negotiations: NegotiationService, lobby: LobbyService) -> None:
        self.db = db
        self.scenarios = scenarios
        self.negotiations = negotiations
        self.lobby = lobby

    # -- cohorts ---------------------------------------------------------------------------

    def create(self, instructor_id: int, name: str, plan: list[dict[str, Any]],
               odd_policy: str, seat_limit: int, now: float,
               dropout_policy: str = "bot") -> Cohort:
        """A new cohort with a unique six-character join code; raises PartnerMathError
        `bad_cohort` naming the first problem of the plan."""
        name = name.strip()
        if not 1 <= len(name) <= 120:
            raise PartnerMathError("Give the cohort a name of 1 to 120 characters.",
                                   "bad_cohort")
        if odd_policy not in ODD_POLICIES:
            raise PartnerMathError(f"The odd-number policy must be one of {ODD_POLICIES}.",
                                   "bad_cohort")
        if dropout_policy not in DROPOUT_POLICIES:
            raise PartnerMathError(f"The dropout policy must be one of {DROPOUT_POLICIES}.",
                                   "bad_cohort")
        if not 2 <= seat_limit <= 500:
            raise PartnerMathError("The seat limit must be 2 to 500.", "bad_cohort")
        rounds = [self.round_plan(entry, number) for number, entry in
                  enumerate(plan, start=1)]
        if not rounds:
            raise PartnerMathError("A plan needs at least one round.", "bad_cohort")
        with self.db.writing() as session:
            code = self._new_code(session)
            cohort = Cohort(instructor_id=instructor_id, name=name, code=code,
                            plan=[asdict(r) for r in rounds], odd_policy=odd_policy,
                            dropout_policy=dropout_policy, seat_limit=seat_limit,
                            created_at=now)
            session.add(cohort)
            session.flush()
            return cohort

    def round_plan(self, entry: dict[str, Any], number: int) -> RoundPlan:
        """One validated plan entry; raises PartnerMathError `bad_cohort`."""
        scenario = str(entry.get("scenario", ""))
        try:
            self.scenarios.get(scenario)
        except KeyError:
            raise PartnerMathError(f"Round {number}: there is no scenario {scenario!r}.",
                                   "bad_cohort") from None
        duration = int(entry.get("duration_s", 900))
        grouping = str(entry.get("grouping", "random"))
        if not 60 <= duration <= 7200:
            raise PartnerMathError(f"Round {number}: the duration must be 60 to 7200 "
                                   "seconds.", "bad_cohort")
        if grouping not in GROUPINGS:
            raise PartnerMathError(f"Round {number}: grouping must be one of {GROUPINGS}.",
                                   "bad_cohort")
        return RoundPlan(scenario, duration, grouping, bool(entry.get("role_swap", False)))

    @staticmethod
    def _new_code(session: Any) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
            if session.scalar(select(Cohort.id).where(Cohort.code == code)) is None:
                return code

    def owned(self, cohort_id: int, instructor_id: int) -> Cohort:
        """The cohort when this instructor owns it; PartnerMathError `not_found` otherwise
        (another instructor's cohort is indistinguishable from a missing one)."""
        with self.db.session() as session:
            cohort = session.get(Cohort, cohort_id)
            if cohort is None or cohort.instructor_id != instructor_id:
                raise PartnerMathError("There is no such cohort of yours.", "not_found")
            return cohort

    def list_for(self, instructor_id: int) -> list[Cohort]:
        with self.db.session() as session:
            return list(session.scalars(select(Cohort).where(
                Cohort.instructor_id == instructor_id).order_by(Cohort.created_at.desc())))

    def by_code(self, code: str) -> Cohort:
        """The open cohort with this join code (case-insensitive); raises `unknown_cohort`."""
        with self.db.session() as session:
            cohort = session.scalar(select(Cohort).where(Cohort.code == code.strip().upper()))
        if cohort is None or cohort.archived:
            raise PartnerMathError("No open cohort has that join code; check it with your "
                                   "instructor.", "unknown_cohort")
        return cohort

    # -- members ---------------------------------------------------------------------------

    def join(self, code: str, name: str, now: float) -> tuple[Cohort, str]:
        """Admit a trainee to a cohort's lobby: (cohort, participant id). Raises
        `unknown_cohort` or `cohort_full`."""
        cohort = self.by_code(code)
        with self.db.writing() as session:
            members = session.scalar(select(func.count(CohortMember.id)).where(
                CohortMember.cohort_id == cohort.id, CohortMember.removed.is_(False))) or 0
            if members >= cohort.seat_limit:
                raise PartnerMathError("This cohort is full.", "cohort_full")
        participant_id = self.lobby.create_participant(name, now, cohort_id=cohort.id)
        with self.db.writing() as session:
            session.add(CohortMember(cohort_id=cohort.id, participant_id=participant_id,
                                     joined_at=now))
        self.lobby.enqueue(participant_id, cohort_lobby(cohort.id), now)
        return cohort, participant_id

    def remove(self, cohort_id: int, participant_id: str) -> tuple[int, int] | None:
        """Take a trainee out of the cohort: out of its lobby and of every later round.
        Returns (negotiation id, seat) when they sit at an open table, which a bot then
        takes over; raises PartnerMathError `not_found`."""
        with self.db.writing() as session:
            member = session.scalar(select(CohortMember).where(
                CohortMember.cohort_id == cohort_id,
                CohortMember.participant_id == participant_id))
            if member is None:
                raise PartnerMathError("That trainee is not in this cohort.", "not_found")
            member.removed = True
            participant = session.get(Participant, participant_id)
            if participant is not None and participant.status == "lobby":
                participant.status, participant.lobby = "idle", None
            seated = (participant.negotiation_id, participant.seat) if participant is not None \
                and participant.status == "seated" and participant.seat is not None \
                and participant.negotiation_id is not None else None
        if seated is not None and not self.negotiations.state(seated[0]).stage.closed:
            return seated
        return None

    def is_removed(self, participant_id: str) -> bool:
        """Whether an instructor removed this trainee from their cohort (or they left it)."""
        with self.db.reading() as connection:
            return bool(connection.scalar(select(CohortMember.removed).where(
                CohortMember.participant_id == participant_id)))

    def members(self, cohort_id: int) -> list[Participant]:
        """The cohort's trainees (not removed), in arrival order."""
        with self.db.session() as session:
            return list(session.scalars(
                select(Participant).join(CohortMember,
                                         CohortMember.participant_id == Participant.id)
                .where(CohortMember.cohort_id == cohort_id, CohortMember.removed.is_(False))
                .order_by(CohortMember.joined_at, CohortMember.id)))

    # -- rounds ----------------------------------------------------------------------------

    def rounds(self, cohort_id: int) -> list[Round]:
        with self.db.session() as session:
            return list(session.scalars(select(Round).where(Round.cohort_id == cohort_id)
                                        .order_by(Round.number)))

    def round_negotiations(self, round_id: int) -> list[int]:
        with self.db.session() as session:
            return list(session.scalars(select(Negotiation.id).where(
                Negotiation.round_id == round_id).order_by(Negotiation.id)))

    def start_round(self, cohort_id: int, now: float,
                    seed: int | None = None) -> tuple[Round, list[int], list[str]]:
        """Group everyone present and open one negotiation per table, all at once:
        (round, negotiation ids, participants sitting out). Raises `round_running` while
        a round is open, `plan_done` after the last round, `nobody_here` with no one present.
        """
        with self.db.write_lock:
            cohort = self._cohort(cohort_id)
            previous = self.rounds(cohort_id)
            if previous and previous[-1].status == "running":
                if any(not self.negotiations.state(n).stage.closed
                       for n in self.round_negotiations(previous[-1].id)):
                    raise PartnerMathError("The current round is still running; end it "
                                           "first.", "round_running")
                self._close_round(previous[-1].id)
            if len(previous) >= len(cohort.plan):
                raise PartnerMathError("Every round of the plan has been played.",
                                       "plan_done")
            plan = RoundPlan(**cohort.plan[len(previous)])
            scenario = self.scenarios.get(plan.scenario)
            present = [p.id for p in self.members(cohort_id) if p.connected]
            if not present:
                raise PartnerMathError("Nobody is connected to this cohort yet.",
                                       "nobody_here")
            history = [[Table(tuple(t["seats"]), tuple(t["roles"]))
                        for t in r.grouping.get("tables", [])] for r in previous]
            waiting = previous[-1].sitting_out if previous else []
            rng = random.Random(seed if seed is not None else secrets.randbits(64))
            grouping = group_round(present, scenario, plan, cohort.odd_policy, rng,
                                   history, [p for p in waiting if p in present])
            return self._open_round(cohort, len(previous) + 1, plan, grouping, now)

    def _open_round(self, cohort: Cohort, number: int, plan: RoundPlan, grouping: Grouping,
                    now: float) -> tuple[Round, list[int], list[str]]:
        scenario = self.scenarios.get(plan.scenario)
        names = {p.id: p.name for p in self.members(cohort.id)}
        with self.db.writing() as session:
            row = Round(cohort_id=cohort.id, number=number, scenario_id=scenario.id,
                        started_at=now, status="running", grouping={"tables": []},
                        sitting_out=list(grouping.sitting_out))
            session.add(row)
            session.flush()
            round_id = row.id
        tables, negotiation_ids = [], []
        for table in grouping.tables:
            seating = []
            for participant_id, role in zip(table.seats, table.roles, strict=True):
                if participant_id is None:
                    bot_name = bot_display_name(BOT_PERSONA)
                    bot_id = self.lobby.create_participant(
                        bot_name, now, bot_persona=BOT_PERSONA, cohort_id=cohort.id)
                    seating.append(Seating(bot_id, bot_name, role, bot=True))
                else:
                    seating.append(Seating(participant_id, names[participant_id], role))
            negotiation_id = self.negotiations.start(scenario, seating, now, cohort.id,
                                                     round_id, plan.duration_s)
            negotiation_ids.append(negotiation_id)
            tables.append({"seats": list(table.seats), "roles": list(table.roles),
                           "participants": [s.participant_id for s in seating],
                           "negotiation": negotiation_id})
            if plan.grouping == "alliance":
                self._carry_over(negotiation_id, seating, number - 1, cohort.id, now)
        with self.db.writing() as session:
            stored = session.get(Round, round_id)
            assert stored is not None
            stored.grouping = {"tables": tables}
            for participant_id in grouping.sitting_out:
                participant = session.get(Participant, participant_id)
                if participant is not None:
                    participant.status = "lobby"
            return stored, negotiation_ids, list(grouping.sitting_out)

    def _carry_over(self, negotiation_id: int, seating: list[Seating], previous_number: int,
                    cohort_id: int, now: float) -> None:
        """Alliance mode: cards a member revealed last round are on the table again, in the
        same order, so trust carries over (only cards of the member's present role)."""
        if previous_number < 1:
            return
        with self.db.session() as session:
            last = session.scalar(select(Round).where(Round.cohort_id == cohort_id,
                                                      Round.number == previous_number))
        if last is None:
            return
        seat_of = {s.participant_id: seat for seat, s in enumerate(seating)}
        reveals = []
        for table in last.grouping.get("tables", []):
            state = self.negotiations.state(table["negotiation"])
            for reveal in state.reveals:
                participant_id = table["participants"][reveal.seat]
                if participant_id in seat_of:
                    reveals.append((reveal.at, seat_of[participant_id], reveal.card))
        for _, seat, card in sorted(reveals):
            try:
                self.negotiations.execute(negotiation_id, cmd.Share(seat=seat, card=card), now)
            except RuleError:
                continue  # a card of another role (after a swap) stays hidden

    def control(self, cohort_id: int, command: cmd.Command,
                now: float) -> list[tuple[int, NegotiationState]]:
        """Apply an instructor command (pause, resume, extend, end) to every open table of
        the current round; returns the changed negotiations with their new states."""
        current = self.current_round(cohort_id)
        if current is None:
            raise PartnerMathError("No round is running.", "no_round")
        changed = []
        for negotiation_id in self.round_negotiations(current.id):
            try:
                changed.append((negotiation_id,
                                self.negotiations.execute(negotiation_id, command, now)))
            except RuleError:
                continue  # a table that closed or is already in that state
        if isinstance(command, cmd.End):
            self._close_round(current.id)
        return changed

    def dropout_policy(self, cohort_id: int) -> str:
        """'bot' (a bot takes a dropped seat after the grace period) or 'instructor'."""
        return self._cohort(cohort_id).dropout_policy

    def current_round(self, cohort_id: int) -> Round | None:
        rounds = self.rounds(cohort_id)
        return rounds[-1] if rounds and rounds[-1].status == "running" else None

    def finish_round(self, round_id: int) -> bool:
        """Mark a running round ended once every one of its tables has closed (by deal,
        walk-away or the clock); True when this call ended it."""
        if not all(self.negotiations.state(n).stage.closed
                   for n in self.round_negotiations(round_id)):
            return False
        with self.db.writing() as session:
            row = session.get(Round, round_id)
            if row is None or row.status != "running":
                return False
            row.status = "ended"
            return True

    def _close_round(self, round_id: int) -> None:
        with self.db.writing() as session:
            row = session.get(Round, round_id)
            if row is not None:
                row.status = "ended"

    def _cohort(self, cohort_id: int) -> Cohort:
        with self.db.session() as session:
            cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise PartnerMathError("There is no such cohort.", "not_found")
        return cohort
