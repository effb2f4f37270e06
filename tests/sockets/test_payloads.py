"""Malformed and out-of-turn events get an `error` to the sender and change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sockets.helpers import act, frames


@pytest.fixture
def pair(connect: Any) -> tuple[Any, Any]:
    a, b = connect(), connect()
    a.emit("join", {"name": "Ada"})
    b.emit("join", {"name": "Bo"})
    frames(a), frames(b)
    return a, b


@pytest.mark.parametrize("event, payload, code", [
    ("chat", ["not", "an", "object"], "bad_payload"),
    ("chat", {"text": 5}, "bad_payload"),
    ("chat", {"text": "hi", "seat": 1}, "bad_payload"),
    ("chat", {"text": "x" * 1001}, "bad_payload"),
    ("ask_why", {"target": "1"}, "bad_payload"),
    ("ask_why", {"target": 99}, "bad_payload"),
    ("propose", {"package": {"orange": 3}}, "bad_payload"),
    ("propose", {"package": {"orange": "separate"}}, "option_hidden"),
    ("propose", {"package": {}}, "incomplete_package"),
    ("accept", {"proposal": 12345}, "offer_not_live"),
    ("sign", {"mou": 1}, "no_mou"),
    ("answer", {"question": 1, "card": "pastry_position"}, "unknown_question"),
    ("share", {"card": "saucier_position"}, "not_your_card"),
    ("share", {"card": "pastry_zest"}, "chain_order"),
])
def test_bad_events_are_refused_with_a_code_and_change_nothing(
        pair: tuple[Any, Any], event: str, payload: Any, code: str) -> None:
    a, b = pair
    assert act(a, "sync")["ok"]
    before = frames(a, "state")[-1]["view"]
    reply = act(a, event, payload)
    assert reply["ok"] is False and reply["error"]["code"] == code
    [error] = frames(a, "error")
    assert error["code"] == code and error["event"] == event and error["message"]
    assert frames(b) == []
    assert act(a, "sync")["ok"]
    after = frames(a, "state")[-1]["view"]
    assert after["seq"] == before["seq"]


def test_commands_before_joining_are_refused(connect: Any) -> None:
    stranger = connect()
    assert act(stranger, "chat", {"text": "hi"})["error"]["code"] == "not_joined"
    assert act(stranger, "join", {"name": ""})["error"]["code"] == "bad_payload"
    assert act(stranger, "join", {"name": "A", "scenario": "nope"})["error"]["code"] == \
        "unknown_scenario"


def test_a_waiting_trainee_has_no_seat_and_can_leave(connect: Any) -> None:
    alone = connect()
    alone.emit("join", {"name": "Solo"})
    frames(alone)
    assert act(alone, "propose", {"package": {"orange": "halve"}})["error"]["code"] == \
        "not_seated"
    assert act(alone, "leave")["ok"]
    assert frames(alone, "lobby")[-1]["waiting"] == []


def test_one_socket_joins_once_even_when_it_sends_join_twice(connect: Any) -> None:
    tab = connect()
    first = act(tab, "join", {"name": "Double"})
    second = act(tab, "join", {"name": "Double"})
    assert first["ok"] and second["error"]["code"] == "already_joined"
    lobby = frames(tab, "lobby")
    assert lobby[-1]["waiting"] == ["Double"]
    assert len(lobby) == 1, "the joiner hears the lobby list once"


def test_unknown_events_and_extra_arguments_get_an_error(connect: Any) -> None:
    tab = connect()
    assert act(tab, "no_such_event", {"x": 1})["error"]["code"] == "unknown_event"
    assert frames(tab, "error")[0]["event"] == "no_such_event"
    reply = tab.emit("chat", {"text": "a"}, {"text": "b"}, callback=True)
    assert reply["error"]["code"] == "bad_payload"


@pytest.mark.parametrize("name", ["a\u0000b", "line\nbreak", "\u202eevil", "   "])
def test_names_with_control_characters_are_refused(connect: Any, name: str) -> None:
    assert act(connect(), "join", {"name": name})["error"]["code"] == "bad_payload"


def test_events_named_connect_or_disconnect_are_refused(connect: Any, app: Any) -> None:
    a, b = connect(), connect()
    a.emit("join", {"name": "Ada"})
    b.emit("join", {"name": "Bo"})
    frames(a), frames(b)
    assert act(a, "disconnect", {})["error"]["code"] == "unknown_event"
    assert act(a, "connect", {"token": "x"})["error"]["code"] == "unknown_event"
    services = app.extensions["partner_math"]
    seat = frames(a, "state") or None
    assert seat is None, "nothing changed"
    from sqlalchemy import select

    from game.db.models import Participant
    with services.db.session() as session:
        flags = set(session.scalars(select(Participant.connected)))
    assert flags == {True}, "the trainee still shows as connected"
    assert act(a, "chat", {"text": "still here"})["ok"]
