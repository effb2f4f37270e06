"""A whole class in Chromium against the real server (issue #5, "Done when").

An instructor created by the real CLI logs in, creates a cohort of one one-minute round of
The Orange (random grouping, a bot for the odd seat) and reads the join code; five trainees
open the join link in their own browser contexts and join; the lobby shows all five; the
instructor starts the round and the monitor shows three tables, one with a bot. One pair
asks "Why?", gives to get and signs the peel/juice split; at the second table one trainee
chats, reloads mid-round, finds the same seat and state and chats on; the trainee beside the
bot says hello. Nobody walks away, so the two open tables close on the server's clock. The
debrief draws a dot per group, the round's leaderboards rank with standard competition
ranks, and the results CSV (downloaded from the debrief's link) has a row for every trainee
and the bot's seat, exactly as docs/export.md describes.

Every wait is a Playwright expectation or wait_for_function; no sleeps.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_orange_browser import (
    answer_open_question,
    ask_about_latest,
    hidden_option,
    orange,
    other_seat,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD_PNG = ROOT / "docs" / "img" / "instructor-dashboard.png"
DEBRIEF_PNG = ROOT / "docs" / "img" / "debrief.png"
PASSWORD = "correct horse battery staple"
INSTRUCTOR = "Ines"
TRAINEES = ["Ana", "Ben", "Chloé", "Dev", "Zoë"]
TIMEOUT_MS = 15_000
DEADLINE_MS = 120_000   # covers the one-minute round from the moment it starts, with margin
CHARTS = "['db-scatter', 'db-histogram', 'db-disclosure'].every(id => Chart.getChart(id))"
OPEN_STAGE = re.compile(r"^(discovering|proposing|mou)$")


def create_instructor(env: dict[str, str], name: str) -> None:
    """`partner-math instructors create NAME`, the real console script, on the server's
    database; the password comes from PARTNER_MATH_PASSWORD."""
    command = Path(sys.executable).parent / "partner-math"
    result = subprocess.run([str(command), "instructors", "create", name],
                            env={**env, "PARTNER_MATH_PASSWORD": PASSWORD},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def documented_columns() -> list[str]:
    """The results.csv columns in the order docs/export.md lists them."""
    text = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    section = text.split("## results.csv", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def watch(page: Any, problems: list[str]) -> Any:
    """Collect uncaught errors, console errors and failed responses of `page`."""
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    page.on("console", lambda m: problems.append(f"{page.url}: {m.text}")
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    return page


def partner_name(page: Any) -> str:
    """The other member's display name at this page's table."""
    others = page.get_by_test_id("members").locator("li.member").filter(
        has_not_text="(you)").locator(".member-head strong")
    return str(others.first.inner_text()).strip()


def own_seat(page: Any) -> str:
    """The data-testid (member-<seat>) of this page's own row at the table."""
    row = page.get_by_test_id("members").locator("li.member").filter(has_text="(you)")
    return str(row.get_attribute("data-testid"))


def send_chat(page: Any, text: str) -> None:
    from playwright.sync_api import expect

    page.get_by_test_id("chat-input").fill(text)
    page.get_by_test_id("chat-send").click()
    expect(page.get_by_test_id("chat-input")).to_have_value("")


def play_the_split(a: Any, b: Any, issue_id: str, split: str) -> None:
    """Ask "Why?", give to get through depth 3, propose the peel/juice split, accept, sign
    (the sequence of tests/browser/test_orange_browser.py)."""
    from playwright.sync_api import expect

    b_seat, a_seat = other_seat(a), other_seat(b)
    a.get_by_test_id(f"ask-why-{b_seat}").click()
    expect(b.locator('[data-testid^="question-"]')).to_have_count(1)
    answer_open_question(b)
    share = a.locator('[data-testid^="share-"]:enabled')
    expect(share).to_have_count(1)
    share.click()
    expect(b.get_by_test_id("trust-level")).to_have_text("1")
    for _depth in (2, 3):
        ask_about_latest(a, b_seat)
        answer_open_question(b)
        ask_about_latest(b, a_seat)
        answer_open_question(a)
    for page in (a, b):
        expect(page.get_by_test_id(f"new-{issue_id}-{split}")).to_be_visible()
    a.get_by_test_id(f"pkg-{issue_id}").select_option(split)
    a.get_by_test_id("propose").click()
    accept = b.locator('[data-testid^="accept-"]')
    expect(accept).to_have_count(1)
    accept.click()
    for page in (a, b):
        expect(page.get_by_test_id("stage")).to_have_attribute("data-stage", "mou")
    a.get_by_test_id("sign").click()
    expect(a.get_by_test_id("sign")).to_be_disabled()
    b.get_by_test_id("sign").click()
    for page in (a, b):
        expect(page.get_by_test_id("result-reason")).to_have_text("Deal signed.")
        expect(page.get_by_test_id("result-efficiency")).to_have_text("1.00")


def table_rows(page: Any, testid: str) -> list[list[str]]:
    """The body cells of a leaderboard table, as text."""
    rows = page.get_by_test_id(testid).locator("tbody tr")
    return [[str(c).strip() for c in row.locator("td").all_inner_texts()] for row in rows.all()]


def competition_ranks(keys: list[tuple[float, float]]) -> list[int]:
    """Standard competition ranks of keys already sorted best first (1, 2, 2, 4)."""
    return [1 + sum(1 for other in keys if other > key) for key in keys]


def test_a_whole_class_plays_a_round(server_factory: Any, chromium_browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    issue_id, split = hidden_option(orange())
    server = server_factory(GRACE_PERIOD_S="600")  # a reload never hands the seat to a bot
    url = server.start().url
    create_instructor(server.env, INSTRUCTOR)
    problems: list[str] = []
    contexts = []
    try:
        # ---- the instructor logs in and creates the cohort ---------------------------------
        teacher = chromium_browser.new_context(viewport={"width": 1440, "height": 1000})
        contexts.append(teacher)
        board = watch(teacher.new_page(), problems)
        board.goto(f"{url}/login")
        board.fill("#name", INSTRUCTOR)
        board.fill("#password", PASSWORD)
        board.click("button[type=submit]")
        board.wait_for_url(f"{url}/instructor/")
        board.goto(f"{url}/instructor/cohorts/new")
        board.fill("#name", "Whole class")
        plan = board.locator("tr.plan-row")
        expect(plan.first.locator("select[name$='-scenario']")).to_have_value("orange")
        minutes = plan.first.locator("input[name$='-minutes']")
        shortest = minutes.get_attribute("min")
        assert shortest == "1"
        minutes.fill(shortest)
        plan.first.locator("select[name$='-grouping']").select_option("random")
        for index in range(1, plan.count()):  # one round only: the other rows stay empty
            plan.nth(index).locator("select[name$='-scenario']").select_option("")
        board.locator("select[name=odd_policy]").select_option("bot")
        board.click("text=Create the cohort")
        expect(board.get_by_test_id("join-code")).to_be_visible()
        code = board.get_by_test_id("join-code").inner_text().strip()
        join_link = str(board.get_by_test_id("join-link").get_attribute("href"))
        assert join_link.endswith(f"/join/{code}")
        cohort_id = int(board.locator("#dashboard").get_attribute("data-cohort") or 0)
        expect(board.locator("#connection")).to_have_attribute("data-status", "connected")
        expect(board.locator(".plan-list li")).to_have_count(1)
        expect(board.locator(".plan-list li")).to_contain_text("1 min")

        # ---- five trainees follow the join link --------------------------------------------
        pages: dict[str, Any] = {}
        for name in TRAINEES:
            context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
            contexts.append(context)
            page = watch(context.new_page(), problems)
            page.goto(join_link)
            expect(page.get_by_test_id("cohort-code")).to_have_value(code)
            expect(page.get_by_test_id("cohort-name")).to_be_focused()  # the class comes first
            page.get_by_test_id("cohort-name").fill(name)
            page.get_by_test_id("join-code").click()
            expect(page.get_by_test_id("lobby-waiting")).to_contain_text(name)
            expect(page.locator("#lobby-needed")).to_contain_text(
                "Waiting for your instructor to start the round")
            pages[name] = page
        lobby = board.get_by_test_id("lobby-list").locator("li")
        expect(lobby).to_have_count(5)
        for name in TRAINEES:
            expect(lobby.filter(has_text=name)).to_have_count(1)
        expect(board.locator("#lobby-count")).to_have_text("5 waiting · 5 joined")

        # ---- the round starts: three tables, one with a bot --------------------------------
        board.get_by_test_id("round-start").click()
        groups = board.locator("#groups tr[data-stage]")
        expect(groups).to_have_count(3)
        expect(groups.filter(has_text="(bot)")).to_have_count(1)
        expect(board.get_by_test_id("round-status")).to_contain_text("1 of 1")
        for page in pages.values():
            expect(page.get_by_test_id("stage")).to_have_attribute("data-stage", OPEN_STAGE)
            expect(page.get_by_test_id("clock")).to_have_text(re.compile(r"^[01]:\d\d"))
        beside_bot = [n for n, p in pages.items()
                      if p.get_by_test_id("members").locator(".badge-bot").count() == 1]
        assert len(beside_bot) == 1
        odd = beside_bot[0]
        paired = [n for n in TRAINEES if n != odd]
        partners = {n: partner_name(pages[n]) for n in paired}
        assert all(partners[partners[n]] == n for n in paired), partners
        first = paired[0]
        dealers = [first, partners[first]]
        chatters = [n for n in paired if n not in dealers]

        # ---- table 1 finds the integrative deal --------------------------------------------
        play_the_split(pages[dealers[0]], pages[dealers[1]], issue_id, split)
        expect(groups.filter(has_text=dealers[0])).to_have_attribute("data-stage", "signed")

        # ---- table 2 chats; one of them reloads mid-round and carries on -------------------
        stayer, reloader = (pages[n] for n in chatters)
        send_chat(pages[chatters[1]], "Why do you need the orange?")
        expect(stayer.get_by_test_id("chat-lines")).to_contain_text(
            f"{chatters[1]}: Why do you need the orange?")
        seat, role = own_seat(reloader), reloader.get_by_test_id("own-role").inner_text()
        reloader.reload()
        expect(reloader.get_by_test_id("stage")).to_have_attribute("data-stage", OPEN_STAGE)
        expect(reloader.get_by_test_id("own-role")).to_have_text(role)
        assert own_seat(reloader) == seat
        expect(reloader.get_by_test_id("members")).to_contain_text(chatters[0])
        expect(reloader.get_by_test_id("chat-lines")).to_contain_text(
            "Why do you need the orange?")
        expect(reloader.get_by_test_id("clock")).to_have_text(re.compile(r"^0:\d\d"))
        send_chat(reloader, "Back after a reload: for the juice.")
        expect(stayer.get_by_test_id("chat-lines")).to_contain_text(
            f"{chatters[1]}: Back after a reload: for the juice.")

        # ---- the odd trainee greets the bot ------------------------------------------------
        send_chat(pages[odd], "Hello, bot.")
        expect(pages[odd].get_by_test_id("chat-lines")).to_contain_text("You: Hello, bot.")

        # The dashboard mid-round: one deal signed, two tables still negotiating, all online.
        expect(groups.filter(has_text=chatters[0])).to_have_attribute("data-stage", OPEN_STAGE)
        expect(board.locator("#groups .dot.off")).to_have_count(0)
        DASHBOARD_PNG.parent.mkdir(parents=True, exist_ok=True)
        board.screenshot(path=str(DASHBOARD_PNG), full_page=True)

        # ---- nobody walks away: the server's clock ends the round --------------------------
        for name in (*chatters, odd):
            expect(pages[name].get_by_test_id("result-reason")).to_contain_text(
                "Time ran out", timeout=DEADLINE_MS)
        expect(groups.filter(has_text="(bot)")).to_have_attribute(
            "data-stage", "expired")
        expect(board.locator("#groups tr[data-stage=expired]")).to_have_count(2)
        expect(board.locator("#groups tr[data-stage=signed]")).to_have_count(1)

        # ---- the debrief: a dot per group --------------------------------------------------
        debrief = watch(teacher.new_page(), problems)
        debrief.set_viewport_size({"width": 1600, "height": 1000})
        debrief.goto(f"{url}/instructor/cohorts/{cohort_id}/rounds/1/debrief")
        debrief.wait_for_function(CHARTS)
        dots = debrief.evaluate(
            "Chart.getChart('db-scatter').data.datasets.slice(0, 3)"
            ".map(d => [d.label, d.data.map(p => [p.x, p.y, p.count || 1])])")
        assert [label for label, _ in dots] == [
            "Found the integrative deal", "Other deal", "No deal (BATNAs)"]
        # a dot per group: groups at the same point share one dot that counts them
        assert [sum(n for _, _, n in points) for _, points in dots] == [1, 0, 2]
        assert dots[0][1] == [[100, 100, 1]] and dots[2][1] == [[30, 30, 2]]
        expect(debrief.get_by_test_id("db-groups").locator("tbody tr")).to_have_count(3)
        expect(debrief.get_by_test_id("fact-groups")).to_have_text("3")
        expect(debrief.get_by_test_id("fact-integrative")).to_have_text("1 of 3")
        DEBRIEF_PNG.parent.mkdir(parents=True, exist_ok=True)
        debrief.screenshot(path=str(DEBRIEF_PNG), full_page=True)

        # ---- the results CSV from the debrief's link ---------------------------------------
        with debrief.expect_download() as download:
            debrief.get_by_role("link", name="Results (CSV)").click()
        raw = Path(download.value.path()).read_bytes()
        assert download.value.suggested_filename == f"{code}-results.csv"
        text = raw.decode("utf-8")
        assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # RFC 4180 line ends
        header = next(csv.reader(io.StringIO(text)))
        assert header == documented_columns()
        rows = list(csv.DictReader(io.StringIO(text)))
        trainee_rows = [r for r in rows if r["bot"] == "false"]
        bot_rows = [r for r in rows if r["bot"] == "true"]
        assert len(rows) == 6  # a row per trainee, and one for the bot's seat
        assert sorted(r["name"] for r in trainee_rows) == sorted(TRAINEES)
        assert len({r["participant"] for r in trainee_rows}) == 5
        assert len(bot_rows) == 1 and bot_rows[0]["bot_played"] == "true"
        for row in rows:
            assert (row["cohort"], row["cohort_name"], row["round"], row["scenario"],
                    row["sat_out"], row["sat_out_reason"]) == (
                code, "Whole class", "1", "orange", "false", "")
        by_name = {r["name"]: r for r in trainee_rows}
        for name in dealers:
            assert (by_name[name]["close_reason"], by_name[name]["deal"],
                    by_name[name]["package"], by_name[name]["efficiency"]) == (
                "signed", "true", f"{issue_id}={split}", "1.0")
        for name in (*chatters, odd):
            assert (by_name[name]["close_reason"], by_name[name]["deal"],
                    by_name[name]["package"]) == ("deadline", "false", "")
        assert by_name[odd]["negotiation"] == bot_rows[0]["negotiation"]
        assert by_name[chatters[1]]["bot_played"] == "false"  # the reload kept the seat
        for negotiation in {r["negotiation"] for r in rows}:
            seats = [r for r in rows if r["negotiation"] == negotiation]
            assert len(seats) == 2
            assert sum(int(r["points"]) for r in seats) == int(seats[0]["joint"])

        # ---- the round's leaderboards ------------------------------------------------------
        boards = watch(teacher.new_page(), problems)
        boards.goto(f"{url}/instructor/cohorts/{cohort_id}/leaderboard")
        expect(boards.get_by_test_id("lb-cumulative-claimed")).to_be_visible()
        boards.get_by_test_id("lb-tab-0").click()
        expect(boards.get_by_test_id("lb-round-created").locator("tbody tr")).to_have_count(3)
        created = table_rows(boards, "lb-round-created")  # #, Group, Joint, E, Outcome
        keys = [(float(r[3]), float(r[2])) for r in created]
        assert keys == sorted(keys, reverse=True)
        assert [int(r[0]) for r in created] == competition_ranks(keys) == [1, 2, 2]
        assert [r[3] for r in created] == ["1.00", "-0.17", "-0.17"]
        assert all(name in created[0][1] for name in dealers)
        assert created[0][4] == "Deal" and [r[4] for r in created[1:]] == ["No deal"] * 2
        assert sum("bot" in r[1] for r in created) == 1
        claimed = table_rows(boards, "lb-round-claimed")  # #, Trainee, Role, Points, Pct
        assert sorted(r[1] for r in claimed) == sorted(TRAINEES)  # bots left out
        keys = [(float(r[4]), float(r[3])) for r in claimed]
        assert keys == sorted(keys, reverse=True)
        assert [int(r[0]) for r in claimed] == competition_ranks(keys)
        assert {r[1] for r in claimed if r[0] == "1"} <= set(dealers)
        assert problems == [], problems
    finally:
        for context in contexts:
            context.close()
