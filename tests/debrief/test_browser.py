"""The debrief pages in Chromium: the projector page draws its three charts and replays a
group; the trainee's page finds their round by the token in localStorage. The app is served
in-process (werkzeug, threaded) on the class built by the `classroom` fixture."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from tests.debrief.conftest import HALVE_CHAT, PASSWORD, SPLIT_CHAT, Classroom

pytestmark = pytest.mark.browser
CHARTS = ("window.Chart && ['db-scatter', 'db-histogram', 'db-disclosure']"
          ".every(id => Chart.getChart(id))")


@pytest.fixture
def served(classroom: Classroom) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, classroom.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)  # see responses
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    return problems


def test_the_projector_page(served: str, classroom: Classroom,
                            chromium_browser: Any) -> None:  # noqa: F811
    context = chromium_browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{served}/instructor/cohorts/{classroom.cohort.id}/rounds/1/debrief")
    page.fill("#name", "Ines")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_function(CHARTS)
    assert page.evaluate("Chart.defaults.font.size") == 18
    datasets = page.evaluate("Chart.getChart('db-scatter').data.datasets"
                             ".map(d => [d.label, d.order, d.data.map(p => p.count || 1)])")
    # integrative, other deals, no deals: the two halvings share a dot, so do the two
    # no-deals at the BATNAs (30, 30), each with its count
    assert [d[2] for d in datasets[:3]] == [[1], [2], [2]]
    orders = {label: order for label, order, _ in datasets}
    for reference in ("Pareto frontier", "Nash", "All-compromise"):
        assert orders[reference] < orders["No deal (BATNAs)"] < orders["All outcomes"]
    assert "1 dot may stand for several groups" in page.inner_text("#db-scatter-note")
    assert "1 dot may stand for several groups" in page.inner_text("#db-disclosure-note")
    radii = page.evaluate("Chart.getChart('db-scatter').getDatasetMeta(1).data"
                          ".map(p => p.options.radius)")
    assert radii[0] > 9  # grows with the number of groups
    disclosure = page.evaluate("Chart.getChart('db-disclosure').data.datasets"
                               ".map(d => d.data.map(p => p.count))")
    assert sum(sum(counts) for counts in disclosure) == 5
    bot_row = page.inner_text(f"[data-testid=db-group-{classroom.bot_table.negotiation}]")
    assert "(bot)" not in bot_row
    assert page.locator(f"[data-testid=db-group-{classroom.bot_table.negotiation}] "
                        ".badge-bot").count() == 1
    assert page.locator("[data-testid=back-to-dashboard]").count() == 1
    assert "2 of 3 deals" in page.inner_text("[data-testid=fact-lose-lose]")
    page.click(f"[data-testid=db-replay-{classroom.tables[1].negotiation}]")
    page.wait_for_selector("#db-replay li")
    assert HALVE_CHAT in page.inner_text("#db-replay")
    assert page.evaluate("Chart.getChart('db-scatter').data.datasets[0].label") == (
        "Proposals (in order)")
    assert "Halving is lose/lose" in page.inner_text("#db-notes")
    page.screenshot(path="/tmp/debrief.png", full_page=True)
    page.goto(f"{served}/instructor/cohorts/{classroom.cohort.id}/leaderboard")
    page.wait_for_selector("[data-testid=lb-cumulative-claimed]")
    page.click("[data-testid=lb-tab-0]")
    page.wait_for_selector("[data-testid=lb-round-created]")
    assert "percentile among the trainees who played the same role; bots are not counted" in (
        page.inner_text("[data-testid=lb-claimed-note]").lower())
    assert page.inner_text("#lb-status") == "1 round"
    assert "(bot)" not in page.inner_text("[data-testid=lb-round-created]")
    page.click("[data-testid=back-to-dashboard]")
    page.wait_for_selector("[data-testid=after-round]")
    assert page.locator("[data-testid=debrief-link-1]").count() == 1
    assert problems == []
    context.close()


def test_every_histogram_bin_is_labelled_on_a_laptop(served: str, classroom: Classroom,
                                                     chromium_browser: Any) -> None:  # noqa: F811
    context = chromium_browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{served}/instructor/cohorts/{classroom.cohort.id}/rounds/1/debrief")
    page.fill("#name", "Ines")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_function(CHARTS)
    labels, ticks, drawn = page.evaluate("""() => {
      const chart = Chart.getChart('db-histogram');
      const x = chart.scales.x;
      return [chart.data.labels, x.ticks.map(t => x.getLabelForValue(t.value)),
              x.getLabelItems().map(item => item.label)];
    }""")
    assert len(labels) >= 10 and labels[-1] == "No deal"
    assert ticks == labels
    assert drawn == labels
    assert problems == []
    context.close()


def test_the_trainees_page(served: str, classroom: Classroom,
                           chromium_browser: Any) -> None:  # noqa: F811
    context = chromium_browser.new_context()
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{served}/debrief")
    page.evaluate(f"localStorage.setItem('partner-math.token', '{classroom.split.tokens[0]}')")
    page.reload()
    page.wait_for_function(CHARTS)
    page.wait_for_selector("#db-replay li")
    assert SPLIT_CHAT in page.inner_text("#db-replay")
    assert HALVE_CHAT not in page.content()
    assert problems == []
    context.close()
