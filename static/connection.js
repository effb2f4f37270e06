// The Socket.IO connection and the seat token. The token (not the socket id, not the name) is
// the identity: it is kept in localStorage and presented on every (re)connection.
/* global io */

const TOKEN_KEY = "partner-math.token";
const NAME_KEY = "partner-math.name";

export const storage = {
  token() { return safeGet(TOKEN_KEY); },
  setToken(token) { safeSet(TOKEN_KEY, token); },
  forgetToken() { try { localStorage.removeItem(TOKEN_KEY); } catch { /* private mode */ } },
  name() { return safeGet(NAME_KEY) || ""; },
  setName(name) { safeSet(NAME_KEY, name); },
};

function safeGet(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

function safeSet(key, value) {
  try { localStorage.setItem(key, value); } catch { /* private mode: the seat lasts a tab */ }
}

/**
 * Open the connection. `handlers` maps server event names to functions; `onStatus` gets
 * "connected" | "disconnected" | "reconnecting" | "stopped". Returns
 * {socket, send, stop, resume, joined, forget, connected, stopped}.
 */
export function connect(handlers, onStatus = () => {}) {
  const token = storage.token();
  const socket = io({ auth: token ? { token } : {}, transports: ["websocket", "polling"] });
  let stopped = false;   // true after `replaced`: this tab no longer acts

  socket.on("connect", () => onStatus("connected"));
  socket.on("disconnect", () => onStatus(stopped ? "stopped" : "disconnected"));
  socket.on("connect_error", () => { if (!stopped) onStatus("disconnected"); });
  socket.io.on("reconnect_attempt", () => { if (!stopped) onStatus("reconnecting"); });
  for (const [event, handler] of Object.entries(handlers)) {
    socket.on(event, (payload) => {
      try {
        handler(payload ?? {});
      } catch (err) {
        // A rendering bug must never take the page down; log it and carry on.
        console.error(`handling ${event}`, err);
      }
    });
  }

  return {
    socket,
    /**
     * Emit `event` with an ack; resolves to the ack ({ok, ...}) or {ok:false} on timeout.
     * Nothing is ever queued: socket.io-client buffers emits made while disconnected and
     * would replay them on reconnection, so while offline the event is dropped and the ack
     * is {ok:false, error:{code:"offline"}}.
     */
    send(event, payload = {}) {
      if (stopped) return Promise.resolve({ ok: false, error: { code: "replaced" } });
      if (!socket.connected) {
        return Promise.resolve({ ok: false, error: { code: "offline",
                                                     message: "You are offline; nothing was sent." } });
      }
      return new Promise((resolve) => {
        socket.timeout(10000).emit(event, payload, (err, ack) => {
          resolve(err ? { ok: false, error: { code: "timeout", message: "The server did not answer; check your connection." } }
                      : (ack ?? { ok: true }));
        });
      });
    },
    /** Store a new token (from `joined`) and use it on every later reconnection. */
    joined(newToken) {
      storage.setToken(newToken);
      socket.auth = { token: newToken };
    },
    /** Forget the token (after `bad_token`): the next connection is anonymous. */
    forget() {
      storage.forgetToken();
      socket.auth = {};
    },
    /** Stop acting in this tab (another tab took the seat over). */
    stop() {
      stopped = true;
      socket.disconnect();
    },
    /** Take the seat back in this tab: reconnect with the stored token. */
    resume() {
      stopped = false;
      const current = storage.token();
      socket.auth = current ? { token: current } : {};
      socket.connect();
    },
    get stopped() { return stopped; },
    get connected() { return socket.connected; },
  };
}
