"""SQLAlchemy 2 typed models. The event log is the source of truth; the rest is lookup and
results for the leaderboards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ScenarioVersion(Base):
    """The exact YAML of a scenario version, so old rounds replay after a restart or an edit."""

    __tablename__ = "scenario_versions"
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(80), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[float]


class Participant(Base):
    """A trainee (or a bot) known by a signed seat token, not by socket id or name."""

    __tablename__ = "participants"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[float]
    bot_persona: Mapped[str | None] = mapped_column(String(40))
    active_sid: Mapped[str | None] = mapped_column(String(64))
    connected: Mapped[bool] = mapped_column(default=False)
    last_seen: Mapped[float] = mapped_column(default=0.0)
    # lobby: waiting to be grouped; seated: in negotiation_id; idle: neither
    status: Mapped[str] = mapped_column(String(16), default="idle")
    lobby: Mapped[str | None] = mapped_column(String(120), index=True)
    queued_at: Mapped[float | None]
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"))
    seat: Mapped[int | None]
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), index=True)


class Negotiation(Base):
    """One group playing one scenario version; stage and clock are cached from the log."""

    __tablename__ = "negotiations"
    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(80), index=True)
    scenario_hash: Mapped[str] = mapped_column(ForeignKey("scenario_versions.content_hash"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), index=True)
    created_at: Mapped[float]
    stage: Mapped[str] = mapped_column(String(16), index=True)
    ends_at: Mapped[float]
    paused: Mapped[bool] = mapped_column(default=False)
    seq: Mapped[int] = mapped_column(default=0)


class EventRecord(Base):
    """One event of a negotiation's append-only log; (negotiation, seq) is unique."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("negotiation_id", "seq", name="uq_events_negotiation_seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[float]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class SeatRecord(Base):
    """Who sits in which seat of a negotiation, with which role."""

    __tablename__ = "seats"
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), primary_key=True)
    seat: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    role: Mapped[str] = mapped_column(String(80))


class Result(Base):
    """One member's score in a closed negotiation (points are integers, ratios floats)."""

    __tablename__ = "results"
    __table_args__ = (UniqueConstraint("negotiation_id", "seat", name="uq_results_seat"),
                      Index("ix_results_scenario_role", "scenario_id", "role"))
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    seat: Mapped[int]
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    name: Mapped[str] = mapped_column(String(80))
    scenario_id: Mapped[str] = mapped_column(String(80))
    scenario_hash: Mapped[str] = mapped_column(String(64))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"))
    role: Mapped[str] = mapped_column(String(80))
    bot: Mapped[bool]
    deal: Mapped[bool]
    close_reason: Mapped[str] = mapped_column(String(16))
    package: Mapped[dict[str, str] | None] = mapped_column(JSON)
    points: Mapped[int]
    batna: Mapped[int]
    surplus: Mapped[int]
    joint: Mapped[int]
    max_joint: Mapped[int | None]
    left_on_table: Mapped[int | None]
    efficiency: Mapped[float | None]
    pareto_optimal: Mapped[bool]
    lose_lose: Mapped[bool]
    started_at: Mapped[float]
    closed_at: Mapped[float]


class Instructor(Base):
    """An instructor account; the password is stored hashed (werkzeug's scrypt)."""

    __tablename__ = "instructors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[float]
    # a login remembers the epoch it began in; logging out moves the epoch on, which ends
    # every session and socket of this instructor (cookie sessions cannot be revoked else)
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")


class Cohort(Base):
    """A class: a plan of rounds, an odd-number policy, a seat limit and a join code."""

    __tablename__ = "cohorts"
    id: Mapped[int] = mapped_column(primary_key=True)
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    plan: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    odd_policy: Mapped[str] = mapped_column(String(16), default="bot")
    # after the grace period a dropped trainee's seat goes to a bot ("bot") or waits for
    # the instructor to decide ("instructor")
    dropout_policy: Mapped[str] = mapped_column(String(16), default="bot",
                                                server_default="bot")
    seat_limit: Mapped[int] = mapped_column(default=60)
    created_at: Mapped[float]
    archived: Mapped[bool] = mapped_column(default=False)


class Round(Base):
    """One round of a cohort's plan, once started; `number` counts from 1."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("cohort_id", "number", name="uq_rounds_cohort_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    number: Mapped[int]
    scenario_id: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[float]
    status: Mapped[str] = mapped_column(String(16), default="running")
    grouping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sitting_out: Mapped[list[str]] = mapped_column(JSON, default=list)


class CohortMember(Base):
    """A trainee in a cohort: when they joined, whether the instructor removed them."""

    __tablename__ = "cohort_members"
    __table_args__ = (UniqueConstraint("cohort_id", "participant_id",
                                       name="uq_cohort_members"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    joined_at: Mapped[float]
    removed: Mapped[bool] = mapped_column(default=False)
