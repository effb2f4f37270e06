"""Two trainees play the orange in real Chromium pages against the real server.

They join the practice lobby, get paired, ask "Why?" and reveal both chains of cards in turn
(give to get: each reveal lets the other go one level deeper), the hidden peel/juice option
appears, one proposes it, the other accepts, both sign, both see the result and the
leaderboard shows the deal. Every wait is a Playwright expectation (auto-waiting), no sleeps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "img" / "negotiation-table.png"
TIMEOUT_MS = 15_000


def orange() -> dict:
    """The orange scenario as its author wrote it (ids only are used, never texts)."""
    return yaml.safe_load((ROOT / "scenarios" / "orange.yaml").read_text(encoding="utf-8"))


def hidden_option(scenario: dict) -> tuple[str, str]:
    """(issue id, option id) of the option unlocked by both cooks' real interests."""
    for issue in scenario["issues"]:
        for option in issue["options"]:
            if option.get("unlocked_by"):
                return issue["id"], option["id"]
    raise AssertionError("the orange has no hidden option")


@pytest.fixture()
def pages(chromium_browser, live_server):
    """Two pages in two browser contexts (two trainees, separate localStorage)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    contexts = [chromium_browser.new_context(viewport={"width": 1366, "height": 900})
                for _ in range(2)]
    made = [context.new_page() for context in contexts]
    errors: list[str] = []
    for page in made:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield made
    for context in contexts:
        context.close()
    assert not errors, f"uncaught errors in the pages: {errors}"


def join_lobby(page, base: str, name: str) -> None:
    page.goto(base + "/")
    page.get_by_test_id("join-name").fill(name)
    page.get_by_test_id("join-scenario").select_option("orange")
    page.get_by_test_id("join-lobby").click()


def other_seat(page) -> int:
    """The seat of the partner, read from the "Why?" button the page offers."""
    from playwright.sync_api import expect

    button = page.locator('[data-testid^="ask-why-"]').first
    expect(button).to_be_visible()
    return int(button.get_attribute("data-testid").removeprefix("ask-why-"))


def trust_counts(page) -> list[str]:
    return page.locator('[data-testid^="trust-count-"]').all_inner_texts()


def answer_open_question(page) -> None:
    """Answer the one open question to this page with the card it offers."""
    from playwright.sync_api import expect

    answer = page.locator('[data-testid^="question-"] [data-testid^="answer-"]').first
    expect(answer).to_be_enabled()
    answer.click()
    expect(page.locator('[data-testid^="question-"]')).to_have_count(0)


def ask_about_latest(asker, seat: int) -> None:
    """Ask the partner "Why?" about their deepest revealed card (the only unanswered one)."""
    from playwright.sync_api import expect

    button = asker.locator(f'[data-testid^="ask-why-{seat}-"]')
    expect(button).to_have_count(1)
    expect(button).to_be_enabled()
    button.click()
    expect(button).to_be_disabled()


def test_two_cooks_find_the_peel_and_juice_deal(pages, live_server):
    from playwright.sync_api import expect

    scenario = orange()
    issue_id, split = hidden_option(scenario)
    alice, bob = pages

    join_lobby(alice, live_server, "Alice")
    expect(alice.get_by_test_id("lobby-waiting")).to_contain_text("Alice")
    join_lobby(bob, live_server, "Bob <b>")
    for page in pages:
        expect(page.get_by_test_id("stage")).to_have_attribute("data-stage", "discovering")
        expect(page.get_by_test_id("clock")).to_have_text(re.compile(r"^\d+:\d\d"))
        expect(page.get_by_test_id("brief").locator("h2").first).to_be_visible()
        expect(page.locator(f'[data-testid="new-{issue_id}-{split}"]')).to_have_count(0)
    # Names are text, never markup.
    expect(alice.get_by_test_id("members")).to_contain_text("Bob <b>")
    bob_seat, alice_seat = other_seat(alice), other_seat(bob)

    # Chat, when the scenario has it on.
    if scenario["rules"].get("chat", True):
        line = "Why do you need the orange?"
        alice.get_by_test_id("chat-input").fill(line)
        alice.get_by_test_id("chat-send").click()
        expect(alice.get_by_test_id("chat-input")).to_have_value("")
        expect(bob.get_by_test_id("chat-lines")).to_contain_text(f"Alice: {line}")

    # Depth 1: Alice asks Bob "Why?"; Bob answers with his position.
    alice.get_by_test_id(f"ask-why-{bob_seat}").click()
    expect(bob.locator('[data-testid^="question-"]')).to_have_count(1)
    answer_open_question(bob)
    expect(alice.get_by_test_id(f"revealed-by-{bob_seat}").locator(".card")).to_have_count(1)

    # Give to get: Bob cannot go deeper until Alice has shared something too.
    blocked = bob.locator('[data-testid^="blocked-"]')
    expect(blocked.first).to_contain_text("Give to get")
    expect(bob.get_by_test_id("trust-level")).to_have_text("0")
    share = alice.locator('[data-testid^="share-"]:enabled')
    expect(share).to_have_count(1)
    share.click()
    expect(bob.get_by_test_id("trust-level")).to_have_text("1")

    # Depth 2 and 3, each side in turn.
    for _depth in (2, 3):
        ask_about_latest(alice, bob_seat)
        answer_open_question(bob)
        ask_about_latest(bob, alice_seat)
        answer_open_question(alice)
    for page in pages:
        expect(page.get_by_test_id("revealed").locator(".card")).to_have_count(6)
        expect(page.get_by_test_id(f"new-{issue_id}-{split}")).to_be_visible()
        expect(page.get_by_test_id("trust-level")).to_have_text("3")

    # The screenshot for the docs: the table once the split option appeared.
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    alice.screenshot(path=str(SCREENSHOT), full_page=True)

    # Alice proposes the split; her points show live from her own table.
    alice.get_by_test_id(f"pkg-{issue_id}").select_option(split)
    expect(alice.get_by_test_id("pkg-points")).to_have_text("100")
    alice.get_by_test_id("propose").click()
    accept = bob.locator('[data-testid^="accept-"]')
    expect(accept).to_have_count(1)
    expect(bob.locator('[data-testid^="proposal-"]')).to_contain_text("100")
    accept.click()
    for page in pages:
        expect(page.get_by_test_id("stage")).to_have_attribute("data-stage", "mou")
        expect(page.get_by_test_id("mou")).to_contain_text("100")
    alice.get_by_test_id("sign").click()
    expect(alice.get_by_test_id("sign")).to_be_disabled()
    expect(bob.get_by_test_id("signatures")).to_contain_text("Alice")
    bob.get_by_test_id("sign").click()

    for page in pages:
        expect(page.get_by_test_id("result")).to_be_visible()
        expect(page.get_by_test_id("result-you-points")).to_have_text("100")
        expect(page.get_by_test_id("result-partner-points")).to_have_text("100")
        expect(page.get_by_test_id("result-joint")).to_have_text("200")
        expect(page.get_by_test_id("result-max-joint")).to_have_text("200")
        expect(page.get_by_test_id("result-left")).to_have_text("0")
        expect(page.get_by_test_id("result-efficiency")).to_have_text("1.00")
        expect(page.get_by_test_id("result-efficiency-note")).to_contain_text(
            "0 is the all-compromise outcome")
        expect(page.get_by_test_id("result-sources")).to_contain_text("Yao, Li & Storme, IACM 2026")
        expect(page.get_by_test_id("result-sources")).to_contain_text("Thompson 1991")
        expect(page.get_by_test_id("flag-pareto")).to_be_visible()

    bob.get_by_test_id("debrief-link").click()  # the trainee's own debrief, by seat token
    expect(bob).to_have_url(re.compile(r"/debrief$"))
    expect(bob.get_by_test_id("db-groups")).to_contain_text("Alice")
    expect(bob.get_by_test_id("db-replay")).to_contain_text("Why do you need the orange?")

    alice.get_by_test_id("leaderboard-link").click()
    expect(alice).to_have_url(re.compile(r"/leaderboard\?scenario=orange$"))
    expect(alice.get_by_test_id("lb-scenario")).to_have_value("orange")
    created = alice.get_by_test_id("lb-created")
    row = created.locator('[data-testid^="created-row-"]').filter(has_text="Alice")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Bob <b>")
    expect(row).to_contain_text("200")
    expect(row).to_contain_text("1.00")
    expect(alice.get_by_test_id("lb-claimed")).to_contain_text("Alice")
    # Roles by name, never by id, on both boards.
    role_names = {role["id"]: role["name"] for role in scenario["roles"]}
    claimed = alice.get_by_test_id("lb-claimed")
    for role_id, name in role_names.items():
        expect(claimed).to_contain_text(name)
        expect(row).to_contain_text(f"({name})")
        if role_id.lower() not in name.lower():
            expect(claimed.locator("td").filter(has_text=re.compile(f"^{role_id}$"))).to_have_count(0)

    # The plain /leaderboard opens on the orange too.
    alice.goto(live_server + "/leaderboard")
    expect(alice.get_by_test_id("lb-scenario")).to_have_value("orange")
    expect(alice.get_by_test_id("lb-created").locator('[data-testid^="created-row-"]')
           .filter(has_text="Alice")).to_have_count(1)


HOSTILE_NAME = '<img src=x onerror="window.__xss=1">'


def test_reload_takeover_and_walk_away(chromium_browser, live_server):
    """A reload lands in the same seat; a second tab takes the seat over and the first stops;
    walking away (after a confirm) closes with no deal for both; names stay plain text."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    batnas = [role["batna"] for role in orange()["roles"]]
    first, second = (chromium_browser.new_context(viewport={"width": 390, "height": 844})
                     for _ in range(2))
    try:
        carol, dave = first.new_page(), second.new_page()

        # A token the server cannot verify is forgotten and the join page shown.
        carol.goto(live_server + "/")
        carol.evaluate("localStorage.setItem('partner-math.token', 'forged.token')")
        carol.reload()
        expect(carol.get_by_test_id("error-toast").first).to_be_visible()
        expect(carol.get_by_test_id("join-name")).to_be_visible()
        assert carol.evaluate("localStorage.getItem('partner-math.token')") is None
        carol.get_by_test_id("error-toast").locator(".toast-close").click()
        expect(carol.get_by_test_id("error-toast")).to_have_count(0)

        # A join code that does not exist is refused with a message, not a crash.
        carol.get_by_test_id("cohort-name").fill("Carol")
        carol.get_by_test_id("cohort-code").fill("NO-SUCH-CODE")
        carol.get_by_test_id("join-code").click()
        expect(carol.get_by_test_id("error-toast").first).to_be_visible()

        # Dave waits, then leaves: later lobby news must not pull him back in.
        join_lobby(dave, live_server, "Dave")
        expect(dave.get_by_test_id("lobby-waiting")).to_contain_text("Dave")
        dave.get_by_test_id("lobby-leave").click()
        expect(dave.get_by_test_id("join-name")).to_be_visible()
        join_lobby(carol, live_server, HOSTILE_NAME)
        expect(carol.get_by_test_id("lobby-waiting")).to_have_text(HOSTILE_NAME)
        expect(dave.get_by_test_id("join-name")).to_be_visible()
        dave.get_by_test_id("join-lobby").click()
        for page in (carol, dave):
            expect(page.get_by_test_id("stage")).to_have_attribute("data-stage", "discovering")
        expect(dave.get_by_test_id("members")).to_contain_text(HOSTILE_NAME)
        role = carol.get_by_test_id("own-role").inner_text()

        # Reload: same seat, same role, full state.
        carol.reload()
        expect(carol.get_by_test_id("stage")).to_have_attribute("data-stage", "discovering")
        expect(carol.get_by_test_id("own-role")).to_have_text(role)

        # A second tab with the same token takes over; the first stops acting.
        carol_tab2 = first.new_page()
        carol_tab2.goto(live_server + "/")
        expect(carol_tab2.get_by_test_id("own-role")).to_have_text(role)
        expect(carol.get_by_test_id("replaced")).to_be_visible()
        carol.bring_to_front()  # a background tab gets no animation frames: clicks would crawl
        carol.get_by_test_id("take-over").click()
        expect(carol.get_by_test_id("stage")).to_be_visible()
        expect(carol_tab2.get_by_test_id("replaced")).to_be_visible()

        # Walk away asks first; cancelling keeps the table.
        carol.get_by_test_id("walk-away").click()
        carol.get_by_test_id("walk-cancel").click()
        expect(carol.get_by_test_id("stage")).to_have_attribute("data-stage", "discovering")
        carol.get_by_test_id("walk-away").click()
        carol.get_by_test_id("walk-confirm").click()
        for page in (carol, dave):
            expect(page.get_by_test_id("result")).to_be_visible()
            expect(page.get_by_test_id("result-joint")).to_have_text(str(sum(batnas)))
            assert page.evaluate("window.__xss") is None
        # Who walked away, when the view says (closed.by); the name stays text.
        expect(carol.get_by_test_id("result-reason")).to_contain_text("You walked away")
        expect(dave.get_by_test_id("result-reason")).to_contain_text(f"{HOSTILE_NAME} (")
        expect(dave.get_by_test_id("result-reason")).to_contain_text("walked away")
        expect(dave.get_by_test_id("result-efficiency-note")).to_contain_text(
            "0 is the all-compromise outcome")
    finally:
        first.close()
        second.close()


def test_practise_against_a_bot(chromium_browser, live_server):
    """A trainee alone practises against a bot persona: seated at once, the bot is marked."""
    import json
    import urllib.error
    import urllib.request

    from playwright.sync_api import expect

    with urllib.request.urlopen(live_server + "/api/bot-personas", timeout=5) as reply:
        personas = json.load(reply)
    assert "collaborator" in [p["id"] for p in personas]
    expect.set_options(timeout=TIMEOUT_MS)
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server + "/")
        page.get_by_test_id("join-name").fill("Solo")
        page.get_by_test_id("join-persona").select_option(personas[0]["id"])
        page.get_by_test_id("join-bot").click()
        # The bot may already have shared a card or proposed: any open stage will do.
        expect(page.get_by_test_id("stage")).to_have_attribute(
            "data-stage", re.compile(r"^(discovering|proposing|mou)$"))
        expect(page.get_by_test_id("members").locator(".badge-bot")).to_have_count(1)
        page.get_by_test_id("walk-away").click()
        page.get_by_test_id("walk-confirm").click()
        expect(page.get_by_test_id("result")).to_be_visible()
    finally:
        context.close()


def test_halving_the_orange_is_flagged_lose_lose_naming_the_issue(pages, live_server):
    """Cutting the orange in half without asking why: the result names the lose/lose issue."""
    from playwright.sync_api import expect

    alice, bob = pages
    join_lobby(alice, live_server, "Alice")
    join_lobby(bob, live_server, "Bob")
    for page in pages:
        expect(page.get_by_test_id("stage")).to_have_attribute("data-stage", "discovering")
    title = next(i["title"] for i in orange()["issues"] if i["id"] == "orange")
    alice.get_by_test_id("pkg-orange").select_option("halve")
    alice.get_by_test_id("propose").click()
    bob.locator('[data-testid^="accept-"]').click()
    alice.get_by_test_id("sign").click()
    expect(alice.get_by_test_id("sign")).to_be_disabled()
    bob.get_by_test_id("sign").click()
    for page in pages:
        expect(page.get_by_test_id("result-efficiency")).to_have_text("0.00")
        expect(page.get_by_test_id("flag-lose-lose")).to_contain_text(f"“{title}”")
