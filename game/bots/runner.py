"""A bot that plays as a real client: python-socketio's Client, the browser's protocol.

`BotClient` connects to a server (with a seat token in `auth`, or sends `join`), keeps the
latest member view it was sent in `state`, asks `game.core.bots.decide` for a move and sends
it as the event a browser would, after a human-like pause (`pace_s`, 0 in tests). A refused
move is never re-sent for the same view, a refusal asks once for a `sync` (the view may be
stale), and after `max_errors` refusals in a row the bot waits for a newer view: it cannot
loop on errors.
"""

from __future__ import annotations

import copy
import json
import logging
import random
import threading
import time
from typing import Any

import socketio  # type: ignore[import-untyped]

from game.core.bots import Decision, Memory, Persona, decide, observe, persona

log = logging.getLogger(__name__)
# Errors after which acting again is pointless: another tab took over, or the table is gone.
FATAL = frozenset({"replaced", "not_joined"})


class BotClient:
    """One bot seat over Socket.IO; `start()` it, then `wait_closed()` for the final view.

    `pace_s` is the mean pause before each move (seconds; the actual pause varies by +-50 %),
    `tick_s` how often it reconsiders when nothing new arrives (its target falls with time).
    """

    def __init__(self, url: str, *, name: str = "Bot", scenario: str = "orange",
                 persona_name: str | Persona = "collaborator", token: str | None = None,
                 seed: int = 0, pace_s: float = 1.5, tick_s: float = 1.0,
                 max_errors: int = 5, client: Any = None, explain: bool = True) -> None:
        self.url, self.name, self.scenario = url, name, scenario
        self.persona = persona(persona_name)
        self.token = token
        self.seed, self.pace_s, self.tick_s, self.max_errors = seed, pace_s, tick_s, max_errors
        self.explain = explain
        self.sio = client if client is not None else socketio.Client(reconnection=True)
        self.errors: list[dict[str, Any]] = []
        self.decisions: list[Decision] = []
        self.negotiation: int | None = None
        self.view: dict[str, Any] | None = None
        self._received = 0.0
        self._changed = threading.Condition()
        self._closed = threading.Event()
        self._stopped = threading.Event()
        self._memory: Memory | None = None
        self._rng = random.Random(seed)
        self._pace_rng = random.Random(f"pace:{seed}")
        self._min_seq = 0
        self._failed: set[tuple[int, str, str]] = set()
        self._streak = 0
        self._synced: set[int] = set()
        self._worker: threading.Thread | None = None
        for event in ("joined", "welcome", "seated", "state", "error", "replaced"):
            self.sio.on(event, getattr(self, f"_on_{event}"))

    # --- connection --------------------------------------------------------------------

    def _auth(self) -> dict[str, str]:
        """Read at every (re)connection, so a reconnect presents the latest seat token."""
        return {"token": self.token} if self.token else {}

    def start(self) -> BotClient:
        """Connect, join when there is no seat token yet, and start deciding."""
        self.sio.connect(self.url, auth=self._auth, wait_timeout=10)
        if self.token is None:
            self.sio.emit("join", {"name": self.name, "scenario": self.scenario})
        self._worker = threading.Thread(target=self._run, name=f"bot-{self.name}",
                                        daemon=True)
        self._worker.start()
        return self

    def stop(self) -> None:
        """Stop deciding and disconnect."""
        self._stopped.set()
        with self._changed:
            self._changed.notify_all()
        if self._worker is not None and self._worker is not threading.current_thread():
            self._worker.join(timeout=5)
        self.sio.disconnect()

    def wait_closed(self, timeout: float) -> dict[str, Any] | None:
        """Wait until the negotiation closes; the final view, or None on timeout."""
        return self.view if self._closed.wait(timeout) else None

    # --- server events -----------------------------------------------------------------

    def _on_joined(self, data: dict[str, Any]) -> None:
        self.token = data["token"]

    def _on_welcome(self, data: dict[str, Any]) -> None:
        log.debug("%s welcomed: %s", self.name, data)

    def _on_seated(self, data: dict[str, Any]) -> None:
        log.info("%s seated at %s as %s", self.name, data["negotiation"], data["role"])

    def _on_state(self, data: dict[str, Any]) -> None:
        with self._changed:
            if data["negotiation"] != self.negotiation:  # a new table: forget the old one
                self.negotiation, self._memory, self.view = data["negotiation"], None, None
                self._rng, self._min_seq, self._failed = random.Random(self.seed), 0, set()
                self._synced = set()
                self._closed.clear()
            if self.view is None or data["view"]["seq"] >= self.view["seq"]:
                self.view, self._received = data["view"], time.monotonic()
                if data["view"]["closed"] is not None:
                    self._closed.set()
            self._changed.notify_all()

    def _on_error(self, data: dict[str, Any]) -> None:
        self.errors.append(data)
        log.info("%s was refused: %s", self.name, data)
        if data.get("code") == "bad_token" and data.get("event") == "connect":
            self.token = None  # the server forgot us: join afresh (only sent on connect)
            self.sio.emit("join", {"name": self.name, "scenario": self.scenario})
        elif data.get("code") in FATAL:
            self._stopped.set()

    def _on_replaced(self, data: dict[str, Any]) -> None:
        self._stopped.set()

    # --- deciding ------------------------------------------------------------------------

    def _current(self) -> dict[str, Any] | None:
        """The latest view with its clock aged by the time since it arrived."""
        if self.view is None or self.view["seq"] < self._min_seq:
            return None
        view = copy.deepcopy(self.view)
        elapsed = 0.0 if view["clock"]["paused"] else time.monotonic() - self._received
        view["clock"]["remaining"] = max(0.0, view["clock"]["remaining"] - elapsed)
        return view

    def _run(self) -> None:
        while not self._stopped.is_set():
            with self._changed:
                view = self._current()
                if view is None or self._closed.is_set():
                    self._changed.wait(self.tick_s)
                    continue
                self._memory = observe(self._memory, view)
                decision = decide(view, self._rng, self.persona, self._memory)
            if decision is None or self._seen_failing(view, decision):
                with self._changed:
                    self._changed.wait(self.tick_s)
                continue
            if self.pace_s > 0:
                self._stopped.wait(self.pace_s * self._pace_rng.uniform(0.5, 1.5))
                if self.view is not None and self.view["seq"] != view["seq"]:
                    continue  # the table changed while we paused: look again
            self._send(view, decision)

    def _key(self, view: dict[str, Any], decision: Decision) -> tuple[int, str, str]:
        return view["seq"], decision.event, json.dumps(decision.payload, sort_keys=True)

    def _seen_failing(self, view: dict[str, Any], decision: Decision) -> bool:
        return self._key(view, decision) in self._failed

    def _send(self, view: dict[str, Any], decision: Decision) -> None:
        """Send one move and wait for its acknowledgement; remember a refusal."""
        try:
            ack = self.sio.call(decision.event, decision.payload, timeout=10)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.SocketIOError) as error:
            ack = {"ok": False, "error": {"code": "transport", "message": str(error)}}
        if isinstance(ack, dict) and ack.get("ok"):
            self.decisions.append(decision)
            self._streak = 0
            seat = view["you"]["seat"]
            if self.explain and view["members"][seat]["bot"]:
                # one sentence for the debrief (a bot-played seat only); the table never
                # sees it
                self.sio.emit("bot_note", {"text": decision.explanation[:1000]})
            with self._changed:  # act again only on the view this move produced
                self._min_seq = max(self._min_seq, int(ack.get("seq") or view["seq"] + 1))
            return
        self._failed.add(self._key(view, decision))
        self._streak += 1
        log.info("%s: %s refused (%s)", self.name, decision.event, ack)
        if self._streak >= self.max_errors:  # stop trying on this view; wait for a newer one
            self._streak = 0
            with self._changed:
                self._min_seq = view["seq"] + 1
        if view["seq"] not in self._synced:  # a refusal may mean our view is stale
            self._synced.add(view["seq"])
            try:
                self.sio.emit("sync", {})
            except socketio.exceptions.SocketIOError:
                pass
