"""Analysis: the exact Pareto frontier, JG*, Nash and Kalai-Smorodinsky points, issue types.

Expected values come from hand calculation or from the brute-force oracle in factories.py.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from game.core import analysis, outcomes
from game.core.analysis import COMPATIBLE, DISTRIBUTIVE, INTEGRATIVE, analyze
from tests.core.factories import (
    all_outcomes,
    brute_frontier,
    make_scenario,
    orange,
    random_scenario,
)


def random_cases(n, seed):
    rng = random.Random(seed)
    for i in range(n):
        n_roles = (2, 3, 4)[i % 3]
        n_issues = rng.randint(1, 4)
        sizes = [rng.randint(1, 4) for _ in range(n_issues)]
        # Narrow ranges give many ties; some ranges are partly or wholly negative.
        low, high = rng.choice([(0, 3), (-3, 3), (-10, 10), (0, 100), (-50, -10)])
        yield random_scenario(rng, n_roles, n_issues, sizes, low=low, high=high,
                              batna_fraction=rng.choice([0.0, 0.3, 0.5, 0.8, 1.1]))


def check_against_oracle(scenario):
    result = analyze(scenario)
    table = all_outcomes(scenario)
    r = result.batnas
    assert r == tuple(role.batna for role in scenario.roles)
    assert result.size == len(table)
    got = [p.utilities for p in result.frontier]
    assert len(got) == len(set(got)), "frontier vectors are distinct"
    assert set(got) == brute_frontier([u for u, _ in table])
    assert got == sorted(got)
    for point in result.frontier:
        assert outcomes.utilities(scenario, point.package) == point.utilities
    rational = [u for u, _ in table if all(a >= b for a, b in zip(u, r, strict=True))]
    if not rational:
        assert result.max_joint is None and result.nash is None
        assert result.kalai_smorodinsky is None and result.ideal is None
        return result
    assert result.max_joint == max(sum(u) for u in rational)
    surplus = [math.prod(a - b for a, b in zip(u, r, strict=True)) for u in rational]
    assert result.nash_product == max(surplus)
    ideal = tuple(max(u[i] for u in rational) for i in range(len(r)))
    assert result.ideal == ideal

    def level(u):
        ratios = [Fraction(a - b, c - b) for a, b, c in zip(u, r, ideal, strict=True) if c > b]
        return min(ratios) if ratios else Fraction(1)

    ks = result.kalai_smorodinsky
    assert ks is not None and ks.utilities in set(got)
    assert level(ks.utilities) == max(level(u) for u in rational)
    for point in (result.max_joint_point, result.nash, ks):
        assert point is not None
        assert all(a >= b for a, b in zip(point.utilities, r, strict=True))
        assert outcomes.utilities(scenario, point.package) == point.utilities
    assert result.deal_possible == any(all(a > b for a, b in zip(u, r, strict=True))
                                       for u, _ in table)
    return result


@pytest.mark.parametrize("seed", range(4))
def test_frontier_and_points_match_brute_force(seed):
    for scenario in random_cases(50, seed):  # 4 x 50 = 200 scenarios
        check_against_oracle(scenario)


@pytest.mark.parametrize(("n_roles", "budget"), [(3, 12), (4, 12), (5, 12), (4, 3), (5, 2)])
def test_frontier_of_opposed_interests_matches_brute_force(n_roles, budget):
    # Points split a budget per option, less a little waste now and then, so many outcomes are
    # Pareto-optimal but not all: this makes the pruning work on long candidate lists (the
    # 3-role and many-role paths); a small budget makes many ties.
    rng = random.Random(n_roles)
    roles = [f"r{i}" for i in range(n_roles)]
    points = {r: {} for r in roles}
    for j in range(5):
        for k in range(4):
            cuts = sorted(rng.randint(0, budget) for _ in range(n_roles - 1))
            shares = [b - a for a, b in zip([0, *cuts], [*cuts, budget], strict=True)]
            for r, share in zip(roles, shares, strict=True):
                waste = 1 if rng.random() < 0.3 else 0
                points[r].setdefault(f"i{j}", {})[f"o{k}"] = (share - waste) * (j + 1)
    scenario = make_scenario(points, {r: budget for r in roles})
    result = check_against_oracle(scenario)
    assert len(result.frontier) > 40


def test_orange():
    result = analyze(orange())
    assert result.size == 4
    # (100, 100) for separate dominates (100, 0), (40, 40) and (0, 100).
    assert [p.utilities for p in result.frontier] == [(100, 100)]
    assert dict(result.frontier[0].package) == {"orange": "separate"}
    assert result.max_joint == 200
    assert result.compromise_joint == 80
    assert dict(result.compromise.package) == {"orange": "halve"}
    assert result.integrative_potential == 120
    assert result.integrative_ratio == pytest.approx(120 / 200)
    assert result.nash is not None and result.nash.utilities == (100, 100)
    assert result.nash_product == 70 * 70
    assert result.kalai_smorodinsky is not None
    assert result.kalai_smorodinsky.utilities == (100, 100)
    assert result.ideal == (100, 100)
    assert dict(result.issue_types) == {"orange": COMPATIBLE}
    assert result.common_best["orange"] == ("separate",)
    assert result.deal_possible


def test_issue_types():
    points = {
        "a": {"same": {"x": 5, "y": 1}, "split": {"x": 6, "y": 2, "z": 4},
              "trade": {"x": 8, "y": 0}, "tie": {"x": 3, "y": 3}},
        "b": {"same": {"x": 2, "y": 0}, "split": {"x": 2, "y": 6, "z": 4},
              "trade": {"x": 0, "y": 2}, "tie": {"x": 1, "y": 7}},
    }
    result = analyze(make_scenario(points, {"a": 0, "b": 0}))
    # same: x is best for both. split: joint 8 for every option. trade: joint 8 vs 2.
    # tie: a is indifferent, b prefers y, so y is best for both.
    assert dict(result.issue_types) == {"same": COMPATIBLE, "split": DISTRIBUTIVE,
                                        "trade": INTEGRATIVE, "tie": COMPATIBLE}
    assert result.common_best["tie"] == ("y",)
    assert result.common_best["trade"] == ()


def test_roles_subset_follow_the_given_order():
    scenario = random_scenario(random.Random(11), 3, 3, 3)
    result = analyze(scenario, ["r2", "r0"])
    assert result.roles == ("r2", "r0")
    table = all_outcomes(scenario, ["r2", "r0"])
    assert {p.utilities for p in result.frontier} == brute_frontier([u for u, _ in table])


def test_no_individually_rational_outcome():
    points = {"a": {"x": {"p": 5, "q": 0}}, "b": {"x": {"p": 0, "q": 5}}}
    result = analyze(make_scenario(points, {"a": 4, "b": 4}))
    assert result.max_joint is None and result.nash is None and result.nash_product is None
    assert result.integrative_potential is None and result.integrative_ratio is None
    assert not result.deal_possible
    assert result.compromise_joint == 5  # lower middle of two options is p: 5 + 0


def test_is_pareto_optimal_and_is_dominated():
    scenario = orange()
    result = analyze(scenario)
    assert analysis.is_pareto_optimal(result, {"orange": "separate"})
    assert not analysis.is_pareto_optimal(result, {"orange": "halve"})
    assert not analysis.is_pareto_optimal(scenario, {"orange": "whole_to_meat"})
    assert analysis.is_dominated(result, (30, 30))
    assert not analysis.is_dominated(result, (100, 100))
    with pytest.raises(ValueError):
        analysis.is_pareto_optimal(result, {"orange": "halve"}, ["meat", "dessert"])


@pytest.mark.parametrize("n_roles", [2, 3, 4])
def test_count_better_dynamic_programme_matches_brute_force(n_roles):
    rng = random.Random(100 + n_roles)
    for _ in range(30):
        scenario = random_scenario(rng, n_roles, rng.randint(1, 4), rng.randint(1, 4),
                                   low=rng.choice([-5, 0]), high=rng.choice([3, 20]))
        table = all_outcomes(scenario)
        targets = [u for u, _ in rng.sample(table, min(3, len(table)))]
        targets.append(tuple(role.batna for role in scenario.roles))
        for target in targets:
            expected = sum(1 for u, _ in table if all(a > b for a, b in zip(u, target,
                                                                             strict=True)))
            assert outcomes.count_better_than(scenario, target, brute_force_limit=0) == expected
            assert outcomes.count_better_than(scenario, target) == expected


def test_count_better_of_a_package():
    # Strictly better than halve (40, 40) for both cooks: only separate (100, 100).
    assert analysis.count_better(orange(), {"orange": "halve"}, brute_force_limit=0) == 1
    assert analysis.count_better(orange(), {"orange": "separate"}) == 0
    with pytest.raises(ValueError):
        outcomes.count_better_than(orange(), (1, 2, 3))


def test_large_two_party_space_is_exact_against_a_sweep():
    # 10 issues x 9 options: too many to enumerate, but the reachable (u_0, u_1) vectors are
    # few. For two roles, (a, b) is on the frontier iff b is the best u_1 reachable with
    # u_0 = a and every reachable vector with u_0 > a has a smaller u_1.
    scenario = random_scenario(random.Random(42), 2, 10, 9, high=20)
    result = analyze(scenario)
    reachable = {(0, 0)}
    for opts in outcomes.issue_vectors(scenario):
        reachable = {(a + v[0], b + v[1]) for a, b in reachable for _, v in opts}
    best: dict[int, int] = {}
    for a, b in reachable:
        best[a] = max(best.get(a, b), b)
    expected, above = set(), None
    for a in sorted(best, reverse=True):
        if above is None or best[a] > above:
            expected.add((a, best[a]))
            above = best[a]
    assert {p.utilities for p in result.frontier} == expected
    assert result.size == 9 ** 10


def test_to_dict_is_plain_data():
    data = analyze(orange()).to_dict()
    assert data["max_joint"] == 200 and data["issue_types"] == {"orange": "compatible"}
    assert data["frontier"] == [{"utilities": [100, 100], "package": {"orange": "separate"}}]
