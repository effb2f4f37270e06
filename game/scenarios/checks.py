"""Semantic checks of a validated scenario document, each problem located in the YAML text.

    run_checks(spec, locator) -> list[Problem]

Errors: duplicate ids, dangling references (cards' `explains` and `issues`, options'
`unlocked_by`, point-table keys), incomplete point tables, broken chains (depth 1 explains
nothing; depth d explains a card of the same role at depth d - 1; a chain does not branch),
cards that the trust rule never lets anyone reveal, hidden options that can never unlock,
compromise marks, unreachable BATNAs, and no outcome that beats every BATNA (unless the
metadata says `expects_agreement: false`; then an outcome that does beat them is the error).
Warnings: no value to create, nearly zero-sum, a brief quoting another role's numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from game.core.analysis import analyze
from game.core.outcomes import issue_vectors
from game.scenarios.build import build
from game.scenarios.measures import correlation, joint_range
from game.scenarios.problems import Locator, Problem
from game.scenarios.schema import RoleSpec, ScenarioSpec

ZERO_SUM_CORRELATION = -0.95
ZERO_SUM_SPREAD = 0.05
DISTINCTIVE_MIN = 10  # smaller numbers (two cooks, three years) are never "distinctive"
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?![\w]|[.,]\d)")
# a number directly followed by one of these is a quantity, not points ("after 12 months")
UNIT_WORDS = ("%", "percent", "per cent", "second", "minute", "hour", "day", "week", "month",
              "year", "person", "people", "staff", "employee", "worker", "member", "euro",
              "dollar", "km", "kg", "segundo", "minuto", "hora", "día", "semana", "mes", "año",
              "persona", "empleado", "trabajador", "miembro")
_UNIT = re.compile(r"[ \t\u00a0-]?(?:%|(?:" + "|".join(
    re.escape(word) for word in UNIT_WORDS if word != "%") + r")(?:s|es)?\b)", re.IGNORECASE)


def run_checks(spec: ScenarioSpec, loc: Locator) -> list[Problem]:
    """Every semantic problem of `spec`; an empty list means the scenario is sound."""
    problems = list(_unique_ids(spec, loc))
    problems += _references(spec, loc)
    problems += _options(spec, loc)
    points_ok = not (point_problems := list(_points(spec, loc)))
    problems += point_problems
    if not problems:  # the simulations need unique ids and complete tables
        problems += _reveals(spec, loc)
        problems += _outcomes(spec, loc)
    if points_ok:
        problems += _briefs(spec, loc)
    return problems


def _unique_ids(spec: ScenarioSpec, loc: Locator) -> Iterator[Problem]:
    def duplicates(kind: str, items: list[tuple[str, tuple[object, ...]]]) -> Iterator[Problem]:
        first: dict[str, tuple[object, ...]] = {}
        for item_id, path in items:
            if item_id in first:
                line = loc.position(first[item_id])[0]
                yield loc.error(path, f"duplicate {kind} id {item_id!r}",
                                f"the first is on line {line}; ids must be unique")
            else:
                first[item_id] = path

    yield from duplicates("role", [(r.id, ("roles", i, "id")) for i, r in enumerate(spec.roles)])
    yield from duplicates("issue", [(s.id, ("issues", i, "id"))
                                    for i, s in enumerate(spec.issues)])
    for i, issue in enumerate(spec.issues):
        yield from duplicates("option", [(o.id, ("issues", i, "options", j, "id"))
                                         for j, o in enumerate(issue.options)])
    yield from duplicates("card", [(c.id, ("roles", i, "cards", k, "id"))
                                   for i, r in enumerate(spec.roles)
                                   for k, c in enumerate(r.cards)])


def _cards(spec: ScenarioSpec) -> dict[str, tuple[str, int]]:
    """card id -> (role id, depth), first occurrence."""
    found: dict[str, tuple[str, int]] = {}
    for role in spec.roles:
        for card in role.cards:
            found.setdefault(card.id, (role.id, card.depth))
    return found


def _references(spec: ScenarioSpec, loc: Locator) -> Iterator[Problem]:
    cards = _cards(spec)
    issues = {issue.id for issue in spec.issues}
    explained: dict[str, str] = {}
    for i, role in enumerate(spec.roles):
        for k, card in enumerate(role.cards):
            at = ("roles", i, "cards", k)
            for n, issue_id in enumerate(card.issues):
                if issue_id not in issues:
                    yield loc.error(at + ("issues", n), f"card {card.id!r} is about unknown "
                                    f"issue {issue_id!r}", f"issues: {', '.join(sorted(issues))}")
            if card.depth == 1 and card.explains is not None:
                yield loc.error(at + ("explains",), f"card {card.id!r} has depth 1 (a position)"
                                " and cannot explain another card", "remove `explains`")
            elif card.depth > 1 and card.explains is None:
                yield loc.error(at + ("depth",), f"card {card.id!r} has depth {card.depth} but "
                                "explains no card", f"add `explains:` naming its depth "
                                f"{card.depth - 1} card")
            elif card.explains is not None:
                parent = cards.get(card.explains)
                if parent is None:
                    yield loc.error(at + ("explains",), f"card {card.id!r} explains unknown "
                                    f"card {card.explains!r}", "name a card id of this role")
                elif parent != (role.id, card.depth - 1):
                    yield loc.error(at + ("explains",), f"card {card.id!r} (depth "
                                    f"{card.depth}) explains {card.explains!r} of role "
                                    f"{parent[0]!r} at depth {parent[1]}",
                                    f"explain a card of role {role.id!r} at depth "
                                    f"{card.depth - 1}")
                elif card.explains in explained:
                    yield loc.error(at + ("explains",), f"cards {explained[card.explains]!r} "
                                    f"and {card.id!r} both explain {card.explains!r}",
                                    "a chain does not branch: 'Why?' reveals one next card")
                else:
                    explained[card.explains] = card.id
    for i, issue in enumerate(spec.issues):
        for j, option in enumerate(issue.options):
            for n, card_id in enumerate(option.unlocked_by):
                if card_id not in cards:
                    yield loc.error(("issues", i, "options", j, "unlocked_by", n),
                                    f"option {option.id!r} is unlocked by unknown card "
                                    f"{card_id!r}", "name card ids from the roles' cards")


def _options(spec: ScenarioSpec, loc: Locator) -> Iterator[Problem]:
    for i, issue in enumerate(spec.issues):
        marked = [j for j, option in enumerate(issue.options) if option.compromise]
        for j in marked[1:]:
            yield loc.error(("issues", i, "options", j, "compromise"), f"issue {issue.id!r} "
                            "marks more than one compromise option", "mark exactly one")
        for j in marked:
            if issue.options[j].unlocked_by:
                yield loc.error(("issues", i, "options", j, "compromise"), "a hidden option "
                                "cannot be the compromise", "mark a visible option")
        if all(option.unlocked_by for option in issue.options):
            yield loc.error(("issues", i, "options"), f"every option of issue {issue.id!r} is "
                            "hidden", "leave at least one option without `unlocked_by`")


def _points(spec: ScenarioSpec, loc: Locator) -> Iterator[Problem]:
    roles = {role.id for role in spec.roles}
    issues = {issue.id: issue for issue in spec.issues}
    for role_id, table in spec.points.items():
        if role_id not in roles:
            yield loc.error(("points", role_id), f"points for unknown role {role_id!r}",
                            f"roles: {', '.join(sorted(roles))}", key=True)
            continue
        for issue_id, options in table.items():
            if issue_id not in issues:
                yield loc.error(("points", role_id, issue_id), f"points for unknown issue "
                                f"{issue_id!r}", f"issues: {', '.join(issues)}", key=True)
                continue
            known = issues[issue_id].options
            for option_id in options:
                if option_id not in {option.id for option in known}:
                    yield loc.error(("points", role_id, issue_id, option_id), f"points for "
                                    f"unknown option {option_id!r} of issue {issue_id!r}",
                                    f"options: {', '.join(o.id for o in known)}", key=True)
            missing = [option.id for option in known if option.id not in options]
            if missing:
                yield loc.error(("points", role_id, issue_id), f"role {role_id!r} has no "
                                f"points for {', '.join(missing)} of issue {issue_id!r}",
                                "give every option a whole number of points", key=True)
        for issue_id in issues:
            if issue_id not in table:
                yield loc.error(("points", role_id), f"role {role_id!r} has no points for "
                                f"issue {issue_id!r}", f"add `{issue_id}:` with every option",
                                key=True)
    for role_id in sorted(roles - set(spec.points)):
        yield loc.error(("points",), f"no point table for role {role_id!r}",
                        f"add `{role_id}:` under `points:`", key=True)


def _reveals(spec: ScenarioSpec, loc: Locator) -> Iterator[Problem]:
    """Greedy reveals with every role seated: trust = the fewest cards any one member has
    revealed; a depth-d card needs trust >= d - 1 and its parent revealed."""
    revealed: set[str] = set()
    counts = {role.id: 0 for role in spec.roles}
    progress = True
    while progress:
        progress = False
        trust = min(counts.values())
        for role in spec.roles:
            for card in sorted(role.cards, key=lambda c: c.depth):
                if card.id not in revealed and card.depth - 1 <= trust and (
                        card.explains is None or card.explains in revealed):
                    revealed.add(card.id)
                    counts[role.id] += 1
                    progress = True
    for i, role in enumerate(spec.roles):
        for k, card in enumerate(role.cards):
            if card.id not in revealed:
                need = card.depth - 1
                short = [other.id for other in spec.roles if counts[other.id] < need]
                if short:
                    why = "; ".join(
                        f"role {other!r} has no cards" if not _role(spec, other).cards else
                        f"role {other!r} can reveal only {plural(counts[other], 'card')}"
                        for other in short)
                    hint = (f"trust is the fewest cards any one member has revealed, so a role "
                            f"with fewer than {plural(need, 'card')} blocks every depth-"
                            f"{card.depth} card for the whole group; give "
                            f"{', '.join(repr(other) for other in short)} at least "
                            f"{plural(need, 'card')} "
                            f"{'of depth 1' if need == 1 else 'of depths 1 and 2'}")
                    message = (f"card {card.id!r} can never be revealed: it needs trust "
                               f"{need}, but {why}")
                else:
                    message = (f"card {card.id!r} can never be revealed: the card it explains "
                               "can never be revealed")
                    hint = "fix the depth and chain of the card it explains"
                yield loc.error(("roles", i, "cards", k, "depth"), message, hint)
    for i, issue in enumerate(spec.issues):
        for j, option in enumerate(issue.options):
            stuck = [c for c in option.unlocked_by if c not in revealed]
            if stuck:
                yield loc.error(("issues", i, "options", j, "unlocked_by"), f"option "
                                f"{option.id!r} never unlocks: {', '.join(stuck)} can never "
                                "be revealed", "fix those cards' depths and chains")


def _role(spec: ScenarioSpec, role_id: str) -> RoleSpec:
    return next(role for role in spec.roles if role.id == role_id)


def _outcomes(spec: ScenarioSpec, loc: Locator) -> Iterator[Problem]:
    scenario = build(spec, "")
    for i, role in enumerate(scenario.roles):
        best = sum(max(role.points[issue.id].values()) for issue in scenario.issues)
        if best < role.batna:
            yield loc.error(("roles", i, "batna"), f"no outcome gives {role.id!r} its BATNA of "
                            f"{role.batna} (the best is {best})", "lower the BATNA or raise "
                            "its points")
    expects = spec.metadata.expects_agreement
    for size in scenario.group_sizes:
        seated = [role.id for role in scenario.roles_for_size(size)]
        analysis = analyze(scenario, seated)
        group = f" (group of {size})" if len(scenario.group_sizes) > 1 else ""
        if expects and not analysis.deal_possible:
            yield loc.error(("metadata",), f"no outcome beats every BATNA{group}", "lower a "
                            "BATNA or change points; if walking away is the lesson, declare "
                            "`expects_agreement: false` in metadata", key=True)
        elif not expects and analysis.deal_possible:
            better = next(p for p in analysis.frontier if all(
                u > r for u, r in zip(p.utilities, analysis.batnas, strict=True)))
            yield loc.error(("metadata", "expects_agreement"), "expects_agreement is false but "
                            f"the package {package_text(better.package)} beats every "
                            f"BATNA{group}",
                            "raise a BATNA or remove the declaration")
    analysis = analyze(scenario)
    vectors = issue_vectors(scenario)
    low, high = joint_range(vectors)
    if high == analysis.compromise_joint:
        yield loc.warning(("issues",), "no value to create: the all-compromise outcome "
                          "already reaches the maximum joint points", "give the roles "
                          "different priorities or a hidden option worth discovering",
                          key=True)
    if high - low < ZERO_SUM_SPREAD * max(abs(high), 1):
        yield loc.warning(("points",), f"nearly zero-sum: joint points only range {low} to "
                          f"{high}", "add issues the roles weigh differently", key=True)
    elif len(scenario.roles) == 2 and correlation(vectors) <= ZERO_SUM_CORRELATION:
        yield loc.warning(("points",), "nearly zero-sum: the two roles' points are almost "
                          "exactly opposed", "add issues the roles weigh differently", key=True)


def package_text(package: Mapping[str, str]) -> str:
    """`{"ip": "field_split", "term": "long"}` -> `ip=field_split, term=long`."""
    return ", ".join(f"{issue}={option}" for issue, option in package.items())


def plural(count: int, word: str) -> str:
    """`1 card`, `2 cards`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _briefs(spec: ScenarioSpec, loc: Locator) -> Iterator[Problem]:
    values = {role.id: {role.batna} | {v for options in spec.points.get(role.id, {}).values()
                                         for v in options.values()} for role in spec.roles}
    for i, role in enumerate(spec.roles):
        others = {v: other.id for other in spec.roles if other.id != role.id
                  for v in values[other.id] if abs(v) >= DISTINCTIVE_MIN}
        node = loc.node(("roles", i, "brief"))
        if node is None or getattr(node.start_mark, "buffer", None) is None:
            continue
        start, end = node.start_mark, node.end_mark
        segment = start.buffer[start.index:end.index]
        for match in _NUMBER.finditer(segment):
            value = int(match.group())
            if _UNIT.match(segment, match.end()):
                continue  # "12 months", "30 %", "15 staff": a quantity, not points
            if value in others and value not in values[role.id]:
                before = segment[: match.start()]
                line = start.line + before.count("\n") + 1
                column = (match.start() - before.rfind("\n")) if "\n" in before else (
                    start.column + match.start() + 1)
                yield Problem(loc.filename, line, column, "warning", f"the brief of role "
                              f"{role.id!r} quotes {value}, a number in the private points or "
                              f"BATNA of role {others[value]!r}", "a brief must not reveal "
                              "another role's points; if the number means something else, "
                              "reword it (\"a year\", not \"12 months\") or spell it out "
                              "(\"twelve\"); a number followed by a unit word (months, %, "
                              "staff ...) is never flagged")
