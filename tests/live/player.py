"""A real Socket.IO client (python-socketio) for tests against the real server process."""

from __future__ import annotations

import queue
import threading
from typing import Any

import socketio

WAIT_S = 15.0


class Player:
    """One browser-like participant: joins, keeps the token, waits for views."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url = url
        self.token = token
        self.client = socketio.Client(reconnection=False)
        self.views: queue.Queue[dict[str, Any]] = queue.Queue()
        self.errors: queue.Queue[dict[str, Any]] = queue.Queue()
        self.latest: dict[str, Any] | None = None
        self.joined = threading.Event()
        self.client.on("state", self._on_state)
        self.client.on("error", self.errors.put)
        self.client.on("joined", self._on_joined)

    def _on_state(self, payload: dict[str, Any]) -> None:
        self.latest = payload["view"]
        self.views.put(payload["view"])

    def _on_joined(self, payload: dict[str, Any]) -> None:
        self.token = payload["token"]
        self.joined.set()

    def connect(self) -> Player:
        self.client.connect(self.url, auth={"token": self.token} if self.token else None,
                            transports=["websocket"], wait_timeout=WAIT_S)
        return self

    def join(self, name: str, scenario: str = "orange") -> Player:
        reply = self.call("join", {"name": name, "scenario": scenario})
        assert reply["ok"], reply
        assert self.joined.wait(WAIT_S)
        return self

    def call(self, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """Emit and wait for the acknowledgement."""
        reply: dict[str, Any] = self.client.call(event, payload or {}, timeout=WAIT_S)
        return reply

    def view_where(self, predicate: Any) -> dict[str, Any]:
        """Wait for the first view (already received or coming) that satisfies predicate."""
        if self.latest is not None and predicate(self.latest):
            return self.latest
        while True:
            view = self.views.get(timeout=WAIT_S)
            if predicate(view):
                return view

    def close(self) -> None:
        self.client.disconnect()
