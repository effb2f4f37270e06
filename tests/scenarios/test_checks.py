"""Every semantic check fires, at the line and column of the offending text."""

from __future__ import annotations

from tests.scenarios.helpers import MINI, check_text, edit, find, pos, where

# Role a's third card, appended to its chain (a1 -> a2 -> a3).
A3 = """      - id: a3
        label: A three
        depth: 3
        explains: a2
        text: Interest of A.
"""
AFTER_A2 = "        text: Reason of A.\n"


def test_duplicate_ids(tmp_path):
    text = edit(MINI, "      - id: b1\n", "      - id: a1\n")
    assert find(check_text(tmp_path, text), "duplicate card id 'a1'") == (
        pos(text, "a1\n        label: B"))
    text = edit(MINI, "      - id: r\n", "      - id: q\n")
    assert find(check_text(tmp_path, text), "duplicate option id 'q'") == (
        pos(text, "q\n        label: R"))
    text = edit(MINI, "  - id: w\n", "  - id: x\n")
    assert find(check_text(tmp_path, text), "duplicate issue id 'x'") == (
        pos(text, "x\n    title: W"))
    text = edit(MINI, "  - id: b\n", "  - id: a\n")
    assert find(check_text(tmp_path, text), "duplicate role id 'a'") == pos(text, "a\n    name: B")


def test_card_about_unknown_issue(tmp_path):
    text = edit(MINI, "issues: [x]", "issues: [zz]")
    assert find(check_text(tmp_path, text), "unknown issue 'zz'") == pos(text, "zz]")


def test_explains_unknown_card(tmp_path):
    text = edit(MINI, "explains: a1", "explains: zz")
    assert find(check_text(tmp_path, text), "unknown card 'zz'") == pos(text, "zz\n")


def test_explains_other_roles_card(tmp_path):
    text = edit(MINI, "explains: b1", "explains: a1")
    assert find(check_text(tmp_path, text), "of role 'a'") == (
        pos(text, "a1\n        text: Reason of B"))


def test_deeper_card_must_explain(tmp_path):
    text = edit(MINI, "        explains: a1\n", "")
    assert find(check_text(tmp_path, text), "explains no card") == (
        pos(text, "2\n        text: Reason of A", 0))


def test_position_explains_nothing(tmp_path):
    text = edit(MINI, "        text: Position of A.\n",
                "        text: Position of A.\n        explains: a2\n")
    assert find(check_text(tmp_path, text), "cannot explain") == pos(text, "a2\n        issues")


def test_chain_does_not_branch(tmp_path):
    sibling = A3.replace("depth: 3", "depth: 2").replace("a2\n", "a1\n")
    text = edit(MINI, AFTER_A2, AFTER_A2 + sibling)
    assert find(check_text(tmp_path, text), "both explain 'a1'") == (
        pos(text, "a1\n        text: Interest"))


def test_option_unlocked_by_unknown_card(tmp_path):
    text = edit(MINI, "unlocked_by: [a2, b2]", "unlocked_by: [a2, zz]")
    assert find(check_text(tmp_path, text), "unknown card 'zz'") == pos(text, "zz]")


def test_compromise_marks(tmp_path):
    text = edit(MINI, "        label: P\n      - id: q\n        label: Q\n      - id: r",
                "        label: P\n        compromise: true\n      - id: q\n        label: Q\n"
                "        compromise: true\n      - id: r")
    assert find(check_text(tmp_path, text), "more than one compromise") == pos(
        text, "true\n      - id: r")
    text = edit(MINI, "        unlocked_by: [a2, b2]\n",
                "        unlocked_by: [a2, b2]\n        compromise: true\n")
    assert find(check_text(tmp_path, text), "hidden option cannot be") == (
        pos(text, "true\n  - id: w"))


def test_every_option_hidden(tmp_path):
    text = edit(MINI, "        label: P\n      - id: q\n        label: Q\npoints",
                "        label: P\n        unlocked_by: [a1]\n      - id: q\n        label: Q\n"
                "        unlocked_by: [b1]\npoints")
    line, _ = pos(text, "    options:\n      - id: p\n        label: P\n        unlocked_by")
    assert find(check_text(tmp_path, text), "every option of issue 'w'") == (line + 1, 7)


def test_point_tables(tmp_path):
    text = edit(MINI, "w: {p: 0, q: 10}", "w: {p: 0, z: 10}")
    result = check_text(tmp_path, text)
    assert find(result, "unknown option 'z'") == pos(text, "z: 10")
    assert find(result, "no points for q of issue 'w'") == pos(text, "w: {p: 0, z")
    text = edit(MINI, "    w: {p: 30, q: 0}\n", "    v: {p: 30, q: 0}\n")
    result = check_text(tmp_path, text)
    assert find(result, "unknown issue 'v'") == pos(text, "v: {")
    assert find(result, "has no points for issue 'w'") == pos(text, "b:\n    x")
    text = edit(MINI, "  b:\n    x", "  c:\n    x")
    result = check_text(tmp_path, text)
    assert find(result, "unknown role 'c'") == pos(text, "c:\n")
    assert find(result, "no point table for role 'b'") == pos(text, "points:")


def test_card_that_trust_never_allows(tmp_path):
    # b shares at most two cards, so trust never reaches 2... until a3 also needs b's third.
    text = edit(MINI, AFTER_A2, AFTER_A2 + A3)
    assert check_text(tmp_path, text).problems == ()  # trust 2 is reachable: a3 is fine
    b2 = MINI[MINI.index("      - id: b2"):MINI.index("issues:\n  - id: x")]
    text = edit(text, b2, "")
    text = edit(text, "unlocked_by: [a2, b2]", "unlocked_by: [a3]")
    result = check_text(tmp_path, text)
    assert find(result, "card 'a3' can never be revealed") == pos(text, "3\n        explains: a2")
    assert find(result, "never unlocks") == pos(text, "[a3]")


def test_batna_out_of_reach(tmp_path):
    text = MINI.replace("batna: 10", "batna: 71", 1)  # a's best is 60 + 10
    assert find(check_text(tmp_path, text), "BATNA of 71 (the best is 70)") == (12, 12)


def test_no_outcome_beats_every_batna(tmp_path):
    # a > 65 needs x=s and w=q (70), which leaves b with 60
    text = MINI.replace("batna: 10", "batna: 65")
    assert find(check_text(tmp_path, text), "no outcome beats every BATNA") == (1, 1)
    declared = edit(text, "  language: en\n", "  language: en\n  expects_agreement: false\n")
    assert check_text(tmp_path, declared).problems == ()


def test_declared_no_agreement_must_be_true(tmp_path):
    text = edit(MINI, "  language: en\n", "  language: en\n  expects_agreement: false\n")
    result = check_text(tmp_path, text)
    assert find(result, "beats every BATNA") == (7, 22)
    assert "the package x=s, w=p beats every BATNA" in result.errors[0].message


def test_no_value_to_create(tmp_path):
    text = edit(MINI, "x: {p: 50, q: 20, r: 0, s: 60}", "x: {p: 10, q: 30, r: 10, s: 20}")
    text = edit(text, "x: {p: 0, q: 20, r: 50, s: 60}", "x: {p: 10, q: 30, r: 10, s: 20}")
    text = edit(text, "w: {p: 0, q: 10}", "w: {p: 20, q: 0}")
    text = edit(text, "w: {p: 30, q: 0}", "w: {p: 20, q: 0}")
    result = check_text(tmp_path, text)
    assert result.errors == ()
    assert find(result, "no value to create", "warning") == pos(text, "\nissues:", 1)


def test_nearly_zero_sum_by_spread(tmp_path):
    text = edit(MINI, "x: {p: 0, q: 20, r: 50, s: 60}", "x: {p: 10, q: 40, r: 60, s: 0}")
    text = edit(text, "w: {p: 30, q: 0}", "w: {p: 10, q: 0}")  # joint is always 60 + 10
    result = check_text(tmp_path, text)
    assert find(result, "joint points only range 70 to 70", "warning") == pos(text, "points:")


def test_nearly_zero_sum_by_correlation(tmp_path):
    text = edit(MINI, "x: {p: 50, q: 20, r: 0, s: 60}", "x: {p: 100, q: 50, r: 0, s: 100}")
    text = edit(text, "x: {p: 0, q: 20, r: 50, s: 60}", "x: {p: 0, q: 50, r: 100, s: 0}")
    text = edit(text, "w: {p: 30, q: 0}", "w: {p: 20, q: 0}")  # joint 110 to 120
    result = check_text(tmp_path, text)
    assert find(result, "almost exactly opposed", "warning") == pos(text, "points:")


def test_brief_quoting_another_roles_number(tmp_path):
    text = edit(MINI, "brief: Brief of A.", "brief: Brief of A. Rumour says B wants 30 on w.")
    result = check_text(tmp_path, text)
    assert find(result, "quotes 30", "warning") == pos(text, "30 on w")
    # a value both roles share (50, 60) is not distinctive, nor a small one
    text = edit(MINI, "brief: Brief of A.", "brief: You get 50 or 60, in 2 steps.")
    assert check_text(tmp_path, text).problems == ()


def test_brief_number_in_block_scalar(tmp_path):
    text = edit(MINI, "    brief: Brief of A.\n",
                "    brief: |\n      ## Brief\n\n      They say B's fallback\n      is 30.\n")
    assert find(check_text(tmp_path, text), "quotes 30", "warning") == pos(text, "30.\n")


def test_problems_have_hints(tmp_path):
    result = check_text(tmp_path, MINI.replace("batna: 10", "batna: 65"))
    assert all(problem.hint for problem in result.problems)
    assert where(result) and "expects_agreement: false" in result.problems[0].hint


def test_brief_numbers_with_units_are_not_flagged(tmp_path):
    text = edit(MINI, "brief: Brief of A.", "brief: After 30 months, 30% of 30 staff leave.")
    assert check_text(tmp_path, text).problems == ()
    text = edit(MINI, "brief: Brief of A.", "brief: B's team wants 30 points.")
    [problem] = check_text(tmp_path, text).warnings
    assert "''" not in problem.message and "role 'b'" in problem.message
    assert '"a year"' in problem.hint and "spell it out" in problem.hint
    assert "must not reveal another role's points" in problem.hint


def test_role_without_cards_blocks_deeper_cards_and_says_why(tmp_path):
    cards_of_b = MINI[MINI.index("    cards:\n      - id: b1"):MINI.index("\nissues:") + 1]
    text = edit(MINI, cards_of_b, "")
    text = edit(text, "unlocked_by: [a2, b2]", "unlocked_by: [a1]")
    [problem] = check_text(tmp_path, text).errors
    assert problem.message == ("card 'a2' can never be revealed: it needs trust 1, but role 'b' "
                               "has no cards")
    assert "1 card of depth 1" in problem.hint and "1 cards" not in problem.hint
    assert "blocks every depth-2 card for the whole group" in problem.hint
