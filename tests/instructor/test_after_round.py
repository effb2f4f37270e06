"""The dashboard's way to everything after a round (debriefs, leaderboards, downloads), the
cohort list's dates and counts, the friendly page for an expired form, the site header."""

from __future__ import annotations

import re
import time
from typing import Any

from game.web.instructor import bot_name, utc_datetime
from tests.instructor.conftest import csrf_token

EXPIRED = ("This form expired (it is more than an hour old, or cookies are off). Go back, "
           "reload and try again.")


def test_the_dashboard_links_every_debrief_the_boards_and_both_downloads(
        make_instructor: Any, make_cohort: Any, trainee: Any, services: Any) -> None:
    instructor_id, client = make_instructor("Ines")
    cohort = make_cohort(instructor_id, rounds=2)
    base = f"/instructor/cohorts/{cohort.id}"
    page = client.get(base).get_data(as_text=True)
    assert 'data-testid="after-round"' in page and "After the round" in page
    assert f'href="{base}/leaderboard"' in page
    assert f'href="{base}/export/results.csv" download' in page
    assert f'href="{base}/export/events.jsonl" download' in page
    assert "/debrief" not in re.sub(r'data-debrief-url="[^"]*"', "", page)  # none played yet
    trainee(cohort.code, "Ada")
    trainee(cohort.code, "Bo")
    services.cohorts.start_round(cohort.id, time.time())
    page = client.get(base).get_data(as_text=True)
    assert f'href="{base}/rounds/1/debrief" data-testid="debrief-link-1"' in page
    assert "rounds/2/debrief" not in page
    for link in (f"{base}/rounds/1/debrief", f"{base}/leaderboard"):
        target = client.get(link)
        assert target.status_code == 200
        text = target.get_data(as_text=True)
        assert 'data-testid="instructor-bar"' in text
        assert f'href="{base}" data-testid="back-to-dashboard"' in text
    assert client.get(f"{base}/export/results.csv").status_code == 200
    assert client.get(f"{base}/export/events.jsonl").status_code == 200


def test_my_cohorts_shows_dates_in_utc_and_counts_rounds(make_instructor: Any,
                                                         services: Any) -> None:
    instructor_id, client = make_instructor("Ines")
    services.cohorts.create(instructor_id, "One", [{"scenario": "orange"}], "bot", 10,
                            1796004300.5)
    services.cohorts.create(instructor_id, "Two", [{"scenario": "orange"}] * 2, "bot", 10,
                            1796004300.5)
    page = client.get("/instructor/").get_data(as_text=True)
    assert page.count(">2026-11-30 02:05 UTC</time>") == 2
    assert "1796004300" not in page.replace('data-epoch="1796004300.5"', "")
    assert "<td>1 round</td>" in page and "<td>2 rounds</td>" in page
    assert utc_datetime(0) == "1970-01-01 00:00 UTC" and utc_datetime(None) == ""


def test_a_bot_is_marked_once() -> None:
    assert bot_name("Saucier (bot)", True) == "Saucier (bot)"
    assert bot_name("Collaborator", True) == "Collaborator (bot)"
    assert bot_name("Ada (bot)", False) == "Ada (bot)"


def test_the_observer_page_names_the_bot_once_and_labels_the_stage(
        make_instructor: Any, make_cohort: Any, trainee: Any, services: Any) -> None:
    instructor_id, client = make_instructor("Ines")
    cohort = make_cohort(instructor_id, odd_policy="bot")
    trainee(cohort.code, "Ada")
    [negotiation] = services.cohorts.start_round(cohort.id, time.time())[1]
    page = client.get(f"/instructor/negotiations/{negotiation}").get_data(as_text=True)
    assert page.count("(bot)") == 1 and "(bot) (bot)" not in page
    assert '<strong id="stage" data-testid="stage">discovering</strong>' in page


def test_an_expired_form_gets_a_friendly_page_with_status_400(
        app: Any, make_instructor: Any) -> None:
    _, client = make_instructor("Ines")
    for path, data in (("/instructor/cohorts/new", {"name": "Class"}),
                       ("/instructor/cohorts/new", {"name": "Class", "csrf_token": "stale"}),
                       ("/logout", {})):
        reply = client.post(path, data=data)
        assert reply.status_code == 400, path
        page = reply.get_data(as_text=True)
        assert EXPIRED in page and "Bad Request" not in page
        assert 'data-testid="csrf-error"' in page
    anonymous = app.test_client()
    reply = anonymous.post("/login", data={"name": "Ines", "password": "x"})
    assert reply.status_code == 400 and EXPIRED in reply.get_data(as_text=True)
    # a form with its token still works
    token = csrf_token(client, "/instructor/cohorts/new")
    reply = client.post("/instructor/cohorts/new", data={
        "csrf_token": token, "name": "Class", "rounds-0-scenario": "orange",
        "rounds-0-minutes": "10", "rounds-0-grouping": "random", "odd_policy": "bot",
        "dropout_policy": "bot", "seat_limit": "30"})
    assert reply.status_code == 302


def test_the_site_header_and_favicon(make_instructor: Any) -> None:
    _, client = make_instructor("Ines")
    page = client.get("/instructor/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert '<header class="topbar site"' in page and 'class="brand"' in page
    assert client.get("/static/favicon.svg").status_code == 200
