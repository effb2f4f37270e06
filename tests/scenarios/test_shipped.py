"""Every shipped scenario loads, checks clean and carries the lesson it promises."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from game.core.analysis import analyze
from game.scenarios.loader import check_file, load_file

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
FILES = sorted(SHIPPED.glob("*.yaml"))


def test_the_expected_files_ship():
    names = {path.stem for path in FILES}
    assert {"orange", "alliance_mou", "three_party", "no_zopa", "orange_es"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_loads_clean(path):
    result = check_file(path)
    assert result.problems == (), "\n".join(map(str, result.problems))
    assert result.scenario is not None and result.scenario.teaching_notes
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./scenario.schema.json"


def load(name):
    return check_file(SHIPPED / f"{name}.yaml").scenario


@pytest.mark.parametrize("name", ["orange", "orange_es"])
def test_orange(name):
    scenario = load(name)
    (issue,) = scenario.issues
    a, b = scenario.roles
    assert [o.hidden for o in issue.options] == [False, False, False, True]
    assert issue.compromise_option.id == issue.options[1].id
    assert [a.points[issue.id][o.id] for o in issue.options] == [100, 40, 0, 100]
    assert [b.points[issue.id][o.id] for o in issue.options] == [0, 40, 100, 100]
    assert (a.batna, b.batna, scenario.rules.duration_s) == (30, 30, 600)
    deepest = {role.id: max(role.cards, key=lambda c: c.depth).id for role in scenario.roles}
    assert sorted(issue.options[3].unlocked_by) == sorted(deepest.values())
    assert scenario.language == ("es" if name == "orange_es" else "en")


def test_alliance_mixes_issue_types():
    scenario = load("alliance_mou")
    types = set(analyze(scenario).issue_types.values())
    assert len(scenario.issues) >= 5
    assert types == {"distributive", "compatible", "integrative"}
    assert any(o.hidden for issue in scenario.issues for o in issue.options)
    assert max(card.depth for card in scenario.cards.values()) == 3


def test_three_party_needs_all_three():
    scenario = load("three_party")
    assert len(scenario.required_roles) == 3
    unlockers = [{scenario.card(c).role for c in o.unlocked_by}
                 for issue in scenario.issues for o in issue.options]
    assert set(scenario.role_ids) in unlockers


def test_no_zopa_has_no_deal():
    analysis = analyze(load("no_zopa"))
    assert not analysis.deal_possible and analysis.max_joint is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_analysers_figures_agree_with_a_brute_force_count(path):
    """Size, frontier, max joint, all-compromise joint and Nash product of every shipped
    scenario, recomputed by enumerating every outcome (tests/core/factories.py)."""
    from tests.core.factories import all_outcomes, brute_frontier

    scenario = load_file(path)
    analysis = analyze(scenario)
    outcomes = all_outcomes(scenario)
    assert analysis.size == len(outcomes)
    assert {p.utilities for p in analysis.frontier} == brute_frontier([u for u, _ in outcomes])
    batnas = [role.batna for role in scenario.roles]
    rational = [u for u, _ in outcomes if all(x >= b for x, b in zip(u, batnas, strict=True))]
    assert analysis.max_joint == (max(sum(u) for u in rational) if rational else None)
    compromise = {i.id: i.compromise_option.id for i in scenario.issues}
    assert analysis.compromise_joint == sum(r.points_for(compromise) for r in scenario.roles)
    products = [math.prod(x - b for x, b in zip(u, batnas, strict=True)) for u in rational]
    assert analysis.nash_product == (max(products) if products else None)
