"""Scenario preview for authors: every role's brief side by side, the analysis, the plot.

Briefs, point tables and hidden cards are every role's secrets, so these pages are for
logged-in instructors (scenario authors log in as one); trainees never see them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, Response, abort, render_template

from game.core.analysis import analyze
from game.core.scenario import Scenario
from game.scenarios.cli import report
from game.scenarios.plot import draw
from game.services.app_services import services
from game.web.instructor import login_required

bp = Blueprint("preview", __name__, url_prefix="/scenarios")


def _scenario(scenario_id: str) -> Scenario:
    try:
        return services().scenarios.get(scenario_id)
    except KeyError:
        abort(404)


@bp.get("/")
@login_required
def index() -> str:
    """Every loaded scenario, with links to its preview, and files that fail to load."""
    registry = services().scenarios
    broken = {path: problems for path, problems in registry.problems().items()
              if any(p.severity == "error" for p in problems)}
    return render_template("scenarios.html", scenarios=registry.all(), broken=broken)


@bp.get("/<scenario_id>")
@login_required
def preview(scenario_id: str) -> str:
    """Both (all) briefs side by side, point tables, cards, the analysis and its plot."""
    scenario = _scenario(scenario_id)
    analysis = analyze(scenario)
    return render_template("preview.html", scenario=scenario, analysis=analysis,
                           report=report(analysis))


@bp.get("/<scenario_id>/plot.svg")
@login_required
def plot(scenario_id: str) -> Response:
    """The outcome space as SVG: outcomes, Pareto frontier, BATNA lines, reference points."""
    scenario = _scenario(scenario_id)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plot.svg"
        draw(analyze(scenario), path)
        return Response(path.read_bytes(), mimetype="image/svg+xml")
