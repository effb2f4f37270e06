"""Scenarios built in code for the state-machine tests (no YAML: the core stands alone)."""

from __future__ import annotations

from game.core.scenario import Card, Issue, Option, Role, RoundRules, Scenario


def orange(mou_counts: bool = False, chat: bool = True) -> Scenario:
    """The two cooks and one orange: the peel/juice split is hidden behind both depth-3 cards."""
    issue = Issue("orange", "The orange", (
        Option("whole_to_pastry", "Whole orange to the pastry chef"),
        Option("halve", "Cut it in half"),
        Option("whole_to_sauce", "Whole orange to the saucier"),
        Option("separate", "Peel to the pastry chef, juice to the saucier",
               unlocked_by=("pastry_3", "sauce_3")),
    ))
    garnish = Issue("plating", "Who plates first", (
        Option("pastry_first", "Pastry first"), Option("sauce_first", "Sauce first")))
    pastry_cards = (
        Card("pastry_1", "pastry", "I need the whole orange.", 1, None, ("orange",), "position"),
        Card("pastry_2", "pastry", "My dessert is the VIP's favourite.", 2, "pastry_1",
             ("orange",), "reason"),
        Card("pastry_3", "pastry", "I only need the zest of the peel.", 3, "pastry_2",
             ("orange",), "interest"),
    )
    sauce_cards = (
        Card("sauce_1", "sauce", "The orange is mine.", 1, None, ("orange",), "position"),
        Card("sauce_2", "sauce", "My glaze makes the main course.", 2, "sauce_1",
             ("orange",), "reason"),
        Card("sauce_3", "sauce", "I only need the juice.", 3, "sauce_2", ("orange",),
             "interest"),
    )
    pastry = Role("pastry", "Pastry chef", "Makes the dessert.", "SECRET-BRIEF-PASTRY", 30,
                  {"orange": {"whole_to_pastry": 100, "halve": 40, "whole_to_sauce": 0,
                              "separate": 100},
                   "plating": {"pastry_first": 7, "sauce_first": 3}}, pastry_cards)
    sauce = Role("sauce", "Saucier", "Makes the main course.", "SECRET-BRIEF-SAUCE", 31,
                 {"orange": {"whole_to_pastry": 0, "halve": 40, "whole_to_sauce": 100,
                             "separate": 100},
                  "plating": {"pastry_first": 2, "sauce_first": 9}}, sauce_cards)
    return Scenario("orange", "The Orange", "1", "Two cooks, one orange.", "en",
                    (pastry, sauce), (issue, garnish),
                    RoundRules(duration_s=600, mou_counts_at_deadline=mou_counts, chat=chat),
                    content_hash="hash-orange")
