"""Instructor accounts: the command line, login and logout, CSRF, the session cookie."""

from __future__ import annotations

import time
from typing import Any

from game.config import TestConfig as Settings
from game.db.models import Instructor
from game.instructors import authenticate, create_instructor, instructors
from tests.instructor.conftest import PASSWORD, csrf_token, login


def test_create_takes_the_password_from_the_environment_and_stores_it_hashed(app: Any) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(instructors, ["create", "Ines"],
                           env={"PARTNER_MATH_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    db = app.extensions["database"]
    with db.session() as session:
        row = session.query(Instructor).one()
        assert row.name == "Ines" and PASSWORD not in row.password_hash
        assert row.password_hash.startswith("scrypt:")
    assert authenticate(db, "Ines", PASSWORD) is not None
    assert authenticate(db, "Ines", "wrong password") is None
    again = runner.invoke(instructors, ["create", "Ines"], env={"PARTNER_MATH_PASSWORD": PASSWORD})
    assert again.exit_code != 0 and "already" in again.output


def test_create_asks_twice_when_the_environment_has_no_password(app: Any) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(instructors, ["create", "Ola"], input=f"{PASSWORD}\n{PASSWORD}\n",
                           env={"PARTNER_MATH_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input is never echoed
    assert authenticate(app.extensions["database"], "Ola", PASSWORD) is not None
    short = runner.invoke(instructors, ["create", "Pat"], input="short\nshort\n",
                          env={"PARTNER_MATH_PASSWORD": ""})
    assert short.exit_code != 0 and "at least" in short.output


def test_login_and_logout(app: Any) -> None:
    create_instructor(app.extensions["database"], "Ines", PASSWORD, time.time())
    client = app.test_client()
    assert client.get("/instructor/").status_code == 302  # to the login page
    wrong = login(client, "Ines", "not the password")
    assert wrong.status_code == 200 and "Wrong name or password" in wrong.get_data(as_text=True)
    assert client.get("/instructor/").status_code == 302
    right = login(client, "Ines")
    assert right.status_code == 302 and right.headers["Location"] == "/instructor/"
    page = client.get("/instructor/")
    assert page.status_code == 200 and "Ines" in page.get_data(as_text=True)
    token = csrf_token(client, "/instructor/")
    out = client.post("/logout", data={"csrf_token": token})
    assert out.status_code == 302 and out.headers["Location"] == "/login"
    assert client.get("/instructor/").status_code == 302


def test_login_follows_only_local_next_links(app: Any) -> None:
    create_instructor(app.extensions["database"], "Ines", PASSWORD, time.time())
    client = app.test_client()
    assert client.get("/instructor/cohorts/new").headers["Location"].startswith(
        "/login?next=/instructor/cohorts/new")
    for target, expected in [("/instructor/cohorts/new", "/instructor/cohorts/new"),
                             ("//evil.example/x", "/instructor/"),
                             ("https://evil.example/", "/instructor/")]:
        token = csrf_token(client, "/login")
        reply = client.post(f"/login?next={target}", data={
            "name": "Ines", "password": PASSWORD, "csrf_token": token})
        assert reply.headers["Location"] == expected


def test_a_form_without_its_csrf_token_is_refused(app: Any) -> None:
    create_instructor(app.extensions["database"], "Ines", PASSWORD, time.time())
    client = app.test_client()
    refused = client.post("/login", data={"name": "Ines", "password": PASSWORD})
    assert refused.status_code == 400
    assert client.get("/instructor/").status_code == 302  # not logged in
    assert login(client, "Ines").status_code == 302
    assert client.post("/logout").status_code == 400  # no token: still logged in
    assert client.get("/instructor/").status_code == 200
    forged = client.post("/instructor/cohorts/new", data={
        "name": "X", "rounds-0-scenario": "orange", "seat_limit": "10",
        "csrf_token": "forged"})
    assert forged.status_code == 400
    assert app.extensions["partner_math"].cohorts.list_for(1) == []


def _session_cookie(reply: Any) -> str:
    cookies = [c for c in reply.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, reply.headers
    return cookies[-1]


def test_the_session_cookie_is_http_only_and_same_site_lax(app: Any) -> None:
    create_instructor(app.extensions["database"], "Ines", PASSWORD, time.time())
    cookie = _session_cookie(login(app.test_client(), "Ines"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    assert 3600 <= lifetime <= 24 * 3600


def test_the_session_cookie_is_secure_when_configured(config: Settings, tmp_path: Any) -> None:
    from game.app import create_app
    from game.extensions import db
    config.SESSION_COOKIE_SECURE = True
    app = create_app(config, instance_path=str(tmp_path / "secure"))
    try:
        create_instructor(db, "Ines", PASSWORD, time.time())
        client = app.test_client()
        cookie = _session_cookie(login(client, "Ines"))
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    finally:
        db.dispose()


def test_logout_ends_open_sockets_and_other_browsers(app: Any, make_instructor: Any,
                                                    make_cohort: Any, dashboard: Any) -> None:
    instructor_id, laptop = make_instructor("Lea")
    phone = app.test_client()
    assert login(phone, "Lea").status_code == 302
    cohort = make_cohort(instructor_id)
    socket = dashboard(laptop)
    assert socket.emit("watch", {"cohort": cohort.id}, callback=True)["ok"]
    out = phone.post("/logout", data={"csrf_token": csrf_token(phone, "/instructor/")})
    assert out.status_code == 302
    assert not socket.is_connected(), "the logout cut the open dashboard's socket"
    assert laptop.get("/instructor/").status_code == 302, "the other browser is logged out"
    assert login(laptop, "Lea").status_code == 302, "a new login works"
    assert laptop.get("/instructor/").status_code == 200


def test_logout_cuts_open_dashboards_off_the_rooms_they_joined(
        app: Any, make_instructor: Any, make_cohort: Any, dashboard: Any) -> None:
    from game.extensions import socketio
    from game.services.monitor import monitor_room
    from game.sockets.instructor import tracked_sockets
    instructor_id, laptop = make_instructor("Lou")
    cohort = make_cohort(instructor_id)
    board = dashboard(laptop)
    assert board.emit("watch", {"cohort": cohort.id}, callback=True)["ok"]
    assert tracked_sockets.cut_stale(socketio, app.extensions["database"]) == []
    laptop.post("/logout", data={"csrf_token": csrf_token(laptop, "/instructor/")})
    assert not board.is_connected(), "the logout itself cut this process's sockets"
    assert tracked_sockets.cut_stale(socketio, app.extensions["database"]) == []
    room = monitor_room(cohort.id)
    assert list(socketio.server.manager.get_participants("/", room)) == []
