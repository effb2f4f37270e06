"""Cohort pages: create with a plan, the dashboard (code, link, QR), ownership (404), the
join link, escaping."""

from __future__ import annotations

import time
from typing import Any

from tests.instructor.conftest import ack, csrf_token


def test_creating_a_cohort_with_a_plan_of_rounds(make_instructor: Any, services: Any) -> None:
    instructor_id, client = make_instructor("Ines")
    form = client.get("/instructor/cohorts/new").get_data(as_text=True)
    assert 'name="rounds-0-scenario"' in form and 'selected value="orange"' in form
    reply = client.post("/instructor/cohorts/new", data={
        "csrf_token": csrf_token(client, "/instructor/cohorts/new"),
        "name": "Tuesday class",
        "rounds-0-scenario": "orange", "rounds-0-minutes": "10",
        "rounds-0-grouping": "random",
        "rounds-1-scenario": "", "rounds-1-minutes": "15", "rounds-1-grouping": "random",
        "rounds-2-scenario": "three_party", "rounds-2-minutes": "20",
        "rounds-2-grouping": "rotate", "rounds-2-role_swap": "y",
        "rounds-3-scenario": "orange", "rounds-3-minutes": "5",
        "rounds-3-grouping": "alliance",
        "odd_policy": "trio", "dropout_policy": "instructor", "seat_limit": "40"})
    assert reply.status_code == 302, reply.get_data(as_text=True)
    [cohort] = services.cohorts.list_for(instructor_id)
    assert reply.headers["Location"] == f"/instructor/cohorts/{cohort.id}"
    assert cohort.name == "Tuesday class" and cohort.odd_policy == "trio"
    assert cohort.dropout_policy == "instructor" and cohort.seat_limit == 40
    assert cohort.plan == [
        {"scenario": "orange", "duration_s": 600, "grouping": "random", "role_swap": False},
        {"scenario": "three_party", "duration_s": 1200, "grouping": "rotate",
         "role_swap": True},
        {"scenario": "orange", "duration_s": 300, "grouping": "alliance", "role_swap": False}]
    page = client.get(f"/instructor/cohorts/{cohort.id}").get_data(as_text=True)
    assert f'data-testid="join-code">{cohort.code}<' in page
    assert f"http://localhost/join/{cohort.code}" in page
    assert "<svg" in page and "<?xml" not in page
    listing = client.get("/instructor/").get_data(as_text=True)
    assert "Tuesday class" in listing and cohort.code in listing


def test_a_cohort_form_with_problems_is_shown_again_and_nothing_is_stored(
        make_instructor: Any, services: Any) -> None:
    instructor_id, client = make_instructor("Ines")
    base = {"name": "Class", "odd_policy": "bot", "dropout_policy": "bot", "seat_limit": "30"}
    for data in ({**base},                                       # no round at all
                 {**base, "rounds-0-scenario": "nope"},          # unknown scenario
                 {**base, "rounds-0-scenario": "orange", "seat_limit": "1"},
                 {**base, "rounds-0-scenario": "orange", "odd_policy": "party"}):
        token = csrf_token(client, "/instructor/cohorts/new")
        reply = client.post("/instructor/cohorts/new", data={**data, "csrf_token": token})
        assert reply.status_code == 400
    assert services.cohorts.list_for(instructor_id) == []


def test_another_instructors_cohort_is_not_found(make_instructor: Any, make_cohort: Any,
                                                 dashboard: Any, trainee: Any,
                                                 services: Any) -> None:
    ines_id, ines = make_instructor("Ines")
    _, omar = make_instructor("Omar")
    cohort = make_cohort(ines_id)
    trainee(cohort.code, "Ada")
    trainee(cohort.code, "Bo")
    [negotiation] = services.cohorts.start_round(cohort.id, time.time())[1]
    assert ines.get(f"/instructor/cohorts/{cohort.id}").status_code == 200
    assert ines.get(f"/instructor/negotiations/{negotiation}").status_code == 200
    assert omar.get(f"/instructor/cohorts/{cohort.id}").status_code == 404
    assert omar.get(f"/instructor/negotiations/{negotiation}").status_code == 404
    assert omar.get("/instructor/cohorts/999").status_code == 404
    assert "Class" not in omar.get("/instructor/").get_data(as_text=True)
    sock = dashboard(omar)
    for event, payload in [("watch", {"cohort": cohort.id}),
                           ("round", {"cohort": cohort.id, "action": "end"}),
                           ("broadcast", {"cohort": cohort.id, "message": "hi"}),
                           ("remove", {"cohort": cohort.id, "participant": "x" * 32}),
                           ("observe", {"negotiation": negotiation}),
                           ("hand_to_bot", {"negotiation": negotiation, "seat": 0})]:
        reply = ack(sock, event, payload)
        assert reply == {"ok": False, "error": {"code": "forbidden", "message": reply[
            "error"]["message"]}}, (event, reply)
    received = sock.get_received()
    assert {m["name"] for m in received} == {"error"}
    assert not services.negotiations.state(negotiation).stage.closed


def test_anonymous_visitors_get_the_login_page_and_sockets_are_forbidden(
        app: Any, make_instructor: Any, make_cohort: Any, connect: Any) -> None:
    ines_id, _ = make_instructor("Ines")
    cohort = make_cohort(ines_id)
    client = app.test_client()
    for path in ("/instructor/", "/instructor/cohorts/new", f"/instructor/cohorts/{cohort.id}",
                 "/instructor/negotiations/1"):
        reply = client.get(path)
        assert reply.status_code == 302 and reply.headers["Location"].startswith("/login")
    sock = connect()
    assert ack(sock, "watch", {"cohort": cohort.id})["error"]["code"] == "forbidden"
    assert ack(sock, "round", {"cohort": cohort.id, "action": "start"})["error"][
        "code"] == "forbidden"


def test_the_join_link_fills_in_the_code(app: Any) -> None:
    client = app.test_client()
    reply = client.get("/join/abc234")
    assert reply.status_code == 302 and reply.headers["Location"] == "/?code=ABC234"
    assert client.get("/join/<script>").status_code == 404


def test_user_text_is_escaped(make_instructor: Any, services: Any) -> None:
    instructor_id, client = make_instructor("Ines")
    cohort = services.cohorts.create(instructor_id, "<script>alert(1)</script>",
                                     [{"scenario": "orange"}], "bot", 10, 0.0)
    page = client.get(f"/instructor/cohorts/{cohort.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
