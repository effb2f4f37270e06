"""Stopping and restarting the server mid-round loses nothing acknowledged; the round goes on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.live.player import Player


def test_a_restart_mid_round_keeps_every_acknowledged_action(
        server_factory: Callable[..., Any]) -> None:
    server = server_factory().start()
    a = Player(server.url).connect().join("Ada")
    b = Player(server.url).connect().join("Bo")
    assert a.call("share", {"card": "pastry_position"})["ok"]
    assert b.call("share", {"card": "saucier_position"})["ok"]
    assert a.call("chat", {"text": "before the restart"})["ok"]
    reply = a.call("propose", {"package": {"orange": "halve"}})
    assert reply["ok"]
    before = a.view_where(lambda v: v["seq"] >= reply["seq"])
    server.stop()
    a.close(), b.close()
    server.start()
    again_a = Player(server.url, a.token).connect()
    again_b = Player(server.url, b.token).connect()
    after = again_a.view_where(lambda v: True)
    for key in ("seq", "revealed", "chat", "proposals", "stage", "questions"):
        assert after[key] == before[key], key
    assert abs(after["clock"]["ends_at"] - before["clock"]["ends_at"]) < 1e-6
    proposal = again_b.view_where(lambda v: True)["proposals"][0]["id"]
    assert again_b.call("accept", {"proposal": proposal})["ok"]
    assert again_a.view_where(lambda v: v["stage"] == "mou")["mou"]["id"] == proposal
    again_a.close(), again_b.close()


def test_malformed_packets_leave_one_log_line_and_the_connection(
        server_factory: Callable[..., Any]) -> None:
    import websocket  # websocket-client, the raw transport under Socket.IO

    server = server_factory().start()
    ws = websocket.create_connection(
        server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=10)
    assert ws.recv().startswith("0")  # engine.io open
    ws.send("40")
    assert ws.recv().startswith("40")  # socket.io connect
    for packet in ('42[]', '42{"a":1}', '42["chat",{', '421[["join"],{}]'):
        ws.send(packet)
    ws.send('421["sync",{}]')
    reply = ""
    while not reply.startswith("431"):
        reply = ws.recv()
    assert "not_joined" in reply, "the connection still answers"
    ws.close()
    server.stop()
    log = server.log.read_text()
    assert "Traceback" not in log
