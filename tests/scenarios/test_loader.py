"""Bad input gives located problems and never a traceback."""

from __future__ import annotations

import hashlib

import pytest

from game.core.scenario import Scenario
from game.scenarios.loader import MAX_BYTES, load_file
from game.scenarios.problems import Problem, ScenarioError
from tests.scenarios.helpers import MINI, check_text, edit, find, pos, where


def only_error(result):
    errors = where(result)
    assert len(errors) == 1, [str(p) for p in result.problems]
    return errors[0]


def test_mini_loads_with_hash_of_the_bytes(tmp_path):
    result = check_text(tmp_path, MINI)
    assert result.problems == ()
    assert isinstance(result.scenario, Scenario)
    assert result.scenario.content_hash == hashlib.sha256(MINI.encode()).hexdigest()
    assert result.scenario.role("a").points["x"]["s"] == 60
    assert result.scenario.issue("x").option("s").unlocked_by == ("a2", "b2")
    assert result.scenario.card("b2").role == "b"


def test_bom_is_dropped_but_hashed(tmp_path):
    raw = b"\xef\xbb\xbf" + MINI.encode()
    result = check_text(tmp_path, raw)
    assert result.problems == ()
    assert result.scenario.content_hash == hashlib.sha256(raw).hexdigest()


def test_problem_format():
    problem = Problem("f.yaml", 3, 7, "error", "bad thing", "do this")
    assert str(problem) == "f.yaml:3:7: error: bad thing (hint: do this)"
    assert str(Problem("f.yaml", 1, 1, "warning", "meh")) == "f.yaml:1:1: warning: meh"


def test_tab_indentation(tmp_path):
    text = edit(MINI, "  id: mini\n", "\tid: mini\n")
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (2, 1) and "tab" in message


def test_duplicate_key(tmp_path):
    text = edit(MINI, "  id: mini\n", "  id: mini\n  id: other\n")
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (3, 3) and "duplicate key 'id'" in message


def test_alias_bomb(tmp_path):
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, prev in zip("bcdef", "abcde", strict=True):
        rows.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    result = check_text(tmp_path, "\n".join(rows) + "\n")
    assert "alias bomb" in only_error(result)[2]


def test_alias_count_limit(tmp_path):
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 101) + "]\n"
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (2, 5 + 4 * 100) and "aliases" in message


def test_recursive_alias(tmp_path):
    line, column, message = only_error(check_text(tmp_path, "a: &x [*x]\n"))
    assert line == 1 and "nesting" in message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/name:os.system",
                                 "!include", "!!binary"])
def test_non_standard_tags(tmp_path, tag):
    text = edit(MINI, "  title: Mini\n", f"  title: {tag} Mini\n")
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (3, 10) and "is not allowed" in message


def test_deep_nesting(tmp_path):
    # the root mapping is level 1 and the n-th '[' (column 3 + n) is level n + 1
    line, column, message = only_error(check_text(tmp_path, "a: " + "[" * 30 + "\n"))
    assert (line, column) == (1, 23) and "nesting deeper" in message


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n# and another\n", "---\n"])
def test_empty_or_comments_only(tmp_path, text):
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (1, 1) and "no YAML document" in message


def test_norway_problem(tmp_path):
    text = edit(MINI, "language: en", "language: no")
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == pos(text, "no\n")
    assert "boolean" in message
    assert check_text(tmp_path, text).problems[0].hint == 'quote it: "no"'


def test_float_where_text_is_wanted(tmp_path):
    text = edit(MINI, 'version: "1"', "version: 1.10")
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (4, 12) and "'1.10' is read as the number 1.1" in message


def test_base60_where_text_is_wanted(tmp_path):
    text = edit(MINI, "title: Mini", "title: 1:30")
    result = check_text(tmp_path, text)
    assert only_error(result)[:2] == (3, 10)
    assert "number 90" in only_error(result)[2]
    assert where(result, "warning") == []  # the error says it already


def test_base60_where_a_number_is_wanted_is_an_error(tmp_path):
    text = MINI[::-1].replace("01 :antab", "03:1 :antab", 1)[::-1]  # role b's BATNA
    result = check_text(tmp_path, text)
    assert result.scenario is None  # 1:30 would silently become 90
    assert find(result, "base-60 number 90") == (28, 12)
    [problem] = [p for p in result.errors if "base-60" in p.message]
    assert "as digits" in problem.hint
    text = edit(MINI, "roles:\n", "rules:\n  duration_s: 10:00\nroles:\n")
    assert find(check_text(tmp_path, text), "base-60 number 600") == pos(text, "10:00")


def test_yaml11_y_warns(tmp_path):
    text = edit(MINI, "label: A one", "label: y")
    result = check_text(tmp_path, text)
    assert find(result, "boolean in YAML 1.1", "warning") == pos(text, "y\n")


def test_float_where_int_is_wanted(tmp_path):
    text = MINI.replace("batna: 10", "batna: 10.5", 1)
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (12, 12) and "roles[0].batna" in message


def test_unknown_key_suggests_and_missing_key(tmp_path):
    text = edit(MINI, "  title: Mini", "  titel: Mini")
    result = check_text(tmp_path, text)
    assert find(result, "unknown key 'titel'") == (3, 3)
    assert [p.hint for p in result.problems if "titel" in p.message] == ["did you mean 'title'?"]
    # a missing key is reported at the mapping that lacks it (metadata starts on line 2)
    assert find(result, "missing required key 'title'") == (2, 3)


def test_missing_top_level_key(tmp_path):
    text = MINI[: MINI.index("points:")]
    assert find(check_text(tmp_path, text), "missing required key 'points'") == (1, 1)


def test_number_used_as_key(tmp_path):
    text = edit(MINI, "w: {p: 0, q: 10}", "w: {1: 0, q: 10}")
    result = check_text(tmp_path, text)
    assert where(result) and where(result)[0][:2] == pos(text, "1: 0")


def test_out_of_range_depth(tmp_path):
    text = edit(MINI, "depth: 2\n        explains: a1", "depth: 4\n        explains: a1")
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (21, 16) and message.endswith("4 is more than the maximum 3")


def test_not_utf8(tmp_path):
    raw = MINI.encode().replace(b"Role B.", b"R\xf4le B.")
    line, column, message = only_error(check_text(tmp_path, raw))
    assert (line, column) == pos(MINI, "ole B.") and "not UTF-8" in message


def test_too_large(tmp_path):
    text = MINI + "# " + "x" * MAX_BYTES + "\n"
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == (1, 1) and "limit" in message


def test_several_documents(tmp_path):
    line, column, message = only_error(check_text(tmp_path, MINI + "---\na: 1\n"))
    assert line == MINI.count("\n") + 1 and "single document" in message


def test_syntax_error_with_hint(tmp_path):
    text = edit(MINI, "summary: A small scenario.", "summary: Note: colons bite")
    result = check_text(tmp_path, text)
    assert only_error(result)[:2] == pos(text, ": colons", 0)
    assert "quoted" in result.problems[0].hint


def test_top_level_must_be_a_mapping(tmp_path):
    assert only_error(check_text(tmp_path, "- a\n- b\n"))[:2] == (1, 1)


def test_missing_file_and_load_file_raises(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_file(tmp_path / "nope.yaml")
    assert caught.value.problems[0].line == 1 and "cannot read" in str(caught.value)


def test_load_file_raises_every_problem(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(MINI.replace("batna: 10", "batna: x"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_file(path)
    assert [(p.line, p.column) for p in caught.value.errors] == [(12, 12), (28, 12)]


def test_merge_keys_work(tmp_path):
    text = edit(MINI, "  - id: x\n    title: X\n", "  - &base\n    id: x\n    title: X\n")
    text = edit(text, "  - id: w\n    title: W\n", "  - <<: *base\n    id: w\n    title: W\n")
    result = check_text(tmp_path, text)
    assert result.errors == () and result.scenario.issue("w").option_ids == ("p", "q")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\ufffe"])
def test_control_character_is_a_located_problem(tmp_path, char):
    text = edit(MINI, "description: Role B.", f"description: Role{char} B.")
    result = check_text(tmp_path, text)
    line, column, message = only_error(result)
    assert (line, column) == pos(text, char)
    assert f"U+{ord(char):04X}" in message and "control character" in message
    assert "delete it" in result.problems[0].hint


def test_control_character_after_a_bom(tmp_path):
    raw = b"\xef\xbb\xbfmetadata:\n  id: a\x00b\n"
    assert only_error(check_text(tmp_path, raw))[:2] == (2, 8)


# A corpus of broken files: every problem any of them produces must carry a hint.
BROKEN = [
    "metadata: [a, b ? c]\n",
    "metadata: {id: x\n",
    'metadata:\n  title: "open\n',
    "a: b: c\n",
    "- a\n- b\n",
    "a: *nope\n",
    "",
    MINI + "---\na: 1\n",
    "a: !!binary aGk=\n",
    "a: &x [*x]\n",
    "a: " + "[" * 30 + "\n",
    "a: {<<: 3}\n",
    "a: !!int x\n",
    edit(MINI, "  id: mini\n", "\tid: mini\n"),
    edit(MINI, "  id: mini\n", "  id: mini\n  id: other\n"),
    edit(MINI, "depth: 2\n        explains: a1", "depth: 9\n        explains: a1"),
    edit(MINI, "depth: 2\n        explains: a1", "depth: 0\n        explains: a1"),
    edit(MINI, "depth: 2\n        explains: a1", 'depth: "2"\n        explains: a1'),
    edit(MINI, "metadata:\n", "rules:\n  duration_s: -5\nmetadata:\n"),
    edit(MINI, "metadata:\n", "rules:\n  duration_s: 100000\n  chat: maybe\nmetadata:\n"),
    edit(MINI, "metadata:\n", "rules: 5\nmetadata:\n"),
    MINI[: MINI.index("roles:")] + "roles: []\n" + MINI[MINI.index("\nissues:") + 1:],
    MINI[: MINI.index("roles:")] + "roles: {a: 1}\n" + MINI[MINI.index("\nissues:") + 1:],
    edit(MINI, "    title: W\n    options:\n      - id: p\n        label: P\n      - id: q\n"
               "        label: Q\n", "    title: W\n    extra: 1\n    options: []\n"),
    edit(MINI, "  title: Mini\n", "  title: " + "T" * 130 + "\n"),
    edit(MINI, "  title: Mini\n", '  title: ""\n'),
    edit(MINI, "  title: Mini\n", "  title:\n"),
    edit(MINI, "  title: Mini\n", "  title: 1.10\n"),
    edit(MINI, "  title: Mini\n", "  titel: Mini\n"),
    edit(MINI, "  id: mini\n", "  id: Mini-1\n"),
    edit(MINI, "language: en", "language: English"),
    edit(MINI, "language: en", "language: no"),
    MINI.replace("batna: 10", "batna: 10.5", 1),
    edit(MINI, "        label: A one\n", "        label: [A, one]\n"),
    edit(MINI, "w: {p: 0, q: 10}", "w: {1: 0, q: 10}"),
    edit(MINI, "w: {p: 0, q: 10}", "w: {p: 0}"),
    edit(MINI, "explains: a1", "explains: b1"),
    edit(MINI, "unlocked_by: [a2, b2]", "unlocked_by: [zz]"),
    MINI.replace("batna: 10", "batna: 65"),
    MINI.replace("batna: 10", "batna: 500"),
    MINI.replace("label: A one", "label: y"),
    MINI.encode().replace(b"Role B.", b"R\xf4le B."),
    edit(MINI, "description: Role B.", "description: Role\x07 B."),
    MINI + "# " + "x" * MAX_BYTES + "\n",
]


@pytest.mark.parametrize("text", BROKEN, ids=range(len(BROKEN)))
def test_every_problem_has_a_hint(tmp_path, text):
    result = check_text(tmp_path, text)
    assert result.problems, "the corpus holds broken files only"
    assert all(problem.hint.strip() for problem in result.problems), \
        [str(problem) for problem in result.problems if not problem.hint.strip()]


@pytest.mark.parametrize(("old", "new", "fragment"), [
    ("depth: 2\n        explains: a1", "depth: 9\n        explains: a1", "3 (real interest)"),
    ("metadata:\n", "rules:\n  duration_s: -5\nmetadata:\n", "at least 30"),
    ("batna: 10", "batna: '10'", "whole number"),
    ("  title: Mini\n", '  title: ""\n', "must not be empty"),
])
def test_validation_hints_speak_to_authors(tmp_path, old, new, fragment):
    result = check_text(tmp_path, edit(MINI, old, new) if old != "batna: 10"
                        else MINI.replace(old, new, 1))
    assert fragment in result.errors[0].hint, str(result.errors[0])


def test_too_few_roles_hint(tmp_path):
    text = MINI[: MINI.index("roles:")] + "roles: []\n" + MINI[MINI.index("\nissues:") + 1:]
    problem = check_text(tmp_path, text).errors[0]
    assert problem.message == "roles: there are 0 roles; at least 2 are needed"
    assert "2 to 6 roles" in problem.hint


def test_yaml_syntax_hint(tmp_path):
    problem = check_text(tmp_path, "metadata: [a, b ? c]\n").errors[0]
    assert "expected ',' or ']'" in problem.message and "brackets" in problem.hint


def test_unclosed_quote_is_reported_where_it_starts(tmp_path):
    text = edit(MINI, 'version: "1"', 'version: "1') + "# later: a \"quoted\" word\n"
    text = edit(text, "description: Role B.", 'description: Role B, "the careful one".')
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == pos(text, '"1\n')
    assert f"the quoted text that starts at line {line}, column {column} is never closed" in message
    # with no later quote, YAML fails at the end of the file: still reported at the start
    text = edit(MINI, "summary: A small scenario.", "summary: 'A small scenario.")
    line, column, message = only_error(check_text(tmp_path, text))
    assert (line, column) == pos(text, "'A small") and "never closed" in message


def test_too_large_reports_the_real_size(tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    [problem] = load_error(path)
    assert "50.0 MB (52,428,800 bytes)" in problem.message and "262145" not in problem.message
    assert "shorten the briefs" in problem.hint and "server safe" in problem.hint


def load_error(path):
    with pytest.raises(ScenarioError) as caught:
        load_file(path)
    return caught.value.problems


def test_validation_errors_are_phrased_for_authors(tmp_path):
    result = check_text(tmp_path, MINI.replace("batna: 10", "batna: ten", 1))
    assert only_error(result)[2] == ("roles[0].batna: a whole number is wanted here, not the "
                                     "text 'ten'")
    text = edit(MINI, "      - id: p\n        label: P\n      - id: q\n        label: Q\npoints",
                "      - id: p\n        label: P\npoints")
    messages = [m for _, _, m in where(check_text(tmp_path, text))]
    assert "issues[1].options: there is 1 option; at least 2 are needed" in messages
    assert not any("Input should" in m or "after validation" in m for m in messages)
