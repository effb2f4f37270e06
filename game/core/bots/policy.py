"""The bot: one decision per view, from the member view alone (plus its memory of earlier
views of the same negotiation).

`decide(view, rng, persona, memory)` returns a Decision (an event name of docs/protocol.md,
its payload, and one sentence for the debrief) or None when the bot would rather wait. The
order of concerns: sign an acceptable MOU; answer or decline questions put to it; accept an
acceptable offer; disclose by the trust rule (one small card first, then reciprocate); ask
"Why?"; put its next offer on the table when it differs from its live one.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from game.core import commands as cmd
from game.core.bots import acceptance, offering, opponent
from game.core.bots.personas import Persona
from game.core.bots.personas import persona as find_persona

View = Mapping[str, Any]
DEEPEST = 3  # depth 3 is the real interest (PRODUCT.md): nothing lies behind it


@dataclass(frozen=True)
class Decision:
    """What the bot does: `event` and `payload` exactly as a browser would send them."""

    event: str
    payload: dict[str, Any]
    explanation: str


@dataclass(frozen=True)
class Memory:
    """What the bot remembers from earlier views of one negotiation: the round's length
    (seconds) and each partner offer seen, as (proposal id, package items, own points)."""

    duration_s: float | None = None
    offers: tuple[tuple[int, tuple[tuple[str, str], ...], int], ...] = ()
    seen: frozenset[int] = field(default_factory=frozenset)

    @property
    def partner_packages(self) -> list[dict[str, str]]:
        return [dict(items) for _, items, _ in self.offers]

    @property
    def best_seen(self) -> int | None:
        """The most points any partner offer seen so far gave the bot."""
        return max((points for _, _, points in self.offers), default=None)


def observe(memory: Memory | None, view: View) -> Memory:
    """Memory after seeing `view`; idempotent (seeing a view twice changes nothing)."""
    memory = memory or Memory()
    clock = view["clock"]
    duration = clock.get("duration")
    if duration is None:  # the view does not say; the longest time left seen is the best guess
        duration = max(memory.duration_s or 0.0, float(clock["remaining"]))
    seat = view["you"]["seat"]
    offers, seen = list(memory.offers), set(memory.seen)
    # `history` holds every proposal made (so a reconnecting bot remembers them too)
    shown = list(view.get("history", [])) + list(view["proposals"]) + (
        [view["mou"]] if view["mou"] else [])
    for proposal in sorted(shown, key=lambda p: p["id"]):
        if proposal["proposer"] != seat and proposal["id"] not in seen:
            seen.add(proposal["id"])
            offers.append((proposal["id"], tuple(sorted(proposal["package"].items())),
                           int(proposal["your_points"])))
    return Memory(float(duration), tuple(offers), frozenset(seen))


def time_fraction(view: View, memory: Memory) -> float:
    """t in [0, 1]: the share of the round that has passed."""
    duration = memory.duration_s or 0.0
    if duration <= 0:
        return 1.0
    return min(1.0, max(0.0, 1.0 - float(view["clock"]["remaining"]) / duration))


def decide(view: View, rng: random.Random, persona: Persona | str | None = None,
           memory: Memory | None = None) -> Decision | None:
    """The bot's next move for the member whose view this is, or None to wait."""
    who = find_persona(persona)
    memory = observe(memory, view)
    if view.get("closed") or view["clock"]["paused"] or view["clock"]["remaining"] <= 0:
        return None
    seat, batna = view["you"]["seat"], int(view["role"]["batna"])
    mou = view["mou"]
    if mou is not None:
        if seat in view["signatures"] or int(mou["your_points"]) < batna:
            return None
        return Decision("sign", {"mou": mou["id"]},
                        f"The MOU gives me {mou['your_points']} points, not below my "
                        f"walk-away value of {batna}, so I sign it.")
    decision = _questions(view, who)
    if decision is not None:
        return decision
    t = time_fraction(view, memory)
    model = opponent.build(view, memory.partner_packages, who.fixed_pie)
    target = offering.target_utility(t, offering.best_points(view), batna, who.e, who.k)
    offer = offering.choose_offer(offering.packages(view), target, batna, model.rate, rng)
    decision = _accept(view, who, memory, t, batna, offer)
    return decision or _disclose(view, who) or _ask(view, who) or _propose(view, offer, target)


def _questions(view: View, who: Persona) -> Decision | None:
    """Answer (or decline) the oldest open question put to the bot that it can settle now."""
    seat = view["you"]["seat"]
    cards = view["cards"]
    for question in view["questions"]:
        if question["status"] != "open" or question["target"] != seat:
            continue
        if not who.answers:
            return Decision("decline", {"question": question["id"],
                                        "reason": who.decline_reason},
                            "I do not explain my positions: I believe what one side gains, "
                            "the other loses.")
        about = question["about"]
        if about is None:
            unrevealed = [c for c in cards if not c["revealed"]]
            ready = [c for c in unrevealed if c["can_reveal"]]
        else:
            unrevealed = [c for c in cards if c["explains"] == about and not c["revealed"]]
            ready = [c for c in unrevealed if c["can_reveal"]]
        if ready:
            card = ready[0]
            return Decision("answer", {"question": question["id"], "card": card["id"]},
                            f"You asked why, so I answer with \u201c{card['label']}\u201d.")
        if not unrevealed:
            return Decision("decline", {"question": question["id"],
                                        "reason": "There is nothing deeper behind that."},
                            "I decline because I have nothing more to say on that.")
        # The answer exists but the trust rule holds it back: keep the question open.
    return None


def _accept(view: View, who: Persona, memory: Memory, t: float, batna: int,
            offer: offering.Offer | None) -> Decision | None:
    """Accept the best live partner proposal that passes the acceptance condition."""
    seat = view["you"]["seat"]
    open_offers = [p for p in view["proposals"]
                   if p["proposer"] != seat and seat not in p["accepted_by"]]
    if not open_offers:
        return None
    best = max(open_offers, key=lambda p: (int(p["your_points"]), -p["id"]))
    verdict = acceptance.judge(int(best["your_points"]), offer.points if offer else None,
                               memory.best_seen, t, who.late, batna)
    if not verdict.accept:
        return None
    return Decision("accept", {"proposal": best["id"]}, verdict.reason)


def _disclose(view: View, who: Persona) -> Decision | None:
    """Give to get: one small card first, then the next card once a partner has matched."""
    seat = view["you"]["seat"]
    counts = view["trust"]["counts"]
    mine = counts[seat]
    partners = max((c for s, c in enumerate(counts) if s != seat), default=0)
    ready = [c for c in view["cards"] if c["can_reveal"]]
    if not ready:
        return None
    card = min(ready, key=lambda c: (c["depth"], c["id"]))
    if who.shares_first and mine == 0:
        return Decision("share", {"card": card["id"]},
                        f"I share \u201c{card['label']}\u201d first: giving first is how "
                        "trust starts.")
    if (who.shares_first and who.reciprocates and 0 < partners and mine <= partners) or (
            who.reciprocates and mine < partners):
        return Decision("share", {"card": card["id"]},
                        f"You shared, so I share \u201c{card['label']}\u201d in return.")
    return None


def _ask(view: View, who: Persona) -> Decision | None:
    """Ask "Why?" about a partner card nothing explains yet, or in general to a partner who
    has shown nothing (only after the bot gave something itself)."""
    if not who.asks_why:
        return None
    seat = view["you"]["seat"]
    asked = {(q["target"], q["about"]) for q in view["questions"] if q["asker"] == seat}
    explained = {c["explains"] for c in view["revealed"] if c["explains"]}
    theirs = [c for c in view["revealed"] if c["seat"] != seat]
    for card in sorted(theirs, key=lambda c: (-c["depth"], c["id"])):
        if (card["depth"] < DEEPEST and card["id"] not in explained
                and (card["seat"], card["id"]) not in asked):
            return Decision("ask_why", {"target": card["seat"], "about": card["id"]},
                            f"I ask why \u201c{card['label']}\u201d matters, to find the "
                            "interest behind it.")
    counts = view["trust"]["counts"]
    if counts[seat] == 0:
        return None
    for member in view["members"]:
        other = member["seat"]
        if other != seat and counts[other] == 0 and not any(t == other for t, _ in asked):
            return Decision("ask_why", {"target": other, "about": None},
                            "I ask why you want what you want: interests hide behind "
                            "positions.")
    return None


def _propose(view: View, offer: offering.Offer | None, target: float) -> Decision | None:
    """Put the offering policy's package on the table unless it is already there."""
    if offer is None:
        return None
    seat = view["you"]["seat"]
    live = next((p for p in view["proposals"] if p["proposer"] == seat), None)
    if live is not None and dict(live["package"]) == dict(offer.package):
        return None
    return Decision("propose", {"package": dict(offer.package),
                                "replaces": live["id"] if live else None},
                    f"I aim for at least {target:.0f} points now; of the packages that give me "
                    f"that, this one ({offer.points} points) is the one I believe suits you "
                    "best.")


def to_command(decision: Decision, seat: int) -> cmd.Command:
    """The core command a decision stands for, as the server would build it for `seat`."""
    command_type = cmd.MEMBER_COMMANDS[decision.event]
    return command_type(seat=seat, **decision.payload)
