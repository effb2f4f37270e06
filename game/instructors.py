"""Instructor accounts: hashed passwords (werkzeug's scrypt) and `partner-math instructors`."""

from __future__ import annotations

import os
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from game.core.errors import PartnerMathError
from game.db import Database
from game.db.models import Instructor

MIN_PASSWORD = 8
PASSWORD_ENV = "PARTNER_MATH_PASSWORD"
# checked when the name is unknown, so a wrong name costs as long as a wrong password
_DUMMY_HASH = generate_password_hash("not-a-password-of-anyone")


def create_instructor(db: Database, name: str, password: str, now: float) -> int:
    """A new instructor account; its id. Raises PartnerMathError `bad_instructor` for a
    name of the wrong length, a short password or a name already taken."""
    name = name.strip()
    if not 1 <= len(name) <= 80:
        raise PartnerMathError("The name must be 1 to 80 characters.", "bad_instructor")
    if len(password) < MIN_PASSWORD:
        raise PartnerMathError(f"The password needs at least {MIN_PASSWORD} characters.",
                               "bad_instructor")
    with db.writing() as session:
        if session.scalar(select(Instructor.id).where(Instructor.name == name)) is not None:
            raise PartnerMathError(f"There is already an instructor called {name!r}.",
                                   "bad_instructor")
        row = Instructor(name=name, password_hash=generate_password_hash(password),
                         created_at=now)
        session.add(row)
        session.flush()
        return row.id


def authenticate(db: Database, name: str, password: str) -> Instructor | None:
    """The instructor with this name and password, or None (same cost either way)."""
    with db.session() as session:
        row = session.scalar(select(Instructor).where(Instructor.name == name.strip()))
    if row is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return row if check_password_hash(row.password_hash, password) else None


def instructor_name(db: Database, instructor_id: int, epoch: object = 0) -> str | None:
    """The name of the instructor a login names, or None when the account is gone or the
    login began before the instructor last logged out (its epoch is stale)."""
    with db.session() as session:
        row = session.get(Instructor, instructor_id)
        return None if row is None or row.session_epoch != epoch else row.name


def end_sessions(db: Database, instructor_id: int) -> None:
    """Log an instructor out everywhere: every session and socket with an older epoch."""
    with db.writing() as session:
        session.execute(update(Instructor).where(Instructor.id == instructor_id).values(
            session_epoch=Instructor.session_epoch + 1))


@click.group("instructors")
def instructors() -> None:
    """Instructor accounts."""


@instructors.command("create")
@click.argument("name")
@with_appcontext
def create_command(name: str) -> None:
    """Create an instructor account NAME. The password comes from PARTNER_MATH_PASSWORD
    or is asked twice (never echoed); it is stored hashed."""
    password = os.environ.get(PASSWORD_ENV) or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    db: Database = current_app.extensions["database"]
    try:
        create_instructor(db, name, password, time.time())
    except PartnerMathError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"instructor {name.strip()!r} created")
