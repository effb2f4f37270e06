"""Privacy: every frame a member receives during a whole game, before the round ends, is
free of the partner's unrevealed card texts, point values and BATNA."""

from __future__ import annotations

import json
from typing import Any

from game.core.scenario import Role
from tests.sockets.helpers import PASTRY_CHAIN, SAUCIER_CHAIN, SPLIT, act


class Recorder:
    """Wraps a test client and keeps every frame it receives, with the negotiation stage."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.frames: list[dict[str, Any]] = []

    def drain(self) -> list[dict[str, Any]]:
        new = self.client.get_received()
        self.frames += new
        return new

    def act(self, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        reply = act(self.client, event, payload)
        self.drain()
        return reply

    def latest_view(self) -> dict[str, Any]:
        self.drain()
        return [f for f in self.frames if f["name"] == "state"][-1]["args"][0]["view"]


def private_markers(role: Role, revealed: set[str]) -> dict[str, str]:
    """Texts that would betray the role's private data: unrevealed card texts, its brief and
    its point table as keyed fragments (so plain numbers elsewhere do not count)."""
    def quoted(text: str) -> str:  # as it would appear inside a JSON frame
        return json.dumps(text, ensure_ascii=False)[1:-1]

    markers = {f"card {card.id}": quoted(card.text) for card in role.cards
               if card.id not in revealed}
    markers["brief"] = quoted(role.brief)
    markers["batna key"] = f'"batna": {role.batna}'
    return markers


def point_values(node: Any) -> list[tuple[str, Any]]:
    """Every (key, value) in a frame whose key speaks of points, at any depth."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if "points" in key or "utilit" in key:
                found.append((key, value))
            found += point_values(value)
    elif isinstance(node, list):
        for item in node:
            found += point_values(item)
    return found


def points_are_own(view: dict[str, Any], own: Role) -> bool:
    """Every point figure in an open negotiation's view is the member's own: option points
    match the own table, package points the own sum, and no other points key exists."""
    for issue in view["issues"]:
        for option in issue["options"]:
            if option["your_points"] != own.points[issue["id"]][option["id"]]:
                return False
    for proposal in view["proposals"] + ([view["mou"]] if view["mou"] else []):
        if proposal["your_points"] != own.points_for(proposal["package"]):
            return False
    return {key for key, _ in point_values(view)} <= {"your_points"}


def leaks(frame: dict[str, Any], partner: Role, revealed: set[str],
          own: Role | None = None) -> list[str]:
    """Names of the partner's private markers found in a frame; markers that the member's
    own data shares word for word (equal BATNAs, say) cannot tell and are left out."""
    text = json.dumps(frame, ensure_ascii=False)
    mine = set(private_markers(own, set()).values()) if own is not None else set()
    return [name for name, marker in private_markers(partner, revealed).items()
            if marker in text and marker not in mine]


def only_own_private_keys(view: dict[str, Any]) -> bool:
    """BATNA and brief appear once, under the member's own `role`."""
    rest = json.dumps({k: v for k, v in view.items() if k != "role"})
    return "batna" not in rest and "brief" not in rest


def test_no_frame_before_the_end_carries_the_partners_private_data(connect: Any,
                                                                     app: Any) -> None:
    scenario = app.extensions["partner_math"].scenarios.get("orange")
    pastry, saucier = scenario.role("pastry"), scenario.role("saucier")
    a, b = Recorder(connect()), Recorder(connect())
    a.client.emit("join", {"name": "Ada"})
    b.client.emit("join", {"name": "Bo"})
    a.drain(), b.drain()
    b.act("ask_why", {"target": 0})
    question = a.latest_view()["questions"][-1]["id"]
    a.act("answer", {"question": question, "card": PASTRY_CHAIN[0]})
    for depth in range(3):
        if depth:
            a.act("share", {"card": PASTRY_CHAIN[depth]})
        b.act("share", {"card": SAUCIER_CHAIN[depth]})
        b.act("chat", {"text": f"step {depth}"})
        a.drain()
    a.act("propose", {"package": SPLIT})
    b.drain()
    proposal = b.latest_view()["proposals"][0]["id"]
    b.act("accept", {"proposal": proposal})
    a.drain()
    mou = a.latest_view()["mou"]["id"]
    a.act("sign", {"mou": mou})
    b.drain()
    assert a.latest_view()["stage"] == "mou"
    # The round is still open: check every frame so far.
    for recorder, partner, own in ((a, saucier, pastry), (b, pastry, saucier)):
        revealed: set[str] = set()
        assert recorder.frames, "the recorder saw the game"
        for frame in recorder.frames:
            if frame["name"] == "state":
                revealed = {c["id"] for c in frame["args"][0]["view"]["revealed"]}
                assert frame["args"][0]["view"]["result"] is None
                assert only_own_private_keys(frame["args"][0]["view"])
                assert points_are_own(frame["args"][0]["view"], own)
            found = leaks(frame, partner, revealed, own)
            assert found == [], f"{frame['name']} leaked {found}"
    # The markers do find private data: each member's own frames contain their own.
    own = leaks({"frames": a.frames}, pastry, set())
    assert "brief" in own and "batna key" in own
    b.act("sign", {"mou": mou})
    a.drain()
    result = a.latest_view()["result"]
    assert [m["points"] for m in result["members"]] == [100, 100]
