"""Fixtures for the instructor side: accounts, logged-in HTTP clients (real CSRF tokens from
the forms), the dashboard's socket, trainees joining a cohort by code."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest

from game.instructors import create_instructor
from tests.sockets.helpers import frames

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client: Any, path: str) -> str:
    """The CSRF token of the form on `path`, as a browser would read it."""
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: Any, name: str, password: str = PASSWORD) -> Any:
    token = csrf_token(client, "/login")
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": token})


@pytest.fixture
def make_instructor(app: Any) -> Callable[[str], tuple[int, Any]]:
    """make_instructor(name) -> (instructor id, an HTTP client logged in as them)."""
    def make(name: str) -> tuple[int, Any]:
        instructor_id = create_instructor(app.extensions["database"], name, PASSWORD,
                                          time.time())
        client = app.test_client()
        assert login(client, name).status_code == 302
        return instructor_id, client
    return make


@pytest.fixture
def services(app: Any) -> Any:
    return app.extensions["partner_math"]


@pytest.fixture
def make_cohort(services: Any) -> Callable[..., Any]:
    """make_cohort(instructor_id, rounds=1, odd_policy="bot", **plan) -> the Cohort."""
    def make(instructor_id: int, rounds: int = 1, odd_policy: str = "bot",
             dropout_policy: str = "bot", seat_limit: int = 60, **plan: Any) -> Any:
        entry = {"scenario": "orange", "duration_s": 600, "grouping": "random", **plan}
        return services.cohorts.create(instructor_id, "Class", [entry] * rounds, odd_policy,
                                       seat_limit, time.time(), dropout_policy=dropout_policy)
    return make


@pytest.fixture
def dashboard(app: Any) -> Callable[[Any], Any]:
    """dashboard(http_client) -> a socket test client carrying that client's login cookie."""
    from game.extensions import socketio

    def make(http_client: Any) -> Any:
        return socketio.test_client(app, flask_test_client=http_client)
    return make


@pytest.fixture
def trainee(connect: Callable[..., Any]) -> Callable[[str, str], tuple[Any, str]]:
    """trainee(code, name) -> (socket test client, participant id), waiting in the lobby."""
    def make(code: str, name: str) -> tuple[Any, str]:
        client = connect()
        reply = client.emit("join", {"name": name, "code": code}, callback=True)
        assert reply["ok"], reply
        joined = frames(client, "joined")
        return client, joined[0]["participant"]
    return make


def ack(client: Any, event: str, payload: dict[str, Any]) -> dict[str, Any]:
    reply: dict[str, Any] = client.emit(event, payload, callback=True)
    return reply
