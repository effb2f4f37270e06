"""Discovery moves: chat, ask "Why?", answer or decline, share a card unasked."""

from __future__ import annotations

from game.core import commands as cmd
from game.core import events as ev
from game.core.errors import RuleError
from game.core.state import NegotiationState, Question
from game.core.trust import reveal_blocker

MAX_CHAT_CHARS = 1000
MAX_CHAT_LINES = 500  # per negotiation: every view carries the whole transcript
BURST_LINES, BURST_S = 5, 10.0  # at most 5 lines from one member in 10 seconds


def chat(state: NegotiationState, command: cmd.Chat, now: float) -> list[ev.Event]:
    """Post a chat line; refused when the scenario turns chat off or the text is empty/long."""
    if not state.scenario.rules.chat:
        raise RuleError("chat_off", "Chat is off in this scenario: talk through cards and "
                                    "proposals.")
    text = command.text.strip()
    if not text or len(text) > MAX_CHAT_CHARS:
        raise RuleError("bad_text", f"A chat line needs 1 to {MAX_CHAT_CHARS} characters.")
    if len(state.chat) >= MAX_CHAT_LINES:
        raise RuleError("chat_full", f"This table's chat reached {MAX_CHAT_LINES} lines; "
                                     "use proposals and cards to go on.")
    seat = _seat(command)
    recent = [line for line in state.chat if line.seat == seat and now - line.at < BURST_S]
    if len(recent) >= BURST_LINES:
        raise RuleError("too_fast", f"Slow down: at most {BURST_LINES} lines in "
                                    f"{BURST_S:.0f} seconds.")
    return [ev.ChatPosted(at=now, seat=seat, text=text)]


def ask_why(state: NegotiationState, command: cmd.AskWhy, now: float) -> list[ev.Event]:
    """Ask another member "Why?", in general or about one of their revealed cards."""
    seat = _seat(command)
    if not 0 <= command.target < len(state.members) or command.target == seat:
        raise RuleError("bad_target", "Ask another member of your group.")
    target_role = state.member(command.target).role
    if command.about is not None:
        card = state.scenario.cards.get(command.about)
        if card is None or card.role != target_role or command.about not in state.revealed:
            raise RuleError("bad_card", "You can ask about a card the other member has "
                                        "revealed.")
    for question in state.questions:
        if (question.status == "open" and question.asker == seat
                and question.target == command.target and question.about == command.about):
            raise RuleError("already_asked", "You asked that already; wait for the answer.")
    return [ev.WhyAsked(at=now, question=state.next_id, seat=seat, target=command.target,
                        about=command.about)]


def answer(state: NegotiationState, command: cmd.Answer, now: float) -> list[ev.Event]:
    """Answer an open question to oneself by revealing the next card of the chain."""
    seat = _seat(command)
    question = _open_question_to(state, seat, command.question)
    blocker = reveal_blocker(state, seat, command.card)
    if blocker is not None:
        raise blocker
    card = state.scenario.card(command.card)
    if question.about is not None and card.explains != question.about:
        raise RuleError("not_an_answer", "Answer with the card that explains the one you "
                                         "were asked about.")
    return [ev.CardRevealed(at=now, seat=seat, card=command.card, question=question.id)]


def decline(state: NegotiationState, command: cmd.Decline, now: float) -> list[ev.Event]:
    """Decline an open question to oneself; the asker sees the optional sentence."""
    seat = _seat(command)
    question = _open_question_to(state, seat, command.question)
    reason = command.reason.strip()[:MAX_CHAT_CHARS]
    return [ev.WhyDeclined(at=now, question=question.id, seat=seat, reason=reason)]


def share(state: NegotiationState, command: cmd.Share, now: float) -> list[ev.Event]:
    """Reveal one of one's own cards unasked, under the trust rule."""
    seat = _seat(command)
    blocker = reveal_blocker(state, seat, command.card)
    if blocker is not None:
        raise blocker
    return [ev.CardRevealed(at=now, seat=seat, card=command.card)]


def bot_note(state: NegotiationState, command: cmd.BotNote, now: float) -> list[ev.Event]:
    """Record a bot's explanation of its move; only a bot-played seat may."""
    seat = _seat(command)
    if not state.member(seat).bot:
        raise RuleError("not_a_bot", "Only a bot-played seat explains its moves this way.")
    text = command.text.strip()
    if not text or len(text) > MAX_CHAT_CHARS:
        raise RuleError("bad_text", f"A note needs 1 to {MAX_CHAT_CHARS} characters.")
    return [ev.BotNoted(at=now, seat=seat, text=text)]


def _open_question_to(state: NegotiationState, seat: int, question_id: int) -> Question:
    question = state.question(question_id)
    if question is None or question.target != seat:
        raise RuleError("unknown_question", "There is no such question to you.")
    if question.status != "open":
        raise RuleError("question_closed", "That question was already answered or declined.")
    return question


def _seat(command: cmd.Command) -> int:
    assert command.seat is not None, "member commands carry a seat"
    return command.seat
