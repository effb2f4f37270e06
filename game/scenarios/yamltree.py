"""Safe YAML parsing that keeps line:column marks.

`parse_yaml(text, filename)` composes YAML *nodes* with PyYAML's safe composer (no object is
ever constructed from a tag), converts them to plain Python (dict, list, str, int, float, bool,
None) itself, and records every node's mark in a `Locator`. It raises `ScenarioError` for
tab indentation, duplicate keys, non-standard tags (Python object tags included), alias bombs,
deep nesting and empty files; it never lets a traceback escape for bad input.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.scenarios.problems import Locator, Path, Problem, ScenarioError

MAX_DEPTH = 20  # a scenario needs about 6 levels
MAX_ALIASES = 100
MAX_VALUES = 20_000  # values after alias expansion: stops "billion laughs"

_YAML = "tag:yaml.org,2002:"
SCALAR_TAGS = {_YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
BOOL_1_1 = {"y", "Y", "n", "N"}  # booleans in YAML 1.1 that PyYAML reads as text
_NUMBERS = {_YAML + "int", _YAML + "float"}  # with a ':' they are base 60 (1:30 is 90)

_HINTS = {
    "mapping values are not allowed here": "a value that contains ': ' must be quoted",
    "expected a single document": "a scenario file holds one document; remove the '---' line",
    "found undefined alias": "define the anchor (&name) before using the alias (*name)",
    "could not find expected ':'": "each key needs a ':' after it; check the line above",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "while scanning a quoted scalar": "a quote is not closed, or a double-quoted text "
                                      "holds a bad backslash escape",
    "found unknown escape character": "in double quotes a backslash starts an escape (\\n, "
                                      "\\t, \\\"); write \\\\ for a backslash, or use "
                                      "single quotes",
    "found character '\\t' that cannot start any token": "YAML indents with spaces only; "
                                                          "replace the tab with spaces",
}
SYNTAX_HINT = ("check the brackets, quotes and indentation near this mark: every '[' or '{' "
               "needs its closing ']' or '}', items are separated by ',', a quote must be "
               "closed, and a value with ': ' or a leading special character (*&!%@`?) "
               "must be quoted")


class _Limit(Exception):
    def __init__(self, message: str, mark: Any, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


class _Loader(yaml.SafeLoader):
    """The safe composer with limits on nesting depth and alias count."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Limit(f"more than {MAX_ALIASES} aliases", self.peek_event().start_mark,
                             "use fewer anchors and aliases")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Limit(f"nesting deeper than {MAX_DEPTH} levels",
                             self.peek_event().start_mark, "flatten the structure")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _tab_problem(text: str, filename: str, error_line: int) -> Problem | None:
    """The tab used for indentation nearest above (or on) the line PyYAML failed at."""
    found = None
    for number, line in enumerate(text.splitlines()[: error_line + 1]):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found = Problem(filename, number + 1, indent.index("\t") + 1, "error",
                            "a tab is used for indentation",
                            "YAML indents with spaces only; replace the tab with spaces")
    return found


def _reader_problem(error: yaml.reader.ReaderError, text: str, filename: str) -> Problem:
    """A character YAML refuses (NUL, BEL and other control characters, U+FFFE ...)."""
    position = error.position if isinstance(error.position, int) else 0
    if isinstance(text, str) and 0 <= position <= len(text):
        before = text[:position]
        line = before.count("\n") + 1
        column = position - (before.rfind("\n") + 1) + 1
    else:
        line = column = 1
    code = error.character if isinstance(error.character, int) else 0
    return Problem(filename, line, column, "error",
                   f"the file holds the control character U+{code:04X}, which YAML does not "
                   "allow", "delete it (it is often invisible: retype this part of the line); "
                   "write a tab or line break with an escape like \\t inside double quotes")


def _unclosed_quote(error: yaml.YAMLError, text: str, filename: str) -> Problem | None:
    """A quote that is never closed: PyYAML reads on to the next quote character, often many
    lines later, and fails there. Report the spot where the quoted text starts instead."""
    mark = getattr(error, "problem_mark", None)
    start = None
    if getattr(error, "context", None) == "while scanning a quoted scalar":
        if "unexpected" in str(getattr(error, "problem", "")):  # not a bad escape
            start = getattr(error, "context_mark", None)  # no closing quote before the end
    elif mark is not None:
        last = None
        try:
            for token in yaml.scan(text):
                if token.start_mark.index >= mark.index:
                    break
                last = token
        except yaml.YAMLError:
            pass
        if (isinstance(last, yaml.ScalarToken) and last.style in ('"', "'")
                and last.end_mark.line > last.start_mark.line
                and last.end_mark.line == mark.line):
            start = last.start_mark  # a quoted text spanning lines, and the error right after
    if start is None or mark is None:
        return None
    quote = text[start.index] if start.index < len(text) else '"'
    where = f"line {start.line + 1}, column {start.column + 1}"
    reach = ("the end of the file" if start is getattr(error, "context_mark", None)
             else f"the next {quote} at line {mark.line + 1}")
    return Problem(filename, start.line + 1, start.column + 1, "error",
                   f"YAML syntax: the quoted text that starts at {where} is never closed",
                   f"add the closing {quote} on line {start.line + 1}; YAML read on to "
                   f"{reach} and only failed there")


def _syntax_problem(error: yaml.YAMLError, text: str, filename: str) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):
        return _reader_problem(error, text, filename)
    unclosed = _unclosed_quote(error, text, filename)
    if unclosed is not None:
        return unclosed
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line if mark is not None else 0
    tab = _tab_problem(text, filename, line)
    if tab is not None:
        return tab
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context else str(problem)
    hint = next((hint for key, hint in _HINTS.items() if key in message), SYNTAX_HINT)
    column = mark.column + 1 if mark is not None else 1
    return Problem(filename, line + 1, column, "error", f"YAML syntax: {message}", hint)


def _at(filename: str, mark: Any, message: str, hint: str = "") -> Problem:
    return Problem(filename, mark.line + 1, mark.column + 1, "error", message, hint)


class _Converter:
    """Turns a node tree into plain Python, recording marks and collecting problems."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.locator = Locator(filename)
        self.problems: list[Problem] = []
        self._constructor = SafeConstructor()
        self._values = 0

    def convert(self, node: Node, path: Path, depth: int = 0) -> Any:
        self._values += 1
        if self._values > MAX_VALUES:
            raise _Limit(f"the document expands to more than {MAX_VALUES} values "
                         "(an alias bomb?)", node.start_mark, "use fewer aliases")
        if depth > MAX_DEPTH:
            raise _Limit(f"nesting deeper than {MAX_DEPTH} levels (a recursive alias?)",
                         node.start_mark, "an alias must not refer to its own anchor")
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _YAML + "seq")
            items = []
            for index, item in enumerate(node.value):
                self.locator.record(path + (index,), item)
                items.append(self.convert(item, path + (index,), depth + 1))
            return items
        return self._scalar(node)

    def _check_tag(self, node: Node, expected: str) -> bool:
        if node.tag == expected or (isinstance(node, ScalarNode) and node.tag in SCALAR_TAGS):
            return True
        kind = "Python object tags are never allowed" if "python/" in node.tag else (
            "only plain text, numbers, true/false, lists and mappings are allowed")
        self.problems.append(_at(self.filename, node.start_mark,
                                 f"tag {node.tag.replace(_YAML, '!!')!r} is not allowed", kind))
        return False

    def _scalar(self, node: ScalarNode) -> Any:
        if not self._check_tag(node, _YAML + "str"):
            return None
        tag = node.tag.removeprefix(_YAML)
        if tag in ("str", "timestamp"):
            return node.value  # dates stay text: no field of the format is a date
        try:
            return getattr(self._constructor, f"construct_yaml_{tag}")(node)
        except (ConstructorError, ValueError) as error:
            self.problems.append(_at(self.filename, node.start_mark,
                                     f"cannot read {node.value!r} as {tag}: {error}",
                                     "quote it to make it text, or write a plain number"))
            return None

    def _mapping(self, node: MappingNode, path: Path, depth: int) -> dict[Any, Any]:
        self._check_tag(node, _YAML + "map")
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        explicit: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _YAML + "merge":
                self._merge(value_node, path, depth, result)
            else:
                explicit.append((key_node, value_node))
        for key_node, value_node in explicit:
            if not isinstance(key_node, ScalarNode):
                self.problems.append(_at(self.filename, key_node.start_mark,
                                         "a key must be plain text", "write `name: value`"))
                continue
            key = self._scalar(key_node)
            if key in seen:
                self.problems.append(_at(
                    self.filename, key_node.start_mark, f"duplicate key {key_node.value!r}",
                    f"the first {key_node.value!r} is on line {seen[key]}; keep one"))
                continue
            seen[key] = key_node.start_mark.line + 1
            self.locator.record(path + (key,), value_node, key_node)
            result[key] = self.convert(value_node, path + (key,), depth + 1)
        return result

    def _merge(self, node: Node, path: Path, depth: int, into: dict[Any, Any]) -> None:
        """YAML merge keys (`<<: *defaults`): explicit keys of the mapping win."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                self.problems.append(_at(self.filename, source.start_mark,
                                         "'<<' must merge a mapping or a list of mappings",
                                         "write `<<: *anchor` where the anchor names a "
                                         "mapping"))
                continue
            merged = self._mapping(source, path, depth + 1)
            for key, value in merged.items():
                into.setdefault(key, value)


def parse_yaml(text: str, filename: str) -> tuple[Any, Locator, list[Problem]]:
    """Parse one YAML document into plain Python, its locator and its scalar problems.

    Raises ScenarioError on syntax errors, limits, bad tags, duplicate keys or an empty file.
    The returned problems are warnings about plain `y`/`n` (booleans to YAML 1.1 tools) and
    errors about base-60 numbers like 1:30 (read as 90); the loader drops those a validation
    error already reports at the same spot.
    """
    loader = None
    try:
        loader = _Loader(text)  # the reader refuses control characters right here
        root = loader.get_single_node()
    except _Limit as limit:
        raise ScenarioError([_at(filename, limit.mark, limit.message, limit.hint)]) from None
    except yaml.YAMLError as error:
        raise ScenarioError([_syntax_problem(error, text, filename)]) from None
    except RecursionError:
        raise ScenarioError([Problem(filename, 1, 1, "error", "the document nests too deeply",
                                     "flatten the structure")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None or (isinstance(root, ScalarNode) and root.tag == _YAML + "null"
                        and not root.value):
        raise ScenarioError([Problem(filename, 1, 1, "error", "the file holds no YAML document",
                                     "start from docs/scenarios.md or scenarios/orange.yaml")])
    converter = _Converter(filename)
    try:
        data = converter.convert(root, ())
    except _Limit as limit:
        raise ScenarioError([_at(filename, limit.mark, limit.message, limit.hint)]) from None
    converter.locator.record((), root)
    if converter.problems:
        raise ScenarioError(converter.problems)
    return data, converter.locator, _ambiguous_scalars(root, filename)


def _ambiguous_scalars(root: Node, filename: str) -> list[Problem]:
    found: list[Problem] = []
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif node.style is None and node.value in BOOL_1_1:
            found.append(Problem(
                filename, node.start_mark.line + 1, node.start_mark.column + 1, "warning",
                f"{node.value!r} is a boolean in YAML 1.1 for some tools",
                f'quote it: "{node.value}"'))
        elif node.style is None and ":" in node.value and node.tag in _NUMBERS:
            found.append(_base60(node, filename))
    return found


def _base60(node: ScalarNode, filename: str) -> Problem:
    """An error: YAML 1.1 reads 1:30 as the base-60 number 90. Where text is wanted the
    validation error says so; where a whole number is wanted the value would silently change."""
    try:
        value = SafeConstructor().construct_object(node)
    except (ConstructorError, ValueError):
        value = None
    number = f" {value}" if isinstance(value, int | float) else ""
    example = f", e.g. {value}" if number else ""
    return Problem(filename, node.start_mark.line + 1, node.start_mark.column + 1, "error",
                   f"{node.value!r} is read as the base-60 number{number}, not as written",
                   f"write the number of points (or seconds) as digits{example}; "
                   f'if you meant text, quote it: "{node.value}"')
