"""The instructor's pages in Chromium against the real server: log in, create a cohort, see
the lobby fill, start the round, watch the groups, broadcast; the trainee's join link."""

from __future__ import annotations

import queue
from typing import Any

import pytest

from tests.instructor.conftest import PASSWORD
from tests.instructor.test_live import _instructor_account
from tests.live.player import WAIT_S, Player

pytestmark = pytest.mark.browser


def test_an_instructor_runs_a_round_from_the_dashboard(server_factory: Any,
                                                       chromium_browser: Any) -> None:  # noqa: F811
    server = server_factory()
    _instructor_account(server, "Ines")
    url = server.start().url
    context = chromium_browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.goto(f"{url}/login")
    page.fill("#name", "Ines")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/instructor/")
    page.goto(f"{url}/instructor/cohorts/new")
    page.fill("#name", "Browser class")
    page.click("#add-round")
    assert page.locator("tr.plan-row").count() == 4
    page.click("text=Create the cohort")
    page.wait_for_selector("[data-testid=join-code]")
    code = page.inner_text("[data-testid=join-code]").strip()
    assert page.locator("[data-testid=qr] svg").count() == 1
    page.wait_for_selector("#connection[data-status=connected]")

    players = [Player(url).connect() for _ in range(3)]
    notices: queue.Queue[dict[str, Any]] = queue.Queue()
    players[0].client.on("notice", notices.put)
    for index, player in enumerate(players):
        assert player.call("join", {"name": f"<b>T{index}</b>", "code": code})["ok"]
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=lobby-list] li').length === 3")
    assert "<b>T0</b>" in page.inner_text("[data-testid=lobby-list]")  # shown as text

    # the site header is the trainee client's top bar, with the favicon
    assert page.evaluate(
        "getComputedStyle(document.querySelector('header.site')).display") == "flex"
    assert page.locator("link[rel=icon][href='/static/favicon.svg']").count() == 1
    assert page.locator("[data-testid=debrief-links] a").count() == 0
    assert page.locator("[data-testid=leaderboard-link]").count() == 1
    assert page.locator("[data-testid=export-results][download]").count() == 1
    assert page.locator("[data-testid=export-events][download]").count() == 1
    assert "(1 round planned)" in page.inner_text("[data-testid=round-status]")

    page.click("[data-testid=round-start]")
    page.wait_for_function("document.querySelectorAll('#groups tr[data-stage]').length === 2")
    assert page.inner_text("#groups").count("(bot)") == 1  # marked once
    # the round's debrief is linked as soon as the round starts, live
    page.wait_for_selector("[data-testid=debrief-link-1]")
    assert page.get_attribute("[data-testid=debrief-link-1]", "href").endswith("/rounds/1/debrief")
    assert page.inner_text("[data-testid=round-clock]") != "—"
    assert page.is_enabled("[data-testid=round-pause]")
    assert not page.is_enabled("[data-testid=round-resume]")
    assert page.is_hidden("[data-testid=paused-banner]")
    assert page.inner_text("#groups td[data-testid=stage]") == "discovering"

    # one refused action, one toast (the server sends `error` and a failed acknowledgement)
    page.fill("#extend-minutes", "0")
    page.click("[data-testid=round-extend]")
    page.wait_for_selector("[data-testid=error-toast]")
    page.wait_for_timeout(500)
    assert page.locator("[data-testid=error-toast]").count() == 1

    page.click("[data-testid=round-pause]")
    page.wait_for_selector("[data-testid=paused-banner]:visible")
    page.wait_for_function(
        "document.querySelector('[data-testid=round-resume]').disabled === false")
    assert not page.is_enabled("[data-testid=round-pause]")
    clock = page.inner_text("[data-testid=round-clock]")
    page.wait_for_timeout(1200)
    assert page.inner_text("[data-testid=round-clock]") == clock  # stopped
    page.click("[data-testid=round-resume]")
    page.wait_for_selector("[data-testid=paused-banner]", state="hidden")
    assert page.is_enabled("[data-testid=round-pause]")
    page.fill("#broadcast-message", "Two minutes left")
    page.click("#broadcast button[type=submit]")
    assert notices.get(timeout=WAIT_S) == {"message": "Two minutes left", "from": "instructor"}

    watch = page.locator("#groups a", has_text="watch").first
    watch.click()
    page.wait_for_selector("#connection[data-status=connected]")
    page.wait_for_function("document.querySelector('#members').textContent.includes('T')")
    assert problems == []
    page.go_back()
    page.wait_for_selector("#connection[data-status=connected]")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=round-end]")
    page.wait_for_function("[...document.querySelectorAll('#groups td.time-left')]"
                           ".every(td => td.textContent === '—')")
    assert set(page.locator("#groups td[data-testid=stage]").all_inner_texts()) == {
        "ended by instructor"}
    assert page.inner_text("[data-testid=round-clock]") == "—"
    assert page.is_disabled("[data-testid=round-pause]")
    page.click("[data-testid=debrief-link-1]")
    page.wait_for_selector("[data-testid=back-to-dashboard]")
    page.click("[data-testid=back-to-dashboard]")
    page.wait_for_selector("[data-testid=join-code]")
    assert problems == []

    trainee = context.new_page()
    trainee.goto(f"{url}/join/{code.lower()}")
    trainee.wait_for_function(
        f"document.getElementById('cohort-code').value === '{code}'")
    for player in players:
        player.close()
    context.close()
