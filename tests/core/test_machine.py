"""The negotiation state machine: every rule, the trust gate, replay equals live state."""

from __future__ import annotations

import pytest

from game.core import commands as c
from game.core import events as ev
from game.core.errors import RuleError
from game.core.machine import apply, fold, replay, start
from game.core.state import NegotiationState, Stage
from tests.core.tables import orange

T0 = 1_000_000.0
SPLIT = {"orange": "separate", "plating": "sauce_first"}
HALVE = {"orange": "halve", "plating": "pastry_first"}


class Table:
    """A live negotiation driven command by command, keeping every event for replay."""

    def __init__(self, **kwargs: bool) -> None:
        self.scenario = orange(**kwargs)
        self.log = start(self.scenario, [("pastry", "Ada"), ("sauce", "Bo")], T0)
        self.state = replay(self.scenario, self.log)
        self.now = T0

    def do(self, command: c.Command, dt: float = 1.0) -> list[ev.Event]:
        self.now += dt
        events = apply(self.state, command, self.now)
        self.state = fold(self.state, events)
        self.log += events
        return events

    def refused(self, command: c.Command, code: str) -> RuleError:
        before = self.state
        with pytest.raises(RuleError) as info:
            apply(self.state, command, self.now + 1)
        assert info.value.code == code, info.value.message
        assert info.value.message.endswith((".", "!")), "a rule error speaks a sentence"
        assert self.state is before
        return info.value

    def reveal_all(self) -> None:
        for depth in (1, 2, 3):
            self.do(c.Share(seat=0, card=f"pastry_{depth}"))
            self.do(c.Share(seat=1, card=f"sauce_{depth}"))


def test_start_seats_members_and_sets_the_clock() -> None:
    t = Table()
    assert t.state.stage is Stage.DISCOVERING
    assert [m.role for m in t.state.members] == ["pastry", "sauce"]
    assert t.state.ends_at == T0 + 600
    with pytest.raises(ValueError):
        start(t.scenario, [("pastry", "A"), ("pastry", "B")], T0)


def test_chat_posts_and_rejects_empty_text_and_chat_off() -> None:
    t = Table()
    t.do(c.Chat(seat=0, text="  hello  "))
    assert t.state.chat[-1].text == "hello"
    t.refused(c.Chat(seat=0, text="   "), "bad_text")
    t.refused(c.Chat(seat=0, text="x" * 1001), "bad_text")
    Table(chat=False).refused(c.Chat(seat=0, text="hi"), "chat_off")


def test_not_a_member_cannot_act() -> None:
    t = Table()
    t.refused(c.Chat(seat=5, text="hi"), "not_a_member")
    t.refused(c.Chat(seat=None, text="hi"), "not_a_member")


def test_trust_gate_needs_reciprocated_disclosure() -> None:
    t = Table()
    t.do(c.Share(seat=0, card="pastry_1"))
    error = t.refused(c.Share(seat=0, card="pastry_2"), "trust_too_low")
    assert "at least 1 card" in error.message and "Give to get" in error.message
    t.do(c.Share(seat=1, card="sauce_1"))
    t.do(c.Share(seat=0, card="pastry_2"))
    t.refused(c.Share(seat=0, card="pastry_3"), "trust_too_low")
    t.do(c.Share(seat=1, card="sauce_2"))
    t.do(c.Share(seat=0, card="pastry_3"))
    assert t.state.revealed == {"pastry_1", "pastry_2", "pastry_3", "sauce_1", "sauce_2"}


def test_share_refuses_other_cards_repeats_and_chain_order() -> None:
    t = Table()
    t.refused(c.Share(seat=0, card="sauce_1"), "not_your_card")
    t.refused(c.Share(seat=0, card="nope"), "unknown_card")
    t.do(c.Share(seat=1, card="sauce_1"))
    t.do(c.Share(seat=0, card="pastry_1"))
    t.refused(c.Share(seat=0, card="pastry_1"), "already_revealed")
    t.refused(c.Share(seat=0, card="pastry_3"), "chain_order")


def test_ask_why_answered_with_the_next_card_of_the_chain() -> None:
    t = Table()
    t.do(c.Share(seat=0, card="pastry_1"))
    t.do(c.Share(seat=1, card="sauce_1"))
    [asked] = t.do(c.AskWhy(seat=1, target=0, about="pastry_1"))
    assert isinstance(asked, ev.WhyAsked)
    t.refused(c.AskWhy(seat=1, target=0, about="pastry_1"), "already_asked")
    t.refused(c.Answer(seat=1, question=asked.question, card="sauce_2"), "unknown_question")
    t.refused(c.Answer(seat=0, question=asked.question, card="pastry_1"), "already_revealed")
    t.do(c.Answer(seat=0, question=asked.question, card="pastry_2"))
    question = t.state.question(asked.question)
    assert question is not None and question.status == "answered"
    assert question.answer == "pastry_2"
    t.refused(c.Answer(seat=0, question=asked.question, card="pastry_3"), "question_closed")


def test_answer_must_explain_the_card_asked_about() -> None:
    t = Table()
    t.do(c.Share(seat=0, card="pastry_1"))
    t.do(c.Share(seat=1, card="sauce_1"))
    t.do(c.Share(seat=0, card="pastry_2"))
    t.do(c.Share(seat=1, card="sauce_2"))
    [asked] = t.do(c.AskWhy(seat=1, target=0, about="pastry_1"))
    assert isinstance(asked, ev.WhyAsked)
    t.refused(c.Answer(seat=0, question=asked.question, card="pastry_3"), "not_an_answer")


def test_ask_why_targets_another_member_and_revealed_cards_only() -> None:
    t = Table()
    t.refused(c.AskWhy(seat=0, target=0), "bad_target")
    t.refused(c.AskWhy(seat=0, target=9), "bad_target")
    t.refused(c.AskWhy(seat=0, target=1, about="sauce_1"), "bad_card")
    t.refused(c.AskWhy(seat=0, target=1, about="pastry_1"), "bad_card")


def test_decline_closes_the_question_with_a_sentence() -> None:
    t = Table()
    [asked] = t.do(c.AskWhy(seat=0, target=1))
    assert isinstance(asked, ev.WhyAsked)
    t.do(c.Decline(seat=1, question=asked.question, reason="Not yet."))
    question = t.state.question(asked.question)
    assert question is not None and (question.status, question.answer) == ("declined", "Not yet.")
    t.refused(c.Decline(seat=1, question=asked.question), "question_closed")


def test_proposals_must_be_complete_and_on_the_table() -> None:
    t = Table()
    t.refused(c.Propose(seat=0, package={"orange": "halve"}), "incomplete_package")
    t.refused(c.Propose(seat=0, package={**HALVE, "extra": "x"}), "unknown_issue")
    t.refused(c.Propose(seat=0, package={**HALVE, "orange": "juice"}), "unknown_option")
    t.refused(c.Propose(seat=0, package=SPLIT), "option_hidden")
    t.do(c.Propose(seat=0, package=HALVE))
    assert t.state.stage is Stage.PROPOSING


def test_hidden_option_unlocks_when_both_interests_are_revealed() -> None:
    t = Table()
    t.reveal_all()
    t.do(c.Propose(seat=0, package=SPLIT))
    assert t.state.proposals[0].package == SPLIT


def test_a_new_proposal_replaces_the_live_one() -> None:
    t = Table()
    [first] = t.do(c.Propose(seat=0, package=HALVE))
    assert isinstance(first, ev.Proposed)
    t.refused(c.Propose(seat=0, package=HALVE, replaces=first.proposal + 7), "offer_not_live")
    t.do(c.Propose(seat=0, package={**HALVE, "plating": "sauce_first"}, replaces=first.proposal))
    assert len(t.state.proposals) == 1 and t.state.proposals[0].id != first.proposal
    t.refused(c.Accept(seat=1, proposal=first.proposal), "offer_not_live")


def test_accept_withdraw_and_mou() -> None:
    t = Table()
    [p] = t.do(c.Propose(seat=0, package=HALVE))
    assert isinstance(p, ev.Proposed)
    t.refused(c.Accept(seat=0, proposal=p.proposal), "own_proposal")
    t.refused(c.Withdraw(seat=1, proposal=p.proposal), "not_your_proposal")
    t.refused(c.Sign(seat=0, mou=p.proposal), "no_mou")
    events = t.do(c.Accept(seat=1, proposal=p.proposal))
    assert [e.kind for e in events] == ["accepted", "mou_reached"]
    assert t.state.stage is Stage.MOU and t.state.mou is not None
    assert t.state.proposals == {}
    t.refused(c.Withdraw(seat=0, proposal=p.proposal), "offer_not_live")


def test_withdraw_takes_the_proposal_off_the_table() -> None:
    t = Table()
    [p] = t.do(c.Propose(seat=0, package=HALVE))
    assert isinstance(p, ev.Proposed)
    t.do(c.Withdraw(seat=0, proposal=p.proposal))
    assert t.state.proposals == {}
    t.refused(c.Accept(seat=1, proposal=p.proposal), "offer_not_live")


def test_signing_the_mou_closes_with_a_deal_and_an_amendment_resets_signatures() -> None:
    t = Table()
    t.reveal_all()
    [p] = t.do(c.Propose(seat=0, package=HALVE))
    assert isinstance(p, ev.Proposed)
    t.do(c.Accept(seat=1, proposal=p.proposal))
    t.do(c.Sign(seat=0, mou=p.proposal))
    t.refused(c.Sign(seat=0, mou=p.proposal), "already_signed")
    [better] = t.do(c.Propose(seat=1, package=SPLIT))
    assert isinstance(better, ev.Proposed)
    assert t.state.stage is Stage.MOU
    t.do(c.Accept(seat=0, proposal=better.proposal))
    assert t.state.mou is not None and t.state.mou.package == SPLIT
    assert t.state.signatures == frozenset()
    t.refused(c.Sign(seat=0, mou=p.proposal), "mou_changed")
    t.do(c.Sign(seat=0, mou=better.proposal))
    events = t.do(c.Sign(seat=1, mou=better.proposal))
    assert events[-1] == ev.Closed(at=t.now, reason="signed", package=SPLIT)
    assert t.state.stage is Stage.SIGNED and t.state.deal == SPLIT
    t.refused(c.Chat(seat=0, text="thanks"), "closed")


def test_walk_away_closes_without_a_deal() -> None:
    t = Table()
    t.do(c.WalkAway(seat=1))
    assert t.state.stage is Stage.WALKED_AWAY and t.state.deal is None
    t.refused(c.Propose(seat=0, package=HALVE), "closed")


@pytest.mark.parametrize("counts, expected", [(False, None), (True, HALVE)])
def test_deadline_counts_an_unsigned_mou_only_when_the_scenario_says_so(
        counts: bool, expected: dict[str, str] | None) -> None:
    from game.core.clock import due
    t = Table(mou_counts=counts)
    [p] = t.do(c.Propose(seat=0, package=HALVE))
    assert isinstance(p, ev.Proposed)
    t.do(c.Accept(seat=1, proposal=p.proposal))
    assert due(t.state, T0 + 599) == []
    with pytest.raises(RuleError) as info:
        apply(t.state, c.Chat(seat=0, text="late"), T0 + 600)
    assert info.value.code == "time_up"
    [closed] = due(t.state, T0 + 601)
    assert closed == ev.Closed(at=T0 + 600, reason="deadline", package=expected)
    assert fold(t.state, [closed]).stage is Stage.EXPIRED


def test_pause_stops_the_clock_and_resume_gives_the_time_back() -> None:
    from game.core.clock import due
    t = Table()
    t.do(c.Pause(), dt=100)
    assert t.state.time_left(T0 + 10_000) == 500
    assert due(t.state, T0 + 10_000) == []
    t.refused(c.Chat(seat=0, text="hi"), "paused")
    t.refused(c.Pause(), "already_paused")
    t.do(c.Resume(), dt=50)
    assert t.state.ends_at == T0 + 650
    t.refused(c.Resume(), "not_paused")
    t.do(c.Extend(seconds=60))
    assert t.state.ends_at == T0 + 710
    t.refused(c.Extend(seconds=0), "bad_extension")
    t.do(c.End())
    assert t.state.stage is Stage.ENDED


def test_hand_over_marks_a_seat_bot_played() -> None:
    t = Table()
    t.do(c.HandOver(seat=1, bot=True))
    assert t.state.members[1].bot
    t.refused(c.HandOver(seat=1, bot=True), "no_change")
    t.refused(c.HandOver(seat=4, bot=True), "not_a_member")


def test_replay_of_the_log_equals_the_live_state_and_survives_json() -> None:
    t = Table()
    t.do(c.Chat(seat=0, text="Why do you need it?"))
    [asked] = t.do(c.AskWhy(seat=0, target=1))
    assert isinstance(asked, ev.WhyAsked)
    t.do(c.Answer(seat=1, question=asked.question, card="sauce_1"))
    t.do(c.Share(seat=0, card="pastry_1"))
    [p] = t.do(c.Propose(seat=0, package=HALVE))
    assert isinstance(p, ev.Proposed)
    t.do(c.Accept(seat=1, proposal=p.proposal))
    t.do(c.Sign(seat=1, mou=p.proposal))
    assert replay(t.scenario, t.log) == t.state
    rebuilt = [ev.event_from_dict(e.to_dict()) for e in t.log]
    assert rebuilt == t.log
    assert replay(t.scenario, rebuilt) == t.state


def test_apply_never_changes_the_state() -> None:
    t = Table()
    snapshot = replay(t.scenario, t.log)
    apply(t.state, c.Propose(seat=0, package=HALVE), T0 + 1)
    assert t.state == snapshot
    assert isinstance(t.state, NegotiationState)


def test_chat_is_bounded_per_member_burst_and_per_table() -> None:
    from game.core.discovery import BURST_LINES, BURST_S, MAX_CHAT_LINES
    t = Table()
    for i in range(BURST_LINES):
        t.do(c.Chat(seat=0, text=f"line {i}"), dt=0.1)
    t.refused(c.Chat(seat=0, text="one more"), "too_fast")
    t.do(c.Chat(seat=1, text="the partner may still talk"), dt=0.1)
    t.do(c.Chat(seat=0, text="after a pause"), dt=BURST_S)
    assert len(t.state.chat) == BURST_LINES + 2
    from dataclasses import replace

    from game.core.state import ChatLine
    full = replace(t.state, chat=tuple(ChatLine(1, "x", T0) for _ in range(MAX_CHAT_LINES)))
    with pytest.raises(RuleError) as info:
        apply(full, c.Chat(seat=0, text="no room"), t.now + 100)
    assert info.value.code == "chat_full"


def test_the_state_remembers_who_walked_away() -> None:
    t = Table()
    t.do(c.WalkAway(seat=1))
    assert t.state.closed_by == 1


def test_bot_notes_come_only_from_bot_seats_and_never_reach_the_table() -> None:
    from game.core.views import member_view
    t = Table()
    t.refused(c.BotNote(seat=1, text="I share first."), "not_a_bot")
    t.do(c.HandOver(seat=1, bot=True))
    t.do(c.BotNote(seat=1, text="I share first: giving first is how trust starts."))
    t.do(c.WalkAway(seat=0))
    t.do(c.BotNote(seat=1, text="No deal: my BATNA is 31 points."))  # allowed after close
    assert [n.text for n in t.state.bot_notes] == [
        "I share first: giving first is how trust starts.", "No deal: my BATNA is 31 points."]
    assert "I share first" not in str(member_view(t.state, 0, t.now))
    assert replay(t.scenario, t.log) == t.state
