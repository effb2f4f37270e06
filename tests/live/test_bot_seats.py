"""Bots in the product, through the real server: practice against a bot, and a bot taking
over a dropped trainee's seat until the trainee comes back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.live.player import Player


def test_a_trainee_alone_plays_a_collaborator_bot_to_a_signed_deal(live_server: str) -> None:
    me = Player(live_server).connect()
    reply = me.call("join", {"name": "Solo", "scenario": "orange", "bot": "collaborator"})
    assert reply["ok"], reply
    view = me.view_where(lambda v: True)
    assert [m["bot"] for m in view["members"]] == [False, True]
    # Give to get: share the position; the bot reciprocates card for card.
    for depth, card in enumerate(["pastry_position", "pastry_reason", "pastry_zest"], 1):
        assert me.call("share", {"card": card})["ok"]
        me.view_where(lambda v, d=depth: v["trust"]["counts"][1] >= d)
    split = me.view_where(lambda v: any(o["id"] == "separate"
                                        for o in v["issues"][0]["options"]))
    mine = [p for p in split["proposals"] if p["proposer"] == 0]
    assert me.call("propose", {"package": {"orange": "separate"},
                               "replaces": mine[0]["id"] if mine else None})["ok"]
    mou = me.view_where(lambda v: v["mou"] is not None)["mou"]
    assert mou["package"] == {"orange": "separate"}
    assert me.call("sign", {"mou": mou["id"]})["ok"]
    final = me.view_where(lambda v: v["stage"] == "signed")
    assert [m["points"] for m in final["result"]["members"]] == [100, 100]
    assert "bot_note" not in str(final), "the table never sees the bot's reasons"
    me.close()
    # The debrief replays the bot's moves with its one-sentence reasons.
    import json
    import urllib.request
    request = urllib.request.Request(f"{live_server}/api/debrief",
                                     headers={"Authorization": f"Bearer {me.token}"})
    with urllib.request.urlopen(request) as reply:
        entries = json.load(reply)["replay"]["entries"]
    notes = [e["text"] for e in entries if e["kind"] == "bot_noted"]
    assert notes and all(n.startswith("(bot) ") for n in notes)


def test_unknown_persona_is_refused(live_server: str) -> None:
    me = Player(live_server).connect()
    reply = me.call("join", {"name": "Solo", "bot": "shark"})
    assert reply["error"]["code"] == "unknown_persona"
    me.close()


def test_a_bot_takes_a_dropped_seat_and_hands_it_back(
        server_factory: Callable[..., Any]) -> None:
    server = server_factory(GRACE_PERIOD_S="0.5", DEADLINE_POLL_S="0.2").start()
    ada = Player(server.url).connect().join("Ada")
    bo = Player(server.url).connect().join("Bo")
    assert ada.call("share", {"card": "pastry_position"})["ok"]
    ada.close()
    # The bot plays Ada's seat with her own view: it reciprocates Bo's disclosure.
    taken = bo.view_where(lambda v: v["members"][0]["bot"])
    assert taken["members"][0]["name"] == "Ada"
    assert bo.call("share", {"card": "saucier_position"})["ok"]
    bo.view_where(lambda v: v["trust"]["counts"][0] >= 2)
    back = Player(server.url, ada.token).connect()
    assert back.view_where(lambda v: not v["members"][0]["bot"])["you"]["seat"] == 0
    assert back.call("chat", {"text": "I am back"})["ok"]
    assert bo.call("walk_away")["ok"]
    result = back.view_where(lambda v: v["result"] is not None)["result"]
    assert [m["name"] for m in result["members"]] == ["Ada", "Bo"]
    back.close(), bo.close()
    import json
    import urllib.request
    with urllib.request.urlopen(f"{server.url}/api/leaderboard?scenario=orange") as reply:
        boards = json.load(reply)
    [group] = boards["value_created"]
    assert [(m["name"], m["bot"]) for m in group["members"]] == [("Ada", True), ("Bo", False)]
    assert {(r["name"], r["bot"]) for r in boards["value_claimed"]} == {
        ("Ada", True), ("Bo", False)}


def test_bots_take_their_seats_again_after_a_restart(
        server_factory: Callable[..., Any]) -> None:
    server = server_factory().start()
    me = Player(server.url).connect()
    assert me.call("join", {"name": "Solo", "bot": "collaborator"})["ok"]
    me.view_where(lambda v: v["trust"]["counts"][1] >= 1)  # the bot shared first
    server.stop()
    me.close()
    server.start()
    again = Player(server.url, me.token).connect()
    again.view_where(lambda v: v["stage"] in ("discovering", "proposing"))
    assert again.call("share", {"card": "pastry_position"})["ok"]
    # The relaunched bot reciprocates: give to get still works after the restart.
    again.view_where(lambda v: v["trust"]["counts"][1] >= 2)
    again.close()
