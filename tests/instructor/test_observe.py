"""The read-only group view and the dropped seat: observers see the group live but never a
member's private data; a disconnected seat is shown and can be handed to a bot."""

from __future__ import annotations

import json
from typing import Any

from tests.instructor.conftest import ack
from tests.sockets.helpers import frames, last_view

PRIVATE_KEYS = ("brief", "batna", "your_points", "cards", "blocked")


def _start_pair(make_instructor: Any, make_cohort: Any, dashboard: Any,
                trainee: Any) -> tuple[Any, Any, Any, Any, str, int, int, int]:
    """Ines's HTTP client and dashboard, Ada and Bo seated: (ines, board, ada, bo, ada's
    participant id, negotiation, ada's seat, cohort id)."""
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id)
    board = dashboard(ines)
    ada, ada_id = trainee(cohort.code, "Ada")
    bo, _ = trainee(cohort.code, "Bo")
    ack(board, "round", {"cohort": cohort.id, "action": "start"})
    [seated] = frames(ada, "seated")
    bo.get_received()
    board.get_received()
    return ines, board, ada, bo, ada_id, seated["negotiation"], seated["seat"], cohort.id


def test_an_observer_sees_the_group_live_without_private_data(
        make_instructor: Any, make_cohort: Any, dashboard: Any, trainee: Any,
        services: Any) -> None:
    scenario = services.scenarios.get("orange")
    ines, board, ada, bo, _, negotiation, _, cohort_id = _start_pair(make_instructor, make_cohort,
                                                       dashboard, trainee)
    page = ines.get(f"/instructor/negotiations/{negotiation}").get_data(as_text=True)
    assert "Ada" in page and "Bo" in page
    observer = dashboard(ines)
    assert ack(observer, "observe", {"negotiation": negotiation}) == {"ok": True}
    [first] = frames(observer, "observer_state")
    names = {m["name"] for m in first["view"]["members"]}
    assert names == {"Ada", "Bo"}
    assert ack(ada, "chat", {"text": "Why do you want the orange?"})["ok"]
    view = last_view(ada)
    package = {i["id"]: i["options"][0]["id"] for i in view["issues"]}
    assert ack(ada, "propose", {"package": package})["ok"]
    updates = frames(observer, "observer_state")
    latest = updates[-1]["view"]
    assert latest["chat"][-1]["text"] == "Why do you want the orange?"
    assert latest["proposals"][0]["package"] == package
    for update in [first, *updates]:
        text = json.dumps(update)
        for key in PRIVATE_KEYS:
            assert f'"{key}":' not in text, key
        for role in scenario.roles:
            assert role.brief[:60] not in text
    assert frames(board, "observer_state") == []  # the dashboard did not ask to observe
    assert frames(bo, "observer_state") == []     # members never get the observer view
    assert latest["cohort"] == cohort_id
    ack(board, "broadcast", {"cohort": cohort_id, "message": "Two minutes"})
    assert frames(observer, "notice") == [{"message": "Two minutes", "from": "instructor"}]


def test_a_dropped_seat_is_shown_and_the_instructor_puts_a_bot_in_it(
        make_instructor: Any, make_cohort: Any, dashboard: Any, trainee: Any) -> None:
    _, board, ada, bo, ada_id, negotiation, seat, cohort_id = _start_pair(
        make_instructor, make_cohort, dashboard, trainee)
    assert ack(board, "hand_to_bot", {"negotiation": negotiation, "seat": seat})["error"][
        "code"] == "connected"
    ada.disconnect()
    ack(board, "watch", {"cohort": cohort_id})
    [snapshot] = frames(board, "monitor")
    members = {m["participant"]: m for m in snapshot["groups"][0]["members"]}
    assert members[ada_id]["connected"] is False
    assert [m["connected"] for m in snapshot["members"] if m["participant"] == ada_id] == [
        False]
    assert ack(board, "hand_to_bot", {"negotiation": negotiation, "seat": seat}) == {"ok": True}
    assert last_view(bo)["members"][seat]["bot"] is True
    line = frames(board, "monitor_group")[-1]
    assert line["members"][seat]["bot"] is True and line["members"][seat]["connected"]
    again = ack(board, "hand_to_bot", {"negotiation": negotiation, "seat": seat})
    assert again["error"]["code"] == "no_change"
    assert ack(board, "hand_to_bot", {"negotiation": negotiation, "seat": 5})["error"][
        "code"] == "not_a_member"


def test_probing_unknown_negotiations_never_hides_later_tables(
        services: Any, make_instructor: Any, make_cohort: Any, dashboard: Any,
        trainee: Any, connect: Any) -> None:
    from sqlalchemy import func, select

    from game.db.models import Negotiation
    with services.db.session() as session:
        upcoming = (session.scalar(select(func.max(Negotiation.id))) or 0) + 1
    stranger = connect()
    reply = stranger.emit("observe", {"negotiation": upcoming}, callback=True)
    assert reply["error"]["code"] == "forbidden"
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id)
    board = dashboard(ines)
    trainee(cohort.code, "Ada")
    trainee(cohort.code, "Bo")
    assert board.emit("round", {"cohort": cohort.id, "action": "start"}, callback=True)["ok"]
    assert services.negotiations.cohort_of(upcoming) == cohort.id
    assert board.emit("observe", {"negotiation": upcoming}, callback=True)["ok"]
