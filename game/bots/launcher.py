"""Bots in the product: the server starts a `BotClient` that plays a seat over Socket.IO,
exactly as a browser would, with the seat's own token (so it sees only what that member
would see). Used for practice against a bot, odd seats and dropped trainees' seats."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Flask

from game.bots.runner import BotClient
from game.core.bots import PERSONAS
from game.core.errors import PartnerMathError
from game.services.tokens import issue_token

log = logging.getLogger(__name__)
GRACE_S = 600.0  # how long past its round a bot may stay connected, at most


def check_persona(name: str) -> str:
    """The persona name when it exists; PartnerMathError `unknown_persona` otherwise."""
    if name not in PERSONAS:
        raise PartnerMathError(f"There is no bot persona {name!r}; choose one of "
                               f"{', '.join(sorted(PERSONAS))}.", "unknown_persona")
    return name


class BotLauncher:
    """Starts and tracks bot clients; `url` is the server's own address, known once it
    serves (None under the Flask-SocketIO test client, where no bot can connect)."""

    def __init__(self) -> None:
        self.url: str | None = None
        self.secret_key = ""
        self.pace_s = 1.5
        self.background: Any = None
        self._bots: dict[str, BotClient] = {}
        self._lock = threading.Lock()

    def init_app(self, app: Flask, start_background_task: Any) -> None:
        self.secret_key = app.config["SECRET_KEY"]
        self.pace_s = float(app.config["BOT_PACE_S"])
        self.background = start_background_task

    def launch(self, participant_id: str, persona_name: str, seed: int,
               duration_s: float) -> None:
        """Play `participant_id`'s seat with a bot of that persona, in the background."""
        if self.url is None:
            log.error("no server address: the bot for %s cannot connect", participant_id)
            return
        token = issue_token(self.secret_key, participant_id, bot=True)
        client = BotClient(self.url, name=f"bot:{participant_id[:6]}", token=token,
                           persona_name=persona_name, seed=seed, pace_s=self.pace_s)
        with self._lock:
            previous = self._bots.pop(participant_id, None)
            self._bots[participant_id] = client
        if previous is not None:
            previous.stop()
        self.background(self._play, participant_id, client, duration_s + GRACE_S)

    def _play(self, participant_id: str, client: BotClient, timeout: float) -> None:
        try:
            client.start()
            client.wait_closed(timeout)
        except Exception:  # a bot that cannot play must not take the server down
            log.exception("bot for %s failed", participant_id)
        finally:
            client.stop()
            with self._lock:
                if self._bots.get(participant_id) is client:
                    del self._bots[participant_id]

    def running(self) -> list[str]:
        """Participant ids whose seats a bot of this process is playing now."""
        with self._lock:
            return list(self._bots)
