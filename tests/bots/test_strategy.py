"""The bot's strategy: concession curve, AC_next, the BATNA floor, legal commands only,
no hidden information, determinism, and the orange's lesson (ask, share, find the split)."""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Mapping
from types import MappingProxyType

import pytest

from game.core import events as ev
from game.core.bots import (
    PERSONAS,
    Memory,
    acceptance,
    decide,
    observe,
    offering,
    opponent,
    persona,
    to_command,
)
from game.core.machine import apply, fold, replay, start
from game.core.scenario import Role, Scenario
from game.core.views import member_view
from game.simulate import T0, Game, load_scenario, play

NAMES = sorted(PERSONAS)
PAIRS = list(itertools.product(NAMES, repeat=2))


@pytest.fixture(scope="module")
def orange() -> Scenario:
    return load_scenario("orange")


@pytest.fixture(scope="module")
def alliance() -> Scenario:
    return load_scenario("alliance_mou")


# --- the concession curve f(t) = k + (1 - k) t^(1/e) -------------------------------------

@pytest.mark.parametrize(("t", "e", "k", "expected"), [
    (0.0, 1.0, 0.0, 0.0),
    (1.0, 1.0, 0.0, 1.0),
    (0.5, 1.0, 0.0, 0.5),          # linear
    (0.5, 0.2, 0.0, 0.03125),      # Boulware: 0.5^5
    (0.9, 0.2, 0.0, 0.59049),      # 0.9^5
    (0.25, 2.0, 0.0, 0.5),         # conceder: 0.25^(1/2)
    (0.5, 1.0, 0.1, 0.55),         # 0.1 + 0.9 * 0.5
    (0.0, 2.0, 0.2, 0.2),          # k is the opening concession
    (1.5, 1.0, 0.0, 1.0),          # t is clamped
])
def test_concession_curve_values(t: float, e: float, k: float, expected: float) -> None:
    assert offering.concession(t, e, k) == pytest.approx(expected)


def test_target_falls_from_best_to_batna() -> None:
    assert offering.target_utility(0.0, 100, 30, 1.0) == 100
    assert offering.target_utility(0.5, 100, 30, 1.0) == pytest.approx(65)
    assert offering.target_utility(0.5, 100, 30, 0.2) == pytest.approx(100 - 70 * 0.03125)
    assert offering.target_utility(1.0, 100, 30, 2.0) == pytest.approx(30)
    assert offering.target_utility(0.3, 20, 30, 1.0) == 30  # nothing beats the BATNA
    with pytest.raises(ValueError):
        offering.concession(0.5, 0.0)


def test_personas_use_the_issue_exponents() -> None:
    assert persona("tough").e == 0.2
    assert persona("collaborator").e == 1.0
    assert persona("conceder").e == 2.0
    assert persona(None).name == "collaborator"
    assert persona("fixed_pie").name == "fixed-pie"
    with pytest.raises(KeyError):
        persona("saint")


# --- the acceptance condition ----------------------------------------------------------

def test_ac_next() -> None:
    assert acceptance.ac_next(60, 60)
    assert acceptance.ac_next(61, 60)
    assert not acceptance.ac_next(59, 60)
    assert not acceptance.ac_next(90, None)


def test_judge_late_best_seen_and_batna_floor() -> None:
    assert acceptance.judge(70, 70, None, 0.1, 0.9, 30).accept
    assert not acceptance.judge(50, 70, 50, 0.5, 0.9, 30).accept       # early: AC_next only
    assert acceptance.judge(50, 70, 50, 0.95, 0.9, 30).accept           # late: best seen
    assert not acceptance.judge(45, 70, 50, 0.95, 0.9, 30).accept       # below best seen
    assert not acceptance.judge(25, 20, 25, 0.99, 0.9, 30).accept       # below the BATNA
    verdict = acceptance.judge(25, 20, 25, 0.99, 0.9, 30)
    assert "walk-away" in verdict.reason and verdict.reason.endswith(".")


# --- the opponent model and the offering policy --------------------------------------------

def _view(seat: int = 0, options: list[tuple[str, int, bool]] | None = None,
          revealed: list[dict[str, object]] | None = None) -> dict[str, object]:
    options = options or [("mine", 100, False), ("half", 40, False), ("yours", 0, False)]
    return {"you": {"seat": seat},
            "issues": [{"id": "orange", "options": [
                {"id": o, "your_points": p, "was_hidden": h} for o, p, h in options]}],
            "revealed": revealed or []}


def test_frequency_model_learns_from_proposals_and_defaults_to_opposed_interests() -> None:
    view = _view()
    prior = opponent.build(view, [])
    assert prior.rate({"orange": "yours"}) > prior.rate({"orange": "half"}) \
        > prior.rate({"orange": "mine"})
    learned = opponent.build(view, [{"orange": "half"}, {"orange": "half"}])
    assert learned.rate({"orange": "half"}) == pytest.approx(1.0)


def test_an_option_revealed_interests_unlocked_is_believed_to_suit_the_partner() -> None:
    options = [("mine", 100, False), ("half", 40, False), ("yours", 0, False),
               ("split", 100, True)]
    card = {"id": "c", "seat": 1, "issues": ["orange"], "depth": 3, "explains": "b"}
    view = _view(options=options, revealed=[card])
    model = opponent.build(view, [{"orange": "yours"}])
    assert model.rate({"orange": "split"}) > model.rate({"orange": "mine"})
    offer = offering.choose_offer(offering.packages(view), 95, 30, model.rate,
                                  random.Random(1))
    assert offer is not None and offer.package == {"orange": "split"}
    # The fixed-pie bot believes only that the partner wants the opposite.
    biased = opponent.build(view, [{"orange": "yours"}], fixed_pie=True)
    assert biased.rate({"orange": "split"}) == biased.rate({"orange": "mine"}) == 0


def test_choose_offer_never_goes_below_the_batna() -> None:
    view = _view()
    model = opponent.build(view, [])
    assert offering.choose_offer([({"orange": "yours"}, 0)], 0, 30, model.rate,
                                 random.Random(0)) is None
    offer = offering.choose_offer(offering.packages(view), 35, 30, model.rate,
                                  random.Random(0))
    assert offer is not None and offer.package == {"orange": "half"}


# --- whole games ------------------------------------------------------------------------

def _games(scenario: Scenario, seeds: range) -> list[Game]:
    return [play(scenario, pair, seed) for pair in PAIRS for seed in seeds]


def _proposals(game: Game) -> dict[int, Mapping[str, str]]:
    return {e.proposal: e.package for e in game.events if isinstance(e, ev.Proposed)}


@pytest.mark.parametrize("scenario_id", ["orange", "alliance_mou", "three_party", "no_zopa"])
def test_bots_only_send_legal_commands(scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    size = len(scenario.required_roles)
    for names in itertools.product(NAMES, repeat=size) if size == 2 else (
            [n, m, "collaborator"] for n, m in PAIRS):
        for seed in range(4 if scenario_id == "orange" else 2):
            game = play(scenario, list(names), seed)
            assert game.moves, "bots act"
            refused = [(m.decision, m.refused) for m in game.moves if m.refused]
            assert not refused, refused
            assert game.state.stage.closed


@pytest.mark.parametrize("scenario_id", ["orange", "alliance_mou", "three_party"])
def test_a_bot_never_accepts_or_signs_below_its_batna(scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    seeds = range(6 if scenario_id == "orange" else 2)
    games = (_games(scenario, seeds) if len(scenario.required_roles) == 2 else
             [play(scenario, [n, m, "tough"], s) for n, m in PAIRS for s in seeds])
    checked = 0
    for game in games:
        proposals = _proposals(game)
        mou = {e.mou: proposals[e.mou] for e in game.events if isinstance(e, ev.Signed)}
        for move in game.moves:
            role = scenario.role(game.state.members[move.seat].role)
            if move.decision.event == "accept":
                package = proposals[move.decision.payload["proposal"]]
            elif move.decision.event == "sign":
                package = mou[move.decision.payload["mou"]]
            else:
                continue
            assert role.points_for(package) >= role.batna, (move, package)
            checked += 1
        if game.state.deal is not None:
            for member in game.state.members:
                role = scenario.role(member.role)
                assert role.points_for(game.state.deal) >= role.batna
    assert checked > 0


def test_the_same_seed_plays_the_same_game(orange: Scenario) -> None:
    for pair in PAIRS:
        first, second = play(orange, pair, 11), play(orange, pair, 11)
        assert first.moves == second.moves
        assert first.state.deal == second.state.deal


def _perturbed(scenario: Scenario, role_id: str, keep_text: set[str]) -> Scenario:
    """The scenario with one role's private data changed: points, BATNA, brief, and the
    text of every card of that role not in `keep_text`."""
    role = scenario.role(role_id)
    points = MappingProxyType({issue: MappingProxyType({o: (p * 7 + 3) % 101
                                                         for o, p in opts.items()})
                               for issue, opts in role.points.items()})
    cards = tuple(card if card.id in keep_text else
                  dataclasses.replace(card, text="(secret changed)") for card in role.cards)
    other = dataclasses.replace(role, points=points, batna=role.batna + 17,
                                brief="A different brief.", cards=cards)
    roles = tuple(other if r.id == role_id else r for r in scenario.roles)
    return dataclasses.replace(scenario, roles=roles)


def _shadow_game(scenario: Scenario, names: tuple[str, str], bot_seat: int,
                 seed: int) -> int:
    """Drive a game with views of `scenario`; at each of `bot_seat`'s turns, also decide
    from the views of a copy in which the partner's private data differ. Returns how many
    decisions were compared; asserts they are all identical."""
    partner_role: Role = scenario.roles[1 - bot_seat]
    log = start(scenario, [(r.id, n) for r, n in zip(scenario.roles, names, strict=True)], T0)
    real = replay(scenario, log)
    # Cards that get revealed in this game keep their text: once on the table they are public.
    probe = play(scenario, list(names), seed)
    shown = {e.card for e in probe.events if isinstance(e, ev.CardRevealed)}
    shadow = replay(_perturbed(scenario, partner_role.id, shown), log)
    rngs = [random.Random(seed * 10 + s) for s in (0, 1)]
    shadow_rng = random.Random(seed * 10 + bot_seat)
    memories: list[Memory | None] = [None, None]
    shadow_memory: Memory | None = None
    compared, now = 0, T0
    for turn in range(400):
        now += 3.0
        seat = turn % 2
        if real.stage.closed or now >= real.ends_at:
            break
        view = member_view(real, seat, now)
        memories[seat] = observe(memories[seat], view)
        decision = decide(view, rngs[seat], names[seat], memories[seat])
        if seat == bot_seat:
            other_view = member_view(shadow, seat, now)
            shadow_memory = observe(shadow_memory, other_view)
            assert decide(other_view, shadow_rng, names[seat], shadow_memory) == decision
            compared += 1
        if decision is not None:
            events = apply(real, to_command(decision, seat), now)
            real, shadow = fold(real, events), fold(shadow, events)
    return compared


@pytest.mark.parametrize("names", PAIRS)
def test_a_bot_never_acts_on_what_it_was_not_shown(orange: Scenario,
                                                   names: tuple[str, str]) -> None:
    for seed in range(3):
        for bot_seat in (0, 1):
            assert _shadow_game(orange, names, bot_seat, seed) >= 3


def test_fixed_pie_never_shares_asks_or_explains(orange: Scenario) -> None:
    for seed in range(5):
        game = play(orange, ["collaborator", "fixed-pie"], seed)
        theirs = {m.decision.event for m in game.moves if m.seat == 1}
        assert theirs.isdisjoint({"share", "ask_why", "answer"})
        assert "decline" in theirs  # the collaborator asked "Why?" and was turned down
        assert all(s == 0 for s in [e.seat for e in game.events
                                    if isinstance(e, ev.CardRevealed)])


def test_collaborator_gives_one_small_card_first_then_reciprocates(orange: Scenario) -> None:
    game = play(orange, ["collaborator", "tough"], 0)
    reveals = [(e.seat, orange.card(e.card).depth) for e in game.events
               if isinstance(e, ev.CardRevealed)]
    assert reveals[0] == (0, 1)
    counts = [0, 0]
    for seat, _ in reveals:
        counts[seat] += 1
        assert counts[seat] - counts[1 - seat] <= 1, "never more than one card ahead"
    assert game.state.deal == {"orange": "separate"}


def test_every_decision_explains_itself_in_one_sentence(orange: Scenario) -> None:
    for pair in PAIRS:
        for move in play(orange, pair, 2).moves:
            sentence = move.decision.explanation
            assert sentence and sentence[0].isupper() and sentence.endswith(".")
            assert sentence.count(". ") == 0, sentence


def _split_rate(scenario: Scenario, names: list[str], games: int = 50) -> float:
    deals = [play(scenario, names if s % 2 == 0 else names[::-1], s).state.deal
             for s in range(games)]
    return sum(d == {"orange": "separate"} for d in deals) / games


def test_two_collaborators_find_the_peel_and_juice_deal(orange: Scenario) -> None:
    assert _split_rate(orange, ["collaborator", "collaborator"]) >= 0.9


def test_a_fixed_pie_partner_mostly_keeps_the_split_hidden(orange: Scenario) -> None:
    assert _split_rate(orange, ["collaborator", "fixed-pie"]) <= 0.3


def test_paused_or_closed_views_get_no_move(orange: Scenario) -> None:
    log = start(orange, [("pastry", "A"), ("saucier", "B")], T0)
    state = replay(orange, log)
    view = member_view(state, 0, T0 + 1)
    assert decide(view, random.Random(0)) is not None
    paused = fold(state, [ev.Paused(at=T0 + 2)])
    assert decide(member_view(paused, 0, T0 + 3), random.Random(0)) is None
    closed = fold(state, [ev.Closed(at=T0 + 2, reason="walked_away", package=None)])
    assert decide(member_view(closed, 0, T0 + 3), random.Random(0)) is None
