"""Grouping a class for a cohort round (PRODUCT.md "Instructor", "Rounds and alliances").

Scenarios are built in code: a pair (buyer, seller), a pair with an optional third role
(cook_a, cook_b and an optional judge) and a base-three scenario with an optional fourth.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from itertools import combinations

import pytest

from game.core.cohorts import (
    Grouping,
    RoundPlan,
    Table,
    group_round,
    met_pairs,
    repeated_pairs,
)
from game.core.scenario import Scenario
from tests.core.factories import make_scenario


def scenario(roles: Sequence[str], optional: Sequence[str] = ()) -> Scenario:
    """A one-issue scenario with these roles in file order; `optional` ones are trio roles."""
    points = {role: {"price": {"low": 1, "high": 2}} for role in roles}
    built = make_scenario(points, {role: 0 for role in roles}, scenario_id="-".join(roles))
    return replace(built, roles=tuple(replace(r, optional=r.id in optional)
                                      for r in built.roles))


PAIR = scenario(["buyer", "seller"])
TRIO = scenario(["cook_a", "cook_b", "judge"], optional=["judge"])
QUARTET = scenario(["a", "b", "c", "d"], optional=["d"])
SCENARIOS = [PAIR, TRIO, QUARTET]


def people(n: int) -> list[str]:
    return [f"p{i:02d}" for i in range(n)]


def check(grouping: Grouping, present: Sequence[str], scen: Scenario) -> None:
    """The invariants of every grouping."""
    seated = [p for table in grouping.tables for p in table.seats if p is not None]
    assert sorted(seated + list(grouping.sitting_out)) == sorted(present)
    for table in grouping.tables:
        assert len(table.seats) == len(table.roles) <= len(scen.roles)
        assert table.members, "a table of bots only"
        wanted = [role.id for role in scen.roles_for_size(len(table.seats))]
        assert sorted(table.roles) == sorted(wanted)


def play(scen: Scenario, grouping: str, policy: str, rounds: Sequence[Sequence[str]],
         seed: int, role_swap: bool = False) -> list[Grouping]:
    """Play the rounds in order (each a list of who is present), feeding history forward."""
    rng = random.Random(seed)
    plan = RoundPlan(scen.id, grouping=grouping, role_swap=role_swap)
    history: list[tuple[Table, ...]] = []
    results: list[Grouping] = []
    out: tuple[str, ...] = ()
    for present in rounds:
        result = group_round(present, scen, plan, policy, rng, history, out)
        check(result, present, scen)
        results.append(result)
        history.append(result.tables)
        out = result.sitting_out
    return results


@pytest.mark.parametrize("role_swap", [False, True])
@pytest.mark.parametrize("grouping", ["random", "rotate", "alliance"])
@pytest.mark.parametrize("policy", ["bot", "trio", "sit_out"])
@pytest.mark.parametrize("scen", SCENARIOS, ids=lambda s: s.id)
def test_invariants_over_class_sizes_and_seeds(scen, policy, grouping, role_swap):
    # Three rounds with churn: a few leave, a few newcomers arrive, the order changes.
    for n in range(1, 32):
        for seed in range(3):
            rng = random.Random(seed * 100 + n)
            pool = people(n + 3)
            rounds = [rng.sample(pool, n) for _ in range(3)]
            play(scen, grouping, policy, rounds, seed, role_swap)


@pytest.mark.parametrize("grouping", ["random", "rotate"])
@pytest.mark.parametrize("scen", SCENARIOS, ids=lambda s: s.id)
def test_leftovers_follow_the_odd_number_policy(scen, grouping):
    base, top = len(scen.required_roles), len(scen.roles)
    for n in range(1, 32):
        full, rest = divmod(n, base)
        for seed in range(2):
            bot, = play(scen, grouping, "bot", [people(n)], seed)
            # "bot": everyone plays; only the last table is short and bots fill it to base.
            assert bot.sitting_out == ()
            assert all(len(t.seats) == base for t in bot.tables)
            assert [t.seats.count(None) for t in bot.tables] == (
                [0] * full + ([base - rest] if rest else []))

            out, = play(scen, grouping, "sit_out", [people(n)], seed)
            # "sit_out": full tables of humans; the last `rest` in line sit out.
            assert out.sitting_out == tuple(people(n)[n - rest:])
            assert all(len(t.seats) == base and None not in t.seats for t in out.tables)

            trio, = play(scen, grouping, "trio", [people(n)], seed)
            if rest and rest <= full * (top - base):
                # Leftovers become optional roles: no bots, no table beyond the top size.
                assert all(None not in t.seats for t in trio.tables)
                assert sorted(len(t.seats) for t in trio.tables) == sorted(
                    [base] * (full - rest) + [base + 1] * rest)
            else:
                # Nothing to absorb them (no optional role, or too few tables): as "bot".
                assert [t.seats for t in trio.tables] == [t.seats for t in bot.tables]


def test_trio_examples():
    # 5 cooks: two pairs, one leftover joins a pair as the judge.
    five, = play(TRIO, "random", "trio", [people(5)], 0)
    assert sorted(len(t.seats) for t in five.tables) == [2, 3]
    # 7 cooks: three pairs, one of them gets the judge.
    seven, = play(TRIO, "random", "trio", [people(7)], 0)
    assert sorted(len(t.seats) for t in seven.tables) == [2, 2, 3]
    # 5 in a base-3 scenario: one table of 3 takes one extra, two are left: fall back to bots.
    quartet, = play(QUARTET, "random", "trio", [people(5)], 0)
    assert sorted(t.seats.count(None) for t in quartet.tables) == [0, 1]
    # No optional role in the pair scenario: 3 people make a pair and a person with a bot.
    pair, = play(PAIR, "random", "trio", [people(3)], 0)
    assert sorted(t.seats.count(None) for t in pair.tables) == [0, 1]


def test_one_participant():
    plan = RoundPlan("buyer-seller")
    for policy in ("bot", "trio"):
        alone = group_round(["solo"], PAIR, plan, policy, random.Random(1))
        # The human comes first and takes the first role in file order; the bot the other.
        assert alone == Grouping((Table(("solo", None), ("buyer", "seller")),), ())
    assert group_round(["solo"], PAIR, plan, "sit_out", random.Random(1)) == Grouping(
        (), ("solo",))
    assert group_round([], PAIR, plan, "bot", random.Random(1)) == Grouping((), ())


@pytest.mark.parametrize("grouping", ["random", "rotate"])
def test_sit_out_seats_those_first_in_line(grouping):
    # e sat out last round: the order is e, a, b, c, d; the last in line, d, sits out now.
    plan = RoundPlan("buyer-seller", grouping=grouping)
    history = [(Table(("a", "b"), ("buyer", "seller")), Table(("c", "d"), ("buyer", "seller")))]
    for seed in range(10):
        result = group_round(["a", "b", "c", "d", "e"], PAIR, plan, "sit_out",
                             random.Random(seed), history, first_in_line=["e"])
        assert result.sitting_out == ("d",)


def test_first_in_line_who_left_is_ignored():
    plan = RoundPlan("buyer-seller")
    result = group_round(["a", "b", "c"], PAIR, plan, "sit_out", random.Random(0),
                         first_in_line=["gone", "c"])
    assert result.sitting_out == ("b",)  # order c, a, b


@pytest.mark.parametrize("n", [4, 6])
def test_rotation_completes_a_round_robin(n):
    # n people in pairs meet n - 1 partners each: n - 1 rounds of n / 2 new pairs cover all
    # n (n - 1) / 2 pairs exactly when no round repeats a pair.
    for seed in range(25):
        rounds = play(PAIR, "rotate", "bot", [people(n)] * (n - 1), seed)
        history: list[tuple[Table, ...]] = []
        for result in rounds:
            assert repeated_pairs(result, history) == 0
            history.append(result.tables)
        assert met_pairs(history) == {frozenset(p) for p in combinations(people(n), 2)}


def test_rotation_repeats_only_when_unavoidable():
    # After a round robin of 4, every pair has met: both pairs of round 4 are repeats.
    rounds = play(PAIR, "rotate", "bot", [people(4)] * 4, 3)
    assert repeated_pairs(rounds[3], [r.tables for r in rounds[:3]]) == 2


@pytest.mark.parametrize("n", [9, 20, 31])
def test_rotation_of_a_larger_class_avoids_repeats_early(n):
    # Two or three rounds use a small share of each person's possible partners, so a
    # repeat-free round exists, and the greedy search (above the exhaustive limit) finds it.
    for scen in (PAIR, TRIO):
        for seed in range(3):
            rounds = play(scen, "rotate", "trio", [people(n)] * 3, seed)
            assert repeated_pairs(rounds[1], [rounds[0].tables]) == 0
            assert repeated_pairs(rounds[2], [r.tables for r in rounds[:2]]) == 0


def repeat_free_exists(members: list[str], sizes: list[int], met: set[frozenset[str]]) -> bool:
    """The oracle: try every group for the first member, of every size still to fill."""
    if not members:
        return True
    head, rest = members[0], members[1:]
    for size in set(sizes):
        left = list(sizes)
        left.remove(size)
        for mates in combinations(rest, size - 1):
            group = (head, *mates)
            if any(frozenset(pair) in met for pair in combinations(group, 2)):
                continue
            if repeat_free_exists([m for m in rest if m not in mates], left, met):
                return True
    return False


@pytest.mark.parametrize("scen", [PAIR, TRIO], ids=lambda s: s.id)
def test_rotation_finds_a_repeat_free_round_whenever_one_exists(scen):
    # Random histories for small classes (n = 10 in pairs is above the exhaustive limit, so
    # the greedy search is checked too); the oracle says whether a repeat-free round exists.
    plan = RoundPlan(scen.id, grouping="rotate")
    found = 0
    for n in (4, 5, 6, 7, 8, 10):
        for seed in range(8):
            rng = random.Random(seed)
            history = [group_round(people(n), scen, replace(plan, grouping="random"), "trio",
                                   rng).tables for _ in range(rng.randint(1, 4))]
            result = group_round(people(n), scen, plan, "trio", rng, history)
            sizes = [len(t.members) for t in result.tables]
            if repeat_free_exists(people(n), sizes, met_pairs(history)):
                found += 1
                assert repeated_pairs(result, history) == 0
    assert found > 20, "the oracle found repeat-free rounds to look for"


def test_random_grouping_does_repeat_sometimes():
    # A contrast for rotation: over many seeds random pairs of 4 people repeat at times.
    repeats = [repeated_pairs(r[1], [r[0].tables])
               for seed in range(30) for r in [play(PAIR, "random", "bot", [people(4)] * 2, seed)]]
    assert max(repeats) > 0


def test_alliance_keeps_last_rounds_tables():
    for scen in SCENARIOS:
        for seed in range(5):
            first, second = play(scen, "alliance", "trio", [people(11)] * 2, seed)
            # Every table with two or more humans is kept as it was (seats and roles).
            assert {t for t in first.tables if len(t.members) >= 2} <= set(second.tables)


def test_alliance_with_role_swap_keeps_seats_and_swaps_roles():
    first, second = play(PAIR, "alliance", "bot", [people(6)] * 2, 4, role_swap=True)
    swapped = {Table(t.seats, t.roles[::-1]) for t in first.tables}
    assert set(second.tables) == swapped


def test_alliance_regroups_those_whose_partner_left():
    history = [(Table(("a", "b"), ("buyer", "seller")), Table(("c", "d"), ("buyer", "seller")))]
    plan = RoundPlan("buyer-seller", grouping="alliance")
    # b left and newcomer e arrived: a and e are the only ones without a partner.
    result = group_round(["a", "c", "d", "e"], PAIR, plan, "bot", random.Random(0), history)
    assert history[0][1] in result.tables
    assert sorted(sorted(t.members) for t in result.tables) == [["a", "e"], ["c", "d"]]


def test_alliance_shrinks_a_trio_to_the_roles_still_needed():
    plan = RoundPlan("trio", grouping="alliance")
    history = [(Table(("a", "b", "c"), ("cook_a", "cook_b", "judge")),)]
    rng = random.Random(0)
    # The judge left: the cooks stay as they were.
    assert group_round(["a", "b"], TRIO, plan, "bot", rng, history).tables == (
        Table(("a", "b"), ("cook_a", "cook_b")),)
    # cook_b left: the judge takes the missing cook's role, no bot needed.
    assert group_round(["a", "c"], TRIO, plan, "bot", rng, history).tables == (
        Table(("a", "c"), ("cook_a", "cook_b")),)
    # Base three: two survivors of a table of four keep their seats; a bot takes a required
    # role; d's optional role no longer exists, so d takes the first missing role, a.
    quartet = [(Table(("w", "x", "y", "z"), ("a", "b", "c", "d")),)]
    assert group_round(["y", "z"], QUARTET, plan, "bot", rng, quartet).tables == (
        Table(("y", "z", None), ("c", "a", "b")),)


def test_alliance_without_history_or_partners_groups_randomly():
    plan = RoundPlan("buyer-seller", grouping="alliance")
    fresh = group_round(people(6), PAIR, plan, "bot", random.Random(2))
    assert fresh == group_round(people(6), PAIR, replace(plan, grouping="random"), "bot",
                                random.Random(2))
    # A member who only played a bot has no partner to keep: regrouped with the newcomer.
    history = [(Table(("a", None), ("buyer", "seller")),)]
    result = group_round(["a", "b"], PAIR, plan, "bot", random.Random(0), history)
    assert [sorted(t.members) for t in result.tables] == [["a", "b"]]


def test_role_swap_gives_pairs_the_other_role():
    # Rotated pairs: if both played different roles last time both swap; if both played the
    # same role one of them must keep it.
    for seed in range(20):
        rounds = play(PAIR, "rotate", "bot", [people(8)] * 3, seed, role_swap=True)
        for before, after in zip(rounds, rounds[1:], strict=False):
            last = {p: r for t in before.tables for p, r in zip(t.seats, t.roles, strict=True)}
            for table in after.tables:
                a, b = table.seats
                kept = (last[a] == table.roles[0]) + (last[b] == table.roles[1])
                assert kept == (1 if last[a] == last[b] else 0)


def kept_roles(grouping: Grouping, history: Sequence[Sequence[Table]]) -> int:
    """How many seated participants play the role they played most recently in `history`."""
    last = {p: r for tables in history for t in tables
            for p, r in zip(t.seats, t.roles, strict=True) if p is not None}
    return sum(p is not None and last.get(p) == r
               for t in grouping.tables for p, r in zip(t.seats, t.roles, strict=True))


KITCHEN = scenario(["pastry", "saucier"])


def test_role_swap_rotation_swaps_every_role_when_it_can():
    # The tester's class: round 1 seated pastry/saucier Dan/Gus, Finn/Cleo, Eve/Ben, Ana/bot;
    # newcomer x joins round 2. Dan, Finn, Eve, Ana were pastry, Gus, Cleo, Ben saucier, x has
    # no role yet. Pairing each former pastry chef with a former saucier (or x) whom they have
    # not met, e.g. Dan-Cleo, Finn-Ben, Eve-Gus, Ana-x, changes every partner and every role.
    history = [(Table(("Dan", "Gus"), ("pastry", "saucier")),
                Table(("Finn", "Cleo"), ("pastry", "saucier")),
                Table(("Eve", "Ben"), ("pastry", "saucier")),
                Table(("Ana", None), ("pastry", "saucier")))]
    present = ["Ana", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gus", "x"]
    plan = RoundPlan(KITCHEN.id, grouping="rotate", role_swap=True)
    for seed in range(20):
        result = group_round(present, KITCHEN, plan, "bot", random.Random(seed), history)
        check(result, present, KITCHEN)
        assert repeated_pairs(result, history) == 0
        assert kept_roles(result, history) == 0
        roles = {p: r for t in result.tables for p, r in zip(t.seats, t.roles, strict=True)}
        assert [roles[p] for p in ("Dan", "Finn", "Eve", "Ana")] == ["saucier"] * 4
        assert [roles[p] for p in ("Gus", "Cleo", "Ben")] == ["pastry"] * 3
        assert roles["x"] == "pastry"  # four saucier seats went to the four former pastry


def perfect_round_exists(members: list[str], sizes: list[int], met: set[frozenset[str]],
                         last: dict[str, str]) -> bool:
    """The oracle for pairs: a split into `sizes` (2s and at most one 1, who plays a bot)
    where no pair met before and every member can take a role other than their last. Two
    people can both swap unless they last played the same role; one beside a bot can always
    take the role they did not play."""
    def fits(a: str, b: str) -> bool:
        return frozenset((a, b)) not in met and (a not in last or last.get(a) != last.get(b))

    @cache  # the same people are often left over by different earlier choices
    def search(rest: tuple[str, ...], pairs: int, single: int) -> bool:
        if not rest:
            return True
        head, others = rest[0], rest[1:]
        if single and search(others, pairs, single - 1):
            return True
        return pairs > 0 and any(
            fits(head, mate) and search(tuple(o for o in others if o != mate), pairs - 1, single)
            for mate in others)

    return search(tuple(members), sizes.count(2), sizes.count(1))


def test_role_swap_rotation_finds_a_perfect_round_whenever_one_exists():
    # Classes of 4 to 20 in pairs after one to three random rounds, with churn: a few of the
    # class missed the earlier rounds (newcomers, free to take any role) and a few left. Up to
    # 8 the search is exhaustive; above it (9 in pairs with a bot has 945 splits) greedy.
    found = 0
    for n in range(4, 21):
        for seed in range(6):
            rng = random.Random(1000 * n + seed)
            pool = people(n + 3)
            earlier = [group_round(rng.sample(pool, n), PAIR, RoundPlan(PAIR.id), "bot",
                                   rng).tables for _ in range(rng.randint(1, 3))]
            present = rng.sample(pool, n)
            plan = RoundPlan(PAIR.id, grouping="rotate", role_swap=True)
            result = group_round(present, PAIR, plan, "bot", rng, earlier)
            check(result, present, PAIR)
            last = {p: r for tables in earlier for t in tables
                    for p, r in zip(t.seats, t.roles, strict=True) if p is not None}
            sizes = [len(t.members) for t in result.tables]
            if perfect_round_exists(sorted(present), sizes, met_pairs(earlier), last):
                found += 1
                assert (repeated_pairs(result, earlier), kept_roles(result, earlier)) == (0, 0)
    assert found > 40, "the oracle found perfect rounds to look for"


@pytest.mark.parametrize("n", [24, 32, 40])
def test_role_swap_rotation_of_a_large_class_swaps_roles(n):
    # After round 1 (n even, all pairs full) half the class played each role. Pairing former
    # buyers with former sellers swaps everyone and leaves the halves as they were, so round
    # r + 1 looks for a perfect matching among the buyer-seller pairs not yet used: n/2 - r per
    # person, a regular bipartite graph, which always has one (Hall). Greedy may miss it; a
    # random pairing would keep n/4 roles on average (each buyer has a buyer partner with
    # probability about 1/2, and such a pair keeps one role).
    for seed in range(3):
        rounds = play(PAIR, "rotate", "bot", [people(n)] * 4, seed, role_swap=True)
        for r in range(1, 4):
            earlier = [g.tables for g in rounds[:r]]
            assert repeated_pairs(rounds[r], earlier) == 0
            assert kept_roles(rounds[r], earlier) <= 1


def test_role_swap_rotation_puts_new_roles_before_a_round_robin():
    # Pairs where everyone swaps cross the two halves of round 1 (former buyers, former
    # sellers), and swapping keeps the halves. With 6 people, 3 + 3: rounds 2 and 3 use the 6
    # remaining cross pairs with nobody keeping a role; rounds 4 and 5 must then pair within
    # halves of odd size 3, so each seats at least one cross pair again, all of them met. The
    # round robin that rotation alone completes (see above) is traded for new roles: 2 repeats.
    for seed in range(10):
        rounds = play(PAIR, "rotate", "bot", [people(6)] * 5, seed, role_swap=True)
        history = [r.tables for r in rounds]
        assert [kept_roles(rounds[r], history[:r]) for r in (1, 2)] == [0, 0]
        assert [repeated_pairs(rounds[r], history[:r]) for r in range(5)] == [0, 0, 0, 1, 1]


def test_role_swap_in_a_trio_moves_everyone():
    # Roles cook_a, cook_b, judge have a derangement, so nobody keeps their role.
    plan = RoundPlan("trio", grouping="alliance", role_swap=True)
    history = [(Table(("a", "b", "c"), ("cook_a", "cook_b", "judge")),)]
    table, = group_round(["a", "b", "c"], TRIO, plan, "bot", random.Random(0), history).tables
    assert table.seats == ("a", "b", "c")
    assert all(new != old for new, old in zip(table.roles, history[0][0].roles, strict=True))


def test_without_role_swap_roles_follow_seat_order():
    result, = play(TRIO, "random", "trio", [people(7)], 5)
    for table in result.tables:
        assert table.roles == ("cook_a", "cook_b", "judge")[:len(table.seats)]


@pytest.mark.parametrize("role_swap", [False, True])
@pytest.mark.parametrize("grouping", ["random", "rotate", "alliance"])
def test_deterministic_for_a_seed(grouping, role_swap):
    rounds = [people(13), people(14)[1:], people(15)[::-1]]
    assert play(TRIO, grouping, "trio", rounds, 7, role_swap) == play(
        TRIO, grouping, "trio", rounds, 7, role_swap)
    outcomes = {tuple(play(TRIO, grouping, "trio", rounds, seed, role_swap)[0].tables)
                for seed in range(5)}
    assert len(outcomes) > 1, "the seed matters"


def test_met_and_repeated_pairs_leave_bots_out():
    history = [(Table(("a", "b", None), ("a", "b", "c")), Table(("c", None), ("a", "b")))]
    assert met_pairs(history) == {frozenset(("a", "b"))}
    grouping = Grouping((Table(("a", "b"), ("buyer", "seller")),
                         Table(("c", "d"), ("buyer", "seller"))), ())
    assert repeated_pairs(grouping, history) == 1


def test_bad_input_is_refused():
    rng = random.Random(0)
    with pytest.raises(ValueError, match="grouping"):
        group_round(["a"], PAIR, RoundPlan("x", grouping="shuffle"), "bot", rng)
    with pytest.raises(ValueError, match="policy"):
        group_round(["a"], PAIR, RoundPlan("x"), "drop", rng)
    with pytest.raises(ValueError, match="twice"):
        group_round(["a", "a"], PAIR, RoundPlan("x"), "bot", rng)
