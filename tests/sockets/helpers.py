"""Helpers for Socket.IO test-client tests: received frames, views, a seated pair."""

from __future__ import annotations

from typing import Any

PASTRY_CHAIN = ["pastry_position", "pastry_reason", "pastry_zest"]
SAUCIER_CHAIN = ["saucier_position", "saucier_reason", "saucier_juice"]
SPLIT = {"orange": "separate"}
HALVE = {"orange": "halve"}


def frames(client: Any, name: str | None = None) -> list[Any]:
    """Payloads received since the last call (all of them are consumed), optionally only
    those of event `name`."""
    received = client.get_received()
    return [m["args"][0] if m["args"] else None for m in received
            if name is None or m["name"] == name]


def names(received: list[dict[str, Any]]) -> list[str]:
    return [m["name"] for m in received]


def last_view(client: Any) -> dict[str, Any]:
    """The newest member view among the frames received since the last call."""
    views = [f["view"] for f in frames(client, "state")]
    assert views, "no state received"
    return views[-1]


def seat_pair(connect: Any) -> tuple[Any, Any, str, str]:
    """Two tabs join the orange practice lobby and are seated: (pastry, saucier, tokens)."""
    a, b = connect(), connect()
    a.emit("join", {"name": "Ada"})
    b.emit("join", {"name": "Bo"})
    token_a = frames(a, "joined")
    token_b = frames(b, "joined")
    # frames() consumed everything; the first join's token came first
    return a, b, _token(token_a), _token(token_b)


def _token(joined: list[Any]) -> str:
    assert len(joined) == 1
    return str(joined[0]["token"])


def act(client: Any, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    """Emit with an acknowledgement and return it."""
    reply: dict[str, Any] = client.emit(event, payload or {}, callback=True)
    return reply
