"""The outcome space: size, enumeration, utilities, all-compromise package, sampling."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from game.core import outcomes
from tests.core.factories import make_scenario, orange, random_scenario


def small():
    # Two issues: price (3 options), delivery (2 options); three roles.
    points = {
        "buyer": {"price": {"low": 9, "mid": 5, "high": 0}, "delivery": {"fast": 4, "slow": -1}},
        "seller": {"price": {"low": 0, "mid": 5, "high": 9}, "delivery": {"fast": 1, "slow": 2}},
        "bank": {"price": {"low": 1, "mid": 1, "high": 1}, "delivery": {"fast": 0, "slow": 3}},
    }
    return make_scenario(points, {"buyer": 4, "seller": 4, "bank": 1})


def test_size_is_the_product_of_option_counts():
    assert outcomes.size(small()) == 3 * 2
    assert outcomes.size(orange()) == 4  # the hidden option counts
    scenario = random_scenario(random.Random(3), 2, 3, [2, 5, 7])
    assert outcomes.size(scenario) == 70


def test_iter_packages_lists_every_package_once():
    scenario = small()
    packages = list(outcomes.iter_packages(scenario))
    assert len(packages) == 6
    assert len({tuple(sorted(p.items())) for p in packages}) == 6
    assert packages[0] == {"price": "low", "delivery": "fast"}
    for package in packages:
        outcomes.check_package(scenario, package)


def test_utilities_are_additive_in_role_order():
    scenario = small()
    package = {"price": "mid", "delivery": "slow"}
    assert outcomes.utilities(scenario, package) == (5 - 1, 5 + 2, 1 + 3)
    assert outcomes.utilities(scenario, package, ["bank", "buyer"]) == (4, 4)


def test_iter_utilities_agrees_with_utilities():
    scenario = random_scenario(random.Random(5), 3, 3, 3, low=-5, high=5)
    pairs = list(outcomes.iter_utilities(scenario))
    assert len(pairs) == 27
    ids = [issue.id for issue in scenario.issues]
    for u, choice in pairs:
        assert u == outcomes.utilities(scenario, dict(zip(ids, choice, strict=True)))


def test_roles_must_exist_and_not_repeat():
    scenario = small()
    with pytest.raises(KeyError):
        outcomes.utilities(scenario, {"price": "low", "delivery": "fast"}, ["nobody"])
    with pytest.raises(ValueError):
        outcomes.seated(scenario, ["buyer", "buyer"])
    assert outcomes.batnas(scenario, ["seller", "bank"]) == (4, 1)


@pytest.mark.parametrize("package", [
    {"price": "low"},
    {"price": "low", "delivery": "fast", "colour": "red"},
    {"price": "cheap", "delivery": "fast"},
])
def test_incomplete_or_unknown_packages_are_refused(package):
    with pytest.raises(ValueError):
        outcomes.utilities(small(), package)


def test_all_compromise_takes_the_middle_visible_option():
    # price: 3 options -> "mid"; delivery: 2 options -> the lower middle, "fast".
    assert outcomes.all_compromise(small()) == {"price": "mid", "delivery": "fast"}
    # The hidden "separate" is not a compromise; the middle of the three visible is "halve".
    assert outcomes.all_compromise(orange()) == {"orange": "halve"}


def test_a_marked_compromise_option_wins():
    points = {"a": {"x": {"p": 1, "q": 2, "r": 3}}, "b": {"x": {"p": 3, "q": 2, "r": 1}}}
    scenario = make_scenario(points, {"a": 0, "b": 0}, compromise={"x": "r"})
    assert outcomes.all_compromise(scenario) == {"x": "r"}


def test_sample_is_seeded_valid_and_covers_the_space():
    scenario = small()
    first = outcomes.sample(scenario, 600, random.Random(7))
    again = outcomes.sample(scenario, 600, random.Random(7))
    assert first == again
    assert outcomes.sample(scenario, 0, random.Random(7)) == []
    for package in first:
        outcomes.check_package(scenario, package)
    counts = Counter(tuple(sorted(p.items())) for p in first)
    assert len(counts) == 6  # all six packages appear (each has probability 1/6)
    assert min(counts.values()) > 50  # expected 100 each
    with pytest.raises(ValueError):
        outcomes.sample(scenario, -1, random.Random(7))
