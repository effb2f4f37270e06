"""Authoring problems with file, line and column, and the locator that finds them.

A `Problem` prints like a compiler message: `file:line:column: severity: message (hint: ...)`.
A `Locator` remembers, for every path into the parsed document (`("roles", 0, "batna")`),
the YAML node it came from, so validation errors and semantic checks can point at the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
Path = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """One authoring problem; `line` and `column` are 1-based."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ScenarioError(Exception):
    """A scenario file that cannot be used; `problems` lists every problem found (errors
    first, then warnings), each with file, line and column."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=_order))
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.is_error)


def _order(problem: Problem) -> tuple[int, str, int, int]:
    return (0 if problem.is_error else 1, problem.file, problem.line, problem.column)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings; each group in file, line, column order."""
    return sorted(problems, key=_order)


def format_path(path: Sequence[Any]) -> str:
    """`("roles", 0, "cards", 1, "depth")` -> `roles[0].cards[1].depth`."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "the top level"


class Locator:
    """Maps document paths to (line, column) marks of the YAML nodes they came from."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self._values: dict[Path, tuple[int, int, Any]] = {(): (1, 1, None)}
        self._keys: dict[Path, tuple[int, int]] = {}

    def record(self, path: Path, node: Any, key_node: Any = None) -> None:
        """Remember the value node (and the key node, in a mapping) found at `path`."""
        mark = node.start_mark
        self._values[path] = (mark.line + 1, mark.column + 1, node)
        if key_node is not None:
            key_mark = key_node.start_mark
            self._keys[path] = (key_mark.line + 1, key_mark.column + 1)

    def resolve(self, loc: Sequence[Any]) -> Path:
        """The longest recorded path along `loc`, skipping parts that were never recorded
        (pydantic adds union tags and `[key]` markers to its error locations)."""
        path: Path = ()
        for part in loc:
            if path + (part,) in self._values:
                path = path + (part,)
        return path

    def node(self, path: Path) -> Any:
        """The YAML node recorded at `path`, or None."""
        entry = self._values.get(path)
        return entry[2] if entry else None

    def position(self, path: Path, key: bool = False) -> tuple[int, int]:
        """(line, column) of the key (when asked and known) or the value at `path`, else of
        the nearest recorded ancestor."""
        path = self.resolve(path)
        if key and path in self._keys:
            return self._keys[path]
        line, column, _ = self._values[path]
        return line, column

    def problem(self, path: Path, severity: Severity, message: str, hint: str = "",
                key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.filename, line, column, severity, message, hint)

    def error(self, path: Path, message: str, hint: str = "", key: bool = False) -> Problem:
        return self.problem(path, "error", message, hint, key)

    def warning(self, path: Path, message: str, hint: str = "", key: bool = False) -> Problem:
        return self.problem(path, "warning", message, hint, key)
