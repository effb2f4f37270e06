"""Fixture chain: database_url -> app -> connect (Socket.IO test clients); live_server
starts the real server in a subprocess for browser, restart, race and bot tests.

TEST_DATABASE_URL=postgresql+psycopg://.../test runs every database test against a fresh
PostgreSQL database. PARTNER_MATH_STRICT=1 (set by .ci/run) turns a skip for a missing
Chromium, PostgreSQL or Redis into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from game.config import ROOT, TestConfig

STRICT = os.environ.get("PARTNER_MATH_STRICT") == "1"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def require(condition: bool, reason: str) -> None:
    """Skip with `reason` when `condition` fails, or fail under PARTNER_MATH_STRICT=1."""
    if not condition:
        if STRICT:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test: SQLite in tmp_path, or a new PostgreSQL
    database when TEST_DATABASE_URL names a server."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    name = f"pm_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # pragma: no cover - depends on the machine
        require(False, f"PostgreSQL at {server} is not reachable: {error}")
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def config(database_url: str, tmp_path: Path) -> TestConfig:
    settings = TestConfig()
    settings.DATABASE_URL = database_url
    settings.SCENARIO_DIR = str(ROOT / "scenarios")
    return settings


@pytest.fixture
def app(config: TestConfig, tmp_path: Path) -> Iterator[Any]:
    from game.app import create_app
    from game.extensions import db
    application = create_app(config, instance_path=str(tmp_path / "instance"))
    yield application
    db.dispose()


@pytest.fixture
def connect(app: Any) -> Callable[..., Any]:
    """connect(token=None) -> a Flask-SocketIO test client (a browser tab)."""
    from game.extensions import socketio

    def make(token: str | None = None) -> Any:
        return socketio.test_client(app, auth={"token": token} if token else None)
    return make


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """The real server (wsgi.py, eventlet by default) in a subprocess."""

    def __init__(self, database_url: str, workdir: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                    "SCENARIO_DIR": str(ROOT / "scenarios"), "BOT_PACE_S": "0",
                    "PYTHONUNBUFFERED": "1", **env}
        self.log = workdir / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "wsgi.py"), "--host", "127.0.0.1", "--port",
             str(self.port)], env=self.env, stdout=handle, stderr=subprocess.STDOUT,
            cwd=ROOT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)  # polling a port that is not open yet; nothing to await
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture
def server_factory(database_url: str, tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    """server_factory(**env) -> an unstarted ServerProcess on the test's database."""
    made: list[ServerProcess] = []

    def make(**env: str) -> ServerProcess:
        server = ServerProcess(database_url, tmp_path, **env)
        made.append(server)
        return server
    yield make
    for server in made:
        server.stop()


@pytest.fixture
def live_server(server_factory: Callable[..., ServerProcess]) -> str:
    """The base URL of a running real server (eventlet, background clock on)."""
    return server_factory().start().url


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium_browser(chromium_path: str) -> Iterator[Any]:
    """One headless Chromium (Playwright) for the whole session, shared by every browser
    test; tests open their own contexts. Two sync Playwright instances cannot coexist."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    require(shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists(),
            f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM
