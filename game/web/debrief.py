"""Debrief, cohort leaderboards and exports: the instructor's pages and downloads, and the
trainee's own debrief.

Instructor routes need a login (the session key "instructor" set by game.web.instructor's
login) and answer 404 for a cohort of another instructor, exactly as for a missing one. A
page without a login redirects to the login page; a JSON endpoint or a download answers 401.

The trainee's debrief is found by the seat token the browser keeps in localStorage, sent as
`Authorization: Bearer <token>`: it is the participant's latest closed negotiation. It shows
the round's closed groups (results only) and the replay of the trainee's OWN group; other
groups' chat, questions and proposals never leave the server.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select

from game.core.errors import PartnerMathError
from game.core.state import CLOSED_STAGES
from game.db.models import Cohort, Negotiation, Round, SeatRecord
from game.instructors import instructor_name
from game.services.app_services import services
from game.services.boards import cohort_leaderboards
from game.services.debrief import round_debrief
from game.services.export import event_lines, result_rows, write_results
from game.services.replay import group_replay
from game.services.tokens import read_token
from game.web.instructor_forms import LogoutForm

bp = Blueprint("debrief", __name__)
F = TypeVar("F", bound=Callable[..., Any])
SESSION_KEY = "instructor"  # game.web.instructor's login sets it to the instructor's id


def _problem(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify({"code": code, "message": message}), status


def _instructor_id() -> int | None:
    """The logged-in instructor whose account still exists and whose login is current (a
    logout ends it everywhere), or None; sets `g.instructor_name` for the instructor bar."""
    instructor_id = session.get(SESSION_KEY)
    if not isinstance(instructor_id, int):
        return None
    name = instructor_name(services().db, instructor_id, session.get("epoch"))
    if name is None:
        return None
    g.instructor_id, g.instructor_name = instructor_id, name
    return instructor_id


def instructor_required(api: bool) -> Callable[[F], F]:
    """Pass the instructor's id as `instructor_id`; without a login: 401 (api) or a redirect
    to the login page (pages)."""
    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            instructor_id = _instructor_id()
            if instructor_id is None:
                if api:
                    return _problem(401, "login_required", "Log in as an instructor.")
                login = "/login"
                if "instructor.login" in current_app.view_functions:
                    login = url_for("instructor.login")
                return redirect(f"{login}?next={request.path}")
            return view(*args, instructor_id=instructor_id, **kwargs)
        return wrapped  # type: ignore[return-value]
    return decorate


def _owned(cohort_id: int, instructor_id: int) -> Cohort:
    try:
        return services().cohorts.owned(cohort_id, instructor_id)
    except PartnerMathError:
        abort(404)


def _round(cohort_id: int, number: int) -> Round:
    with services().db.session() as db_session:
        row = db_session.scalar(select(Round).where(Round.cohort_id == cohort_id,
                                                    Round.number == number))
    if row is None:
        abort(404)
    return row


# -- instructor pages ---------------------------------------------------------------------

@bp.get("/instructor/cohorts/<int:cohort_id>/rounds/<int:number>/debrief")
@instructor_required(api=False)
def debrief_page(cohort_id: int, number: int, instructor_id: int) -> str:
    """The projector page of a round's debrief (charts drawn by static/debrief/)."""
    cohort = _owned(cohort_id, instructor_id)
    _round(cohort_id, number)
    return render_template("debrief/round.html", cohort=cohort, number=number,
                           logout=LogoutForm(),
                           data_url=url_for("debrief.debrief_json", cohort_id=cohort_id,
                                            number=number))


@bp.get("/instructor/cohorts/<int:cohort_id>/leaderboard")
@instructor_required(api=False)
def leaderboard_page(cohort_id: int, instructor_id: int) -> str:
    """A cohort's boards: a tab per round and the cumulative boards."""
    cohort = _owned(cohort_id, instructor_id)
    return render_template("debrief/leaderboard.html", cohort=cohort, logout=LogoutForm(),
                           data_url=url_for("debrief.leaderboard_json", cohort_id=cohort_id))


# -- instructor JSON and downloads --------------------------------------------------------

@bp.get("/instructor/api/cohorts/<int:cohort_id>/rounds/<int:number>/debrief")
@instructor_required(api=True)
def debrief_json(cohort_id: int, number: int, instructor_id: int) -> Response:
    """{cohort: {id, code, name}, round: {number, status}, ...round_debrief} (see
    game.services.debrief.build_debrief), every group's replay linked by negotiation id."""
    cohort = _owned(cohort_id, instructor_id)
    row = _round(cohort_id, number)
    app_services = services()
    data = round_debrief(app_services, app_services.cohorts.round_negotiations(row.id))
    return jsonify({"cohort": {"id": cohort.id, "code": cohort.code, "name": cohort.name},
                    "round": {"number": row.number, "status": row.status}, **data})


@bp.get("/instructor/api/cohorts/<int:cohort_id>/negotiations/<int:negotiation_id>/replay")
@instructor_required(api=True)
def replay_json(cohort_id: int, negotiation_id: int, instructor_id: int) -> Response:
    """One group's replay (game.services.replay.timeline) for the instructor."""
    _owned(cohort_id, instructor_id)
    with services().db.session() as db_session:
        row = db_session.get(Negotiation, negotiation_id)
        if row is None or row.cohort_id != cohort_id:
            abort(404)
    return jsonify(group_replay(services(), negotiation_id))


@bp.get("/instructor/api/cohorts/<int:cohort_id>/leaderboard")
@instructor_required(api=True)
def leaderboard_json(cohort_id: int, instructor_id: int) -> Response:
    """{cohort, rounds: [per-round boards], cumulative: {value_created, value_claimed}}
    (game.services.boards)."""
    cohort = _owned(cohort_id, instructor_id)
    app_services = services()
    with app_services.db.session() as db_session:
        boards = cohort_leaderboards(db_session, app_services.scenarios, cohort_id)
    return jsonify({"cohort": {"id": cohort.id, "code": cohort.code, "name": cohort.name},
                    **boards})


@bp.get("/instructor/cohorts/<int:cohort_id>/export/results.csv")
@instructor_required(api=True)
def results_csv(cohort_id: int, instructor_id: int) -> Response:
    """The results CSV of the cohort as a download (docs/export.md)."""
    cohort = _owned(cohort_id, instructor_id)
    buffer = io.StringIO(newline="")
    write_results(result_rows(services(), cohort_id), buffer)
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{cohort.code}-results.csv"'})


@bp.get("/instructor/cohorts/<int:cohort_id>/export/events.jsonl")
@instructor_required(api=True)
def events_jsonl(cohort_id: int, instructor_id: int) -> Response:
    """Every event of the cohort as JSON Lines, as a download (docs/export.md)."""
    cohort = _owned(cohort_id, instructor_id)
    lines = event_lines(services(), cohort_id)
    return Response("".join(line + "\n" for line in lines), mimetype="application/jsonl",
                    headers={"Content-Disposition":
                             f'attachment; filename="{cohort.code}-events.jsonl"'})


# -- the trainee's own debrief ------------------------------------------------------------

@bp.get("/debrief")
def trainee_page() -> str:
    """The trainee's debrief page; its script sends the seat token from localStorage."""
    return render_template("debrief/trainee.html")


def _latest_closed(participant_id: str) -> tuple[int, int, int | None] | None:
    """(negotiation, seat, round id) of the participant's latest closed negotiation."""
    with services().db.session() as db_session:
        found = db_session.execute(
            select(Negotiation.id, SeatRecord.seat, Negotiation.round_id)
            .join(SeatRecord, SeatRecord.negotiation_id == Negotiation.id)
            .where(SeatRecord.participant_id == participant_id,
                   Negotiation.stage.in_([s.value for s in CLOSED_STAGES]))
            .order_by(Negotiation.created_at.desc(), Negotiation.id.desc())).first()
    return None if found is None else (found[0], found[1], found[2])


@bp.get("/api/debrief")
def trainee_json() -> tuple[Response, int] | Response:
    """The debrief of the round of the sender's latest closed negotiation, their group
    highlighted: {you: {negotiation, seat}, round, ...round_debrief, replay: own group's
    replay}. 401 without a valid seat token, 404 when nothing has closed yet."""
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    participant_id = read_token(current_app.config["SECRET_KEY"], token)
    if participant_id is None:
        return _problem(401, "bad_token", "Your seat token is not valid here; join again.")
    latest = _latest_closed(participant_id)
    if latest is None:
        return _problem(404, "no_debrief", "Your negotiation has not closed yet.")
    negotiation_id, seat, round_id = latest
    app_services = services()
    round_info = None
    group = [negotiation_id]
    if round_id is not None:
        group = app_services.cohorts.round_negotiations(round_id)
        with app_services.db.session() as db_session:
            row = db_session.get(Round, round_id)
            round_info = None if row is None else {"number": row.number,
                                                   "status": row.status}
    data = round_debrief(app_services, group, highlight=negotiation_id)
    return jsonify({"you": {"negotiation": negotiation_id, "seat": seat},
                    "round": round_info, **data,
                    "replay": group_replay(app_services, negotiation_id)})
