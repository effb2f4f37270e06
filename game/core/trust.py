"""The trust rule: give to get.

Trust in a group is the fewest cards any one member has revealed. A card of depth d can only
be revealed when trust >= d - 1, and only after the card it explains is on the table. So deep
interests surface only through reciprocated disclosure (PRODUCT.md, "Discovery and trust").
"""

from __future__ import annotations

from game.core.errors import RuleError
from game.core.state import NegotiationState


def revealed_counts(state: NegotiationState) -> dict[int, int]:
    """Cards revealed so far by each seat: {seat: count}."""
    counts = {member.seat: 0 for member in state.members}
    for reveal in state.reveals:
        counts[reveal.seat] = counts.get(reveal.seat, 0) + 1
    return counts


def trust_level(state: NegotiationState) -> int:
    """The group's trust: the fewest cards any one member has revealed."""
    counts = revealed_counts(state)
    return min(counts.values()) if counts else 0


def reveal_blocker(state: NegotiationState, seat: int, card_id: str) -> RuleError | None:
    """Why `seat` cannot reveal `card_id` now, as a RuleError, or None when it can."""
    scenario = state.scenario
    if card_id not in scenario.cards:
        return RuleError("unknown_card", f"There is no card {card_id!r} in this scenario.")
    card = scenario.card(card_id)
    if card.role != state.member(seat).role:
        return RuleError("not_your_card", "You can only reveal your own cards.")
    if card_id in state.revealed:
        return RuleError("already_revealed", "That card is already on the table.")
    if card.explains is not None and card.explains not in state.revealed:
        parent = scenario.card(card.explains)
        return RuleError("chain_order", f"Share \u201c{parent.label or parent.text}\u201d first: "
                                        "this card explains it.")
    trust = trust_level(state)
    if trust < card.depth - 1:
        return RuleError(
            "trust_too_low",
            f"This card goes deeper (depth {card.depth}): it can be shared once every member "
            f"has revealed at least {card.depth - 1} card{'s' if card.depth > 2 else ''}; "
            f"the fewest anyone has revealed so far is {trust}. Give to get: trust grows as "
            "each side shares.")
    return None


def revealable_cards(state: NegotiationState, seat: int) -> list[str]:
    """Ids of the seat's own cards it may reveal right now, shallowest first."""
    role = state.scenario.role(state.member(seat).role)
    cards = sorted(role.cards, key=lambda card: card.depth)
    return [card.id for card in cards if reveal_blocker(state, seat, card.id) is None]
