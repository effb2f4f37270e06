"""Offer moves: propose a package, withdraw, accept, sign the MOU, walk away."""

from __future__ import annotations

from collections.abc import Mapping

from game.core import commands as cmd
from game.core import events as ev
from game.core.errors import RuleError
from game.core.state import NegotiationState


def available_options(state: NegotiationState) -> dict[str, tuple[str, ...]]:
    """Option ids on the table for each issue, given the cards revealed so far."""
    revealed = state.revealed
    return {issue.id: tuple(o.id for o in state.scenario.unlocked_options(issue, revealed))
            for issue in state.scenario.issues}


def check_package(state: NegotiationState, package: Mapping[str, str]) -> dict[str, str]:
    """Return the package as a plain dict when it is complete and every option is on the
    table; raises RuleError (incomplete_package, unknown_issue, unknown_option, option_hidden)."""
    issues = {issue.id: issue for issue in state.scenario.issues}
    unknown = sorted(set(package) - set(issues))
    if unknown:
        raise RuleError("unknown_issue", f"There is no issue {unknown[0]!r} in this scenario.")
    missing = [issue.title for issue_id, issue in issues.items() if issue_id not in package]
    if missing:
        raise RuleError("incomplete_package", "A proposal settles every issue; missing: "
                                              + ", ".join(missing) + ".")
    available = available_options(state)
    for issue_id, option_id in package.items():
        if option_id not in issues[issue_id].option_ids:
            raise RuleError("unknown_option", f"Issue {issue_id!r} has no option "
                                              f"{option_id!r}.")
        if option_id not in available[issue_id]:
            raise RuleError("option_hidden", "That option is not on the table yet: it appears "
                                             "once the interests behind it are revealed.")
    return {issue.id: package[issue.id] for issue in state.scenario.issues}


def propose(state: NegotiationState, command: cmd.Propose, now: float) -> list[ev.Event]:
    """Put a package on the table, replacing the member's live proposal."""
    seat = _seat(command)
    package = check_package(state, command.package)
    live = state.proposals.get(seat)
    if command.replaces is not None and (live is None or live.id != command.replaces):
        raise RuleError("offer_not_live", "The proposal you meant to replace is no longer on "
                                          "the table; look at the latest state and try again.")
    return [ev.Proposed(at=now, proposal=state.next_id, seat=seat, package=package)]


def withdraw(state: NegotiationState, command: cmd.Withdraw, now: float) -> list[ev.Event]:
    """Take one's own live proposal off the table."""
    seat = _seat(command)
    live = state.proposals.get(seat)
    if live is None or live.id != command.proposal:
        other = state.live_proposal(command.proposal)
        if other is not None:
            raise RuleError("not_your_proposal", "Only the member who proposed it can "
                                                 "withdraw a proposal.")
        raise RuleError("offer_not_live", "That proposal of yours is no longer on the table.")
    return [ev.Withdrawn(at=now, proposal=live.id, seat=seat)]


def accept(state: NegotiationState, command: cmd.Accept, now: float) -> list[ev.Event]:
    """Accept a live proposal; the last acceptance turns it into the MOU."""
    seat = _seat(command)
    proposal = state.live_proposal(command.proposal)
    if proposal is None:
        raise RuleError("offer_not_live", "That proposal is no longer on the table.")
    if proposal.proposer == seat:
        raise RuleError("own_proposal", "You cannot accept your own proposal.")
    if seat in proposal.accepted_by:
        raise RuleError("already_accepted", "You have already accepted that proposal.")
    events: list[ev.Event] = [ev.Accepted(at=now, proposal=proposal.id, seat=seat)]
    others = {m.seat for m in state.members} - {proposal.proposer}
    if others <= proposal.accepted_by | {seat}:
        events.append(ev.MouReached(at=now, proposal=proposal.id, package=proposal.package))
    return events


def sign(state: NegotiationState, command: cmd.Sign, now: float) -> list[ev.Event]:
    """Sign the MOU; the last signature closes the negotiation with a deal."""
    seat = _seat(command)
    if state.mou is None:
        raise RuleError("no_mou", "There is no MOU to sign yet: accept a proposal first.")
    if command.mou != state.mou.id:
        raise RuleError("mou_changed", "The MOU changed since you looked; read it again "
                                       "before you sign.")
    if seat in state.signatures:
        raise RuleError("already_signed", "You have already signed this MOU.")
    events: list[ev.Event] = [ev.Signed(at=now, seat=seat, mou=state.mou.id)]
    if {m.seat for m in state.members} <= state.signatures | {seat}:
        events.append(ev.Closed(at=now, reason="signed", package=state.mou.package))
    return events


def walk_away(state: NegotiationState, command: cmd.WalkAway, now: float) -> list[ev.Event]:
    """Leave without a deal: the negotiation closes and everyone gets their BATNA."""
    return [ev.WalkedAway(at=now, seat=_seat(command)),
            ev.Closed(at=now, reason="walked_away", package=None)]


def _seat(command: cmd.Command) -> int:
    assert command.seat is not None, "member commands carry a seat"
    return command.seat
