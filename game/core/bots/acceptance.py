"""The acceptance condition: AC_next, or late in the round the best offer seen; never below
the BATNA (Baarslag, Hindriks & Jonker 2014, "Effective acceptance conditions")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """Whether to accept, and the one sentence that says why."""

    accept: bool
    reason: str


def ac_next(offer_points: int, next_offer_points: int | None) -> bool:
    """AC_next: the offer is worth at least what the bot's own next offer would give it."""
    return next_offer_points is not None and offer_points >= next_offer_points


def judge(offer_points: int, next_offer_points: int | None, best_seen: int | None,
          t: float, late: float, batna: int) -> Verdict:
    """Accept when the offer meets the BATNA and either AC_next holds, or it is late
    (t >= late) and the offer is at least the best the partner has offered so far."""
    if offer_points < batna:
        return Verdict(False, f"It gives me {offer_points} points, below my walk-away value "
                              f"of {batna}.")
    if ac_next(offer_points, next_offer_points):
        return Verdict(True, f"It gives me {offer_points} points, at least the "
                             f"{next_offer_points} my own next offer would.")
    if t >= late and best_seen is not None and offer_points >= best_seen:
        return Verdict(True, f"Time is running out and {offer_points} points is the best "
                             "offer I have seen.")
    return Verdict(False, f"{offer_points} points is less than I can still aim for.")
