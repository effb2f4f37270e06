"""The trainee client's guards: one `join` per click, however eager the click, and no action
sent (or queued) while the connection is down. Real Chromium pages against the real server;
every wait is a Playwright expectation, never a sleep.
"""

from __future__ import annotations

import json
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT_MS = 15_000
OFFLINE_LINE = "typed while offline: must never arrive"


def record_events(page) -> list[tuple[str, object]]:
    """Every Socket.IO event this page sends, as (name, payload), in order."""
    sent: list[tuple[str, object]] = []

    def on_frame(payload: str | bytes) -> None:
        text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
        match = re.match(r"^42\d*(\[.*)$", text, re.S)   # EVENT packet, optional ack id
        if match:
            event = json.loads(match.group(1))
            sent.append((event[0], event[1] if len(event) > 1 else None))

    page.on("websocket", lambda ws: ws.on("framesent", on_frame))
    return sent


def sent_named(sent: list[tuple[str, object]], name: str) -> list[object]:
    return [payload for event, payload in sent if event == name]


@pytest.fixture()
def browser_context(chromium_browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    made = []

    def make(**options):
        context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        made.append(context)
        return context
    yield make
    for context in made:
        context.close()


def test_eager_joins_send_one_join_and_offline_sends_nothing(browser_context, live_server):
    """A double click and a double Enter each join once; offline, a banner shows, the action
    buttons are disabled, a chat line is refused with a toast and never reaches the server,
    even after the reconnection."""
    from playwright.sync_api import expect

    erin_context, finn_context = browser_context(), browser_context()
    erin, finn = erin_context.new_page(), finn_context.new_page()
    errors: list[str] = []
    for page in (erin, finn):
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    erin_sent, finn_sent = record_events(erin), record_events(finn)

    erin.goto(live_server + "/")
    expect(erin.get_by_test_id("connection")).to_have_attribute("data-status", "connected")
    erin.get_by_test_id("join-name").fill("Erin")
    erin.get_by_test_id("join-lobby").dblclick()
    expect(erin.get_by_test_id("lobby-waiting")).to_contain_text("Erin")
    expect(erin.get_by_test_id("join-lobby")).to_be_disabled()

    finn.goto(live_server + "/")
    expect(finn.get_by_test_id("connection")).to_have_attribute("data-status", "connected")
    finn.get_by_test_id("join-name").fill("Finn")
    finn.get_by_test_id("join-name").press("Enter")
    finn.get_by_test_id("join-name").press("Enter")
    for page in (erin, finn):
        expect(page.get_by_test_id("stage")).to_have_attribute("data-stage", "discovering")
    assert len(sent_named(erin_sent, "join")) == 1, erin_sent
    assert len(sent_named(finn_sent, "join")) == 1, finn_sent
    expect(erin.get_by_test_id("error-toast")).to_have_count(0)
    expect(finn.get_by_test_id("error-toast")).to_have_count(0)

    # Offline: a clear banner, the action buttons disabled.
    banner = erin.get_by_test_id("offline-banner")
    expect(banner).to_be_hidden()
    expect(erin.get_by_test_id("walk-away")).to_be_enabled()
    erin_context.set_offline(True)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("offline")
    for testid in ("walk-away", "propose", "chat-send"):
        expect(erin.get_by_test_id(testid)).to_be_disabled()
    expect(erin.locator('[data-testid^="ask-why-"]').first).to_be_disabled()
    expect(erin.locator('[data-testid^="share-"]:enabled')).to_have_count(0)

    # A chat line submitted offline is not sent and not queued: a toast says so.
    erin.get_by_test_id("chat-input").fill(OFFLINE_LINE)
    erin.locator("#chat-form").evaluate("form => form.requestSubmit()")
    expect(erin.get_by_test_id("offline-toast")).to_contain_text(
        "You are offline; nothing was sent")
    expect(erin.get_by_test_id("chat-input")).to_have_value(OFFLINE_LINE)

    # Back online: the banner goes, the buttons come back, and only what is sent now arrives.
    erin_context.set_offline(False)
    expect(banner).to_be_hidden()
    expect(erin.get_by_test_id("walk-away")).to_be_enabled()
    expect(erin.get_by_test_id("chat-send")).to_be_enabled()
    erin.get_by_test_id("chat-input").fill("back online")
    erin.get_by_test_id("chat-send").click()
    expect(finn.get_by_test_id("chat-lines")).to_contain_text("Erin: back online")
    expect(erin.get_by_test_id("chat-lines")).to_contain_text("back online")
    expect(finn.get_by_test_id("chat-lines")).not_to_contain_text(OFFLINE_LINE)
    expect(erin.get_by_test_id("chat-lines")).not_to_contain_text(OFFLINE_LINE)
    assert [p for p in sent_named(erin_sent, "chat") if OFFLINE_LINE in json.dumps(p)] == []
    assert not errors, errors


def test_bot_and_class_joins_send_one_join(browser_context, live_server):
    """"Join the class" and "Practise against a bot" are single-shot too; a refused join
    gives the button back."""
    from playwright.sync_api import expect

    page = browser_context().new_page()
    sent = record_events(page)
    page.goto(live_server + "/")
    expect(page.get_by_test_id("connection")).to_have_attribute("data-status", "connected")

    page.get_by_test_id("cohort-name").fill("Gail")
    page.get_by_test_id("cohort-code").fill("NO-SUCH-CODE")
    page.get_by_test_id("join-code").dblclick()
    expect(page.get_by_test_id("error-toast").first).to_be_visible()
    expect(page.get_by_test_id("join-code")).to_be_enabled()   # refused: may try again
    assert len(sent_named(sent, "join")) == 1, sent

    page.get_by_test_id("join-name").fill("Gail")
    page.get_by_test_id("join-bot").dblclick()
    expect(page.get_by_test_id("members").locator(".badge-bot")).to_have_count(1)
    assert len(sent_named(sent, "join")) == 2, sent
    assert sent_named(sent, "join")[-1]["bot"]


def test_leaderboard_opens_on_the_orange(browser_context, live_server):
    """Without ?scenario= the leaderboard shows the orange, not the first title alphabetically;
    with it, the scenario named."""
    import urllib.request

    from playwright.sync_api import expect

    with urllib.request.urlopen(live_server + "/api/scenarios", timeout=5) as reply:
        ids = [s["id"] for s in json.load(reply)]
    page = browser_context().new_page()
    page.goto(live_server + "/leaderboard")
    expect(page.get_by_test_id("lb-scenario")).to_have_value("orange")
    expect(page.get_by_test_id("lb-status")).to_contain_text("updated")
    other = next(i for i in ids if i != "orange")
    page.goto(live_server + f"/leaderboard?scenario={other}")
    expect(page.get_by_test_id("lb-scenario")).to_have_value(other)
    # The favicon is linked and served.
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert href == "/static/favicon.svg"
    assert page.request.get(live_server + href).ok
