"""`partner-math run --host H --port P` serves the game (threading mode)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from game.config import ROOT
from tests.conftest import free_port


def test_partner_math_run_serves_on_the_given_port(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
           "SECRET_KEY": "x", "ASYNC_MODE": "threading"}
    command = [str(Path(sys.executable).parent / "partner-math"), "run", "--host",
               "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/scenarios",
                                            timeout=1) as reply:
                    assert "orange" in reply.read().decode()
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.1)  # polling a port that is not open yet
    finally:
        server.terminate()
        server.wait(timeout=10)
