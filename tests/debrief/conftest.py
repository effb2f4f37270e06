"""A class that played The Orange, built through the real services and Socket.IO test clients.

Round 1 of a two-round cohort (odd-number policy "bot", 9 trainees, so 4 trainee pairs and
one trainee beside a bot), with outcomes chosen by the negotiation order of the tables:

    first pair   reveals both chains and signs the peel/juice split   (100, 100)
    second pair  halves the orange                                   (40, 40)
    third pair   halves the orange                                   (40, 40)
    fourth pair  a bot takes seat 1, then seat 0 walks away          BATNAs (30, 30)
    bot table    the instructor ends the round: no deal               BATNAs (30, 30)

Instructors log in through the real /login form.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from game.core import commands as cmd
from game.instructors import create_instructor
from tests.sockets.helpers import act, frames

PASSWORD = "correct horse battery staple"
CHAINS = {"pastry": ["pastry_position", "pastry_reason", "pastry_zest"],
          "saucier": ["saucier_position", "saucier_reason", "saucier_juice"]}
SPLIT_CHAT = "What do you need the orange for?"
HALVE_CHAT = "Let us just cut it in half, table two"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def login(client: Any, name: str) -> None:
    """Log `client` in through the login form (with its CSRF token)."""
    match = CSRF.search(client.get("/login").get_data(as_text=True))
    assert match
    reply = client.post("/login", data={"name": name, "password": PASSWORD,
                                        "csrf_token": match.group(1)})
    assert reply.status_code == 302


@dataclass
class Table:
    negotiation: int
    participants: list[str]
    roles: list[str]
    clients: list[Any]  # None for a bot seat
    tokens: list[str | None]


@dataclass
class Classroom:
    app: Any
    services: Any
    cohort: Any
    owner: int
    owner_client: Any
    other_client: Any
    round_id: int
    tables: list[Table]  # the four trainee pairs in negotiation order, then the bot table
    clients: dict[str, Any] = field(default_factory=dict)

    @property
    def split(self) -> Table:
        return self.tables[0]

    @property
    def walked(self) -> Table:
        return self.tables[3]

    @property
    def bot_table(self) -> Table:
        return self.tables[4]

    def state(self, table: Table) -> Any:
        return self.services.negotiations.state(table.negotiation)


def play_split(services: Any, table: Table) -> None:
    """Ask "Why?", give to get through depth 3, propose the split, accept, sign."""
    a, b = table.clients
    chain_a, chain_b = CHAINS[table.roles[0]], CHAINS[table.roles[1]]
    assert act(a, "chat", {"text": SPLIT_CHAT})["ok"]
    assert act(b, "ask_why", {"target": 0})["ok"]
    question = services.negotiations.state(table.negotiation).questions[-1].id
    assert act(a, "answer", {"question": question, "card": chain_a[0]})["ok"]
    for depth in range(3):
        if depth:
            assert act(a, "share", {"card": chain_a[depth]})["ok"]
        assert act(b, "share", {"card": chain_b[depth]})["ok"]
    sign(services, table, {"orange": "separate"})


def sign(services: Any, table: Table, package: dict[str, str]) -> None:
    """Seat 0 proposes `package`, seat 1 accepts, both sign."""
    a, b = table.clients
    assert act(a, "propose", {"package": package})["ok"]
    proposal = services.negotiations.state(table.negotiation).proposals[0].id
    assert act(b, "accept", {"proposal": proposal})["ok"]
    mou = services.negotiations.state(table.negotiation).mou.id
    assert act(a, "sign", {"mou": mou})["ok"]
    assert act(b, "sign", {"mou": mou})["ok"]


def join_class(services: Any, connect: Any, code: str, count: int) -> dict[str, tuple[Any, str]]:
    """`count` trainees join by code: {participant id: (client, token)}."""
    joined = {}
    for i in range(count):
        client = connect()
        assert act(client, "join", {"name": f"Trainee {i + 1}", "code": code})["ok"]
        [reply] = frames(client, "joined")
        joined[reply["participant"]] = (client, reply["token"])
    return joined


def tables_of(services: Any, round_id: int, joined: dict[str, tuple[Any, str]]) -> list[Table]:
    from game.db.models import Round
    with services.db.session() as session:
        grouping = session.get(Round, round_id).grouping
    tables = []
    for t in grouping["tables"]:
        clients = [joined[p][0] if p in joined else None for p in t["participants"]]
        tokens = [joined[p][1] if p in joined else None for p in t["participants"]]
        tables.append(Table(t["negotiation"], t["participants"], t["roles"], clients, tokens))
    tables.sort(key=lambda t: (None in t.clients, t.negotiation))
    return tables


@pytest.fixture
def classroom(app: Any, connect: Any) -> Classroom:
    services = app.extensions["partner_math"]
    db = app.extensions["database"]
    owner = create_instructor(db, "Ines", PASSWORD, time.time())
    create_instructor(db, "Otto", PASSWORD, time.time())
    owner_client, other_client = app.test_client(), app.test_client()
    login(owner_client, "Ines")
    login(other_client, "Otto")
    plan = [{"scenario": "orange", "duration_s": 600, "grouping": "random"}] * 2
    cohort = services.cohorts.create(owner, "Class A", plan, "bot", 60, time.time())
    joined = join_class(services, connect, cohort.code, 9)
    round_row, negotiations, sitting_out = services.cohorts.start_round(
        cohort.id, time.time(), seed=7)
    assert len(negotiations) == 5 and sitting_out == []
    tables = tables_of(services, round_row.id, joined)
    assert [None in t.clients for t in tables] == [False] * 4 + [True]
    play_split(services, tables[0])
    assert act(tables[1].clients[1], "chat", {"text": HALVE_CHAT})["ok"]
    sign(services, tables[1], {"orange": "halve"})
    sign(services, tables[2], {"orange": "halve"})
    services.negotiations.execute(tables[3].negotiation, cmd.HandOver(seat=1, bot=True),
                                  time.time())
    assert act(tables[3].clients[0], "walk_away")["ok"]
    services.cohorts.control(cohort.id, cmd.End(), time.time())
    room = Classroom(app, services, cohort, owner, owner_client, other_client, round_row.id,
                     tables, {p: c for p, (c, _) in joined.items()})
    for table in tables:
        assert room.state(table).stage.closed
    return room


def play_round_two(room: Classroom) -> None:
    """Round 2: everyone is seated again and the instructor ends it at once (no deals)."""
    services = room.services
    services.cohorts.start_round(room.cohort.id, time.time(), seed=8)
    services.cohorts.control(room.cohort.id, cmd.End(), time.time())
