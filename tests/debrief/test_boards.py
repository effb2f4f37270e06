"""Cohort leaderboards: per round (the /api/leaderboard rows) and cumulative.

Round 1 (see conftest): E is 1 for the split, 0 for each halving, -1/6 for both no-deals,
so the groups rank 1, 2, 2, 4, 4. Round 2 ends at once: every trainee gets their BATNA, 30.
"""

from __future__ import annotations

import pytest

from tests.debrief.conftest import Classroom, play_round_two


def test_round_boards_rank_groups_with_competition_ranks(classroom: Classroom) -> None:
    room = classroom
    boards = room.owner_client.get(
        f"/instructor/api/cohorts/{room.cohort.id}/leaderboard").get_json()
    [first] = boards["rounds"]
    created = first["value_created"]
    assert [g["rank"] for g in created] == [1, 2, 2, 4, 4]
    order = [g["negotiation"] for g in created]
    assert order[0] == room.split.negotiation
    assert set(order[1:3]) == {room.tables[1].negotiation, room.tables[2].negotiation}
    # ties keep the order in which the groups closed: the walk-away before the round's end
    assert order[3:] == [room.walked.negotiation, room.bot_table.negotiation]
    assert [g["deal"] for g in created] == [True, True, True, False, False]
    walked = created[3]
    assert [m["bot"] for m in walked["members"]] == [False, True]
    assert any(m["bot"] for m in created[4]["members"])
    claimed = first["value_claimed"]
    assert len(claimed) == 9  # the bot participant is not a trainee; the taken-over seat is
    assert sorted(r["points"] for r in claimed) == [30, 30, 30, 40, 40, 40, 40, 100, 100]
    assert [r["rank"] for r in claimed][:2] == [1, 2]  # same points, different role percentile
    assert [r["bot"] for r in claimed].count(True) == 1


def test_the_public_board_narrows_to_a_cohort_round(classroom: Classroom) -> None:
    room = classroom
    client = room.app.test_client()
    whole = client.get(f"/api/leaderboard?cohort={room.cohort.code.lower()}").get_json()
    one = client.get(f"/api/leaderboard?cohort={room.cohort.code}&round=1").get_json()
    assert set(one) == {"scenario", "value_created", "value_claimed"}
    assert one["scenario"] == {"id": "orange", "title": "One orange, two cooks"}
    assert [g["rank"] for g in one["value_created"]] == [1, 2, 2, 4, 4]
    assert whole["value_created"] == one["value_created"]
    assert client.get("/api/leaderboard?cohort=NOPE99").status_code == 404
    assert client.get(f"/api/leaderboard?cohort={room.cohort.code}&round=9").status_code == 404
    assert client.get("/api/leaderboard").status_code == 200


def test_cumulative_boards_after_two_rounds(classroom: Classroom) -> None:
    room = classroom
    play_round_two(room)
    boards = room.owner_client.get(
        f"/instructor/api/cohorts/{room.cohort.id}/leaderboard").get_json()
    assert [b["round"] for b in boards["rounds"]] == [1, 2]
    assert [g["rank"] for g in boards["rounds"][1]["value_created"]] == [1] * 5
    claimed = boards["cumulative"]["value_claimed"]
    # points over both rounds: the split pair 100 + 30, the halvers 40 + 30, the rest 30 + 30
    assert [(r["rank"], r["points"]) for r in claimed] == [
        (1, 130), (1, 130), (3, 70), (3, 70), (3, 70), (3, 70), (7, 60), (7, 60), (7, 60)]
    assert all(r["rounds"] == 2 for r in claimed)
    created = boards["cumulative"]["value_created"]
    # mean E: the split pair (1 - 1/6) / 2, the halvers (0 - 1/6) / 2, the rest -1/6
    assert [r["rank"] for r in created] == [1, 1, 3, 3, 3, 3, 7, 7, 7]
    assert [r["mean_efficiency"] for r in created] == pytest.approx(
        [5 / 12] * 2 + [-1 / 12] * 4 + [-1 / 6] * 3)
    split = set(room.split.participants)
    assert {r["participant"] for r in created[:2]} == split
    assert [r["bot"] for r in created].count(True) == 1
    assert sum(r["no_deals"] for r in created) == 9 + 3
    page = room.owner_client.get(f"/instructor/cohorts/{room.cohort.id}/leaderboard")
    assert page.status_code == 200 and b"debrief/leaderboard.js" in page.data
