"""Production entry point: eventlet's WSGI server, one process.

eventlet is imported here and nowhere else (STACK-NOTES.md): monkey-patching must happen
before anything else is imported. Run `python wsgi.py [--host H] [--port P]`; set
ASYNC_MODE=threading to serve without eventlet.
"""

import argparse
import os

ASYNC_MODE = os.environ.setdefault("ASYNC_MODE", "eventlet")
if ASYNC_MODE == "eventlet":
    import eventlet
    import eventlet.debug

    eventlet.monkey_patch()
    # Our handlers, clock and bots catch and log their own failures; what reaches the hub is
    # python-socketio choking on a malformed packet (the connection survives), which eventlet
    # would print as a whole traceback: keep the log readable instead.
    eventlet.debug.hub_exceptions(False)

from game.app import create_app, serve  # noqa: E402
from game.config import Config  # noqa: E402

app = create_app(Config())

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve Partner Math.")
    parser.add_argument("--host", default=app.config["HOST"])
    parser.add_argument("--port", type=int, default=app.config["PORT"])
    arguments = parser.parse_args()
    serve(app, arguments.host, arguments.port)
