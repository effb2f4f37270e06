"""The instructor's pages: login and logout, my cohorts, a new cohort, a cohort's dashboard,
one group read-only; and the trainee's join link /join/<code>.

Every instructor page needs a login (`login_required`) and answers 404 for a cohort or
negotiation the instructor does not own, exactly as for one that does not exist. Forms carry
Flask-WTF's CSRF token (CSRFProtect refuses a POST without it).
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import qrcode
from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask.blueprints import BlueprintSetupState
from flask_wtf.csrf import CSRFError
from qrcode.image.svg import SvgPathImage
from werkzeug.wrappers import Response

from game.core.errors import PartnerMathError
from game.db.models import Cohort
from game.extensions import socketio
from game.instructors import authenticate, end_sessions, instructor_name
from game.services.app_services import services
from game.services.cohorts import CODE_ALPHABET
from game.services.monitor import STAGE_LABELS, snapshot
from game.services.observe import install_observer_hook, observer_view
from game.sockets.instructor import tracked_sockets
from game.web.instructor_forms import CohortForm, LoginForm, LogoutForm

bp = Blueprint("instructor", __name__)
SESSION_LIFETIME = timedelta(hours=12)
_FLASK_DEFAULT_LIFETIME = timedelta(days=31)
CODE_PATTERN = re.compile(f"^[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]{{4,16}}$")
F = TypeVar("F", bound=Callable[..., Any])


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    """A login lasts a working day unless configured otherwise; observers of a group get
    its new view after every change."""
    if state.app.config.get("PERMANENT_SESSION_LIFETIME") == _FLASK_DEFAULT_LIFETIME:
        state.app.config["PERMANENT_SESSION_LIFETIME"] = SESSION_LIFETIME
    install_observer_hook(state.app.extensions["partner_math"])


@bp.app_template_filter("utc")
def utc_datetime(epoch: float | int | None) -> str:
    """Seconds since the Unix epoch as "2026-11-30 14:05 UTC" (the same for everyone,
    whatever the server's or the viewer's time zone); "" for None."""
    if epoch is None:
        return ""
    return datetime.fromtimestamp(float(epoch), UTC).strftime("%Y-%m-%d %H:%M UTC")


@bp.app_template_filter("plural")
def plural(count: int, singular: str, several: str | None = None) -> str:
    """1 round, 2 rounds: `count` followed by the right form of the noun."""
    return f"{count} {singular if count == 1 else several or singular + 's'}"


BOT_MARK = " (bot)"


@bp.app_template_filter("bot_name")
def bot_name(name: str, bot: bool) -> str:
    """A seat's name with the bot marker exactly once: "Collaborator (bot)", also for a
    name the server already marked ("Saucier (bot)")."""
    if not bot:
        return name
    plain = name[:-len(BOT_MARK)] if name.lower().endswith(BOT_MARK) else name
    return plain + BOT_MARK


@bp.errorhandler(CSRFError)
def csrf_expired(_error: CSRFError) -> tuple[str, int]:
    """A form whose CSRF token is missing or expired: a page that says what to do (still
    400, nothing was done), not Werkzeug's bare error page."""
    return render_template("instructor/csrf_error.html"), 400


def login_required(view: F) -> F:
    """Send a visitor without a (still valid) instructor login to the login page; sets
    `g.instructor_id` and `g.instructor_name` otherwise."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        instructor_id = session.get("instructor")
        name = instructor_name(services().db, instructor_id, session.get("epoch")) \
            if isinstance(instructor_id, int) else None
        if name is None:
            session.pop("instructor", None)
            return redirect(url_for("instructor.login", next=request.full_path.rstrip("?")))
        g.instructor_id, g.instructor_name = instructor_id, name
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]


def _owned(cohort_id: int) -> Cohort:
    try:
        return services().cohorts.owned(cohort_id, g.instructor_id)
    except PartnerMathError:
        abort(404)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme), else the cohort list."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("instructor.cohorts")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """The login form; on success a fresh session names the instructor."""
    form = LoginForm()
    if form.validate_on_submit():
        instructor = authenticate(services().db, form.name.data or "", form.password.data or "")
        if instructor is not None:
            target = _safe_next(request.args.get("next"))
            session.clear()  # no session fixation: nothing from before the login survives
            session["instructor"] = instructor.id
            session["epoch"] = instructor.session_epoch
            session.permanent = True
            return redirect(target)
        flash("Wrong name or password.")
    return render_template("instructor/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    """Forget the login everywhere: this cookie, other browsers and open sockets (POST with
    the CSRF token, so no other site can log one out)."""
    form = LogoutForm()
    if form.validate_on_submit() and isinstance(session.get("instructor"), int):
        end_sessions(services().db, session["instructor"])
        # this process cuts its sockets now; the others on their next clock tick
        tracked_sockets.cut_stale(socketio, services().db)
    session.clear()
    return redirect(url_for("instructor.login"))


@bp.get("/instructor/")
@login_required
def cohorts() -> str:
    """My cohorts, newest first."""
    return render_template("instructor/cohorts.html", logout=LogoutForm(),
                           cohorts=services().cohorts.list_for(g.instructor_id))


@bp.route("/instructor/cohorts/new", methods=["GET", "POST"])
@login_required
def new_cohort() -> str | Response:
    """The new-cohort form: name, plan of rounds, odd-number and dropout policies, seats."""
    app_services = services()
    scenarios = [(s.id, s.title) for s in app_services.scenarios.all()]
    form = CohortForm()
    form.with_scenarios(scenarios)
    if request.method == "GET" and form.rounds and scenarios:
        ids = [s for s, _ in scenarios]
        form.rounds[0].form.scenario.data = "orange" if "orange" in ids else ids[0]
    if form.validate_on_submit():
        try:
            cohort = app_services.cohorts.create(
                g.instructor_id, form.name.data or "", form.plan(), form.odd_policy.data,
                int(form.seat_limit.data or 0), time.time(),
                dropout_policy=form.dropout_policy.data)
        except PartnerMathError as error:
            flash(error.message)
        else:
            return redirect(url_for("instructor.dashboard", cohort_id=cohort.id))
    return render_template("instructor/new_cohort.html", form=form, logout=LogoutForm()), \
        400 if request.method == "POST" else 200  # type: ignore[return-value]


def qr_svg(text: str) -> str:
    """A QR code of `text` as inline SVG markup (for the projector)."""
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=12, border=2)
    svg: str = image.to_string(encoding="unicode")
    return svg[svg.index("<svg"):]  # drop the XML declaration for inline use


@bp.get("/instructor/cohorts/<int:cohort_id>")
@login_required
def dashboard(cohort_id: int) -> str:
    """The cohort's live dashboard: join code, link and QR code, lobby, round controls,
    broadcast, the groups' monitor (kept live by static/instructor/dashboard.js)."""
    cohort = _owned(cohort_id)
    join_url = url_for("instructor.join", code=cohort.code, _external=True)
    monitor = snapshot(services().cohorts, cohort.id, time.time())
    played = monitor["round"]["number"] if monitor["round"] else 0
    return render_template("instructor/dashboard.html", cohort=cohort, join_url=join_url,
                           qr=qr_svg(join_url), logout=LogoutForm(), monitor=monitor,
                           played=range(1, played + 1))


@bp.get("/instructor/negotiations/<int:negotiation_id>")
@login_required
def negotiation(negotiation_id: int) -> str:
    """One group read-only: the observer view, kept live by static/instructor/observe.js."""
    app_services = services()
    try:
        cohort_id = app_services.negotiations.cohort_of(negotiation_id)
    except KeyError:
        cohort_id = None
    if cohort_id is None:
        abort(404)
    cohort = _owned(cohort_id)
    state = app_services.negotiations.state(negotiation_id)
    return render_template("instructor/negotiation.html", cohort=cohort,
                           negotiation_id=negotiation_id, logout=LogoutForm(),
                           stage_label=STAGE_LABELS.get(state.stage, state.stage.value),
                           view=observer_view(app_services, negotiation_id, state, time.time()))


@bp.get("/join/<code>")
def join(code: str) -> Response:
    """The join link a trainee follows (or scans): the join page with the code filled in."""
    if not CODE_PATTERN.match(code):
        abort(404)
    return redirect(url_for("pages.index", code=code.upper()))
