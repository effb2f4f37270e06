"""The scenario model: roles, issues with options, interest cards and point tables.

A scenario is additive: a role's points for an outcome are the sum over issues of its points
for the option chosen on that issue. A BATNA (reservation value) is what a role gets, in
points, when there is no deal. Values here are frozen and already validated: the YAML shell
(`game.scenarios`) builds them and reports authoring mistakes with file, line and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Option:
    """One option of an issue; `unlocked_by` lists card ids that must all be revealed first."""

    id: str
    label: str
    unlocked_by: tuple[str, ...] = ()
    compromise: bool = False

    @property
    def hidden(self) -> bool:
        """True when the option is not on the table until some cards are revealed."""
        return bool(self.unlocked_by)


@dataclass(frozen=True)
class Issue:
    """A question the package must settle, with its options in their natural order."""

    id: str
    title: str
    options: tuple[Option, ...]
    description: str = ""

    def option(self, option_id: str) -> Option:
        """Return the option with this id; raises KeyError when there is none."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    @property
    def compromise_option(self) -> Option:
        """The all-compromise choice: the option marked `compromise`, else the middle
        visible option (the lower middle when their number is even)."""
        for option in self.options:
            if option.compromise:
                return option
        visible = [option for option in self.options if not option.hidden] or list(self.options)
        return visible[(len(visible) - 1) // 2]


@dataclass(frozen=True)
class Card:
    """An interest card: depth 1 is a position, 2 the reason behind it, 3 the real interest.

    `explains` names the card one level up the chain (None for depth 1); `issues` lists the
    issue ids the card is about.
    """

    id: str
    role: str
    text: str
    depth: int
    explains: str | None = None
    issues: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Role:
    """A party: public description, private brief (Markdown), BATNA and point table.

    `points[issue_id][option_id]` is an integer number of points. An `optional` role is only
    seated when the group is larger than the number of required roles (a trio role).
    """

    id: str
    name: str
    description: str
    brief: str
    batna: int
    points: Mapping[str, Mapping[str, int]]
    cards: tuple[Card, ...] = ()
    optional: bool = False

    def points_for(self, package: Mapping[str, str]) -> int:
        """Points of a complete package {issue_id: option_id}; raises KeyError when the
        package leaves an issue out or names an unknown issue or option."""
        missing = set(self.points) - set(package)
        if missing:
            raise KeyError(sorted(missing)[0])
        return sum(self.points[issue_id][option_id] for issue_id, option_id in package.items())


@dataclass(frozen=True)
class RoundRules:
    """Round settings: duration in seconds, whether an unsigned MOU counts at the deadline,
    and whether chat is on."""

    duration_s: int = 900
    mou_counts_at_deadline: bool = False
    chat: bool = True


@dataclass(frozen=True)
class Scenario:
    """A whole scenario; `content_hash` identifies the exact version it was built from."""

    id: str
    title: str
    version: str
    summary: str
    language: str
    roles: tuple[Role, ...]
    issues: tuple[Issue, ...]
    rules: RoundRules = RoundRules()
    teaching_notes: str = ""
    content_hash: str = ""
    _cards: Mapping[str, Card] = field(default_factory=dict, init=False, repr=False,
                                       compare=False)

    def __post_init__(self) -> None:
        cards = {card.id: card for role in self.roles for card in role.cards}
        object.__setattr__(self, "_cards", MappingProxyType(cards))

    def role(self, role_id: str) -> Role:
        """Return the role with this id; raises KeyError when there is none."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(role_id)

    def issue(self, issue_id: str) -> Issue:
        """Return the issue with this id; raises KeyError when there is none."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    def card(self, card_id: str) -> Card:
        """Return the card with this id; raises KeyError when there is none."""
        return self._cards[card_id]

    @property
    def cards(self) -> Mapping[str, Card]:
        return self._cards

    @property
    def role_ids(self) -> tuple[str, ...]:
        return tuple(role.id for role in self.roles)

    @property
    def required_roles(self) -> tuple[Role, ...]:
        return tuple(role for role in self.roles if not role.optional)

    @property
    def group_sizes(self) -> range:
        """The group sizes this scenario can seat: required roles up to all roles."""
        return range(len(self.required_roles), len(self.roles) + 1)

    def roles_for_size(self, size: int) -> tuple[Role, ...]:
        """The roles seated in a group of `size`: required roles first, then optional ones
        in file order; raises ValueError when the scenario cannot seat that many."""
        if size not in self.group_sizes:
            raise ValueError(f"scenario {self.id!r} seats {self.group_sizes.start} to "
                             f"{self.group_sizes.stop - 1} members, not {size}")
        optional = [role for role in self.roles if role.optional]
        return self.required_roles + tuple(optional[: size - len(self.required_roles)])

    def unlocked_options(self, issue: Issue, revealed: frozenset[str]) -> tuple[Option, ...]:
        """Options of `issue` on the table once the cards in `revealed` are revealed."""
        return tuple(o for o in issue.options if set(o.unlocked_by) <= revealed)
