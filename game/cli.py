"""The `partner-math` command line (Flask's click): run, db upgrade, scenarios, ..."""

from __future__ import annotations

import os
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from game.app import create_app, serve
from game.db import upgrade
from game.export_cli import export
from game.instructors import instructors
from game.scenarios.cli import scenarios
from game.simulate import simulate


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_default_commands=False)
def main() -> None:
    """Partner Math: a negotiation training game server."""


@main.command("run")
@click.option("--host", default=None, help="Address to listen on (default: HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: PORT or 5000).")
@with_appcontext
def run_command(host: str | None, port: int | None) -> None:
    """Serve the game (HTTP and Socket.IO) with the configured async mode."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["ASYNC_MODE"] == "eventlet" and "eventlet" not in sys.modules:
        raise click.UsageError("ASYNC_MODE=eventlet needs monkey-patching before anything "
                               "else is imported: serve with `python wsgi.py` instead.")
    # Flask refuses app.run() under its own CLI; this command is our server, so allow it.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    serve(app, host or app.config["HOST"], port or app.config["PORT"])


@main.group("db")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Create or upgrade the schema to the latest migration (Alembic)."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is at the latest migration")


main.add_command(scenarios)
main.add_command(simulate)
main.add_command(instructors)
main.add_command(export)
