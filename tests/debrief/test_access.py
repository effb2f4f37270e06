"""Who may see what: instructors only their own cohorts; trainees only their own group's
conversation."""

from __future__ import annotations

import json

import pytest

from tests.debrief.conftest import HALVE_CHAT, SPLIT_CHAT, Classroom

INSTRUCTOR_API = [
    "/instructor/api/cohorts/{c}/rounds/1/debrief",
    "/instructor/api/cohorts/{c}/leaderboard",
    "/instructor/api/cohorts/{c}/negotiations/{n}/replay",
    "/instructor/cohorts/{c}/export/results.csv",
    "/instructor/cohorts/{c}/export/events.jsonl",
]
INSTRUCTOR_PAGES = [
    "/instructor/cohorts/{c}/rounds/1/debrief",
    "/instructor/cohorts/{c}/leaderboard",
]


def paths(room: Classroom, templates: list[str]) -> list[str]:
    return [t.format(c=room.cohort.id, n=room.split.negotiation) for t in templates]


def test_another_instructor_gets_404_and_a_visitor_401_or_the_login(
        classroom: Classroom) -> None:
    room = classroom
    anonymous = room.app.test_client()
    for path in paths(room, INSTRUCTOR_API):
        assert room.owner_client.get(path).status_code == 200, path
        assert room.other_client.get(path).status_code == 404, path
        reply = anonymous.get(path)
        assert reply.status_code == 401 and reply.get_json()["code"] == "login_required"
    for path in paths(room, INSTRUCTOR_PAGES):
        assert room.owner_client.get(path).status_code == 200, path
        assert room.other_client.get(path).status_code == 404, path
        reply = anonymous.get(path)
        assert reply.status_code == 302 and "/login" in reply.headers["Location"]


def test_unknown_round_or_foreign_negotiation_is_404(classroom: Classroom) -> None:
    room = classroom
    client = room.owner_client
    assert client.get(f"/instructor/api/cohorts/{room.cohort.id}/rounds/2/debrief"
                      ).status_code == 404  # not started yet
    assert client.get(f"/instructor/api/cohorts/{room.cohort.id}/negotiations/999/replay"
                      ).status_code == 404


def trainee_debrief(room: Classroom, token: str | None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    reply = room.app.test_client().get("/api/debrief", headers=headers)
    return reply.status_code, reply.get_json()


def test_a_trainee_sees_the_round_and_only_their_own_conversation(
        classroom: Classroom) -> None:
    room = classroom
    status, data = trainee_debrief(room, room.split.tokens[1])
    assert status == 200
    assert data["you"] == {"negotiation": room.split.negotiation, "seat": 1}
    assert data["round"] == {"number": 1, "status": "ended"}
    assert data["highlight"] == room.split.negotiation
    mine = [g for g in data["scatter"]["groups"] if g["highlight"]]
    assert [(g["negotiation"], g["point"]) for g in mine] == [
        (room.split.negotiation, [100, 100])]
    assert len(data["groups"]) == 5  # every group's result, after the close
    assert data["replay"]["negotiation"] == room.split.negotiation
    assert SPLIT_CHAT in [e["text"] for e in data["replay"]["entries"]]
    body = json.dumps(data)
    assert HALVE_CHAT not in body  # another group's chat never reaches a trainee
    assert "chat" not in json.dumps(data["groups"])
    status, halver = trainee_debrief(room, room.tables[1].tokens[0])
    assert status == 200 and HALVE_CHAT in json.dumps(halver["replay"])
    assert SPLIT_CHAT not in json.dumps(halver)


@pytest.mark.parametrize("token", [None, "forged.token", ""])
def test_a_trainee_without_a_valid_token_gets_401(classroom: Classroom,
                                                  token: str | None) -> None:
    status, data = trainee_debrief(classroom, token)
    assert status == 401 and data["code"] == "bad_token"


def test_a_trainee_whose_negotiation_is_open_has_no_debrief_yet(app, connect) -> None:
    from tests.sockets.helpers import seat_pair
    _, _, token, _ = seat_pair(connect)
    reply = app.test_client().get("/api/debrief", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 404 and reply.get_json()["code"] == "no_debrief"
    page = app.test_client().get("/debrief")
    assert page.status_code == 200 and b"debrief/trainee.js" in page.data
