"""Build the frozen core `Scenario` from a validated and checked scenario document."""

from __future__ import annotations

import types

from game.core.scenario import Card, Issue, Option, Role, RoundRules, Scenario
from game.scenarios.schema import ScenarioSpec


def build(spec: ScenarioSpec, digest: str) -> Scenario:
    """The frozen core Scenario of a validated and checked document."""
    roles = tuple(
        Role(
            id=role.id, name=role.name, description=role.description, brief=role.brief,
            batna=role.batna, optional=role.optional,
            points=types.MappingProxyType({
                issue: types.MappingProxyType(dict(options))
                for issue, options in spec.points[role.id].items()
            }),
            cards=tuple(Card(id=card.id, role=role.id, text=card.text, depth=card.depth,
                             explains=card.explains, issues=tuple(card.issues),
                             label=card.label) for card in role.cards),
        )
        for role in spec.roles
    )
    issues = tuple(
        Issue(id=issue.id, title=issue.title, description=issue.description,
              options=tuple(Option(id=o.id, label=o.label, unlocked_by=tuple(o.unlocked_by),
                                   compromise=o.compromise) for o in issue.options))
        for issue in spec.issues
    )
    meta, rules = spec.metadata, spec.rules
    return Scenario(
        id=meta.id, title=meta.title, version=meta.version, summary=meta.summary,
        language=meta.language, roles=roles, issues=issues,
        rules=RoundRules(duration_s=rules.duration_s, chat=rules.chat,
                         mou_counts_at_deadline=rules.mou_counts_at_deadline),
        teaching_notes=spec.teaching_notes, content_hash=digest,
    )
