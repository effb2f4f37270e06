"""Socket.IO event handlers. Each parses its payload, calls a service, then emits.

Identity is the seat token presented in the connection's `auth`; the socket session only
remembers which participant this connection speaks for. Errors go to the sender alone as an
`error` event (and in the acknowledgement when the client asked for one).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app, request, session
from flask_socketio import SocketIO, emit, join_room

from game.core.errors import PartnerMathError, RuleError
from game.services.app_services import Services, services
from game.services.cohorts import cohort_lobby
from game.services.lobby import Whereabouts, practice_lobby
from game.services.messages import Outbound, participant_room
from game.services.tokens import issue_token, read_token_claims
from game.sockets.payloads import COMMANDS, Empty, Join, parse, to_command

log = logging.getLogger(__name__)
Ack = dict[str, Any]


def send(socketio: SocketIO, messages: Iterable[Outbound]) -> None:
    """Emit each outbound message to its room; call only after the events are committed."""
    for message in messages:
        socketio.emit(message.event, message.payload, to=message.to)


def _replying(event: str) -> Callable[[Callable[..., Ack]], Callable[..., Ack]]:
    """Turn PartnerMathError into an `error` to the sender and a failed acknowledgement."""
    def decorate(handler: Callable[..., Ack]) -> Callable[..., Ack]:
        @functools.wraps(handler)
        def wrapper(*args: Any) -> Ack:
            try:
                if len(args) > 1:
                    raise PartnerMathError("Send one JSON object as the payload.",
                                           "bad_payload")
                return handler(*args)
            except PartnerMathError as error:
                reply = error.to_dict()
            except Exception:  # a bug must not kill the connection; it is logged whole
                log.exception("handler %s failed", event)
                reply = {"code": "internal", "message": "Something went wrong on the server; "
                                                       "nothing was changed."}
            emit("error", {**reply, "event": event}, to=request.sid)
            return {"ok": False, "error": reply}
        return wrapper
    return decorate


def _current_participant(app_services: Services) -> str:
    """The participant this socket speaks for; refuses sockets replaced by a newer tab."""
    return _current_whereabouts(app_services).participant_id


def _current_whereabouts(app_services: Services) -> Whereabouts:
    """Where this socket's participant is; refuses sockets replaced by a newer tab."""
    participant_id = session.get("participant")
    if participant_id is None:
        raise PartnerMathError("Join first: send `join` or connect with your seat token.",
                               "not_joined")
    where = app_services.lobby.whereabouts(participant_id)
    if where is None:
        raise PartnerMathError("Your seat token is unknown here; join again.", "bad_token")
    if where.active_sid != request.sid:
        raise PartnerMathError("Another tab took over this seat; this one is inactive.",
                               "replaced")
    if where.cohort_id is not None and not session.get("bot") \
            and app_services.cohorts.is_removed(participant_id):
        raise PartnerMathError("You left this class or the instructor removed you.",
                               "removed")
    return where


def _reserved(event: str) -> Ack:
    """A client sent an event under a reserved name (connect, disconnect): refuse it."""
    reply = {"code": "unknown_event",
             "message": f"{event!r} is reserved for the connection itself, not an event."}
    emit("error", {**reply, "event": event}, to=request.sid)
    return {"ok": False, "error": reply}


def _tell_monitor(socketio: SocketIO, app_services: Services, participant_id: str) -> None:
    """A cohort member's connection changed: their instructor's monitor hears of it."""
    where = app_services.lobby.whereabouts(participant_id)
    if where is not None and where.cohort_id is not None:
        send(socketio, [app_services.monitor(where.cohort_id, time.time())])


def _attach(socketio: SocketIO, app_services: Services, participant_id: str,
            announce_lobby: bool = True) -> None:
    """Make this socket the participant's active one and send where they are (the lobby
    list too, unless the caller sends it to the whole lobby next)."""
    now = time.time()
    previous = app_services.lobby.connect(participant_id, request.sid, now)
    if previous is not None:
        socketio.emit("replaced", {"message": "This seat was opened in another tab or device; "
                                              "carry on there."}, to=previous)
        socketio.server.leave_room(previous, participant_room(participant_id), namespace="/")
    session["participant"] = participant_id
    join_room(participant_room(participant_id))
    where = app_services.lobby.whereabouts(participant_id)
    assert where is not None
    place = {"idle": "none", "lobby": "lobby", "seated": "table"}[where.status]
    emit("welcome", {"participant": participant_id, "name": where.name, "where": place,
                     "negotiation": where.negotiation_id, "lobby": where.lobby})
    if where.status == "lobby" and where.lobby is not None and announce_lobby:
        emit("lobby", app_services.lobby.lobby_messages(where.lobby)[0].payload)
    elif where.status == "seated" and where.negotiation_id is not None:
        send(socketio, app_services.negotiations.view_for(where.negotiation_id, participant_id,
                                                          now))


_registered: set[int] = set()
_socket_locks: dict[str, threading.Lock] = {}
_socket_locks_guard = threading.Lock()


def _socket_lock(sid: str) -> threading.Lock:
    with _socket_locks_guard:
        return _socket_locks.setdefault(sid, threading.Lock())


def _welcome_new(socketio: SocketIO, app_services: Services, participant_id: str,
                 name: str) -> None:
    """Give a new participant their seat token, then attach this socket to them."""
    token = issue_token(current_app.config["SECRET_KEY"], participant_id)
    emit("joined", {"token": token, "participant": participant_id, "name": name})
    _attach(socketio, app_services, participant_id, announce_lobby=False)


def register(socketio: SocketIO) -> None:
    """Attach every handler of docs/protocol.md to `socketio` (once per SocketIO object;
    Flask-SocketIO re-binds them to each app in `init_app`)."""
    if id(socketio) in _registered:
        return
    _registered.add(id(socketio))

    @socketio.on("connect")
    def on_connect(auth: Any = None) -> Any:
        """Any client connects; with a valid token it is re-seated and gets its state."""
        if session.get("connected"):  # a client sent an event named "connect": refuse it
            return _reserved("connect")
        session["connected"] = True
        token = auth.get("token") if isinstance(auth, dict) else None
        if token is None:
            return True
        app_services = services()
        claims = read_token_claims(current_app.config["SECRET_KEY"], token)
        if claims is None or app_services.lobby.whereabouts(claims[0]) is None:
            emit("error", {"code": "bad_token", "event": "connect",
                           "message": "Your seat token is not valid here; join again."})
            return True
        participant_id, is_bot = claims
        if not is_bot and app_services.cohorts.is_removed(participant_id):
            emit("error", {"code": "removed", "event": "connect",
                           "message": "You left this class or the instructor removed you; "
                                      "join again with the code to come back."})
            return True
        session["bot"] = is_bot
        _attach(socketio, app_services, participant_id)
        _tell_monitor(socketio, app_services, participant_id)
        if not is_bot:  # the trainee is back: a bot playing their seat hands it back
            send(socketio, app_services.returned(participant_id, time.time()))
        return True

    @socketio.on("disconnect")
    def on_disconnect(reason: Any = None) -> Ack | None:
        """A socket left; the participant is shown disconnected if it was their active one."""
        if socketio.server.manager.is_connected(request.sid, "/"):
            return _reserved("disconnect")  # an event named "disconnect" from a live client
        with _socket_locks_guard:
            _socket_locks.pop(request.sid, None)
        participant_id = session.get("participant")
        if participant_id is None:
            return
        app_services = services()
        if app_services.lobby.disconnect(participant_id, request.sid, time.time()):
            _tell_monitor(socketio, app_services, participant_id)

    @socketio.on("join")
    @_replying("join")
    def on_join(data: Any = None) -> Ack:
        """A visitor joins with a display name: replies `joined` (token) to the sender, then
        `lobby` to the lobby, or `state` to each member when a group is seated."""
        payload = parse(Join, data)
        assert isinstance(payload, Join)
        with _socket_lock(request.sid):  # one join at a time per socket (double clicks)
            return _join(socketio, payload)

    @socketio.on("leave")
    @_replying("leave")
    def on_leave(data: Any = None) -> Ack:
        """A waiting participant leaves the lobby; the lobby hears who is left."""
        parse(Empty, data)
        app_services = services()
        where = _current_whereabouts(app_services)
        lobby = app_services.lobby.leave(where.participant_id)
        if lobby is not None:
            send(socketio, app_services.lobby.lobby_messages(lobby, also=where.participant_id))
        if where.cohort_id is not None:  # leaving a class's lobby frees its seat
            app_services.cohorts.remove(where.cohort_id, where.participant_id)
            send(socketio, [app_services.monitor(where.cohort_id, time.time())])
        return {"ok": True}

    @socketio.on("sync")
    @_replying("sync")
    def on_sync(data: Any = None) -> Ack:
        """Re-send `welcome` and the current state to the sender."""
        parse(Empty, data)
        app_services = services()
        _attach(socketio, app_services, _current_participant(app_services))
        return {"ok": True}

    for name in COMMANDS:
        socketio.on_event(name, _replying(name)(functools.partial(_command, socketio, name)))

    @socketio.on("*")
    def on_unknown(event: str, *args: Any) -> Ack:
        """Any event this protocol does not define: an `error` to the sender alone."""
        reply = {"code": "unknown_event",
                 "message": f"There is no event {str(event)[:40]!r} in this protocol."}
        emit("error", {**reply, "event": str(event)[:40]}, to=request.sid)
        return {"ok": False, "error": reply}


def _command(socketio: SocketIO, event: str, data: Any = None) -> Ack:
    """A seated member acts: the command is applied and stored, then every member gets
    their own new view; a refused command changes nothing and only the sender hears."""
    app_services = services()
    where = _current_whereabouts(app_services)
    if where.status != "seated" or where.negotiation_id is None \
            or where.seat is None:
        raise PartnerMathError("You have no seat at a table yet.", "not_seated")
    command = to_command(event, data, where.seat)
    now = time.time()
    try:
        state = app_services.negotiations.execute(where.negotiation_id, command, now)
    except RuleError as error:
        if error.code == "time_up":  # the deadline was recorded just now: show everyone
            latest = app_services.negotiations.state(where.negotiation_id)
            send(socketio, app_services.after_change(where.negotiation_id, latest, now))
        raise
    send(socketio, app_services.after_change(where.negotiation_id, state, now))
    return {"ok": True, "seq": state.seq}

def _join(socketio: SocketIO, payload: Join) -> Ack:
    """Create a participant for this socket (refused when it already speaks for one who is
    waiting or playing), then seat or queue them."""
    app_services = services()
    now = time.time()
    current = session.get("participant")
    if current is not None:
        where = app_services.lobby.whereabouts(current)
        if where is not None and where.active_sid != request.sid:
            raise PartnerMathError("Another tab took over this seat; this one is inactive.",
                                   "replaced")
        if where is not None and where.status == "lobby":
            raise PartnerMathError("You are already waiting in the lobby; leave it first to "
                                   "join elsewhere.", "already_joined")
        if where is not None and where.status == "seated" and where.negotiation_id:
            if not app_services.negotiations.state(where.negotiation_id).stage.closed:
                raise PartnerMathError("You are seated in a negotiation that is still "
                                       "running; finish or walk away first.",
                                       "already_seated")
    if payload.code is not None:
        cohort, participant_id = app_services.cohorts.join(payload.code, payload.name, now)
        _welcome_new(socketio, app_services, participant_id, payload.name)
        send(socketio, app_services.lobby.lobby_messages(cohort_lobby(cohort.id)))
        send(socketio, [app_services.monitor(cohort.id, now)])
        return {"ok": True}
    try:
        scenario = app_services.scenarios.get(payload.scenario)
    except KeyError:
        raise PartnerMathError(f"There is no scenario {payload.scenario!r}.",
                               "unknown_scenario") from None
    if payload.bot is not None:
        participant_id = app_services.practise_with_bot(scenario, payload.name,
                                                        payload.bot, now)
        _welcome_new(socketio, app_services, participant_id, payload.name)
        return {"ok": True}
    participant_id = app_services.lobby.create_participant(payload.name, now)
    lobby = practice_lobby(scenario.id)
    app_services.lobby.enqueue(participant_id, lobby, now)
    _welcome_new(socketio, app_services, participant_id, payload.name)
    send(socketio, app_services.seat_waiting(lobby, now))
    return {"ok": True}
