"""Extension objects, unbound; `create_app` binds them (Flask's application-factory way)."""

from __future__ import annotations

from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

from game.db import Database

socketio = SocketIO()
db = Database()
csrf = CSRFProtect()
