"""Grouping a whole class for one round of a cohort: random, rotated partners or alliances.

`grouping.py` seats trainees as they arrive; this module seats everyone present at once, the
way an instructor starts a class round. Participants are ids; a `None` seat is played by a bot.
Randomness is the `rng` parameter, so a seed replays the same grouping.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, permutations

from game.core.scenario import Scenario

GROUPINGS = ("random", "rotate", "alliance")
ODD_POLICIES = ("bot", "trio", "sit_out")
# Rotation tries every partition of the class when there are at most this many (a class of 8
# in pairs has 105, of 9 in trios 280); above it, greedy restarts with improving swaps.
EXHAUSTIVE_LIMIT = 300
RESTARTS = 20

Pair = frozenset[str]


@dataclass(frozen=True)
class RoundPlan:
    """One round of a cohort's plan: scenario id, duration (seconds), grouping, role swap."""

    scenario: str
    duration_s: int = 900
    grouping: str = "random"
    role_swap: bool = False


@dataclass(frozen=True)
class Table:
    """One group: participant ids in seat order (None = a bot) and the role id of each seat."""

    seats: tuple[str | None, ...]
    roles: tuple[str, ...]

    @property
    def members(self) -> tuple[str, ...]:
        """The participants at the table, bots left out."""
        return tuple(seat for seat in self.seats if seat is not None)


@dataclass(frozen=True)
class Grouping:
    """A round's seating: the tables and the participants who sit this round out."""

    tables: tuple[Table, ...]
    sitting_out: tuple[str, ...]


def met_pairs(history: Sequence[Sequence[Table]]) -> set[Pair]:
    """Every pair of participants who shared a table in `history` (bot seats excluded)."""
    return {frozenset(pair) for tables in history for table in tables
            for pair in combinations(table.members, 2)}


def repeated_pairs(grouping: Grouping, history: Sequence[Sequence[Table]]) -> int:
    """How many pairs seated together in `grouping` already met in `history`."""
    return len(_pairs([list(table.members) for table in grouping.tables]) & met_pairs(history))


def group_round(present: Sequence[str], scenario: Scenario, plan: RoundPlan, odd_policy: str,
                rng: random.Random, history: Sequence[Sequence[Table]] = (),
                first_in_line: Sequence[str] = ()) -> Grouping:
    """Seat everyone `present` (arrival order) for one round of `plan`.

    `history` holds the tables of earlier rounds, oldest first; `first_in_line` those who sat
    out last round, seated before anyone else. `odd_policy` says what happens to leftovers
    when the class does not divide into groups of the required roles: "bot" fills the last
    table with bots, "trio" adds them to tables as optional roles (else as "bot"), "sit_out"
    lets the last in line sit out. Raises ValueError for an unknown grouping or policy or an
    id present twice.
    """
    if plan.grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {plan.grouping!r}; expected one of {GROUPINGS}")
    if odd_policy not in ODD_POLICIES:
        raise ValueError(f"unknown odd-number policy {odd_policy!r}; expected {ODD_POLICIES}")
    if len(set(present)) != len(present):
        raise ValueError("a participant is listed as present twice")
    here = set(present)
    first = [p for p in dict.fromkeys(first_in_line) if p in here]
    queue = first + [p for p in present if p not in first]
    last_roles = _last_roles(history) if plan.role_swap else {}

    kept: list[Table] = []
    if plan.grouping == "alliance" and history:
        for table in history[-1]:
            survivors = [p for p in table.members if p in here]
            if len(survivors) >= 2:  # someone still has a partner: the alliance holds
                kept.append(_keep(table, survivors, scenario, last_roles))
        placed = {p for table in kept for p in table.members}
        queue = [p for p in queue if p not in placed]

    base, top = len(scenario.required_roles), len(scenario.roles)
    sizes, out = _table_sizes(len(queue), base, top, odd_policy)
    seated, sitting_out = queue[:len(queue) - out], queue[len(queue) - out:]
    if plan.grouping == "rotate":
        def roles_for(size: int) -> tuple[str, ...]:
            return tuple(role.id for role in scenario.roles_for_size(max(size, base)))

        groups = _rotate(seated, sizes, _Costs(met_pairs(history), last_roles, roles_for), rng)
    else:
        rng.shuffle(seated)
        groups = _cut(seated, sizes)
    new = [_seat(group, scenario, last_roles) for group in groups]
    return Grouping(tuple(kept + new), tuple(sitting_out))


def _table_sizes(n: int, base: int, top: int, policy: str) -> tuple[list[int], int]:
    """(participants per table, largest first; how many sit out); a table below `base`
    gets bots."""
    full, rest = divmod(n, base)
    sizes = [base] * full
    if rest == 0:
        return sizes, 0
    if policy == "sit_out":
        return sizes, rest
    if policy == "trio" and rest <= full * (top - base):
        for i in range(rest):  # spread evenly: no table gains more than top - base
            sizes[i % full] += 1
        return sorted(sizes, reverse=True), 0
    return sizes + [rest], 0


def _cut(people: Sequence[str], sizes: Sequence[int]) -> list[list[str]]:
    """Consecutive slices of `people` with the given sizes."""
    groups, start = [], 0
    for size in sizes:
        groups.append(list(people[start:start + size]))
        start += size
    return groups


def _seat(group: Sequence[str], scenario: Scenario, last_roles: Mapping[str, str]) -> Table:
    """A new table: members in order, bots up to the base size, roles in file order (or
    swapped away from `last_roles`)."""
    seats: list[str | None] = [*group]
    seats += [None] * (len(scenario.required_roles) - len(seats))
    roles = tuple(role.id for role in scenario.roles_for_size(len(seats)))
    return _swap(Table(tuple(seats), roles), last_roles)


def _keep(table: Table, survivors: Sequence[str], scenario: Scenario,
          last_roles: Mapping[str, str]) -> Table:
    """Last round's table for its `survivors`: same seat order and roles; those whose role
    no longer fits the smaller table take a missing one, bots fill required seats."""
    size = max(len(survivors), len(scenario.required_roles))
    wanted = [role.id for role in scenario.roles_for_size(size)]
    held = dict(zip(table.seats, table.roles, strict=True))
    roles: list[str | None] = [held[p] if held[p] in wanted else None for p in survivors]
    missing = iter(role for role in wanted if role not in roles)
    seats: list[str | None] = [*survivors, *[None] * (size - len(survivors))]
    roles += [None] * (size - len(survivors))
    filled = tuple(role if role is not None else next(missing) for role in roles)
    return _swap(Table(tuple(seats), filled), last_roles)


def _swap(table: Table, last_roles: Mapping[str, str]) -> Table:
    """The table with its roles permuted so that the fewest members repeat their last role."""
    if not last_roles:
        return table

    def repeats(roles: tuple[str, ...]) -> int:
        return sum(seat is not None and last_roles.get(seat) == role
                   for seat, role in zip(table.seats, roles, strict=True))

    return Table(table.seats, min(permutations(table.roles), key=repeats))


def _last_roles(history: Sequence[Sequence[Table]]) -> dict[str, str]:
    """{participant: the role they played most recently}."""
    return {seat: role for tables in history for table in tables
            for seat, role in zip(table.seats, table.roles, strict=True) if seat is not None}


def _pairs(groups: Sequence[Sequence[str]]) -> frozenset[Pair]:
    return frozenset(frozenset(pair) for group in groups for pair in combinations(group, 2))


class _Costs:
    """What a grouping costs, compared lexicographically: (repeated pairs, kept roles).

    Kept roles count, per group, the fewest members who must keep their last role however
    the group's roles are dealt (`_swap` deals them that way); bots and newcomers have no
    last role, so they are flexible. Without role swap (`last_roles` empty) it is always 0.
    """

    def __init__(self, known: set[Pair], last_roles: Mapping[str, str],
                 roles_for: Callable[[int], tuple[str, ...]]) -> None:
        self.known = known
        self.last_roles = last_roles
        self.roles_for = roles_for
        self._kept: dict[tuple[frozenset[str], int], int] = {}

    def clashes(self, person: str, group: Sequence[str]) -> int:
        """How many others in `group` `person` already met."""
        return sum(frozenset((person, other)) in self.known for other in group
                   if other != person)

    def kept(self, group: Sequence[str], size: int) -> int:
        """The fewest of `group` who keep their last role at a table seating `size` people."""
        if not self.last_roles:
            return 0
        key = (frozenset(group), size)
        if key not in self._kept:
            roles = self.roles_for(size)
            held = [self.last_roles.get(p) for p in group]
            held += [None] * (len(roles) - len(held))  # the bots' seats
            if not any(role in roles for role in held):
                self._kept[key] = 0
            else:  # every way to deal the roles
                self._kept[key] = min(
                    sum(role == last for role, last in zip(deal, held, strict=True))
                    for deal in permutations(roles))
        return self._kept[key]

    def flexible(self, person: str) -> bool:
        """Someone with no last role (a newcomer) fits any role."""
        return bool(self.last_roles) and person not in self.last_roles

    def of(self, group: Sequence[str]) -> tuple[int, int]:
        repeats = sum(frozenset(pair) in self.known for pair in combinations(group, 2))
        return repeats, self.kept(group, len(group))

    def total(self, groups: Sequence[Sequence[str]]) -> tuple[int, int]:
        costs = [self.of(group) for group in groups]
        return sum(c[0] for c in costs), sum(c[1] for c in costs)


def _rotate(people: Sequence[str], sizes: Sequence[int], costs: _Costs,
            rng: random.Random) -> list[list[str]]:
    """Groups of `sizes` with the fewest pairs that already met, then (with role swap) the
    fewest members who must keep their last role; ties broken by rng."""
    pool = list(people)
    rng.shuffle(pool)
    costs.known = {pair for pair in costs.known if pair <= set(pool)}
    groups = _cut(pool, sizes)
    if not costs.known and costs.total(groups) == (0, 0):
        pass  # nobody met and no one keeps a role: any cut of the shuffle will do
    elif _partition_count(sizes) <= EXHAUSTIVE_LIMIT:
        groups = _best_partition(pool, sizes, costs)
    else:
        groups = _greedy(pool, sizes, costs, rng)
    for group in groups:
        rng.shuffle(group)  # roles follow seat order; do not tie them to the search
    return groups


def _partition_count(sizes: Sequence[int]) -> int:
    """How many ways to split sum(sizes) people into unlabelled groups of these sizes."""
    count = math.factorial(sum(sizes))
    for size in sizes:
        count //= math.factorial(size)
    for multiplicity in Counter(sizes).values():
        count //= math.factorial(multiplicity)
    return count


def _partitions(people: list[str], sizes: list[int]) -> Iterator[list[list[str]]]:
    """Every split of `people` into groups of `sizes` (each split once)."""
    if not people:
        yield []
        return
    head, rest = people[0], people[1:]
    for size in sorted(set(sizes), reverse=True):
        remaining = list(sizes)
        remaining.remove(size)
        for mates in combinations(rest, size - 1):
            others = [p for p in rest if p not in mates]
            for tail in _partitions(others, remaining):
                yield [[head, *mates], *tail]


def _fewest(parts: Sequence[tuple[list[list[str]], frozenset[Pair]]], met: set[Pair]) -> int:
    """The fewest repeated pairs any of `parts` would make against `met`."""
    best = math.inf
    for _, pairs in parts:
        best = min(best, len(pairs & met))
        if best == 0:
            break
    return int(best)


def _best_partition(pool: list[str], sizes: Sequence[int], costs: _Costs) -> list[list[str]]:
    """Exhaustive: the lowest cost now, then the fewest unavoidable repeats next round
    (a one-round lookahead, which completes round robins such as 6 people in 5 rounds)."""
    parts = [(groups, _pairs(groups)) for groups in _partitions(pool, list(sizes))]
    scored = [(costs.total(groups), groups, pairs) for groups, pairs in parts]
    floor = min(cost for cost, _, _ in scored)
    best: list[list[str]] = []
    best_next = math.inf
    for cost, groups, pairs in scored:
        if cost != floor:
            continue
        after = _fewest(parts, costs.known | pairs)
        if after < best_next:
            best, best_next = groups, after
        if after == 0:
            break
    return sorted(best, key=len, reverse=True)


def _greedy(pool: list[str], sizes: Sequence[int], costs: _Costs,
            rng: random.Random) -> list[list[str]]:
    """Greedy groups from shuffled starts, improved by swaps; the best of RESTARTS tries.

    Each group takes, one at a time, whoever adds the fewest repeats, then the fewest kept
    roles (someone whose last role differs from the group's), keeping newcomers, who fit
    anywhere, for later."""
    best: list[list[str]] = []
    best_cost = (math.inf, math.inf)
    for _ in range(RESTARTS):
        order = list(pool)
        rng.shuffle(order)
        groups = []
        for size in sizes:
            group = [order.pop(0)]
            while len(group) < size:
                pick = min(range(len(order)), key=lambda i: (
                    costs.clashes(order[i], group), costs.kept([*group, order[i]], size),
                    costs.flexible(order[i])))
                group.append(order.pop(pick))
            groups.append(group)
        while _improve(groups, costs):
            pass
        cost = costs.total(groups)
        if cost < best_cost:
            best, best_cost = groups, cost
        if cost == (0, 0):
            break
    return best


def _improve(groups: list[list[str]], costs: _Costs) -> bool:
    """Make the first swap of two members between groups that lowers the cost; False if
    none."""
    for one, two in combinations(groups, 2):
        before = _add(costs.of(one), costs.of(two))
        for i, a in enumerate(one):
            for j, b in enumerate(two):
                one[i], two[j] = b, a
                if _add(costs.of(one), costs.of(two)) < before:
                    return True
                one[i], two[j] = a, b
    return False


def _add(x: tuple[int, int], y: tuple[int, int]) -> tuple[int, int]:
    return x[0] + y[0], x[1] + y[1]
