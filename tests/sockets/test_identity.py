"""Identity is the signed seat token: reloads, second devices and forged tokens."""

from __future__ import annotations

from typing import Any

from game.services.tokens import issue_token
from tests.sockets.helpers import PASTRY_CHAIN, act, frames, last_view


def seated_pair(connect: Any) -> tuple[Any, Any, str]:
    a, b = connect(), connect()
    a.emit("join", {"name": "Ada"})
    token = [m for m in a.get_received() if m["name"] == "joined"][0]["args"][0]["token"]
    b.emit("join", {"name": "Bo"})
    frames(a), frames(b)
    return a, b, token


def test_a_reload_lands_in_the_same_seat_with_the_full_state(connect: Any) -> None:
    a, b, token = seated_pair(connect)
    assert act(a, "share", {"card": PASTRY_CHAIN[0]})["ok"]
    assert act(a, "chat", {"text": "hello"})["ok"]
    a.disconnect()
    again = connect(token)
    received = again.get_received()
    assert [m["name"] for m in received][:1] == ["welcome"]
    welcome = received[0]["args"][0]
    assert welcome["where"] == "table" and welcome["name"] == "Ada"
    view = [m for m in received if m["name"] == "state"][-1]["args"][0]["view"]
    assert view["you"]["seat"] == 0
    assert [c["id"] for c in view["revealed"]] == [PASTRY_CHAIN[0]]
    assert view["chat"][-1]["text"] == "hello"
    assert act(again, "chat", {"text": "back"})["ok"]
    assert last_view(b)["chat"][-1]["text"] == "back"


def test_a_newer_tab_takes_over_and_the_older_is_told_and_ignored(connect: Any) -> None:
    a, b, token = seated_pair(connect)
    second = connect(token)
    [replaced] = frames(a, "replaced")
    assert "another tab" in replaced["message"]
    reply = act(a, "chat", {"text": "from the old tab"})
    assert reply["error"]["code"] == "replaced"
    assert frames(b, "state") == []
    frames(second)
    assert act(second, "chat", {"text": "from the new tab"})["ok"]
    assert last_view(b)["chat"][-1]["text"] == "from the new tab"


def test_a_forged_or_foreign_token_is_refused(connect: Any, app: Any) -> None:
    forged = connect("not-a-token")
    [error] = frames(forged, "error")
    assert error["code"] == "bad_token"
    foreign = connect(issue_token("some other secret", "abc"))
    assert frames(foreign, "error")[0]["code"] == "bad_token"
    unknown = connect(issue_token(app.config["SECRET_KEY"], "nobody"))
    assert frames(unknown, "error")[0]["code"] == "bad_token"
    assert act(unknown, "chat", {"text": "hi"})["error"]["code"] == "not_joined"


def test_a_second_join_while_seated_is_refused(connect: Any) -> None:
    a, _, _ = seated_pair(connect)
    assert act(a, "join", {"name": "Ada again"})["error"]["code"] == "already_seated"
