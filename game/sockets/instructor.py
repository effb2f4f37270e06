"""Socket.IO events of the instructor's pages: watch a cohort, run its rounds, broadcast,
hand a dropped seat to a bot, remove a trainee, observe one group read-only.

The identity is the login session: Flask-SocketIO copies `flask.session` (the signed login
cookie) into the socket's session at connect, so a page opened after login speaks for that
instructor. Every event checks that the instructor owns the cohort (or the negotiation's
cohort); anyone else gets `error` code `forbidden` and nothing changes.
"""

from __future__ import annotations

import threading
import time
from typing import Annotated, Any, Literal

from flask import request, session
from flask_socketio import SocketIO, emit, join_room
from pydantic import Field, StringConstraints

from game.core import commands as cmd
from game.core.errors import PartnerMathError
from game.db import Database
from game.instructors import instructor_name
from game.services.app_services import Services, services
from game.services.cohorts import BOT_PERSONA, cohort_lobby
from game.services.messages import Outbound, negotiation_room, participant_room
from game.services.monitor import monitor_room, snapshot
from game.services.observe import observer_view
from game.sockets.handlers import Ack, _replying, send
from game.sockets.payloads import Id, Payload, Seat, parse

Message = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
ParticipantId = Annotated[str, StringConstraints(min_length=1, max_length=32)]
CONTROLS: dict[str, type[cmd.Command]] = {"pause": cmd.Pause, "resume": cmd.Resume,
                                          "extend": cmd.Extend, "end": cmd.End}


class WatchIn(Payload):
    cohort: Id


class RoundIn(Payload):
    cohort: Id
    action: Literal["start", "pause", "resume", "extend", "end"]
    seconds: Annotated[int, Field(ge=10, le=3600)] | None = None


class BroadcastIn(Payload):
    cohort: Id
    message: Message


class SeatIn(Payload):
    negotiation: Id
    seat: Seat


class RemoveIn(Payload):
    cohort: Id
    participant: ParticipantId


class ObserveIn(Payload):
    negotiation: Id


def _forbidden() -> PartnerMathError:
    return PartnerMathError("Only the instructor who owns this cohort may do that; log in "
                            "as that instructor.", "forbidden")


def logged_in(app_services: Services) -> int:
    """The id of this socket's instructor while their login is current; `forbidden` else."""
    instructor_id = session.get("instructor")
    if not isinstance(instructor_id, int) or instructor_name(
            app_services.db, instructor_id, session.get("epoch")) is None:
        raise _forbidden()  # no login, or one that ended when the instructor logged out
    return instructor_id


def owned_cohort(app_services: Services, cohort_id: int) -> int:
    """The cohort id when this socket's login owns it; PartnerMathError `forbidden` else."""
    instructor_id = logged_in(app_services)
    try:
        app_services.cohorts.owned(cohort_id, instructor_id)
    except PartnerMathError:
        raise _forbidden() from None
    return cohort_id


def owned_negotiation(app_services: Services, negotiation_id: int) -> int:
    """The cohort of a negotiation this socket's login owns; `forbidden` otherwise (also for
    practice tables and unknown ids). The login is checked before anything is looked up."""
    logged_in(app_services)
    cohort_id = app_services.negotiations.cohort_of(negotiation_id)
    if cohort_id is None:
        raise _forbidden()
    return owned_cohort(app_services, cohort_id)


def start_messages(app_services: Services, cohort_id: int,
                   now: float) -> tuple[Ack, list[Outbound]]:
    """Start the cohort's next round: `seated` and the first view to every member, a
    `notice` to those sitting out, the lobby to those waiting, the whole monitor; bots are
    launched for the bot seats. Returns (ack, messages)."""
    cohorts, negotiations = app_services.cohorts, app_services.negotiations
    row, negotiation_ids, sitting_out = cohorts.start_round(cohort_id, now)
    messages: list[Outbound] = []
    bots: list[tuple[str, int, int, float]] = []
    for negotiation_id in negotiation_ids:
        state = negotiations.state(negotiation_id)
        for seat, participant_id in enumerate(negotiations.participants(negotiation_id)):
            messages.append(Outbound(participant_room(participant_id), "seated", {
                "negotiation": negotiation_id, "seat": seat,
                "role": state.members[seat].role}))
            if state.members[seat].bot:
                bots.append((participant_id, negotiation_id, seat, state.time_left(now)))
        messages += app_services.after_change(negotiation_id, state, now)
    for participant_id in sitting_out:
        messages.append(Outbound(participant_room(participant_id), "notice", {
            "message": f"You sit out round {row.number}; you are first in line for the next "
                       "one.", "from": "server"}))
    messages += app_services.lobby.lobby_messages(cohort_lobby(cohort_id))
    messages.append(app_services.monitor(cohort_id, now))
    for participant_id, negotiation_id, seat, left in bots:
        app_services.bots.launch(participant_id, BOT_PERSONA, seed=negotiation_id * 10 + seat,
                                 duration_s=left)
    return ({"ok": True, "round": row.number, "groups": len(negotiation_ids),
             "sitting_out": len(sitting_out)}, messages)


def control_messages(app_services: Services, cohort_id: int, action: str,
                     seconds: int | None, now: float) -> tuple[Ack, list[Outbound]]:
    """Pause, resume, extend or end every open table of the current round: each member's
    new view (and the monitor lines) for every table that changed, then the whole monitor."""
    if action == "extend":
        command: cmd.Command = cmd.Extend(seconds=seconds or 60)
    else:
        command = CONTROLS[action]()
    changed = app_services.cohorts.control(cohort_id, command, now)
    messages: list[Outbound] = []
    for negotiation_id, state in changed:
        messages += app_services.after_change(negotiation_id, state, now)
    messages.append(app_services.monitor(cohort_id, now))
    return {"ok": True, "changed": len(changed)}, messages


class InstructorSockets:
    """The sockets of this process that joined an instructor's rooms, with the login epoch
    they were authorised under, so that a logout can cut them off: rooms keep delivering to
    a socket that no longer sends anything, so refusing its events is not enough."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: dict[str, tuple[int, object]] = {}

    def add(self, sid: str, instructor_id: int, epoch: object) -> None:
        with self._lock:
            self._sockets[sid] = (instructor_id, epoch)

    def cut_stale(self, socketio: SocketIO, db: Database) -> list[str]:
        """Disconnect every tracked socket whose login ended (or whose account is gone),
        telling it why; forget sockets that closed. Returns the sids cut."""
        with self._lock:
            tracked = dict(self._sockets)
        if not tracked:
            return []
        valid = {login: instructor_name(db, *login) is not None
                 for login in set(tracked.values())}
        cut = []
        for sid, login in tracked.items():
            if not socketio.server.manager.is_connected(sid, "/"):
                with self._lock:
                    self._sockets.pop(sid, None)
            elif not valid[login]:
                socketio.emit("logged_out", {"message": "You logged out; log in again to "
                                                        "watch this class."}, to=sid)
                socketio.server.disconnect(sid, namespace="/")
                with self._lock:
                    self._sockets.pop(sid, None)
                cut.append(sid)
        return cut


tracked_sockets = InstructorSockets()


def register_instructor(socketio: SocketIO) -> None:
    """Attach the instructor events to `socketio` (once per SocketIO object)."""
    if getattr(socketio, "_partner_math_instructor", False):
        return
    socketio._partner_math_instructor = True  # type: ignore[attr-defined]

    @socketio.on("watch")
    @_replying("watch")
    def on_watch(data: Any = None) -> Ack:
        """The owner's dashboard subscribes to a cohort: the sender joins the monitor room
        and receives the whole `monitor` snapshot; later `monitor` and `monitor_group`
        updates reach that room."""
        payload = parse(WatchIn, data)
        assert isinstance(payload, WatchIn)
        app_services = services()
        cohort_id = owned_cohort(app_services, payload.cohort)
        tracked_sockets.add(request.sid, session["instructor"], session.get("epoch"))
        join_room(monitor_room(cohort_id))
        emit("monitor", snapshot(app_services.cohorts, cohort_id, time.time()), to=request.sid)
        return {"ok": True}

    @socketio.on("round")
    @_replying("round")
    def on_round(data: Any = None) -> Ack:
        """The owner starts, pauses, resumes, extends (by `seconds`) or ends the round: the
        members get `seated`/`state`, those sitting out a `notice`, the monitor room the
        new snapshot."""
        payload = parse(RoundIn, data)
        assert isinstance(payload, RoundIn)
        app_services = services()
        cohort_id = owned_cohort(app_services, payload.cohort)
        now = time.time()
        if payload.action == "start":
            ack, messages = start_messages(app_services, cohort_id, now)
        else:
            ack, messages = control_messages(app_services, cohort_id, payload.action,
                                             payload.seconds, now)
        send(socketio, messages)
        return ack

    @socketio.on("broadcast")
    @_replying("broadcast")
    def on_broadcast(data: Any = None) -> Ack:
        """The owner sends a message: `notice` {message, from: "instructor"} to every
        trainee of the cohort (removed ones excluded), its monitor room and the observers
        of its current round's groups."""
        payload = parse(BroadcastIn, data)
        assert isinstance(payload, BroadcastIn)
        app_services = services()
        cohort_id = owned_cohort(app_services, payload.cohort)
        notice = {"message": payload.message, "from": "instructor"}
        members = app_services.cohorts.members(cohort_id)
        rooms = [participant_room(p.id) for p in members] + [monitor_room(cohort_id)]
        current = app_services.cohorts.current_round(cohort_id)
        if current is not None:
            rooms += [negotiation_room(n) for n in
                      app_services.cohorts.round_negotiations(current.id)]
        send(socketio, [Outbound(room, "notice", notice) for room in rooms])
        return {"ok": True, "sent_to": len(members)}

    @socketio.on("hand_to_bot")
    @_replying("hand_to_bot")
    def on_hand_to_bot(data: Any = None) -> Ack:
        """The owner puts a bot in a disconnected trainee's seat: every member gets the new
        view, the monitor its line. Refused (`connected`) while the trainee is online."""
        payload = parse(SeatIn, data)
        assert isinstance(payload, SeatIn)
        app_services = services()
        owned_negotiation(app_services, payload.negotiation)
        seats = app_services.negotiations.participants(payload.negotiation)
        if payload.seat >= len(seats):
            raise PartnerMathError("There is no such seat at this table.", "not_a_member")
        if app_services.lobby.connected([seats[payload.seat]]).get(seats[payload.seat]):
            raise PartnerMathError("That trainee is still connected.", "connected")
        send(socketio, app_services.hand_to_bot(payload.negotiation, payload.seat,
                                                time.time()))
        return {"ok": True}

    @socketio.on("remove")
    @_replying("remove")
    def on_remove(data: Any = None) -> Ack:
        """The owner removes a trainee: out of the lobby and of every later round; a bot takes
        their seat at an open table, and their socket is refused from then on (`removed`).
        The trainee gets a `notice` (and `welcome` where "none" when they were waiting); the
        lobby and the monitor room get their new lists."""
        payload = parse(RemoveIn, data)
        assert isinstance(payload, RemoveIn)
        app_services = services()
        cohort_id = owned_cohort(app_services, payload.cohort)
        participant_id = payload.participant
        seated = app_services.cohorts.remove(cohort_id, participant_id)
        now = time.time()
        room = participant_room(participant_id)
        messages = [Outbound(room, "notice", {"message": "The instructor removed you from "
                                                         "this class.", "from": "instructor"})]
        if seated is not None:  # the table goes on: a bot takes the removed trainee's seat
            messages += app_services.hand_to_bot(*seated, now)
        where = app_services.lobby.whereabouts(participant_id)
        if where is not None and where.status == "idle":
            messages.append(Outbound(room, "welcome", {
                "participant": participant_id, "name": where.name, "where": "none",
                "negotiation": None, "lobby": None}))
        messages += app_services.lobby.lobby_messages(cohort_lobby(cohort_id))
        messages.append(app_services.monitor(cohort_id, now))
        send(socketio, messages)
        return {"ok": True}

    @socketio.on("observe")
    @_replying("observe")
    def on_observe(data: Any = None) -> Ack:
        """The owner opens one group read-only: the sender joins the negotiation's observer
        room and receives `observer_state`; every later change reaches that room."""
        payload = parse(ObserveIn, data)
        assert isinstance(payload, ObserveIn)
        app_services = services()
        owned_negotiation(app_services, payload.negotiation)
        tracked_sockets.add(request.sid, session["instructor"], session.get("epoch"))
        now = time.time()
        state = app_services.negotiations.state(payload.negotiation)
        join_room(negotiation_room(payload.negotiation))
        emit("observer_state", {"negotiation": payload.negotiation, "view": observer_view(
            app_services, payload.negotiation, state, now)}, to=request.sid)
        return {"ok": True}
