"""Configuration: one class read from the environment, and a subclass for tests."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings read from the environment when the class is instantiated.

    DATABASE_URL   SQLAlchemy URL; default: SQLite in the instance folder.
    SECRET_KEY     signs seat tokens and sessions; default: generated once into the instance
                   folder (never hard-coded).
    SCENARIO_DIR   folder of scenario YAML files; default: ./scenarios of the repository.
    ASYNC_MODE     Flask-SocketIO async mode: threading (default) or eventlet (wsgi.py).
    HOST, PORT     where `partner-math run` and wsgi.py listen (127.0.0.1:5000).
    MESSAGE_QUEUE  a Redis URL to join several server processes; default: none.
    """

    TESTING = False

    def __init__(self) -> None:
        self.DATABASE_URL = os.environ.get("DATABASE_URL", "")
        self.SECRET_KEY = os.environ.get("SECRET_KEY", "")
        self.SCENARIO_DIR = os.environ.get("SCENARIO_DIR", str(ROOT / "scenarios"))
        self.ASYNC_MODE = os.environ.get("ASYNC_MODE", "threading")
        self.HOST = os.environ.get("HOST", "127.0.0.1")
        self.PORT = int(os.environ.get("PORT", "5000"))
        self.MESSAGE_QUEUE = os.environ.get("MESSAGE_QUEUE") or None
        self.CORS_ALLOWED_ORIGINS = [o for o in os.environ.get(
            "CORS_ALLOWED_ORIGINS", "").split(",") if o]
        self.DEADLINE_POLL_S = float(os.environ.get("DEADLINE_POLL_S", "1.0"))
        self.SCENARIO_POLL_S = float(os.environ.get("SCENARIO_POLL_S", "2.0"))
        self.BOT_PACE_S = float(os.environ.get("BOT_PACE_S", "1.5"))
        self.GRACE_PERIOD_S = float(os.environ.get("GRACE_PERIOD_S", "60"))
        # the largest Socket.IO message accepted; a larger one closes the connection
        self.MAX_MESSAGE_BYTES = int(os.environ.get("MAX_MESSAGE_BYTES", str(64 * 1024)))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", False)
        self.BACKGROUND_TASKS = _flag("BACKGROUND_TASKS", True)

    def finish(self, instance_path: Path) -> None:
        """Fill the defaults that live in the instance folder (database, secret key)."""
        instance_path.mkdir(parents=True, exist_ok=True)
        if not self.DATABASE_URL:
            self.DATABASE_URL = f"sqlite:///{instance_path / 'partner-math.sqlite3'}"
        if not self.SECRET_KEY:
            key_file = instance_path / "secret_key"
            if not key_file.exists():
                key_file.write_text(secrets.token_hex(32))
                key_file.chmod(0o600)
            self.SECRET_KEY = key_file.read_text().strip()


class TestConfig(Config):
    """For tests: a throwaway SQLite file unless DATABASE_URL says otherwise, fast bots,
    no background clock (tests drive the clock themselves)."""

    TESTING = True

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = self.SECRET_KEY or secrets.token_hex(16)
        self.BOT_PACE_S = 0.0
        self.BACKGROUND_TASKS = False
        self.WTF_CSRF_ENABLED = True
