"""Load a scenario YAML file into the core `Scenario`, or report every problem in it.

    check_source(raw, filename) -> CheckResult      # never raises for bad input
    load_source(raw, filename)  -> Scenario         # raises ScenarioError on any error
    check_file(path) / load_file(path)              # the same, reading the file first

The file is read as bytes and decoded as UTF-8 whatever the locale (a BOM is dropped); the
content hash is the SHA-256 of those bytes, so a stored copy of the text rebuilds the same
version. Warnings never stop a load; errors do.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, SequenceNode

from game.core.scenario import Scenario
from game.scenarios.build import build
from game.scenarios.checks import run_checks
from game.scenarios.problems import Locator, Problem, ScenarioError, format_path, sort_problems
from game.scenarios.schema import ScenarioSpec
from game.scenarios.yamltree import parse_yaml

MAX_BYTES = 256 * 1024
BOM = "\ufeff"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one source: the scenario when there is no error, the
    validated document when validation passed, and every problem (errors first)."""

    filename: str
    scenario: Scenario | None
    spec: ScenarioSpec | None
    problems: tuple[Problem, ...] = field(default=())
    locator: Locator | None = field(default=None, compare=False, repr=False)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def content_hash(raw: bytes) -> str:
    """SHA-256 of the file bytes, hex."""
    return hashlib.sha256(raw).hexdigest()


def decode(raw: bytes, filename: str) -> str:
    """UTF-8 text of `raw` without a BOM; raises ScenarioError (with the line and column of
    the first bad byte) when it is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise ScenarioError([Problem(filename, line, column, "error",
                                     f"the file is not UTF-8 (byte 0x{raw[error.start]:02x})",
                                     "save the file as UTF-8")]) from None
    return text.removeprefix(BOM)


def check_source(raw: bytes | str, filename: str) -> CheckResult:
    """Parse, validate and check one scenario source; problems are returned, not raised."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_BYTES:
        return CheckResult(filename, None, None, (too_large(filename, len(raw)),))
    try:
        text = decode(raw, filename)
        data, locator, scalars = parse_yaml(text, filename)
    except ScenarioError as error:
        return CheckResult(filename, None, None, error.problems)
    if not isinstance(data, dict):
        problem = locator.error((), "the top level must be a mapping",
                                "start with `metadata:`, then `roles:`, `issues:`, `points:`")
        return CheckResult(filename, None, None, (problem,))
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as error:
        errors = [_validation_problem(item, locator) for item in error.errors()]
        taken = {(p.line, p.column) for p in errors}
        rest = [p for p in scalars if (p.line, p.column) not in taken]
        return CheckResult(filename, None, None, tuple(sort_problems(errors + rest)))
    problems = sort_problems(scalars + run_checks(spec, locator))
    if any(problem.is_error for problem in problems):
        return CheckResult(filename, None, spec, tuple(problems), locator)
    return CheckResult(filename, build(spec, content_hash(raw)), spec, tuple(problems), locator)


def _size(size: int) -> str:
    """A byte count for people: 300 KiB, 50.0 MB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.0f} KiB" if size >= 1024 else f"{size} bytes"


def too_large(filename: str, size: int) -> Problem:
    """The error of a file of `size` bytes, over the limit."""
    return Problem(filename, 1, 1, "error", f"the file is {_size(size)} ({size:,} bytes), over "
                   f"the {MAX_BYTES // 1024} KiB limit for a scenario",
                   "shorten the briefs and teaching notes (the shipped scenarios are under "
                   "10 KiB each); the limit is there to keep the server safe from huge files")


def id_problem(result: CheckResult, first: str) -> Problem:
    """The error of a file whose metadata.id is already used by the file `first`."""
    assert result.spec is not None
    scenario_id = result.spec.metadata.id
    message = f"scenario id {scenario_id!r} is already used by {first}"
    hint = (f"copying a file? give this one its own metadata.id (a file named "
            f"{scenario_id}.yaml owns the id {scenario_id!r}; otherwise the first file by "
            "name does)")
    if result.locator is None:
        return Problem(result.filename, 1, 1, "error", message, hint)
    return result.locator.error(("metadata", "id"), message, hint)


def claim_order(scenario_id: str, filename: str | os.PathLike[str]) -> tuple[int, str, str]:
    """Which file owns a scenario id when several use it (smallest first): a file named
    `<id>.yaml` owns its id; otherwise the first by base name (then by full path) wins."""
    name = os.fspath(filename)
    base = os.path.basename(name)
    return (0 if base == f"{scenario_id}.yaml" else 1, base, name)


def duplicate_ids(results: Iterable[CheckResult]) -> list[Problem]:
    """An error for every file whose validated metadata.id another file owns (see
    `claim_order`); it names the owner."""
    claims: dict[str, list[CheckResult]] = {}
    for result in results:
        if result.spec is not None:
            claims.setdefault(result.spec.metadata.id, []).append(result)
    problems = []
    for scenario_id, claimants in claims.items():
        owner, *others = sorted(claimants, key=lambda r: claim_order(scenario_id, r.filename))
        problems += [id_problem(result, owner.filename) for result in others]
    return problems


def load_source(raw: bytes | str, filename: str) -> Scenario:
    """The core Scenario of a source; raises ScenarioError when there is any error."""
    result = check_source(raw, filename)
    if result.scenario is None:
        raise ScenarioError(result.problems)
    return result.scenario


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a scenario file; raises ScenarioError when unreadable or too large."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(MAX_BYTES + 1)  # never more: the size may be huge, or a lie
    except OSError as error:
        raise ScenarioError([Problem(name, 1, 1, "error",
                                     f"cannot read the file: {error.strerror}",
                                     "check the path and the file's permissions")]) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError([too_large(name, max(size, len(raw)))])
    return raw


def check_file(path: str | os.PathLike[str]) -> CheckResult:
    """`check_source` on a file's bytes; problems are returned, not raised."""
    try:
        raw = read_file(path)
    except ScenarioError as error:
        return CheckResult(os.fspath(path), None, None, error.problems)
    return check_source(raw, os.fspath(path))


def load_file(path: str | os.PathLike[str]) -> Scenario:
    """The core Scenario of a file; raises ScenarioError when there is any error."""
    return load_source(read_file(path), os.fspath(path))


# -- turning pydantic errors into located, friendly problems ---------------------------------

_KINDS = {"bool": "the boolean", "int": "the number", "float": "the number",
          "null": "empty (null)"}

_ITEMS = {"roles": "a scenario has 2 to 6 roles", "issues": "a scenario needs at least one "
          "issue", "options": "an issue needs at least two options"}
FALLBACK_HINT = "see the table of keys in docs/scenarios.md"


def _type_hint(kind: str, ctx: dict[str, Any], path: tuple[Any, ...], node: Any) -> str:
    """How an author fixes a pydantic error of type `kind` at `path`."""
    last = path[-1] if path else None
    if kind in ("too_short", "too_long"):
        size = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        rule = _ITEMS.get(str(last), "")
        if kind == "too_short":
            fix = f"add entries: at least {size} are needed"
        else:
            fix = f"remove entries: at most {size} are allowed"
        return rule or fix
    if kind == "string_too_short":
        return "write some text here; it must not be empty"
    if kind == "string_too_long":
        return f"shorten it to at most {ctx.get('max_length')} characters"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        word = {"greater_than_equal": "at least", "greater_than": "more than",
                "less_than_equal": "at most", "less_than": "less than"}[kind]
        bound = next(iter(ctx.values()), "")
        ranges = {"depth": "depth is 1 (position), 2 (reason) or 3 (real interest)",
                  "duration_s": "a round lasts 30 to 86400 seconds"}
        rule = ranges.get(str(last))
        return f"{rule}; use a number {word} {bound}" if rule else f"use a number {word} {bound}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        tag = getattr(node, "tag", "").rsplit(":", 1)[-1]
        if tag == "float":
            return "points and seconds are whole numbers"
        return "write a whole number without quotes, e.g. 30"
    if kind in ("string_type", "str_type"):
        return "write text here; quote it if it could be read as something else"
    if kind == "bool_type":
        return "write true or false"
    if kind == "list_type":
        return "write a list: one `- item` per line, or [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write a mapping of `key: value` lines, indented under this key"
    if kind == "literal_error":
        return f"use one of: {ctx.get('expected', 'the documented values')}"
    if kind == "enum":
        return f"use one of: {ctx.get('expected', 'the documented values')}"
    if kind == "string_pattern_mismatch":
        if last == "language":
            return 'a language tag such as "en" or "es"'
        return "ids use lowercase letters, digits and _, starting with a letter"
    if kind == "none_required":
        return "leave it empty"
    return FALLBACK_HINT


def _validation_problem(error: Any, locator: Locator) -> Problem:
    loc, kind, msg = tuple(error["loc"]), error["type"], error["msg"]
    path = locator.resolve(loc)
    where = format_path(path)
    if kind == "missing":
        return locator.error(path, f"{where}: missing required key {loc[-1]!r}",
                             f"add `{loc[-1]}:` here; see docs/scenarios.md for what it holds")
    if kind == "extra_forbidden":
        known = _field_names(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else (
            f"allowed keys: {', '.join(known)}" if known else "remove it")
        return locator.error(path, f"unknown key {loc[-1]!r}", hint, key=True)
    node = locator.node(path)
    if "[key]" in loc:
        name = loc[loc.index("[key]") - 1]
        message = (f"{where}: the key {name!r} is read as {_shown(None, name)}, not as an id"
                   if not isinstance(name, str) else f"{where}: the key {name!r} is not an id")
        return locator.error(path, message, "keys are ids (lowercase letters, digits and _, "
                             "starting with a letter); quote a key that looks like a number",
                             key=True)
    tag = getattr(node, "tag", "").rsplit(":", 1)[-1]
    plain = getattr(node, "style", "") is None
    if kind == "string_type" and plain and tag in _KINDS:
        if tag == "null":
            return locator.error(path, f"{where}: the value is empty", "write the text here")
        value = error.get("input")
        return locator.error(path, f"{where}: {node.value!r} is read as {_KINDS[tag]} "
                             f"{value!r}, not as text", f'quote it: "{node.value}"')
    ctx = dict(error.get("ctx") or {})
    hint = _type_hint(kind, ctx, tuple(path), node)
    message = _message(kind, ctx, tuple(path), node, error.get("input"))
    return locator.error(path, f"{where}: {message or msg}", hint or FALLBACK_HINT)


def _shown(node: Any, value: Any) -> str:
    """What the author wrote, as YAML read it: `the text 'ten'`, `the number 10.5`, `a list`."""
    if isinstance(node, MappingNode) or isinstance(value, dict):
        return "a mapping"
    if isinstance(node, SequenceNode) or isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        written = getattr(node, "value", str(value).lower())
        return f"{written!r}, which YAML reads as {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {getattr(node, 'value', value)}"
    return f"the text {value!r}"


_NOUNS = {"roles": "role", "issues": "issue", "options": "option", "cards": "card"}
_BOUNDS = {"greater_than_equal": "less than the minimum", "greater_than": "not more than",
           "less_than_equal": "more than the maximum", "less_than": "not less than"}


def _message(kind: str, ctx: dict[str, Any], path: tuple[Any, ...], node: Any,
             value: Any) -> str:
    """An author's phrasing of a pydantic error (without the path); "" when there is none."""
    last = path[-1] if path else None
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"a whole number is wanted here, not {_shown(node, value)}"
    if kind == "bool_type":
        return f"true or false is wanted here, not {_shown(node, value)}"
    if kind in ("string_type", "str_type"):
        return f"text is wanted here, not {_shown(node, value)}"
    if kind == "list_type":
        return f"a list is wanted here, not {_shown(node, value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"a mapping of `key: value` lines is wanted here, not {_shown(node, value)}"
    if kind in ("too_short", "too_long"):
        count = ctx.get("actual_length", len(value) if isinstance(value, list) else 0)
        noun = _NOUNS.get(str(last), "entry")
        counted = f"{count} {noun if count == 1 else noun.replace('entry', 'entrie') + 's'}"
        if kind == "too_short":
            return f"there {'is' if count == 1 else 'are'} {counted}; at least " \
                   f"{ctx.get('min_length')} are needed"
        return f"there are {counted}; at most {ctx.get('max_length')} are allowed"
    if kind == "string_too_short":
        return "the text is empty"
    if kind == "string_too_long":
        size = len(value) if isinstance(value, str) else "too many"
        return f"the text is {size} characters long; at most {ctx.get('max_length')} fit"
    if kind in _BOUNDS:
        return f"{value} is {_BOUNDS[kind]} {next(iter(ctx.values()), '')}"
    if kind == "string_pattern_mismatch":
        if last == "language":
            return f"{value!r} is not a language tag"
        return f"{value!r} is not an id"
    return ""


def _field_names(loc: tuple[Any, ...]) -> list[str]:
    """Allowed keys of the model found at `loc` (empty when it is not a model)."""
    model: Any = ScenarioSpec
    for part in loc:
        if isinstance(part, int) or part == "[key]":
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        fields = {f.alias or name: f for name, f in model.model_fields.items()}
        if part not in fields:
            return []
        model = _unwrap(fields[part].annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or name for name, f in model.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        args = typing.get_args(annotation)
        if typing.get_origin(annotation) is typing.Annotated or (
                args and typing.get_origin(annotation) in (list, types.UnionType)):
            annotation = args[0]
        else:
            return annotation


__all__ = ["CheckResult", "MAX_BYTES", "build", "check_file", "check_source", "claim_order",
           "content_hash", "decode", "duplicate_ids", "id_problem", "load_file", "load_source",
           "read_file"]
