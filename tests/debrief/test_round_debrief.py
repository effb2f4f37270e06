"""The instructor's debrief JSON of a played round, with numbers reasoned from orange.yaml.

The Orange for (pastry, saucier): whole to pastry (100, 0), halve (40, 40), whole to saucier
(0, 100), separate (100, 100); BATNAs 30 each. So JG* = 200 (separate), JG_c = 80 (halve),
and E = (JG - 80) / 120: the split 1.0, halving 0.0, a no-deal (60 - 80) / 120 = -1/6.
"Separate" is best for both, so the one issue is compatible and halving it is lose/lose.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.debrief.conftest import HALVE_CHAT, SPLIT_CHAT, Classroom


def debrief(room: Classroom, number: int = 1) -> dict[str, Any]:
    reply = room.owner_client.get(
        f"/instructor/api/cohorts/{room.cohort.id}/rounds/{number}/debrief")
    assert reply.status_code == 200
    return reply.get_json()


def test_scatter_has_the_outcome_space_and_each_groups_dot(classroom: Classroom) -> None:
    data = debrief(classroom)
    plot = data["scatter"]
    assert plot["roles"] == ["pastry", "saucier"]
    assert plot["outcomes"] == [[0, 100], [40, 40], [100, 0], [100, 100]]
    assert plot["sampled"] is False and plot["size"] == 4
    assert plot["frontier"] == [[100, 100]]
    assert plot["nash"] == [100, 100] and plot["max_joint"] == [100, 100]
    assert plot["compromise"] == [40, 40]
    assert plot["batnas"] == [30, 30]
    dots = {g["negotiation"]: g for g in plot["groups"]}
    tables = classroom.tables
    assert dots[tables[0].negotiation]["point"] == [100, 100]
    assert dots[tables[0].negotiation]["integrative"] is True
    assert dots[tables[0].negotiation]["outcome"] == "integrative"
    for table in tables[1:3]:
        assert dots[table.negotiation]["point"] == [40, 40]
        assert dots[table.negotiation]["outcome"] == "deal"
        assert dots[table.negotiation]["deal"] == {"orange": "halve"}
    for table in tables[3:]:
        assert dots[table.negotiation]["point"] == [30, 30]
        assert dots[table.negotiation]["outcome"] == "no_deal"
        assert dots[table.negotiation]["deal"] is None
    assert not any(g["highlight"] for g in plot["groups"])


def test_histogram_lose_lose_and_disclosure(classroom: Classroom) -> None:
    data = debrief(classroom)
    bins = data["histogram"]["bins"]
    assert [b["label"] for b in bins][0] == "0.0–0.1" and len(bins) == 10
    assert [b["count"] for b in bins] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # two halves, one split
    assert data["histogram"]["no_deal"] == 2 and data["histogram"]["no_efficiency"] == 0
    # two halving deals of three deals (five groups) settled the orange off "separate"
    assert data["lose_lose"] == {"count": 2, "deals": 3, "groups": 5, "share": 2 / 3,
                                 "share_of_groups": 2 / 5}
    cards = {d["negotiation"]: (d["cards"], d["joint"]) for d in data["disclosure"]}
    assert cards[classroom.split.negotiation] == (6, 200)  # both chains of three cards
    assert cards[classroom.tables[1].negotiation] == (0, 80)
    assert cards[classroom.walked.negotiation] == (0, 60)
    assert data["summary"] == {"groups": 5, "deals": 3, "integrative": 1,
                               "mean_efficiency": pytest.approx(1 / 3), "max_joint": 200,
                               "compromise_joint": 80}
    assert data["open"] == []


def test_group_rows(classroom: Classroom) -> None:
    rows = {r["negotiation"]: r for r in debrief(classroom)["groups"]}
    split = rows[classroom.split.negotiation]
    assert [m["points"] for m in split["members"]] == [100, 100]
    assert split["package_labels"][0]["option_label"] == (
        "Peel to the pastry chef, juice to the saucier")
    assert (split["joint"], split["efficiency"], split["left_on_table"]) == (200, 1.0, 0)
    assert split["flags"] == {"integrative": True, "pareto_optimal": True, "lose_lose": False,
                              "missed_deal": False, "agreement_trap": False}
    assert split["close_reason"] == "signed"
    halve = rows[classroom.tables[1].negotiation]
    assert (halve["joint"], halve["efficiency"], halve["left_on_table"]) == (80, 0.0, 120)
    assert halve["flags"]["lose_lose"] and not halve["flags"]["pareto_optimal"]
    walked = rows[classroom.walked.negotiation]
    assert walked["close_reason"] == "walked_away" and walked["deal"] is False
    assert walked["efficiency"] == pytest.approx(-1 / 6)
    assert (walked["joint"], walked["left_on_table"]) == (60, 140)
    assert walked["flags"]["missed_deal"] and not walked["flags"]["lose_lose"]
    assert [m["bot"] for m in walked["members"]] == [False, True]
    assert walked["seconds_to_deal"] is None
    ended = rows[classroom.bot_table.negotiation]
    assert ended["close_reason"] == "ended" and True in [m["bot"] for m in ended["members"]]
    for row in rows.values():  # time to deal: the close minus the start, from the log
        state = classroom.state(next(t for t in classroom.tables
                                     if t.negotiation == row["negotiation"]))
        assert row["seconds_to_close"] == pytest.approx(state.closed_at - state.started_at,
                                                        abs=1e-3)
        assert 0 <= row["seconds_to_close"] < 60
    assert split["seconds_to_deal"] == split["seconds_to_close"]


def test_notes_and_benchmark(classroom: Classroom) -> None:
    data = debrief(classroom)
    assert "Halving is lose/lose" in data["teaching_notes"]
    bench = data["benchmark"]
    assert (bench["samples"], bench["people"], bench["random"], bench["pareto"]) == (
        582, 0.75, 0.5, 1.0)
    assert "Yao, Li & Storme" in bench["text"] and "Thompson 1991" in bench["text"]


def test_instructor_replay_of_any_group(classroom: Classroom) -> None:
    room = classroom
    base = f"/instructor/api/cohorts/{room.cohort.id}/negotiations"
    replay = room.owner_client.get(f"{base}/{room.split.negotiation}/replay").get_json()
    kinds = [e["kind"] for e in replay["entries"]]
    assert kinds[0] == "started" and kinds[-1] == "closed"
    assert [e["seq"] for e in replay["entries"]] == list(range(1, len(kinds) + 1))
    chat = next(e for e in replay["entries"] if e["kind"] == "chat_posted")
    assert chat["text"] == SPLIT_CHAT and chat["seat"] == 0
    assert kinds.count("card_revealed") == 6
    proposed = next(e for e in replay["entries"] if e["kind"] == "proposed")
    assert proposed["point"] == [100, 100] and proposed["package"] == {"orange": "separate"}
    times = [e["t"] for e in replay["entries"]]
    assert times[0] == 0 and times == sorted(times)
    other = room.owner_client.get(f"{base}/{room.tables[1].negotiation}/replay").get_json()
    assert HALVE_CHAT in [e["text"] for e in other["entries"]]


def test_the_projector_page_loads_chart_js(classroom: Classroom) -> None:
    page = classroom.owner_client.get(
        f"/instructor/cohorts/{classroom.cohort.id}/rounds/1/debrief")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/vendor/chart.js/dist/chart.umd.js" in html and "debrief/round.js" in html
    script = classroom.app.test_client().get("/static/debrief/charts.js")
    assert b"Chart.defaults.font.size = size" in script.data
    script.close()
