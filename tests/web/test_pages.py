"""HTTP pages: the scenario preview for authors, the API lists and vendor files."""

from __future__ import annotations

import time
from typing import Any

from game.instructors import create_instructor


def instructor_client(app: Any) -> Any:
    """An HTTP client logged in as a new instructor (scenario previews are theirs)."""
    from tests.instructor.conftest import PASSWORD, login
    create_instructor(app.extensions["database"], "Author", PASSWORD, time.time())
    client = app.test_client()
    assert login(client, "Author").status_code == 302
    return client


def test_previews_hold_every_roles_secrets_so_they_need_a_login(app: Any) -> None:
    anonymous = app.test_client()
    for path in ("/scenarios/", "/scenarios/orange", "/scenarios/orange/plot.svg"):
        reply = anonymous.get(path)
        assert reply.status_code == 302 and "/login" in reply.headers["Location"], path
    assert "/scenarios/" not in anonymous.get("/debrief").get_data(as_text=True)


def test_the_preview_shows_both_briefs_the_analysis_and_the_plot(app: Any) -> None:
    client = instructor_client(app)
    scenario = app.extensions["partner_math"].scenarios.get("orange")
    page = client.get("/scenarios/orange").get_data(as_text=True)
    for role in scenario.roles:
        assert role.name in page
        assert f"<strong>BATNA:</strong> {role.batna} points" in page
    assert "Pareto frontier: " in page and "Nash point" in page
    for card in scenario.cards.values():  # each card by label and id, for authors
        assert card.id in page and (card.label or card.id) in page
    plot = client.get("/scenarios/orange/plot.svg")
    assert plot.status_code == 200 and plot.mimetype == "image/svg+xml"
    assert b"<svg" in plot.data
    assert client.get("/scenarios/nope").status_code == 404


def test_the_scenario_index_lists_every_shipped_scenario(app: Any) -> None:
    listed = app.test_client().get("/api/scenarios").get_json()
    shipped = app.extensions["partner_math"].scenarios.all()
    assert [s["id"] for s in listed] == [s.id for s in shipped]
    assert "orange" in [s["id"] for s in listed]
    page = instructor_client(app).get("/scenarios/").get_data(as_text=True)
    assert all(f"/scenarios/{s.id}" in page for s in shipped)


def test_vendor_serves_only_allowed_npm_packages(app: Any) -> None:
    client = app.test_client()
    assert client.get("/vendor/left-pad/index.js").status_code == 404
    assert client.get("/vendor/socket.io-client/../../pyproject.toml").status_code == 404
