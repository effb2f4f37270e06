"""The negotiation state and `evolve(state, event)`, the one place events change it.

State is a left fold of events: `replay` in machine.py folds them from an empty state. The
state never decides anything; `machine.apply` does, and it records its decisions as events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

from game.core import events as ev
from game.core.scenario import Scenario


class Stage(StrEnum):
    """Where a negotiation stands; the last four are closed."""

    WAITING = "waiting"
    DISCOVERING = "discovering"
    PROPOSING = "proposing"
    MOU = "mou"
    SIGNED = "signed"
    WALKED_AWAY = "walked_away"
    EXPIRED = "expired"
    ENDED = "ended"

    @property
    def closed(self) -> bool:
        return self in CLOSED_STAGES


CLOSED_STAGES = frozenset({Stage.SIGNED, Stage.WALKED_AWAY, Stage.EXPIRED, Stage.ENDED})
OPEN_STAGES = frozenset({Stage.DISCOVERING, Stage.PROPOSING, Stage.MOU})
_CLOSE_STAGE = {"signed": Stage.SIGNED, "walked_away": Stage.WALKED_AWAY,
                "deadline": Stage.EXPIRED, "ended": Stage.ENDED}


@dataclass(frozen=True)
class Member:
    """A seat at the table: its number, the role played, the display name, bot-played or not."""

    seat: int
    role: str
    name: str
    bot: bool = False


@dataclass(frozen=True)
class Question:
    """A "Why?" from `asker` to `target`, about one of the target's cards or in general."""

    id: int
    asker: int
    target: int
    about: str | None
    at: float
    status: str = "open"  # open, answered, declined
    answer: str | None = None  # the card revealed, or the decline sentence


@dataclass(frozen=True)
class Proposal:
    """A complete package put on the table by `proposer`; `accepted_by` are seat numbers."""

    id: int
    proposer: int
    package: Mapping[str, str]
    at: float
    accepted_by: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Reveal:
    """A card on the table: whose it is, when, and the question it answered (if any)."""

    card: str
    seat: int
    at: float
    question: int | None = None


@dataclass(frozen=True)
class ChatLine:
    seat: int
    text: str
    at: float


@dataclass(frozen=True)
class NegotiationState:
    """Everything that has happened in one negotiation, as of event number `seq`.

    Times are server seconds since the epoch. `proposals` holds live proposals by seat;
    `mou` is the current MOU and `signatures` the seats that signed it.
    """

    scenario: Scenario
    seq: int = 0
    stage: Stage = Stage.WAITING
    members: tuple[Member, ...] = ()
    started_at: float = 0.0
    ends_at: float = 0.0
    paused_at: float | None = None
    reveals: tuple[Reveal, ...] = ()
    questions: tuple[Question, ...] = ()
    proposals: Mapping[int, Proposal] = field(default_factory=lambda: MappingProxyType({}))
    history: tuple[Proposal, ...] = ()
    mou: Proposal | None = None
    signatures: frozenset[int] = frozenset()
    chat: tuple[ChatLine, ...] = ()
    bot_notes: tuple[ChatLine, ...] = ()  # bots' explanations, for the debrief only
    next_id: int = 1
    bot_played: frozenset[int] = frozenset()  # seats a bot played at any time
    closed_at: float | None = None
    close_reason: str | None = None
    closed_by: int | None = None  # the seat that walked away
    deal: Mapping[str, str] | None = None

    @property
    def revealed(self) -> frozenset[str]:
        return frozenset(reveal.card for reveal in self.reveals)

    def member(self, seat: int) -> Member:
        """The member in `seat`; raises IndexError when there is none."""
        if not 0 <= seat < len(self.members):
            raise IndexError(seat)
        return self.members[seat]

    def question(self, question_id: int) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def live_proposal(self, proposal_id: int) -> Proposal | None:
        return next((p for p in self.proposals.values() if p.id == proposal_id), None)

    def time_left(self, now: float) -> float:
        """Seconds left on the round clock (frozen while paused, never negative)."""
        reference = self.paused_at if self.paused_at is not None else now
        if self.stage.closed:
            reference = self.closed_at or now
        return max(0.0, self.ends_at - reference)


def _with_proposals(state: NegotiationState, proposals: dict[int, Proposal]) -> NegotiationState:
    return replace(state, proposals=MappingProxyType(proposals))


def _set_question(state: NegotiationState, question_id: int, **changes: object) -> NegotiationState:
    questions = tuple(replace(q, **changes) if q.id == question_id else q  # type: ignore[arg-type]
                      for q in state.questions)
    return replace(state, questions=questions)


def evolve(state: NegotiationState, event: ev.Event) -> NegotiationState:
    """Return the state after `event`; pure, and total over every event kind."""
    state = replace(state, seq=state.seq + 1)
    match event:
        case ev.Started():
            members = tuple(Member(int(s["seat"]), str(s["role"]), str(s["name"]),
                                   bool(s.get("bot", False))) for s in event.seats)
            return replace(state, stage=Stage.DISCOVERING, members=members,
                           started_at=event.at, ends_at=event.ends_at,
                           bot_played=frozenset(m.seat for m in members if m.bot))
        case ev.ChatPosted():
            return replace(state, chat=state.chat + (ChatLine(event.seat, event.text, event.at),))
        case ev.WhyAsked():
            question = Question(event.question, event.seat, event.target, event.about, event.at)
            return replace(state, questions=state.questions + (question,),
                           next_id=max(state.next_id, event.question + 1))
        case ev.CardRevealed():
            state = replace(state, reveals=state.reveals + (
                Reveal(event.card, event.seat, event.at, event.question),))
            if event.question is not None:
                state = _set_question(state, event.question, status="answered", answer=event.card)
            return state
        case ev.WhyDeclined():
            return _set_question(state, event.question, status="declined", answer=event.reason)
        case ev.Proposed():
            proposal = Proposal(event.proposal, event.seat, dict(event.package), event.at)
            proposals = dict(state.proposals)
            proposals[event.seat] = proposal
            stage = Stage.PROPOSING if state.stage is Stage.DISCOVERING else state.stage
            state = replace(state, stage=stage, history=state.history + (proposal,),
                            next_id=max(state.next_id, event.proposal + 1))
            return _with_proposals(state, proposals)
        case ev.Withdrawn():
            proposals = {s: p for s, p in state.proposals.items() if p.id != event.proposal}
            return _with_proposals(state, proposals)
        case ev.Accepted():
            proposals = {s: (replace(p, accepted_by=p.accepted_by | {event.seat})
                             if p.id == event.proposal else p)
                         for s, p in state.proposals.items()}
            return _with_proposals(state, proposals)
        case ev.MouReached():
            mou = state.live_proposal(event.proposal)
            assert mou is not None, "mou_reached names a live proposal"
            state = replace(state, stage=Stage.MOU, mou=mou, signatures=frozenset())
            return _with_proposals(state, {})
        case ev.Signed():
            return replace(state, signatures=state.signatures | {event.seat})
        case ev.WalkedAway():
            return replace(state, closed_by=event.seat)
        case ev.Paused():
            return replace(state, paused_at=event.at)
        case ev.Resumed():
            return replace(state, paused_at=None, ends_at=event.ends_at)
        case ev.Extended():
            return replace(state, ends_at=event.ends_at)
        case ev.HandedOver():
            members = tuple(replace(m, bot=event.bot) if m.seat == event.seat else m
                            for m in state.members)
            played = state.bot_played | {event.seat} if event.bot else state.bot_played
            return replace(state, members=members, bot_played=played)
        case ev.BotNoted():
            return replace(state, bot_notes=state.bot_notes + (
                ChatLine(event.seat, event.text, event.at),))
        case ev.Closed():
            deal = dict(event.package) if event.package is not None else None
            return replace(state, stage=_CLOSE_STAGE[event.reason], closed_at=event.at,
                           close_reason=event.reason, deal=deal, paused_at=None,
                           proposals=MappingProxyType({}))
    raise TypeError(f"unknown event {event!r}")
