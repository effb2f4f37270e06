"""Pages and JSON endpoints for trainees: join/table page, leaderboard, scenario list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request, send_from_directory
from werkzeug.wrappers import Response

from game.config import ROOT
from game.core.bots import PERSONAS
from game.services.app_services import services
from game.services.boards import public_scope
from game.services.results import leaderboards

bp = Blueprint("pages", __name__)

# npm packages the browser may load, served from node_modules (never from a CDN)
VENDOR_PACKAGES = frozenset({"socket.io-client", "chart.js", "marked", "dompurify"})


@bp.get("/")
def index() -> Response:
    """The trainee's one-page app: join, lobby, table, result."""
    return send_from_directory(ROOT / "static", "index.html")


@bp.get("/leaderboard")
def leaderboard_page() -> Response:
    return send_from_directory(ROOT / "static", "leaderboard.html")


@bp.get("/vendor/<package>/<path:path>")
def vendor(package: str, path: str) -> Response:
    """A file of an allowed npm package from node_modules (404 otherwise)."""
    if package not in VENDOR_PACKAGES:
        abort(404)
    return send_from_directory(ROOT / "node_modules" / package, path)


@bp.get("/healthz")
def health() -> Response:
    return jsonify({"ok": True})


@bp.get("/api/scenarios")
def scenario_list() -> Response:
    """Every scenario the server can start now: [{id, title, summary, language, roles,
    group_sizes}]."""
    return jsonify([{
        "id": s.id, "title": s.title, "summary": s.summary, "language": s.language,
        "version": s.version, "roles": [{"id": r.id, "name": r.name} for r in s.roles],
        "group_sizes": list(s.group_sizes)} for s in services().scenarios.all()])


@bp.get("/api/bot-personas")
def bot_personas() -> Response:
    """The bot personas a trainee can practise against: [{id, name, description}]."""
    return jsonify([{"id": p.name, "name": p.name.replace("-", " ").capitalize(),
                     "description": p.description} for p in PERSONAS.values()])


@bp.get("/api/leaderboard")
def leaderboard() -> Response | tuple[Response, int]:
    """Both boards of one scenario: {"scenario": {id, title}, "value_created": [...],
    "value_claimed": [...]} (see game.services.results); ?cohort=JOIN_CODE&round=N narrows
    them to a cohort or one of its rounds (the round's scenario unless ?scenario= says)."""
    app_services = services()
    with app_services.db.session() as session:
        try:
            cohort_id, round_id, round_scenario = public_scope(
                session, request.args.get("cohort"), request.args.get("round"))
        except (LookupError, ValueError) as error:
            return _problem(404, "not_found", f"No such cohort or round ({error}).")
        scenario_id = request.args.get("scenario") or round_scenario or "orange"
        try:
            scenario = app_services.scenarios.get(scenario_id)
            title, role_names = scenario.title, {r.id: r.name for r in scenario.roles}
        except KeyError:
            title, role_names = scenario_id, {}
        boards: dict[str, Any] = leaderboards(session, scenario_id, cohort_id, round_id,
                                              role_names=role_names)
    return jsonify({"scenario": {"id": scenario_id, "title": title}, **boards})


def _problem(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify({"code": code, "message": message}), status


@bp.app_errorhandler(404)
def not_found(_error: Exception) -> tuple[Response, int]:
    return _problem(404, "not_found", f"Nothing at {request.path}.")


__all__ = ["bp", "current_app"]
