"""`partner-math export COHORT_CODE`: a cohort's results (CSV) and event log (JSON Lines)."""

from __future__ import annotations

import io

import click
from flask import current_app
from flask.cli import with_appcontext

from game.services.export import cohort_by_code, event_lines, result_rows, write_results


@click.command("export")
@click.argument("code")
@click.option("--results", "results_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the results CSV here ('-' for stdout).")
@click.option("--events", "events_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the event log as JSON Lines here ('-' for stdout).")
@with_appcontext
def export(code: str, results_path: str | None, events_path: str | None) -> None:
    """Export cohort CODE: results as CSV (one row per trainee per round) and every event
    as JSON Lines (docs/export.md). With neither option, the CSV goes to stdout."""
    if results_path is None and events_path is None:
        results_path = "-"
    if results_path == "-" and events_path == "-":
        raise click.UsageError("Only one of --results and --events can go to stdout.")
    app_services = current_app.extensions["partner_math"]
    try:
        cohort = cohort_by_code(app_services, code)
    except LookupError:
        raise click.ClickException(f"No cohort has the code {code!r}.") from None
    # bytes, so the CSV keeps its \r\n line ends on every platform (no newline translation)
    if results_path is not None:
        buffer = io.StringIO(newline="")
        write_results(result_rows(app_services, cohort.id), buffer)
        with click.open_file(results_path, "wb") as stream:
            stream.write(buffer.getvalue().encode("utf-8"))
    if events_path is not None:
        lines = "".join(line + "\n" for line in event_lines(app_services, cohort.id))
        with click.open_file(events_path, "wb") as stream:
            stream.write(lines.encode("utf-8"))
