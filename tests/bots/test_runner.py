"""Bots as real clients: two BotClients play the orange through a real server, and a bot
that keeps being refused neither loops nor floods the server."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from game.bots.runner import BotClient
from game.core.machine import replay, start
from game.core.views import member_view
from game.simulate import load_scenario

PROTOCOL_EVENTS = {"chat", "ask_why", "answer", "decline", "share", "propose", "withdraw",
                   "accept", "sign", "walk_away"}


def test_two_bots_find_the_peel_and_juice_deal_through_the_real_protocol(
        live_server: str) -> None:
    ada = BotClient(live_server, name="Ada (bot)", persona_name="collaborator", seed=1,
                    pace_s=0, tick_s=0.05)
    bo = BotClient(live_server, name="Bo (bot)", persona_name="collaborator", seed=2,
                   pace_s=0, tick_s=0.05)
    try:
        ada.start()
        bo.start()
        final = [ada.wait_closed(60), bo.wait_closed(60)]
    finally:
        ada.stop()
        bo.stop()
    assert final[0] is not None and final[1] is not None, (ada.errors, bo.errors)
    assert ada.negotiation == bo.negotiation
    for view in final:
        assert view["closed"]["reason"] == "signed"
        assert view["closed"]["package"] == {"orange": "separate"}
        assert view["result"]["pareto_optimal"] and not view["result"]["lose_lose"]
    sent = ada.decisions + bo.decisions
    assert {d.event for d in sent} <= PROTOCOL_EVENTS
    assert {"share", "propose", "accept", "sign"} <= {d.event for d in sent}
    # Racing each other at zero pace may cost a refusal or two, never a flood.
    assert len(ada.errors) + len(bo.errors) <= 4, (ada.errors, bo.errors)


class RefusingClient:
    """A stand-in for socketio.Client whose server refuses every move."""

    def __init__(self) -> None:
        self.handlers: dict[str, Callable[..., None]] = {}
        self.calls: list[tuple[str, Any]] = []
        self.emitted: list[tuple[str, Any]] = []

    def on(self, event: str, handler: Callable[..., None]) -> None:
        self.handlers[event] = handler

    def connect(self, url: str, **kwargs: Any) -> None:
        assert kwargs["auth"]() == {"token": "t0k"}

    def emit(self, event: str, data: Any = None) -> None:
        self.emitted.append((event, data))

    def call(self, event: str, data: Any = None, timeout: float = 60) -> dict[str, Any]:
        self.calls.append((event, data))
        error = {"code": "busy", "message": "The table is busy; please try again."}
        self.handlers["error"]({**error, "event": event})
        return {"ok": False, "error": error}

    def disconnect(self) -> None:
        pass


def test_a_refused_bot_does_not_loop_forever() -> None:
    orange = load_scenario("orange")
    state = replay(orange, start(orange, [("pastry", "A"), ("saucier", "B")], 1000.0))
    fake = RefusingClient()
    bot = BotClient("http://server.invalid", token="t0k", pace_s=0, tick_s=0.01,
                    max_errors=3, client=fake)
    bot.start()
    try:
        fake.handlers["state"]({"negotiation": 7, "view": member_view(state, 0, 1001.0)})
        time.sleep(0.5)  # the worker gets many ticks to misbehave in
    finally:
        bot.stop()
    assert fake.emitted == [("sync", {})], "it asked once for a fresh view, and no join"
    assert 1 <= len(fake.calls) <= 3
    assert len(set(map(repr, fake.calls))) == len(fake.calls), "no move was re-sent"
    assert bot.errors and bot.errors[0]["code"] == "busy"
