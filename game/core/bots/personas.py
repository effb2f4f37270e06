"""Bot personas: how fast a bot concedes, how it discloses, and what it believes.

A persona is data, not code: the policy reads these fields. Concession follows
f(t) = k + (1 - k) t^(1/e) (Faratin, Sierra & Jennings 1998): Boulware e < 1 holds out,
linear e = 1, conceder e > 1 gives ground early.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Persona:
    """One bot character.

    `e` and `k` shape the concession curve; `late` is the share of the round (0..1) after
    which the bot also accepts the best offer seen so far. `shares_first` gives one small card
    unasked; `reciprocates` shares the next card once a partner has revealed as many;
    `asks_why` asks about cards it does not understand; `answers` answers "Why?" (else it
    declines). `fixed_pie` believes the partner wants exactly the opposite of what it wants.
    """

    name: str
    e: float
    k: float = 0.0
    late: float = 0.9
    shares_first: bool = True
    reciprocates: bool = True
    asks_why: bool = True
    answers: bool = True
    fixed_pie: bool = False
    decline_reason: str = "I would rather not go into that."
    description: str = ""


COLLABORATOR = Persona(
    "collaborator", e=1.0,
    description="Shares a small card first, reciprocates, asks \u201cWhy?\u201d and looks "
                "for trades that suit you both.")
TOUGH = Persona(
    "tough", e=0.2, shares_first=False, asks_why=False, late=0.95,
    decline_reason="Let's stick to the offers.",
    description="Concedes late (Boulware) and shares only when you have shared first.")
FIXED_PIE = Persona(
    "fixed-pie", e=1.0, shares_first=False, reciprocates=False, asks_why=False,
    answers=False, fixed_pie=True,
    decline_reason="There is nothing to explain: what one of us gains, the other loses.",
    description="Believes what you gain it loses: never explains itself, never asks.")
CONCEDER = Persona(
    "conceder", e=2.0, late=0.8,
    description="Gives ground early and discloses readily.")

PERSONAS: dict[str, Persona] = {p.name: p for p in (COLLABORATOR, TOUGH, FIXED_PIE, CONCEDER)}
DEFAULT = COLLABORATOR


def persona(name: str | Persona | None = None) -> Persona:
    """The persona with this name (default: collaborator); raises KeyError on an unknown one."""
    if isinstance(name, Persona):
        return name
    if name is None:
        return DEFAULT
    key = name.strip().lower().replace("_", "-")
    if key not in PERSONAS:
        raise KeyError(f"unknown bot persona {name!r}; choose one of {', '.join(PERSONAS)}")
    return PERSONAS[key]
