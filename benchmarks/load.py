"""Load benchmark: bots play complete negotiations against the real server, then the same
load generator drives a bare python-socketio echo server as the ceiling.

Run: .venv/bin/python benchmarks/load.py [--clients 200] [--database-url URL]

Each client is a python-socketio AsyncClient. In the game run, pairs of collaborator bots
(game.core.bots.decide on the member view they receive, no pacing) play the orange to the end.
Latency is measured from the moment a member sends an action to the moment the partner
receives the view that contains it (seq >= the action's acknowledged seq). In the echo run,
the same pairs send as many actions as the game run averaged per client; the echo server
relays each to the partner. Prints actions per second, p50/p95/p99 latency (ms), errors and
the server's resident memory (psutil), and the ratio of game to echo throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import socketio

from game.core.bots import decide, observe

ROOT = Path(__file__).resolve().parent.parent
ECHO_SERVER = '''
import eventlet
eventlet.monkey_patch()
import socketio, sys
sio = socketio.Server(async_mode="eventlet")
app = socketio.WSGIApp(sio)
@sio.on("pair")
def pair(sid, data):
    sio.enter_room(sid, data["room"])
    return {"ok": True}
@sio.on("act")
def act(sid, data):
    sio.emit("update", data, room=data["room"], skip_sid=sid)
    return {"ok": True, "seq": data["seq"]}
eventlet.wsgi.server(eventlet.listen(("127.0.0.1", int(sys.argv[1]))), app, log_output=False,
                     max_size=5000)
'''


@dataclass
class Stats:
    """What one run measured: latencies (seconds), actions, errors, wall time."""

    latencies: list[float] = field(default_factory=list)
    actions: int = 0
    errors: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    rss_mb: float = 0.0
    cpu_s: float = 0.0
    games: int = 0

    def line(self, name: str) -> str:
        ms = sorted(x * 1000 for x in self.latencies) or [float("nan")]
        q = statistics.quantiles(ms, n=100) if len(ms) > 1 else [ms[0]] * 99
        rate = self.actions / self.seconds if self.seconds else 0.0
        return (f"{name:>6}: {self.actions} actions in {self.seconds:.1f} s = {rate:.0f}/s; "
                f"partner latency p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, p99 {q[98]:.0f} ms; "
                f"errors {self.errors}{' ' + str(self.codes) if self.codes else ''}; "
                f"server RSS {self.rss_mb:.0f} MB, CPU {self.cpu_s:.1f} s"
                + (f"; games finished {self.games}" if self.games else ""))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_http(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited early")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError as error:
            if "HTTP Error" in str(error):
                return
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


class Latency:
    """Pairs each acknowledged action with the partner's receipt of it, whichever comes
    first (the partner's view may arrive before the sender's acknowledgement)."""

    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.arrived: dict[tuple[int, int, int], float] = {}  # (negotiation, seq, seat)
        self.pending: dict[tuple[int, int, int], float] = {}

    def received(self, negotiation: int, seq: int, seat: int, at: float) -> None:
        start = self.pending.pop((negotiation, seq, seat), None)
        if start is None:
            self.arrived[(negotiation, seq, seat)] = at
        else:
            self.stats.latencies.append(at - start)

    def acted(self, negotiation: int, seq: int, partner: int, start: float) -> None:
        at = self.arrived.pop((negotiation, seq, partner), None)
        if at is None:
            self.pending[(negotiation, seq, partner)] = start
        else:
            self.stats.latencies.append(at - start)


class GameClient:
    """One collaborator bot over Socket.IO, acting on each new view it receives."""

    def __init__(self, url: str, name: str, stats: Stats, latency: Latency, seed: int) -> None:
        self.url, self.name, self.stats, self.latency = url, name, stats, latency
        self.sio = socketio.AsyncClient(reconnection=False)
        self.view: dict[str, Any] | None = None
        self.negotiation = 0
        self.changed = asyncio.Event()
        self.done = asyncio.Event()
        self.rng = random.Random(seed)
        self.memory: Any = None
        self.sio.on("state", self.on_state)

    async def on_state(self, data: dict[str, Any]) -> None:
        view = data["view"]
        now = time.perf_counter()
        if self.view is not None and view["seq"] <= self.view["seq"]:
            return
        self.negotiation = data["negotiation"]
        for seq in range((self.view or {"seq": 0})["seq"] + 1, view["seq"] + 1):
            self.latency.received(self.negotiation, seq, view["you"]["seat"], now)
        self.view = view
        self.changed.set()
        if view["closed"] is not None:
            self.done.set()

    async def play(self) -> None:
        await self.sio.connect(self.url, transports=["websocket"], wait_timeout=30)
        await self.sio.call("join", {"name": self.name, "scenario": "orange"}, timeout=60)
        while not self.done.is_set():
            await self.changed.wait()
            self.changed.clear()
            if self.view is None or self.done.is_set():
                continue
            view = self.view
            self.memory = observe(self.memory, view)
            decision = decide(view, self.rng, "collaborator", self.memory)
            if decision is None:
                continue
            started = time.perf_counter()
            ack = await self.sio.call(decision.event, decision.payload, timeout=60)
            if isinstance(ack, dict) and ack.get("ok"):
                self.stats.actions += 1
                # the partner's first view with seq >= the acknowledged seq carries it
                self.latency.acted(self.negotiation, int(ack["seq"]),
                                   1 - view["you"]["seat"], started)
            else:
                self.stats.errors += 1
                code = str((ack or {}).get("error", {}).get("code", "no reply"))
                self.stats.codes[code] = self.stats.codes.get(code, 0) + 1
        self.stats.games += 1
        await self.sio.disconnect()


async def run_game(url: str, clients: int, pid: int) -> tuple[Stats, float]:
    stats = Stats()
    latency = Latency(stats)
    players = [GameClient(url, f"bot{i}", stats, latency, seed=i) for i in range(clients)]
    cpu_before = sum(psutil.Process(pid).cpu_times()[:2])
    started = time.perf_counter()
    await asyncio.gather(*(p.play() for p in players))
    stats.seconds = time.perf_counter() - started
    stats.rss_mb = psutil.Process(pid).memory_info().rss / 2**20
    stats.cpu_s = sum(psutil.Process(pid).cpu_times()[:2]) - cpu_before
    return stats, stats.actions / max(1, clients)


async def run_echo(url: str, clients: int, per_client: int, pid: int) -> Stats:
    stats = Stats()
    sent: dict[tuple[str, int], float] = {}
    sios = [socketio.AsyncClient(reconnection=False) for _ in range(clients)]

    def on_update(data: dict[str, Any]) -> None:
        start = sent.pop((data["room"], data["seq"]), None)
        if start is not None:
            stats.latencies.append(time.perf_counter() - start)
    for sio in sios:
        sio.on("update", on_update)
    await asyncio.gather(*(s.connect(url, transports=["websocket"], wait_timeout=30)
                           for s in sios))
    await asyncio.gather(*(s.call("pair", {"room": f"r{i // 2}"}) for i, s in enumerate(sios)))
    cpu_before = sum(psutil.Process(pid).cpu_times()[:2])

    async def drive(index: int, sio: socketio.AsyncClient) -> None:
        room = f"r{index // 2}"
        for k in range(per_client):
            seq = k * 2 + index % 2
            sent[(room, seq)] = time.perf_counter()
            ack = await sio.call("act", {"room": room, "seq": seq}, timeout=60)
            if ack and ack.get("ok"):
                stats.actions += 1
            else:
                stats.errors += 1
    started = time.perf_counter()
    await asyncio.gather(*(drive(i, s) for i, s in enumerate(sios)))
    stats.seconds = time.perf_counter() - started
    stats.rss_mb = psutil.Process(pid).memory_info().rss / 2**20
    stats.cpu_s = sum(psutil.Process(pid).cpu_times()[:2]) - cpu_before
    await asyncio.gather(*(s.disconnect() for s in sios))
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200, help="even number of bot clients")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite")
    arguments = parser.parse_args()
    clients = arguments.clients + arguments.clients % 2
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        env = {**os.environ, "DATABASE_URL": arguments.database_url
               or f"sqlite:///{folder}/load.sqlite3", "SECRET_KEY": "load",
               "ASYNC_MODE": "eventlet", "PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen([sys.executable, str(ROOT / "wsgi.py"), "--port", str(port)],
                                  env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            wait_http(f"http://127.0.0.1:{port}/healthz", server)
            game, per_client = asyncio.run(run_game(f"http://127.0.0.1:{port}", clients,
                                                    server.pid))
        finally:
            server.terminate()
            server.wait()
        port = free_port()
        echo = subprocess.Popen([sys.executable, "-c", ECHO_SERVER, str(port)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_http(f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=polling", echo)
            ceiling = asyncio.run(run_echo(f"http://127.0.0.1:{port}", clients,
                                           max(1, round(per_client)), echo.pid))
        finally:
            echo.terminate()
            echo.wait()
    generator = psutil.Process().cpu_times()
    print(f"clients {clients} ({clients // 2} orange games, collaborator bots, no pacing), "
          f"{os.cpu_count()} cores, load generator in one asyncio process")
    print(f"load generator CPU over both runs: {generator.user + generator.system:.1f} s")
    print(game.line("game"))
    print(ceiling.line("echo"))
    game_rate = game.actions / game.seconds if game.seconds else 0.0
    echo_rate = ceiling.actions / ceiling.seconds if ceiling.seconds else 0.0
    print(f"ratio game/echo throughput: {game_rate / echo_rate:.2f}" if echo_rate else
          "ratio: n/a")


if __name__ == "__main__":
    main()
