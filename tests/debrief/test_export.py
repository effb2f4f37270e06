"""Exports: the results CSV (one row per trainee per round), the event log as JSON Lines,
from the browser and from `partner-math export`."""

from __future__ import annotations

import csv
import io
import json
import time
from typing import Any

from sqlalchemy import select

from game.core import commands as cmd
from game.db.models import EventRecord, Negotiation
from game.export_cli import export
from game.services.export import RESULT_COLUMNS
from tests.debrief.conftest import Classroom, join_class, play_round_two


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_results_csv_has_one_row_per_seat_per_round(classroom: Classroom) -> None:
    room = classroom
    play_round_two(room)
    reply = room.owner_client.get(f"/instructor/cohorts/{room.cohort.id}/export/results.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert f'filename="{room.cohort.code}-results.csv"' in reply.headers["Content-Disposition"]
    text = reply.get_data(as_text=True)
    assert text.splitlines()[0].split(",") == list(RESULT_COLUMNS)
    rows = csv_rows(text)
    assert len(rows) == 2 * 10  # 9 trainees and 1 bot seat in each round
    for number in ("1", "2"):
        trainees = [r for r in rows if r["round"] == number and r["bot"] == "false"]
        assert sorted(r["participant"] for r in trainees) == sorted(room.clients)
    first = {(int(r["negotiation"]), int(r["seat"])): r for r in rows if r["round"] == "1"}
    split = first[(room.split.negotiation, 0)]
    assert (split["cohort"], split["scenario"], split["scenario_version"]) == (
        room.cohort.code, "orange", "1.0")
    assert split["scenario_hash"] == room.state(room.split).scenario.content_hash
    assert (split["deal"], split["close_reason"], split["package"]) == (
        "true", "signed", "orange=separate")
    assert (split["points"], split["batna"], split["surplus"], split["joint"]) == (
        "100", "30", "70", "200")
    assert (split["max_joint"], split["left_on_table"], split["efficiency"]) == (
        "200", "0", "1.0")
    assert (split["pareto_optimal"], split["lose_lose"], split["sat_out"]) == (
        "true", "false", "false")
    assert split["cards_revealed"] == "3" and split["questions_asked"] == "0"
    assert split["started_at"].endswith("Z") and float(split["seconds_to_close"]) >= 0
    halve = first[(room.tables[1].negotiation, 1)]
    assert (halve["points"], halve["lose_lose"], halve["efficiency"]) == ("40", "true", "0.0")
    walked = first[(room.walked.negotiation, 1)]
    assert (walked["deal"], walked["package"], walked["points"]) == ("false", "", "30")
    assert (walked["bot"], walked["bot_played"], walked["efficiency"]) == (
        "false", "true", "-0.166667")
    bot = [r for r in rows if r["round"] == "1" and r["bot"] == "true"]
    assert len(bot) == 1 and bot[0]["bot_played"] == "true"
    assert bot[0]["close_reason"] == "ended"


def test_a_trainee_who_sits_out_gets_an_empty_row(app: Any, connect: Any,
                                                  classroom: Classroom) -> None:
    services = classroom.services
    cohort = services.cohorts.create(classroom.owner, "Odd class",
                                     [{"scenario": "orange", "duration_s": 600}], "sit_out", 10,
                                     time.time())
    joined = join_class(services, connect, cohort.code, 4)
    absent = list(joined)[3]
    joined[absent][0].disconnect()
    _, negotiations, sitting_out = services.cohorts.start_round(cohort.id, time.time(), seed=3)
    assert len(negotiations) == 1 and len(sitting_out) == 1
    services.cohorts.control(cohort.id, cmd.End(), time.time())
    text = classroom.owner_client.get(
        f"/instructor/cohorts/{cohort.id}/export/results.csv").get_data(as_text=True)
    rows = csv_rows(text)
    assert len(rows) == 4
    out = {r["participant"]: r for r in rows if r["sat_out"] == "true"}
    assert out[sitting_out[0]]["sat_out_reason"] == "grouping"
    assert out[absent]["sat_out_reason"] == "absent"
    for row in out.values():
        assert row["round"] == "1" and row["negotiation"] == "" and row["points"] == ""
        assert row["deal"] == "" and row["name"].startswith("Trainee")


def test_events_jsonl_has_every_event_of_the_cohort(classroom: Classroom) -> None:
    room = classroom
    reply = room.owner_client.get(f"/instructor/cohorts/{room.cohort.id}/export/events.jsonl")
    assert reply.status_code == 200
    lines = [json.loads(line) for line in reply.get_data(as_text=True).splitlines()]
    with room.services.db.session() as session:
        count = len(list(session.scalars(select(EventRecord.id).join(
            Negotiation, Negotiation.id == EventRecord.negotiation_id)
            .where(Negotiation.cohort_id == room.cohort.id))))
    assert len(lines) == count == sum(room.state(t).seq for t in room.tables)
    by_negotiation: dict[int, list[dict[str, Any]]] = {}
    for line in lines:
        assert set(line) == {"cohort", "round", "negotiation", "seq", "kind", "at", "fields"}
        assert line["cohort"] == room.cohort.code and line["round"] == 1
        by_negotiation.setdefault(line["negotiation"], []).append(line)
    assert sorted(by_negotiation) == sorted(t.negotiation for t in room.tables)
    for events in by_negotiation.values():
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
        assert events[0]["kind"] == "started" and events[-1]["kind"] == "closed"
    split = by_negotiation[room.split.negotiation]
    assert [e["fields"]["card"] for e in split if e["kind"] == "card_revealed"][:1] == [
        "pastry_position" if room.split.roles[0] == "pastry" else "saucier_position"]


def test_the_export_command(classroom: Classroom, tmp_path: Any) -> None:
    from game.cli import main
    assert main.commands["export"] is export
    room = classroom
    runner = room.app.test_cli_runner()
    result = runner.invoke(export, [room.cohort.code.lower()])
    assert result.exit_code == 0, result.output
    assert len(csv_rows(result.output)) == 10
    results, events = tmp_path / "r.csv", tmp_path / "e.jsonl"
    result = runner.invoke(export, [room.cohort.code, "--results", str(results),
                                    "--events", str(events)])
    assert result.exit_code == 0, result.output
    web = room.owner_client.get(f"/instructor/cohorts/{room.cohort.id}/export/results.csv")
    assert results.read_bytes() == web.data
    assert len(events.read_text().splitlines()) == sum(
        room.state(t).seq for t in room.tables)
    only_events = runner.invoke(export, [room.cohort.code, "--events", "-"])
    assert only_events.output == events.read_text()
    missing = runner.invoke(export, ["NOPE99"])
    assert missing.exit_code != 0 and "No cohort" in missing.output
    both = runner.invoke(export, [room.cohort.code, "--results", "-", "--events", "-"])
    assert both.exit_code == 2


def test_text_a_spreadsheet_would_run_is_defused() -> None:
    from game.services.export import cell
    assert cell('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert [cell(v) for v in ("@SUM(1+1)", "+1", "-x", "\tx")] == [
        "'@SUM(1+1)", "'+1", "'-x", "'\tx"]
    assert [cell(v) for v in (-0.17, -5, "Ada", "orange=separate")] == [
        "-0.17", "-5", "Ada", "orange=separate"]
