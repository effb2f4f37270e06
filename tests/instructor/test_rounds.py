"""Running a cohort's rounds over Socket.IO: the dashboard's events and who receives what.

The Flask-SocketIO test client delivers events one by one, so "joining in the same second" is
modelled by every join arriving before the start; real concurrency is in test_live.py.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from game.db.models import Participant
from tests.instructor.conftest import ack
from tests.sockets.helpers import frames, last_view


def _received(clients: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """{participant: {event: [payloads]}} of everything each client received so far."""
    out: dict[str, dict[str, list[Any]]] = {}
    for pid, client in clients.items():
        out[pid] = {}
        for message in client.get_received():
            out[pid].setdefault(message["name"], []).append(message["args"][0])
    return out


def test_thirty_one_trainees_are_grouped_at_once_with_a_bot_in_the_odd_seat(
        make_instructor: Any, make_cohort: Any, dashboard: Any, trainee: Any,
        services: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id)
    board = dashboard(ines)
    assert ack(board, "watch", {"cohort": cohort.id}) == {"ok": True}
    assert frames(board, "monitor")[0]["members"] == []
    clients = dict(reversed(trainee(cohort.code, f"Trainee {i}")) for i in range(31))
    lobby_updates = frames(board, "monitor")
    assert len(lobby_updates) == 31 and len(lobby_updates[-1]["members"]) == 31
    reply = ack(board, "round", {"cohort": cohort.id, "action": "start"})
    assert reply == {"ok": True, "round": 1, "groups": 16, "sitting_out": 0}
    received = _received(clients)
    seated = {pid: got.get("seated", []) for pid, got in received.items()}
    assert all(len(s) == 1 for s in seated.values())  # every trainee exactly once
    tables = Counter(s[0]["negotiation"] for s in seated.values())
    assert len(tables) == 16 and max(tables.values()) <= 2
    [(bot_table, one)] = [(n, k) for n, k in tables.items() if k == 1]
    seats = services.negotiations.participants(bot_table)
    assert len(seats) == 2
    with services.db.session() as session:
        personas = [session.get(Participant, pid).bot_persona for pid in seats]
    assert sorted(p or "" for p in personas) == ["", "collaborator"]
    for pid, got in received.items():
        view = got["state"][-1]["view"]
        assert got["state"][-1]["negotiation"] == seated[pid][0]["negotiation"]
        assert view["you"]["seat"] == seated[pid][0]["seat"]
        assert view["stage"] == "discovering"
    snapshot = frames(board, "monitor")[-1]
    assert snapshot["round"]["number"] == 1 and len(snapshot["groups"]) == 16
    assert sum(len(g["members"]) for g in snapshot["groups"]) == 32
    again = ack(board, "round", {"cohort": cohort.id, "action": "start"})
    assert again["error"]["code"] == "round_running"


def test_pause_resume_extend_and_end_reach_every_member(make_instructor: Any,
                                                        make_cohort: Any, dashboard: Any,
                                                        trainee: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id)
    board = dashboard(ines)
    clients = [trainee(cohort.code, name)[0] for name in ("Ada", "Bo", "Cy", "Di")]
    assert ack(board, "round", {"cohort": cohort.id, "action": "start"})["ok"]
    first = [last_view(c) for c in clients]
    assert ack(board, "round", {"cohort": cohort.id, "action": "pause"}) == {
        "ok": True, "changed": 2}
    assert all(last_view(c)["clock"]["paused"] for c in clients)
    refused = ack(clients[0], "chat", {"text": "hello?"})
    assert refused["error"]["code"] == "paused"
    assert ack(board, "round", {"cohort": cohort.id, "action": "resume"})["ok"]
    assert not any(last_view(c)["clock"]["paused"] for c in clients)
    assert ack(board, "round", {"cohort": cohort.id, "action": "extend", "seconds": 120})["ok"]
    extended = [last_view(c) for c in clients]
    for before, after in zip(first, extended, strict=True):
        assert after["clock"]["duration"] >= before["clock"]["duration"] + 120
    assert ack(board, "round", {"cohort": cohort.id, "action": "end"})["ok"]
    for client in clients:
        view = last_view(client)
        assert view["closed"]["reason"] == "ended" and view["result"] is not None
    bad = ack(board, "round", {"cohort": cohort.id, "action": "extend", "seconds": 5})
    assert bad["error"]["code"] == "bad_payload"


def test_broadcast_reaches_the_cohort_members_only(make_instructor: Any, make_cohort: Any,
                                                   dashboard: Any, trainee: Any,
                                                   connect: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort, other = make_cohort(ines_id), make_cohort(ines_id)
    board = dashboard(ines)
    ada, _ = trainee(cohort.code, "Ada")
    bo, _ = trainee(cohort.code, "Bo")
    cy, cy_id = trainee(cohort.code, "Cy")
    outsider, _ = trainee(other.code, "Omar")
    practice = connect()
    practice.emit("join", {"name": "Pia"})
    assert ack(board, "remove", {"cohort": cohort.id, "participant": cy_id})["ok"]
    for client in (ada, bo, cy, outsider, practice):
        client.get_received()
    reply = ack(board, "broadcast", {"cohort": cohort.id, "message": "Five minutes left"})
    assert reply == {"ok": True, "sent_to": 2}
    for client in (ada, bo):
        assert frames(client, "notice") == [{"message": "Five minutes left",
                                              "from": "instructor"}]
    for client in (cy, outsider, practice):
        assert frames(client, "notice") == []
    assert ack(board, "broadcast", {"cohort": cohort.id, "message": "  "})["error"][
        "code"] == "bad_payload"


def test_the_monitor_counts_whys_cards_and_proposals(make_instructor: Any, make_cohort: Any,
                                                     dashboard: Any, trainee: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id)
    board = dashboard(ines)
    ada, _ = trainee(cohort.code, "Ada")
    bo, _ = trainee(cohort.code, "Bo")
    assert ack(board, "watch", {"cohort": cohort.id})["ok"]
    ack(board, "round", {"cohort": cohort.id, "action": "start"})
    view = last_view(ada)
    bo.get_received()
    me, partner = view["you"]["seat"], 1 - view["you"]["seat"]
    card = next(c["id"] for c in view["cards"] if c["can_reveal"])
    assert ack(ada, "ask_why", {"target": partner, "about": None})["ok"]
    assert ack(ada, "share", {"card": card})["ok"]
    package = {i["id"]: i["options"][0]["id"] for i in view["issues"]}
    assert ack(ada, "propose", {"package": package})["ok"]
    line = frames(board, "monitor_group")[-1]
    assert (line["whys"], line["cards_revealed"], line["proposals"]) == (1, 1, 1)
    assert line["stage"] == "proposing" and 0 < line["time_left"] <= 600
    assert [m["connected"] for m in line["members"]] == [True, True]
    ack(board, "watch", {"cohort": cohort.id})
    [group] = frames(board, "monitor")[-1]["groups"]
    assert (group["whys"], group["cards_revealed"], group["proposals"]) == (1, 1, 1)
    assert me in (0, 1)
    ada.disconnect()  # the monitor hears at once, without the dashboard asking again
    [group] = frames(board, "monitor")[-1]["groups"]
    assert group["members"][me]["connected"] is False
    assert group["members"][partner]["connected"] is True


def test_removing_a_trainee_takes_them_out_of_the_lobby_and_later_rounds(
        make_instructor: Any, make_cohort: Any, dashboard: Any, trainee: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id, rounds=2)
    board = dashboard(ines)
    ada, _ = trainee(cohort.code, "Ada")
    bo, bo_id = trainee(cohort.code, "Bo")
    cy, _ = trainee(cohort.code, "Cy")
    assert ack(board, "watch", {"cohort": cohort.id})["ok"]
    assert ack(board, "remove", {"cohort": cohort.id, "participant": bo_id}) == {"ok": True}
    received = bo.get_received()
    kinds = [m["name"] for m in received]
    assert "notice" in kinds and {"where": "none"}.items() <= next(
        m["args"][0] for m in received if m["name"] == "welcome").items()
    assert frames(ada, "lobby")[-1]["waiting"] == ["Ada", "Cy"]
    assert [m["name"] for m in frames(board, "monitor")[-1]["members"]] == ["Ada", "Cy"]
    reply = ack(board, "round", {"cohort": cohort.id, "action": "start"})
    assert reply["groups"] == 1
    assert frames(bo, "seated") == []
    unknown = ack(board, "remove", {"cohort": cohort.id, "participant": bo_id + "x"})
    assert unknown["error"]["code"] == "bad_payload"


def test_sit_out_policy_tells_the_one_left_out_and_seats_them_first_next_round(
        make_instructor: Any, make_cohort: Any, dashboard: Any, trainee: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id, rounds=2, odd_policy="sit_out")
    board = dashboard(ines)
    clients = dict(reversed(trainee(cohort.code, n)) for n in ("Ada", "Bo", "Cy"))
    assert ack(board, "round", {"cohort": cohort.id, "action": "start"})["sitting_out"] == 1
    out = [pid for pid, c in clients.items() if not frames(c, "seated")]
    assert len(out) == 1
    ack(board, "round", {"cohort": cohort.id, "action": "end"})
    for client in clients.values():
        client.get_received()
    assert ack(board, "round", {"cohort": cohort.id, "action": "start"})["ok"]
    assert len(frames(clients[out[0]], "seated")) == 1


def test_sit_out_notice(make_instructor: Any, make_cohort: Any, dashboard: Any,
                        trainee: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id, odd_policy="sit_out")
    board = dashboard(ines)
    clients = [trainee(cohort.code, n)[0] for n in ("Ada", "Bo", "Cy")]
    ack(board, "round", {"cohort": cohort.id, "action": "start"})
    notices = [frames(c, "notice") for c in clients]
    assert sorted(len(n) for n in notices) == [0, 0, 1]
    assert "sit out" in next(n for n in notices if n)[0]["message"]


def test_a_round_ends_by_itself_when_its_last_table_closes(
        make_instructor: Any, make_cohort: Any, dashboard: Any, trainee: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id)
    board = dashboard(ines)
    players = [trainee(cohort.code, name)[0] for name in ("Ada", "Bo", "Cy", "Di")]
    assert ack(board, "watch", {"cohort": cohort.id})["ok"]
    assert ack(board, "round", {"cohort": cohort.id, "action": "start"})["ok"]
    seats = {id(p): last_view(p) for p in players}
    frames(board)
    walked: set[str] = set()
    for player in players:
        view = seats[id(player)]
        names = tuple(m["name"] for m in view["members"])
        if names in walked:
            continue
        assert ack(player, "walk_away", {})["ok"]
        walked.add(names)
        status = [f["round"]["status"] for f in frames(board, "monitor")]
        if len(walked) == 1:
            assert "ended" not in status, "one table is still open"
        else:
            assert status[-1:] == ["ended"]
    assert len(walked) == 2


def test_a_trainee_removed_mid_round_leaves_the_table_to_a_bot(
        make_instructor: Any, make_cohort: Any, dashboard: Any, trainee: Any,
        connect: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    cohort = make_cohort(ines_id)
    board = dashboard(ines)
    ada, _ = trainee(cohort.code, "Ada")
    bo = connect()
    bo.emit("join", {"name": "Bo", "code": cohort.code}, callback=True)
    joined = frames(bo, "joined")[0]
    assert ack(board, "round", {"cohort": cohort.id, "action": "start"})["ok"]
    seat = last_view(bo)["you"]["seat"]
    frames(ada)
    assert ack(board, "remove", {"cohort": cohort.id, "participant": joined["participant"]})
    view = last_view(ada)
    assert view["members"][seat]["bot"] and view["stage"] == "discovering"
    assert ack(bo, "chat", {"text": "still here?"})["error"]["code"] == "removed"
    again = connect(joined["token"])
    assert frames(again, "error")[0]["code"] == "removed"
    assert ack(again, "sync", {})["error"]["code"] == "not_joined"


def test_leaving_a_class_lobby_frees_the_seat(make_instructor: Any, make_cohort: Any,
                                              trainee: Any, connect: Any) -> None:
    ines_id, _ = make_instructor("Ines")
    cohort = make_cohort(ines_id, seat_limit=2)
    ada, _ = trainee(cohort.code, "Ada")
    trainee(cohort.code, "Bo")
    late = connect()
    assert ack(late, "join", {"name": "Cy", "code": cohort.code})["error"]["code"] == \
        "cohort_full"
    assert ack(ada, "leave", {})["ok"]
    assert ack(late, "join", {"name": "Cy", "code": cohort.code})["ok"]
