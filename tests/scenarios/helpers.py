"""A small valid scenario to mutate, and helpers to find where a snippet sits in it."""

from __future__ import annotations

from pathlib import Path

from game.scenarios.loader import CheckResult, check_file

MINI = """\
metadata:
  id: mini
  title: Mini
  version: "1"
  summary: A small scenario.
  language: en
roles:
  - id: a
    name: A
    description: Role A.
    brief: Brief of A.
    batna: 10
    cards:
      - id: a1
        label: A one
        depth: 1
        text: Position of A.
        issues: [x]
      - id: a2
        label: A two
        depth: 2
        explains: a1
        text: Reason of A.
  - id: b
    name: B
    description: Role B.
    brief: Brief of B.
    batna: 10
    cards:
      - id: b1
        label: B one
        depth: 1
        text: Position of B.
      - id: b2
        label: B two
        depth: 2
        explains: b1
        text: Reason of B.
issues:
  - id: x
    title: X
    options:
      - id: p
        label: P
      - id: q
        label: Q
      - id: r
        label: R
      - id: s
        label: S
        unlocked_by: [a2, b2]
  - id: w
    title: W
    options:
      - id: p
        label: P
      - id: q
        label: Q
points:
  a:
    x: {p: 50, q: 20, r: 0, s: 60}
    w: {p: 0, q: 10}
  b:
    x: {p: 0, q: 20, r: 50, s: 60}
    w: {p: 30, q: 0}
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced; fails loudly when it is not unique."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def pos(text: str, snippet: str, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the first `snippet` in `text`, plus `offset` characters."""
    index = text.index(snippet) + offset
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def check_text(tmp_path: Path, text: str | bytes, name: str = "s.yaml") -> CheckResult:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return check_file(path)


def where(result: CheckResult, severity: str = "error") -> list[tuple[int, int, str]]:
    """(line, column, message) of every problem of one severity."""
    return [(p.line, p.column, p.message) for p in result.problems if p.severity == severity]


def find(result: CheckResult, fragment: str, severity: str = "error") -> tuple[int, int]:
    """(line, column) of the one problem whose message contains `fragment`."""
    hits = [(line, column) for line, column, message in where(result, severity)
            if fragment in message]
    assert len(hits) == 1, f"{fragment!r} in {[str(p) for p in result.problems]}"
    return hits[0]
