"""Browser-test fixtures: Chromium through Playwright, and (until the project-wide fixture in
tests/conftest.py provides it) a live server in a subprocess.

Chromium is Debian's (/usr/bin/chromium): `playwright install` cannot download here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    """A port the OS picked (so Chromium's unsafe-port list is never hit)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_http(url: str, process: subprocess.Popen[bytes], timeout_s: float = 30.0) -> None:
    """Poll `url` until it answers 200; fail early when the server process died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)  # a readiness poll of a subprocess, not a wait inside a test
    raise RuntimeError(f"no HTTP 200 from {url} within {timeout_s} s")


if not (ROOT / "tests" / "conftest.py").exists() or "def live_server" not in (
        ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"):

    @pytest.fixture(scope="session")
    def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
        """The real server (wsgi.py) on a free port with a temporary SQLite database and the
        repository's scenarios/; yields its base URL."""
        tmp = tmp_path_factory.mktemp("live")
        port = _free_port()
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/t.db",
               "INSTANCE_PATH": str(tmp)}
        python = ROOT / ".venv" / "bin" / "python"
        log = (tmp / "server.log").open("wb")
        process = subprocess.Popen(
            [str(python if python.exists() else sys.executable), "wsgi.py",
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for_http(base + "/", process)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    """One headless Chromium for the session."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()
