"""The opponent model: what the bot believes its partners value, from what it was shown.

A frequency model (as in HardHeaded, van Krimpen et al. 2013): options a partner proposes
often are worth more to them; issues on which a partner keeps the same option, or which a
partner's revealed cards talk about, weigh more. Two priors fill the gaps: an option that was
hidden and appeared once partners revealed interests about its issue is presumed to serve
those interests; otherwise a partner is presumed to want the opposite of the bot (a weak
fixed-pie prior). A fixed-pie persona believes only that prior.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PRIOR, FREQUENCY, INTEREST = 0.25, 1.0, 2.0


@dataclass(frozen=True)
class OpponentModel:
    """Estimated partner value: issue weights (summing to 1) and option values in [0, 1]."""

    weights: Mapping[str, float]
    values: Mapping[str, Mapping[str, float]]

    def rate(self, package: Mapping[str, str]) -> float:
        """The estimated value of a package to the partners, in [0, 1]."""
        return sum(self.weights[i] * self.values[i].get(o, 0.0) for i, o in package.items()
                   if i in self.weights)


def _prior(own: Mapping[str, int]) -> dict[str, float]:
    """1 for the option the bot likes least, 0 for the one it likes most."""
    low, high = min(own.values(), default=0), max(own.values(), default=0)
    if high == low:
        return {option: 0.5 for option in own}
    return {option: (high - points) / (high - low) for option, points in own.items()}


def build(view: Mapping[str, Any], partner_packages: Sequence[Mapping[str, str]],
          fixed_pie: bool = False) -> OpponentModel:
    """The model for the bot whose view this is, given its partners' proposals in the order
    they were made (from its own memory of earlier views)."""
    seat = view["you"]["seat"]
    issues = {issue["id"]: issue for issue in view["issues"]}
    own = {i: {o["id"]: int(o["your_points"]) for o in issue["options"]}
           for i, issue in issues.items()}
    partner_cards = [card for card in view["revealed"] if card["seat"] != seat]
    talked_about = Counter(i for card in partner_cards for i in card["issues"])
    values: dict[str, dict[str, float]] = {}
    weights: dict[str, float] = {}
    for issue_id, issue in issues.items():
        prior = _prior(own[issue_id])
        if fixed_pie:
            values[issue_id], weights[issue_id] = prior, 1.0
            continue
        counts = Counter(p.get(issue_id) for p in partner_packages)
        most = max(counts.values(), default=0)
        raw = {}
        for option in issue["options"]:
            oid = option["id"]
            interest = 1.0 if option["was_hidden"] and talked_about[issue_id] else 0.0
            frequency = counts[oid] / most if most else 0.0
            raw[oid] = PRIOR * prior[oid] + FREQUENCY * frequency + INTEREST * interest
        top = max(raw.values(), default=0.0) or 1.0
        values[issue_id] = {oid: value / top for oid, value in raw.items()}
        kept = sum(1 for a, b in zip(partner_packages, partner_packages[1:], strict=False)
                   if a.get(issue_id) == b.get(issue_id))
        weights[issue_id] = 1.0 + kept + talked_about[issue_id]
    total = sum(weights.values()) or 1.0
    return OpponentModel({i: w / total for i, w in weights.items()}, values)
