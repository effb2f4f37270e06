"""The application factory: `create_app(config)` is the one seam tests use."""

from __future__ import annotations

import logging
import threading
import time
import traceback
from pathlib import Path

from flask import Flask

from game.bots.launcher import BotLauncher
from game.config import ROOT, Config
from game.db import upgrade
from game.extensions import csrf, db, socketio
from game.scenarios.registry import ScenarioRegistry
from game.services.app_services import Services
from game.sockets import handlers
from game.sockets.instructor import register_instructor, tracked_sockets
from game.web import debrief, instructor, pages, preview

log = logging.getLogger(__name__)


def create_app(config: Config | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: configuration, database (migrated to head), scenarios, services,
    HTTP routes and Socket.IO handlers. Nothing starts running here; see `serve`."""
    config = config or Config()
    app = Flask(__name__, static_folder=str(ROOT / "static"), static_url_path="/static",
                template_folder=str(Path(__file__).parent / "web" / "templates"),
                instance_path=instance_path or str(ROOT / "instance"),
                instance_relative_config=True)
    config.finish(Path(app.instance_path))
    app.config.from_object(config)
    upgrade(app.config["DATABASE_URL"])
    db.init_app(app)
    csrf.init_app(app)
    scenarios = ScenarioRegistry(app.config["SCENARIO_DIR"])
    bots = BotLauncher()
    bots.init_app(app, socketio.start_background_task)
    app.extensions["partner_math"] = Services(db, scenarios, bots)
    handlers.register(socketio)
    register_instructor(socketio)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      message_queue=app.config["MESSAGE_QUEUE"],
                      cors_allowed_origins=app.config["CORS_ALLOWED_ORIGINS"] or None,
                      manage_session=True,
                      max_http_buffer_size=app.config["MAX_MESSAGE_BYTES"])
    app.register_blueprint(pages.bp)
    app.register_blueprint(preview.bp)
    app.register_blueprint(instructor.bp)
    app.register_blueprint(debrief.bp)
    return app


def background_loop(app: Flask) -> None:
    """The server's clock: closes rounds at their deadline and reloads edited scenarios.
    Runs forever as a Socket.IO background task (green thread or thread)."""
    app_services: Services = app.extensions["partner_math"]
    last_scan = 0.0
    while True:
        socketio.sleep(app.config["DEADLINE_POLL_S"])
        try:
            with app.app_context():
                handlers.send(socketio, app_services.tick())
                handlers.send(socketio, app_services.dropouts(
                    time.time(), app.config["GRACE_PERIOD_S"]))
                tracked_sockets.cut_stale(socketio, app_services.db)
                if time.time() - last_scan >= app.config["SCENARIO_POLL_S"]:
                    app_services.scenarios.refresh()
                    last_scan = time.time()
        except Exception:  # the clock must keep ticking; the failure is logged whole
            log.exception("background loop iteration failed")


class OneLineLibraryErrors(logging.Filter):
    """Malformed packets make python-socketio and python-engineio log a whole traceback from
    inside their parsers (the connection survives); keep one line each, so nobody can flood
    the log with them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()} ({record.exc_info[1]!r:.200})"
            record.args, record.exc_info, record.exc_text = (), None, None
        return True


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """Threading mode's twin of the filter above: an exception that escapes a thread inside
    python-socketio or python-engineio (a malformed packet) is one log line; any other keeps
    Python's whole report."""
    frames = traceback.extract_tb(args.exc_traceback) if args.exc_traceback else []
    if frames and any(part in frames[-1].filename for part in ("/socketio/", "/engineio/")):
        log.error("malformed packet dropped by %s (%.200r)", frames[-1].name, args.exc_value)
        return
    threading.__excepthook__(args)


def serve(app: Flask, host: str, port: int) -> None:
    """Start the background clock and serve HTTP and Socket.IO until interrupted."""
    app_services: Services = app.extensions["partner_math"]
    app_services.bots.url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    if app.config["BACKGROUND_TASKS"]:
        socketio.start_background_task(background_loop, app)
        # bots die with the process that ran them: seat them again
        socketio.start_background_task(app_services.relaunch_bots, time.time())
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                                                   "%(message)s")
    for name in ("socketio.server", "engineio.server"):
        logging.getLogger(name).addFilter(OneLineLibraryErrors())
    threading.excepthook = _thread_excepthook
    log.info("Partner Math on http://%s:%s (async mode %s, database %s)", host, port,
             socketio.async_mode, app.config["DATABASE_URL"].split("://", 1)[0])
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True,
                 use_reloader=False, log_output=False)
