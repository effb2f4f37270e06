"""Two server processes share one database and Redis: members on different processes play
one negotiation, each process rebuilding state from the event log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import redis

from tests.conftest import require
from tests.live.player import Player

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def test_members_on_two_processes_play_one_negotiation(
        server_factory: Callable[..., Any]) -> None:
    require(redis_up(), f"Redis is not reachable at {REDIS_URL}")
    first = server_factory(MESSAGE_QUEUE=REDIS_URL).start()
    second = server_factory(MESSAGE_QUEUE=REDIS_URL).start()
    ada = Player(first.url).connect().join("Ada")
    bo = Player(second.url).connect().join("Bo")
    # Bo joined on the second process: the lobby there seats Ada (waiting in the database).
    assert ada.view_where(lambda v: True)["members"][1]["name"] == "Bo"
    chain = [("pastry_position", "saucier_position"), ("pastry_reason", "saucier_reason"),
             ("pastry_zest", "saucier_juice")]
    for mine, theirs in chain:
        assert ada.call("share", {"card": mine})["ok"]
        assert bo.call("share", {"card": theirs})["ok"]
    reply = ada.call("propose", {"package": {"orange": "separate"}})
    assert reply["ok"], reply
    proposal = bo.view_where(lambda v: v["seq"] >= reply["seq"])["proposals"][0]["id"]
    assert bo.call("accept", {"proposal": proposal})["ok"]
    mou = ada.view_where(lambda v: v["mou"] is not None)["mou"]["id"]
    assert ada.call("sign", {"mou": mou})["ok"]
    assert bo.call("sign", {"mou": mou})["ok"]
    for player in (ada, bo):
        final = player.view_where(lambda v: v["stage"] == "signed")
        assert final["result"]["joint"] == 200
    # A newer tab on the other process takes Ada's seat; the old one is told.
    replaced: list[Any] = []
    ada.client.on("replaced", replaced.append)
    again = Player(second.url, ada.token).connect()
    assert again.view_where(lambda v: True)["you"]["name"] == "Ada"
    assert ada.call("sync")["error"]["code"] == "replaced"
    ada.close(), bo.close(), again.close()
