"""The pure debrief builders on negotiations replayed with a controlled clock (no server)."""

from __future__ import annotations

import pytest

from game.core import commands as cmd
from game.core.machine import apply, replay, start
from game.core.state import NegotiationState
from game.services import debrief
from game.services.debrief import build_debrief, histogram, outcome_cloud
from game.services.replay import timeline
from tests.core.factories import make_scenario, orange

T0 = 1_000_000.0


def play(moves: list[tuple[float, cmd.Command]]) -> tuple[NegotiationState, list]:
    """Seat Ada (dessert) and Bo (meat) at T0 and apply `moves` at T0 + seconds."""
    scenario = orange()
    events = start(scenario, [("dessert", "Ada"), ("meat", "Bo")], T0, 600)
    state = replay(scenario, events)
    for seconds, command in moves:
        new = apply(state, command, T0 + seconds)
        events += new
        state = replay(scenario, events)
    return state, events


def halve_in(seconds: float) -> list[tuple[float, cmd.Command]]:
    return [(10, cmd.Chat(seat=0, text="Half each?")),
            (20, cmd.Propose(seat=0, package={"orange": "halve"})),
            (30, cmd.Accept(seat=1, proposal=1)),
            (40, cmd.Sign(seat=0, mou=1)),
            (seconds, cmd.Sign(seat=1, mou=1))]


def test_time_to_deal_and_time_to_close_are_seconds_from_the_start() -> None:
    halved, _ = play(halve_in(62.5))
    walked, _ = play([(100, cmd.WalkAway(seat=1))])
    data = build_debrief([(2, walked), (1, halved)], highlight=2)
    rows = {r["negotiation"]: r for r in data["groups"]}
    assert [r["negotiation"] for r in data["groups"]] == [1, 2]
    assert rows[1]["seconds_to_close"] == rows[1]["seconds_to_deal"] == 62.5
    assert rows[2]["seconds_to_close"] == 100 and rows[2]["seconds_to_deal"] is None
    # factories.orange: dessert/meat 100/40/0, BATNA 30 each: JG* 200, JG_c 80
    assert rows[1]["efficiency"] == 0.0 and rows[1]["flags"]["lose_lose"]
    assert rows[2]["efficiency"] == pytest.approx(-1 / 6)
    assert data["lose_lose"]["share"] == 1.0 and data["lose_lose"]["share_of_groups"] == 0.5
    assert [g["highlight"] for g in data["scatter"]["groups"]] == [False, True]
    assert data["scatter"]["groups"][1]["point"] == [30, 30]


def test_an_open_negotiation_is_counted_but_not_drawn() -> None:
    halved, _ = play(halve_in(50))
    running, _ = play([(5, cmd.Chat(seat=0, text="hello"))])
    data = build_debrief([(1, halved), (2, running)])
    assert data["open"] == [2] and [r["negotiation"] for r in data["groups"]] == [1]
    assert [g["negotiation"] for g in data["scatter"]["groups"]] == [1]
    with pytest.raises(ValueError):
        build_debrief([])


def test_the_timeline_of_one_negotiation() -> None:
    state, events = play(halve_in(62.5))
    replayed = timeline(state.scenario, events)
    assert replayed["roles"] == ["dessert", "meat"]
    entries = replayed["entries"]
    assert [(e["t"], e["kind"]) for e in entries] == [
        (0, "started"), (10, "chat_posted"), (20, "proposed"), (30, "accepted"),
        (30, "mou_reached"), (40, "signed"), (62.5, "signed"), (62.5, "closed")]
    assert entries[1]["who"] == "Ada" and entries[1]["text"] == "Half each?"
    assert entries[2]["point"] == [40, 40] and entries[2]["proposal"] == 1
    assert entries[2]["labels"][0]["option_label"] == "halve"
    assert entries[-1]["point"] == [40, 40] and entries[-1]["seat"] is None
    with pytest.raises(ValueError):
        timeline(state.scenario, events[1:])


def test_efficiency_bins_start_below_zero_when_a_deal_does() -> None:
    rows = [{"deal": True, "efficiency": e} for e in (-0.25, 0.05, 0.1, 0.95, 1.0)]
    rows += [{"deal": False, "efficiency": -0.1}, {"deal": True, "efficiency": None}]
    result = histogram(rows)
    assert result["bins"][0] == {"from": -0.3, "to": -0.2, "label": "-0.3–-0.2", "count": 1}
    assert len(result["bins"]) == 13 and result["bins"][-1]["to"] == 1.0
    counts = {b["from"]: b["count"] for b in result["bins"] if b["count"]}
    assert counts == {-0.3: 1, 0.0: 1, 0.1: 1, 0.9: 2}
    assert (result["no_deal"], result["no_efficiency"]) == (1, 1)


def test_a_huge_outcome_space_is_sampled_with_a_fixed_seed(monkeypatch) -> None:
    options = {f"i{k}": {"a": 0, "b": 1, "c": 2, "d": 3} for k in range(7)}
    scenario = make_scenario({"x": options, "y": {i: {"a": 3, "b": 2, "c": 1, "d": 0}
                                                  for i in options}}, {"x": 0, "y": 0})
    monkeypatch.setattr(debrief, "SAMPLE_LIMIT", 500)
    cloud, sampled = outcome_cloud(scenario, ["x", "y"])
    assert sampled and 0 < len(cloud) <= 500
    assert all(x + y == 21 for x, y in cloud)  # each issue adds 3 points in all
    assert outcome_cloud(scenario, ["x", "y"]) == (cloud, True)
