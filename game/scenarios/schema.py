"""The YAML scenario format as strict pydantic models (the published JSON Schema comes from here).

Every model forbids unknown keys and is strict: a number is never silently read as text and
text is never read as a number or a boolean. The loader reports a validation error with the
file, line and column of the offending YAML node. Cross-references (card ids, point tables,
chains) are checked afterwards by `game.scenarios.checks`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
    Field(description="An identifier: lowercase letters, digits and _, starting with a letter."),
]
Text = Annotated[str, StringConstraints(min_length=1)]
Markdown = Annotated[str, Field(description="Markdown text.")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Metadata(_Strict):
    """Who the scenario is and what it is for."""

    id: Id = Field(description="Unique scenario id, used by cohorts and the command line.")
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    version: Text = Field(description='The author\'s version label; quote it: "1.0".')
    summary: Text = Field(description="One or two sentences shown when choosing a scenario.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = (
        Field(description='BCP 47 language tag such as "en", "es" or "fr-CA"; quote "no".')
    )
    expects_agreement: bool = Field(
        True,
        description="false when no outcome beats every BATNA and walking away is the lesson.",
    )


class CardSpec(_Strict):
    """An interest card: 1 = the position, 2 = the reason behind it, 3 = the real interest."""

    id: Id = Field(description="Unique across the whole scenario.")
    label: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        description="A short label shown on the card (at most 40 characters)."
    )
    text: Text = Field(description="What the member says when revealing the card.")
    depth: Annotated[int, Field(ge=1, le=3)] = Field(
        description="1 = position, 2 = the reason, 3 = the real interest."
    )
    explains: Id | None = Field(
        None, description="The card (same role, one depth less) this card answers 'Why?' for."
    )
    issues: list[Id] = Field(default_factory=list, description="Ids of the issues it is about.")


class RoleSpec(_Strict):
    """A party: public description, private brief, BATNA and interest cards."""

    id: Id
    name: Text = Field(description="The role's display name, e.g. 'Pastry chef'.")
    description: Text = Field(description="Public: every member of the group sees it.")
    brief: Markdown = Field(description="Private Markdown brief; only this role sees it.")
    batna: int = Field(description="Points this role gets on no deal (its BATNA).")
    optional: bool = Field(
        False, description="A trio role: seated only when the group is larger than required."
    )
    cards: list[CardSpec] = Field(default_factory=list)


class OptionSpec(_Strict):
    """One option of an issue."""

    id: Id
    label: Text
    unlocked_by: list[Id] = Field(
        default_factory=list,
        description="Card ids that must all be revealed before the option is on the table.",
    )
    compromise: bool = Field(
        False, description="The middle ground used for the all-compromise outcome."
    )


class IssueSpec(_Strict):
    """A question every package must settle."""

    id: Id
    title: Text
    description: str = ""
    options: Annotated[list[OptionSpec], Field(min_length=2)] = Field(
        description="At least two options, in their natural order."
    )


class RulesSpec(_Strict):
    """Round settings."""

    duration_s: Annotated[int, Field(ge=30, le=86400)] = Field(
        900, description="Round length in seconds."
    )
    mou_counts_at_deadline: bool = Field(
        False, description="Whether an unsigned MOU counts as the deal at the deadline."
    )
    chat: bool = True


PointTable = dict[Id, dict[Id, dict[Id, int]]]


class ScenarioSpec(_Strict):
    """A whole scenario file."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="Partner Math scenario",
        json_schema_extra={"description": "A Partner Math negotiation scenario (YAML)."},
    )

    schema_url: str | None = Field(None, alias="$schema", description="Optional JSON Schema.")
    metadata: Metadata
    rules: RulesSpec = RulesSpec()
    roles: Annotated[list[RoleSpec], Field(min_length=2, max_length=6)]
    issues: Annotated[list[IssueSpec], Field(min_length=1)]
    points: PointTable = Field(
        description="points[role][issue][option]: integer points for every role and option."
    )
    teaching_notes: Markdown = ""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the scenario format, for editors."""
    schema = ScenarioSpec.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    """The JSON Schema as stable, indented JSON text ending in a newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
