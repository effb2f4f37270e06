"""Alembic migrations: upgrade from empty and from each older revision with data, and the
models agree with the migrated schema."""

from __future__ import annotations

import time

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from game.db import alembic_config, upgrade
from game.db.models import Base


def test_head_matches_the_models(database_url: str) -> None:
    upgrade(database_url)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_keeps_rows_written_by_an_older_schema_and_downgrade_works(
        database_url: str) -> None:
    upgrade(database_url, "0001")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO cohorts (name, code, plan, odd_policy, seat_limit, created_at, "
            "archived) VALUES ('Class', 'ABC123', '[]', 'bot', 30, :t, false)"),
            {"t": time.time()})
        connection.execute(text(
            "INSERT INTO rounds (cohort_id, number, scenario_id, started_at, status) "
            "VALUES (1, 1, 'orange', :t, 'ended')"), {"t": time.time()})
    upgrade(database_url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT grouping, sitting_out FROM rounds")).one()
    assert tuple(str(v) for v in row) in {("{}", "[]")}
    command.downgrade(alembic_config(database_url), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
