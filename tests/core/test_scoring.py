"""Scoring of an agreed package or of no deal (PRODUCT.md "Scoring").

Expected values are derived by hand (the orange) or by the brute-force oracle in factories.py.
"""

from __future__ import annotations

import json
import math
import random

import pytest

from game.core.analysis import analyze
from game.core.scoring import score
from tests.core.factories import all_outcomes, dominates, make_scenario, orange, random_scenario

# The orange: outcomes (dessert, meat) are whole_to_dessert (100, 0), halve (40, 40),
# whole_to_meat (0, 100), separate (100, 100); BATNAs (30, 30); JG* = 200 (separate);
# JG_c = 80 (halve, the middle visible option); Nash product = 70 * 70 = 4900.


def test_halving_the_orange_is_lose_lose_with_zero_efficiency():
    result = score(orange(), None, {"orange": "halve"})
    assert [r.points for r in result.roles] == [40, 40]
    assert [r.surplus for r in result.roles] == [10, 10]
    assert [r.share for r in result.roles] == [0.5, 0.5]
    assert result.joint == 80
    assert result.max_joint == 200
    assert result.left_on_table == 120
    assert result.efficiency == 0.0
    assert result.lose_lose and result.lose_lose_issues == ("orange",)
    assert not result.pareto_optimal
    assert result.better_for_everyone == 1  # separate
    assert result.nash_ratio == pytest.approx(100 / 4900)
    assert not result.missed_deal and not result.agreement_trap


def test_separating_peel_and_juice_is_efficient():
    result = score(orange(), ["dessert", "meat"], {"orange": "separate"})
    assert [r.points for r in result.roles] == [100, 100]
    assert result.joint == 200 and result.left_on_table == 0
    assert result.efficiency == 1.0
    assert result.pareto_optimal and not result.lose_lose
    assert result.better_for_everyone == 0
    assert result.nash_ratio == 1.0


def test_no_deal_gives_the_batnas():
    result = score(orange(), None, None)
    assert not result.deal and result.package is None
    assert [r.points for r in result.roles] == [30, 30]
    assert [r.surplus for r in result.roles] == [0, 0]
    assert [r.share for r in result.roles] == [None, None]  # sum of surpluses is 0
    assert result.joint == 60 and result.left_on_table == 140
    assert result.efficiency == pytest.approx((60 - 80) / (200 - 80))
    assert result.missed_deal  # halve and separate were both better for both cooks
    assert result.better_for_everyone == 2
    assert not result.pareto_optimal and not result.lose_lose and not result.agreement_trap
    assert result.nash_ratio == 0.0


def test_a_deal_below_a_batna_is_an_agreement_trap():
    result = score(orange(), None, {"orange": "whole_to_dessert"})
    assert [r.surplus for r in result.roles] == [70, -30]
    assert [r.share for r in result.roles] == [70 / 40, -30 / 40]
    assert result.agreement_trap and result.lose_lose
    assert result.nash_ratio is None
    assert result.better_for_everyone == 0  # nothing beats 100 for the dessert cook
    assert not result.pareto_optimal  # separate gives (100, 100)


def test_issue_type_of_the_orange_is_compatible():
    assert dict(analyze(orange()).issue_types) == {"orange": "compatible"}


def test_to_dict_round_trips_through_json():
    data = score(orange(), None, {"orange": "halve"}).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["efficiency"] == 0.0 and data["lose_lose"] is True
    assert data["roles"][0] == {"role": "dessert", "points": 40, "batna": 30, "surplus": 10,
                                "share": 0.5}
    assert data["package"] == {"orange": "halve"} and data["deal"] is True
    assert isinstance(data["joint"], int) and isinstance(data["left_on_table"], int)


def test_no_zone_of_agreement():
    # Best joint options give one side 5 and the other 0; both need 4.
    points = {"a": {"x": {"p": 5, "q": 0}}, "b": {"x": {"p": 0, "q": 5}}}
    scenario = make_scenario(points, {"a": 4, "b": 4})
    walked = score(scenario, None, None)
    assert walked.max_joint is None and walked.left_on_table is None
    assert walked.efficiency is None and walked.nash_ratio is None
    assert not walked.missed_deal and walked.pareto_optimal
    assert walked.better_for_everyone == 0


def test_analysis_must_match_scenario_and_roles():
    scenario = orange()
    with pytest.raises(ValueError):
        score(scenario, ["meat", "dessert"], None, analyze(scenario))
    with pytest.raises(ValueError):
        score(scenario, None, {"orange": "peel"})
    shared = analyze(scenario)
    assert score(scenario, None, {"orange": "halve"}, shared).efficiency == 0.0


def test_random_scores_match_the_oracle():
    rng = random.Random(2024)
    for i in range(60):
        n_roles = (2, 3, 4)[i % 3]
        scenario = random_scenario(rng, n_roles, rng.randint(1, 3), rng.randint(1, 4),
                                   low=rng.choice([-5, 0]), high=rng.choice([4, 30]),
                                   batna_fraction=rng.choice([0.2, 0.5, 0.9]))
        table = all_outcomes(scenario)
        r = tuple(role.batna for role in scenario.roles)
        rational = [u for u, _ in table if all(a >= b for a, b in zip(u, r, strict=True))]
        jg_star = max((sum(u) for u in rational), default=None)
        nash = max((math.prod(a - b for a, b in zip(u, r, strict=True)) for u in rational),
                   default=None)
        compromise = {issue.id: issue.compromise_option.id for issue in scenario.issues}
        jg_c = sum(role.points_for(compromise) for role in scenario.roles)
        for package in [p for _, p in rng.sample(table, min(4, len(table)))] + [None]:
            u = r if package is None else tuple(role.points_for(package)
                                                for role in scenario.roles)
            result = score(scenario, None, package)
            assert tuple(x.points for x in result.roles) == u
            assert result.joint == sum(u)
            assert result.max_joint == jg_star
            if jg_star is None or jg_star == jg_c:
                assert result.efficiency is None
            else:
                assert result.efficiency == pytest.approx((sum(u) - jg_c) / (jg_star - jg_c))
            assert result.pareto_optimal == (not any(dominates(v, u) for v, _ in table))
            assert result.better_for_everyone == sum(
                1 for v, _ in table if all(a > b for a, b in zip(v, u, strict=True)))
            gains = [a - b for a, b in zip(u, r, strict=True)]
            if nash and min(gains) >= 0:
                assert result.nash_ratio == pytest.approx(math.prod(gains) / nash)
            else:
                assert result.nash_ratio is None
            assert result.agreement_trap == (package is not None and min(gains) < 0)
            better_exists = any(all(a > b for a, b in zip(v, r, strict=True)) for v, _ in table)
            assert result.missed_deal == (package is None and better_exists)


def test_lose_lose_needs_a_compatible_issue_off_its_best_option():
    # colour: both prefer blue (compatible); price: opposed (distributive).
    points = {"a": {"colour": {"red": 1, "blue": 5}, "price": {"lo": 0, "hi": 9}},
              "b": {"colour": {"red": 2, "blue": 6}, "price": {"lo": 9, "hi": 0}}}
    scenario = make_scenario(points, {"a": 0, "b": 0})
    assert score(scenario, None, {"colour": "blue", "price": "lo"}).lose_lose is False
    result = score(scenario, None, {"colour": "red", "price": "hi"})
    assert result.lose_lose_issues == ("colour",)
    assert score(scenario, None, None).lose_lose is False


def test_seated_subset_of_roles():
    points = {"a": {"x": {"p": 6, "q": 1}}, "b": {"x": {"p": 1, "q": 6}},
              "c": {"x": {"p": 3, "q": 3}}}
    # c is not seated, so its BATNA of 9 (above anything it could get) plays no part.
    scenario = make_scenario(points, {"a": 1, "b": 2, "c": 9})
    result = score(scenario, ["b", "a"], {"x": "q"})
    assert [(x.role, x.points) for x in result.roles] == [("b", 6), ("a", 1)]
    assert not result.agreement_trap  # b: 6 >= 2, a: 1 >= 1
    # p gives b 1 < 2, so only q is individually rational: JG* = 6 + 1.
    assert result.max_joint == 7 and result.left_on_table == 0
    # No outcome is strictly better than the BATNAs for both: q leaves a at exactly 1.
    assert not score(scenario, ["b", "a"], None).missed_deal
