"""Two test clients play The Orange to a signed deal; who received what is checked."""

from __future__ import annotations

from typing import Any

from tests.sockets.helpers import (
    PASTRY_CHAIN,
    SAUCIER_CHAIN,
    SPLIT,
    act,
    frames,
    last_view,
)


def join(client: Any, name: str) -> str:
    client.emit("join", {"name": name})
    joined = [m for m in client.get_received() if m["name"] == "joined"]
    return str(joined[0]["args"][0]["token"])


def test_two_trainees_are_paired_in_arrival_order_and_each_sees_their_own_brief(
        connect: Any) -> None:
    a, b = connect(), connect()
    join(a, "Ada")
    assert b.get_received() == [], "a tab that has not joined hears nothing"
    b.emit("join", {"name": "Bo"})
    received_a = a.get_received()
    received_b = b.get_received()
    assert [m["name"] for m in received_a].count("seated") == 1
    assert [m["name"] for m in received_b][:3] == ["joined", "welcome", "seated"]
    assert "lobby" not in [m["name"] for m in received_b], "seated at once, no lobby list"
    view_a = [m for m in received_a if m["name"] == "state"][-1]["args"][0]["view"]
    view_b = [m for m in received_b if m["name"] == "state"][-1]["args"][0]["view"]
    assert (view_a["you"]["role"], view_b["you"]["role"]) == ("pastry", "saucier")
    assert view_a["role"]["brief"] != view_b["role"]["brief"]
    assert [m["name"] for m in view_a["members"]] == ["Ada", "Bo"]
    assert [o["id"] for o in view_a["issues"][0]["options"]] == [
        "whole_to_pastry", "halve", "whole_to_saucier"]


def test_a_third_trainee_waits_in_the_lobby(connect: Any) -> None:
    a, b, c = connect(), connect(), connect()
    join(a, "Ada")
    join(b, "Bo")
    c.emit("join", {"name": "Cy"})
    lobby = frames(c, "lobby")[-1]
    assert lobby["waiting"] == ["Cy"] and lobby["group_size"] == 2
    assert frames(c, "state") == []


def play_to_the_split(a: Any, b: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Reveal both chains through give-to-get, propose the split, accept and sign."""
    assert act(b, "ask_why", {"target": 0})["ok"]
    question = last_view(a)["questions"][-1]
    assert question["asker"] == 1 and question["status"] == "open"
    assert act(a, "answer", {"question": question["id"], "card": PASTRY_CHAIN[0]})["ok"]
    for depth in range(3):
        if depth:
            assert act(a, "share", {"card": PASTRY_CHAIN[depth]})["ok"]
        assert act(b, "share", {"card": SAUCIER_CHAIN[depth]})["ok"]
    view = last_view(a)
    assert "separate" in [o["id"] for o in view["issues"][0]["options"]]
    assert act(a, "propose", {"package": SPLIT})["ok"]
    proposal = last_view(b)["proposals"][0]
    assert proposal["your_points"] == 100
    assert act(b, "accept", {"proposal": proposal["id"]})["ok"]
    mou = last_view(a)["mou"]
    assert mou["package"] == SPLIT
    assert act(a, "sign", {"mou": mou["id"]})["ok"]
    assert act(b, "sign", {"mou": mou["id"]})["ok"]
    return last_view(a), last_view(b)


def test_playing_the_orange_to_the_peel_juice_deal(connect: Any) -> None:
    a, b = connect(), connect()
    join(a, "Ada")
    join(b, "Bo")
    frames(a)
    view_a, view_b = play_to_the_split(a, b)
    for view in (view_a, view_b):
        assert view["stage"] == "signed"
        result = view["result"]
        assert result["deal"] and result["package"] == SPLIT
        assert [m["points"] for m in result["members"]] == [100, 100]
        assert result["joint"] == 200 and result["efficiency"] == 1.0
        assert result["pareto_optimal"] and not result["lose_lose"]


def test_an_action_reaches_every_member_and_an_error_only_the_sender(connect: Any) -> None:
    a, b = connect(), connect()
    join(a, "Ada")
    join(b, "Bo")
    frames(a), frames(b)
    assert act(a, "chat", {"text": "Why do you need the orange?"})["ok"]
    assert [v["view"]["chat"][-1]["text"] for v in frames(a, "state")] == [
        "Why do you need the orange?"]
    assert len(frames(b, "state")) == 1
    reply = act(a, "share", {"card": PASTRY_CHAIN[2]})
    assert reply["error"]["code"] == "chain_order"
    errors = frames(a, "error")
    assert errors == [{**reply["error"], "event": "share"}]
    assert b.get_received() == []


def test_the_leaderboard_lists_the_signed_deal(connect: Any, app: Any) -> None:
    a, b = connect(), connect()
    join(a, "Ada")
    join(b, "Bo")
    frames(a)
    play_to_the_split(a, b)
    boards = app.test_client().get("/api/leaderboard?scenario=orange").get_json()
    [group] = boards["value_created"]
    assert group["rank"] == 1 and group["joint"] == 200 and group["efficiency"] == 1.0
    assert sorted((r["name"], r["points"]) for r in boards["value_claimed"]) == [
        ("Ada", 100), ("Bo", 100)]
