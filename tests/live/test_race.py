"""Races against the real server: accept and withdraw/new-proposal arrive together and
exactly one wins (the Flask-SocketIO test client cannot show races; STACK-NOTES.md)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

import pytest

from tests.live.player import Player

HALVE = {"orange": "halve"}
TO_PASTRY = {"orange": "whole_to_pastry"}


def at_once(*calls: Callable[[], dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the calls in threads released by one barrier; their replies in call order."""
    barrier = threading.Barrier(len(calls))
    replies: list[dict[str, Any]] = [{} for _ in calls]

    def run(index: int, call: Callable[[], dict[str, Any]]) -> None:
        barrier.wait()
        replies[index] = call()
    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return replies


@pytest.mark.parametrize("rival", ["withdraw", "propose"])
def test_accept_against_withdraw_or_new_proposal_exactly_one_wins(
        live_server: str, rival: str) -> None:
    a = Player(live_server).connect().join("Ada")
    b = Player(live_server).connect().join("Bo")
    outcomes = []
    for _round in range(6):
        view = a.view_where(lambda v: v["stage"] in ("discovering", "proposing"))
        mine = [p for p in view["proposals"] if p["proposer"] == 0]
        reply = a.call("propose", {"package": HALVE,
                                   "replaces": mine[0]["id"] if mine else None})
        assert reply["ok"], reply
        seq = reply["seq"]
        proposal = b.view_where(lambda v, s=seq: v["seq"] >= s)["proposals"][0]["id"]
        rival_payload = ({"proposal": proposal} if rival == "withdraw"
                         else {"package": TO_PASTRY, "replaces": proposal})
        accepted, rivalled = at_once(
            functools.partial(b.call, "accept", {"proposal": proposal}),
            functools.partial(a.call, rival, rival_payload))
        assert accepted["ok"] != rivalled["ok"], (accepted, rivalled)
        loser = rivalled if accepted["ok"] else accepted
        assert loser["error"]["code"] == "offer_not_live"
        final_seq = max(r.get("seq", 0) for r in (accepted, rivalled))
        state = b.view_where(lambda v, s=final_seq: v["seq"] >= s)
        if accepted["ok"]:
            outcomes.append("accept")
            assert state["stage"] == "mou" and state["mou"]["id"] == proposal
            break  # a MOU ends the race series for this pair
        outcomes.append(rival)
        assert all(p["id"] != proposal for p in state["proposals"])
    assert outcomes, "at least one race ran"
    a.close()
    b.close()
