"""The instructor side against the real server (eventlet, real clients): the account made
with the command line, login over HTTP with its CSRF token, the dashboard's socket carrying
the login cookie, and a class joining at the very moment the round starts."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import requests
import socketio

from tests.conftest import ServerProcess
from tests.instructor.conftest import CSRF, PASSWORD
from tests.live.player import WAIT_S, Player

CLASS_SIZE = 30


def _instructor_account(server: ServerProcess, name: str) -> None:
    command = Path(sys.executable).parent / "partner-math"
    result = subprocess.run([str(command), "instructors", "create", name],
                            env={**server.env, "PARTNER_MATH_PASSWORD": PASSWORD},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def _logged_in(url: str, name: str) -> requests.Session:
    http = requests.Session()
    token = CSRF.search(http.get(f"{url}/login", timeout=WAIT_S).text)
    assert token
    reply = http.post(f"{url}/login", data={"name": name, "password": PASSWORD,
                                            "csrf_token": token.group(1)},
                      allow_redirects=False, timeout=WAIT_S)
    assert reply.status_code == 302
    return http


def _new_cohort(url: str, http: requests.Session) -> tuple[int, str]:
    token = CSRF.search(http.get(f"{url}/instructor/cohorts/new", timeout=WAIT_S).text)
    assert token
    reply = http.post(f"{url}/instructor/cohorts/new", allow_redirects=False, timeout=WAIT_S,
                      data={"csrf_token": token.group(1), "name": "Live class",
                            "rounds-0-scenario": "orange", "rounds-0-minutes": "10",
                            "rounds-0-grouping": "random", "odd_policy": "bot",
                            "dropout_policy": "bot", "seat_limit": "100"})
    assert reply.status_code == 302, reply.text[-500:]
    cohort_id = int(reply.headers["Location"].rsplit("/", 1)[1])
    page = http.get(f"{url}/instructor/cohorts/{cohort_id}", timeout=WAIT_S).text
    code = re.search(r'data-testid="join-code">([A-Z0-9]+)<', page)
    assert code
    return cohort_id, code.group(1)


def test_a_class_joining_while_the_round_starts_is_grouped_once_each(
        server_factory: Any) -> None:
    server = server_factory()
    _instructor_account(server, "Ines")
    url = server.start().url
    http = _logged_in(url, "Ines")
    cohort_id, code = _new_cohort(url, http)
    board = socketio.Client(reconnection=False)
    snapshots: list[dict[str, Any]] = []
    board.on("monitor", snapshots.append)
    board.connect(url, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in
                                                    http.cookies.items())},
                  transports=["websocket"], wait_timeout=WAIT_S)
    assert board.call("watch", {"cohort": cohort_id}, timeout=WAIT_S) == {"ok": True}
    anonymous = socketio.Client(reconnection=False)
    anonymous.connect(url, transports=["websocket"], wait_timeout=WAIT_S)
    refused = anonymous.call("round", {"cohort": cohort_id, "action": "start"}, timeout=WAIT_S)
    assert refused["error"]["code"] == "forbidden"
    anonymous.disconnect()

    players = [Player(url).connect() for _ in range(CLASS_SIZE)]
    seated: dict[int, list[dict[str, Any]]] = {i: [] for i in range(CLASS_SIZE)}
    for index, player in enumerate(players):
        player.client.on("seated", seated[index].append)
    replies: list[Any] = [None] * (CLASS_SIZE + 1)
    barrier = threading.Barrier(CLASS_SIZE + 1)

    def join(index: int) -> None:
        barrier.wait()
        replies[index] = players[index].call("join", {"name": f"T{index}", "code": code})

    def start() -> None:
        barrier.wait()
        replies[CLASS_SIZE] = board.call("round", {"cohort": cohort_id, "action": "start"},
                                         timeout=WAIT_S)
    threads = [threading.Thread(target=join, args=(i,)) for i in range(CLASS_SIZE)]
    threads.append(threading.Thread(target=start))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r["ok"] for r in replies[:CLASS_SIZE]), replies
    started = replies[CLASS_SIZE]
    if not started["ok"]:  # nobody was connected yet at that instant: start again
        assert started["error"]["code"] == "nobody_here", started
        started = board.call("round", {"cohort": cohort_id, "action": "start"}, timeout=WAIT_S)
    assert started["ok"], started

    assert board.call("watch", {"cohort": cohort_id}, timeout=WAIT_S)["ok"]
    snapshot = snapshots[-1]
    in_groups = [m["participant"] for g in snapshot["groups"] for m in g["members"]
                 if not m["bot"]]
    assert len(in_groups) == len(set(in_groups))          # nobody in two groups
    assert all(len(g["members"]) == 2 for g in snapshot["groups"])
    waiting = {m["participant"] for m in snapshot["members"] if m["status"] == "lobby"}
    assert set(in_groups) | waiting == {m["participant"] for m in snapshot["members"]}
    assert len(snapshot["members"]) == CLASS_SIZE
    for index, player in enumerate(players):
        got = seated[index]
        assert len(got) <= 1
        if got:  # a seated trainee's view reaches them, with the server's clock
            view = player.view_where(lambda v: True)
            assert view["clock"]["remaining"] > 0

    # every member's view hears the pause, wherever they sit
    assert board.call("round", {"cohort": cohort_id, "action": "pause"},
                      timeout=WAIT_S)["ok"]
    for index, player in enumerate(players):
        if seated[index]:
            player.view_where(lambda v: v["clock"]["paused"])
    for player in players:
        player.close()
    board.disconnect()
