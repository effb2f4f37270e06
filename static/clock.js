// The round clock, for display only: the server owns time and closes the round itself.
// A view carries `clock.remaining` computed by the server at server time `clock.now`. We keep
// the local moment the view arrived and count down from there, so a skewed browser clock does
// not matter; `offset` (server minus local) is kept for showing server times.

export class ServerClock {
  constructor() {
    this.remaining = null;   // seconds left at `receivedAt`
    this.receivedAt = 0;     // local seconds when the view arrived
    this.offset = 0;         // server seconds minus local seconds
    this.paused = false;
    this.stopped = false;    // the negotiation is closed
  }

  /** Take the clock of a new view; `localNow` is Date.now() / 1000. */
  update(clock, closed, localNow = Date.now() / 1000) {
    if (!clock) return;
    this.remaining = Number(clock.remaining);
    this.receivedAt = localNow;
    this.offset = Number(clock.now) - localNow;
    this.paused = Boolean(clock.paused);
    this.stopped = Boolean(closed);
  }

  /** Seconds left now, as far as the display is concerned (never negative). */
  left(localNow = Date.now() / 1000) {
    if (this.remaining === null) return null;
    if (this.paused || this.stopped) return Math.max(0, this.remaining);
    return Math.max(0, this.remaining - (localNow - this.receivedAt));
  }

  /** The server's current time estimated from the last view (seconds since the epoch). */
  serverNow(localNow = Date.now() / 1000) {
    return localNow + this.offset;
  }
}
