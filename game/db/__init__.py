"""The database extension: engine, sessions, migrations and the writer lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> AlembicConfig:
    """An Alembic configuration for `url` using the package's migrations folder."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Create or upgrade the schema at `url` to `revision` with Alembic."""
    command.upgrade(alembic_config(url), revision)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Database:
    """Engine and session factory bound to an app by `init_app`.

    SQLite allows one writer at a time; under green threads a writer that yields while
    holding a transaction stalls the others (STACK-NOTES.md), so writers take `write_lock`
    (created at init_app, after any monkey-patching) and never emit inside a transaction.
    """

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self.write_lock: threading.RLock = threading.RLock()
        self.is_sqlite = False

    def init_app(self, app: Flask) -> None:
        url = app.config["DATABASE_URL"]
        self.is_sqlite = url.startswith("sqlite")
        options: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            options["connect_args"] = {"check_same_thread": False, "timeout": 15}
        else:
            options.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        self.engine = create_engine(url, **options)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.write_lock = threading.RLock()
        app.extensions["database"] = self

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading; roll back whatever it did not commit. Objects loaded in it
        stay usable afterwards (detached with the values they were loaded with)."""
        assert self._sessions is not None, "Database.init_app was not called"
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.expunge_all()
                session.rollback()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A plain connection for fast Core reads (no ORM unit of work)."""
        assert self.engine is not None, "Database.init_app was not called"
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session for one write transaction, serialised with other writers of this
        process; commits on success. Do no I/O (no emit) inside it."""
        with self.write_lock, self.session() as session:
            yield session
            session.commit()

    def dispose(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
