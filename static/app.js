// Partner Math browser client: join → lobby → negotiation table → result, in one page.
// The server is authoritative: this page sends requests and renders the views it receives.
import { ServerClock } from "./clock.js";
import { connect, storage } from "./connection.js";
import { renderCards, renderChat, renderMembers, renderQuestions, renderRevealed } from "./discovery.js";
import { fill, formatSeconds, h, showScreen, toast } from "./dom.js";
import { renderBrief } from "./brief.js";
import { STAGE_NAMES } from "./names.js";
import { renderBuilder, renderMou, renderPoints, renderProposals } from "./offers.js";
import { renderResult } from "./result.js";

const clock = new ServerClock();
let view = null;          // the latest member view
let place = "start";      // where this tab believes it is: join | lobby | table
let lastError = { text: "", at: 0 };
let offline = false;      // the socket is down: banner shown, action buttons disabled
let joinState = "idle";   // idle | sending (a join is in flight) | joined

/** The join buttons: one join per visit to the join page, never two in flight. */
const JOIN_BUTTONS = ["join-lobby", "join-bot", "join-code"];

const conn = connect({
  joined(payload) {
    joinState = "joined";
    refreshJoinButtons();
    conn.joined(payload.token);
    if (payload.name) storage.setName(payload.name);
    view = null;
    place = "lobby";
    fill("lobby-waiting");
    fill("lobby-needed", "Finding you a seat…");
    showScreen("screen-lobby");
  },
  welcome(payload) {
    if (payload.where === "none") {
      view = null;
      showJoin();
    } else if (payload.where === "lobby") {
      view = null;             // back in a lobby (e.g. between cohort rounds)
      place = "lobby";
      showScreen("screen-lobby");
    } else if (!view || view.negotiation !== payload.negotiation) {
      showScreen("screen-loading");   // the full `state` follows
    }
  },
  lobby: renderLobby,
  seated() {
    place = "table";
    showScreen("screen-loading");
  },
  state(payload) {
    const next = payload.view;
    if (!next) return;
    next.negotiation = payload.negotiation;
    if (view && view.negotiation === next.negotiation && next.seq < view.seq) return;  // stale
    view = next;
    place = "table";
    renderView();
  },
  replaced(payload) {
    conn.stop();
    fill("replaced-message", payload.message || "You opened this seat in another tab or device.");
    showScreen("screen-replaced");
  },
  notice(payload) {
    toast(`${payload.from === "instructor" ? "Instructor" : "Notice"}: ${payload.message}`, "notice", "notice");
  },
  error(payload) {
    if (payload.code === "bad_token") {
      conn.forget();
      view = null;
      showJoin();
      showError("Your seat could not be found any more; please join again.");
    } else if (payload.code === "replaced") {
      conn.stop();
      showScreen("screen-replaced");
    } else {
      showError(payload.message || payload.code || "Something went wrong.");
    }
  },
}, (status) => {
  const badge = document.getElementById("connection");
  badge.dataset.status = status;
  badge.textContent = { connected: "online", disconnected: "offline: reconnecting…",
                        reconnecting: "reconnecting…", stopped: "inactive tab" }[status] || status;
  setOffline(status === "disconnected" || status === "reconnecting");
});

/**
 * Offline: show the banner and disable every action button (a button marked data-local
 * only changes this page, so it stays). Buttons disabled here are marked and re-enabled on
 * reconnection; the fresh `state` the server sends then re-renders the table anyway.
 */
function setOffline(flag) {
  offline = flag;
  document.getElementById("offline-banner").hidden = !flag;
  document.body.dataset.online = String(!flag);
  if (flag) {
    for (const button of document.querySelectorAll("main button:not([data-local]):not(:disabled)")) {
      button.disabled = true;
      button.dataset.offlineLocked = "";
    }
  } else {
    for (const button of document.querySelectorAll("button[data-offline-locked]")) {
      button.disabled = false;
      delete button.dataset.offlineLocked;
    }
  }
  refreshJoinButtons();
}

function refreshJoinButtons() {
  const busy = joinState !== "idle";
  for (const testid of JOIN_BUTTONS) {
    const button = document.querySelector(`[data-testid="${testid}"]`);
    if (!button) continue;
    button.disabled = busy || offline;
    if (offline && !busy) button.dataset.offlineLocked = "";
    else delete button.dataset.offlineLocked;
  }
}

/** Show an error once (the ack and the `error` event both report the same refusal). */
function showError(text, testid = "error-toast") {
  const now = Date.now();
  if (text === lastError.text && now - lastError.at < 1500) return;
  lastError = { text, at: now };
  toast(text, "error", testid);
}

/** Send a command; refusals become a toast, never an exception. Offline, nothing is sent. */
async function send(event, payload) {
  const ack = await conn.send(event, payload);
  if (ack && ack.ok === false && ack.error && ack.error.code === "offline") {
    showError(ack.error.message || "You are offline; nothing was sent.", "offline-toast");
  } else if (ack && ack.ok === false && ack.error && ack.error.code !== "replaced") {
    showError(ack.error.message || ack.error.code);
  }
  return ack;
}

// ---- join -------------------------------------------------------------------------------

let joinReady = null;

function showJoin() {
  place = "join";
  if (joinState === "joined") joinState = "idle";   // back on the join page: may join again
  refreshJoinButtons();
  showScreen("screen-join");
  if (!joinReady) joinReady = loadJoinChoices();
}

async function getJson(url, fallback) {
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return await response.json();
  } catch (err) {
    console.warn(err);
    return fallback;
  }
}

async function loadJoinChoices() {
  const name = storage.name();
  for (const id of ["join-name", "cohort-name"]) {
    const input = document.getElementById(id);
    if (!input.value) input.value = name;
  }
  const code = new URLSearchParams(location.search).get("code");
  if (code) {
    // A class's join link: the class form comes first and takes the focus.
    document.getElementById("cohort-code").value = code;
    const grid = document.querySelector(".join-grid");
    grid.prepend(document.getElementById("join-cohort"));
    document.getElementById("join-cohort").classList.add("panel-highlight");
    document.getElementById("cohort-name").focus();
  }
  const [scenarios, personas] = await Promise.all([
    getJson("/api/scenarios", [{ id: "orange", title: "The orange", summary: "" }]),
    getJson("/api/bot-personas", [{ id: "collaborator", name: "Collaborator", description: "" }]),
  ]);
  const select = document.getElementById("join-scenario");
  fill(select, scenarios.map((s) => h("option", { value: s.id }, s.title || s.id)));
  const wanted = new URLSearchParams(location.search).get("scenario");
  // The orange is the first scenario of every cohort: the default unless the link names one.
  const preferred = [wanted, "orange"].find((id) => id && scenarios.some((s) => s.id === id));
  if (preferred) select.value = preferred;
  const describe = () => {
    const s = scenarios.find((x) => x.id === select.value);
    fill("scenario-summary", s ? s.summary || "" : "");
  };
  select.onchange = describe;
  describe();
  const persona = document.getElementById("join-persona");
  fill(persona, personas.map((p) => h("option", { value: p.id }, p.name || p.id)));
  const describePersona = () => {
    const p = personas.find((x) => x.id === persona.value);
    fill("persona-description", p ? p.description || "" : "");
  };
  persona.onchange = describePersona;
  describePersona();
}

function practiceName() {
  const input = document.getElementById("join-name");
  const name = input.value.trim();
  if (!name) { input.reportValidity(); return null; }
  storage.setName(name);
  return name;
}

/**
 * Send `join` at most once: the buttons are disabled (synchronously, before the first await)
 * while it is in flight and once joined, so a double click or a second Enter sends nothing.
 * A refusal re-enables them.
 */
async function join(payload) {
  if (joinState !== "idle") return;
  joinState = "sending";
  refreshJoinButtons();
  const ack = await send("join", payload);
  if (ack && ack.ok === false) joinState = "idle";
  else if (joinState === "sending") joinState = "joined";
  refreshJoinButtons();
}

document.getElementById("join-practice").addEventListener("submit", (e) => {
  e.preventDefault();
  if (joinState !== "idle") return;
  const name = practiceName();
  if (name) join({ name, scenario: document.getElementById("join-scenario").value || "orange" });
});

document.getElementById("join-bot").addEventListener("click", () => {
  if (joinState !== "idle") return;
  const name = practiceName();
  if (name) {
    join({ name, scenario: document.getElementById("join-scenario").value || "orange",
           bot: document.getElementById("join-persona").value || "collaborator" });
  }
});

document.getElementById("join-cohort").addEventListener("submit", (e) => {
  e.preventDefault();
  if (joinState !== "idle") return;
  const name = document.getElementById("cohort-name").value.trim();
  const code = document.getElementById("cohort-code").value.trim();
  if (!name || !code) return;
  storage.setName(name);
  join({ name, code });
});

// ---- lobby ------------------------------------------------------------------------------

function renderLobby(lobby) {
  // Only a tab waiting in a lobby shows it: a seated member, or one who left, may still hear
  // the lobby's list (the server keeps their socket in its room); the screen stays as it is.
  if (place !== "lobby") return;
  fill("lobby-title", lobby.title || "Lobby");
  const waiting = lobby.waiting || [];
  if (lobby.kind === "cohort") {
    // In a class the instructor starts the round and the server groups everyone at once.
    fill("lobby-needed", `${waiting.length} in the lobby. Waiting for your instructor to `
      + "start the round: you will be seated with your group then.");
  } else {
    const size = lobby.group_size || 2;
    const missing = Math.max(0, size - (waiting.length % size || size));
    fill("lobby-needed", `Groups of ${size}. `,
      waiting.length < size ? `Waiting for ${size - waiting.length} more to start.` :
        missing ? `Waiting for ${missing} more for the next group.` : "Seating you…");
  }
  fill("lobby-waiting", waiting.map((name, i) => h("li", { testid: `waiting-${i}` }, name)));
  showScreen("screen-lobby");
}

document.getElementById("lobby-leave").addEventListener("click", async () => {
  const ack = await send("leave", {});
  if (ack.ok !== false) showJoin();
});

// ---- table ------------------------------------------------------------------------------

function renderView() {
  clock.update(view.clock, Boolean(view.closed));
  if (view.scenario?.id) {
    document.getElementById("nav-leaderboard").href =
      `/leaderboard?scenario=${encodeURIComponent(view.scenario.id)}`;
  }
  if (view.closed) {
    renderResult(view);
    showScreen("screen-result");
    tick();
    return;
  }
  fill("table-title", view.scenario?.title || "");
  fill("table-role", view.role?.name || "");
  fill("table-name", view.you?.name || "");
  const stage = document.getElementById("stage");
  stage.dataset.stage = view.stage;
  stage.textContent = STAGE_NAMES[view.stage] || view.stage;
  renderBrief(view);
  renderPoints(view);
  renderCards(view, send);
  renderQuestions(view, send);
  renderMembers(view, send);
  renderRevealed(view, send);
  renderChat(view);
  renderMou(view, send);
  renderBuilder(view, send);
  renderProposals(view, send);
  document.getElementById("walk-away").disabled = !["discovering", "proposing", "mou"].includes(view.stage);
  showScreen("screen-table");
  tick();
}

function tick() {
  const node = document.getElementById("clock");
  const left = clock.left();
  if (left === null) return;
  const text = formatSeconds(left);
  node.textContent = clock.paused ? `${text} paused` : text;
  node.dataset.paused = String(clock.paused);
  node.classList.toggle("low", !clock.paused && left < 60);
}
setInterval(tick, 250);

document.getElementById("chat-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = document.getElementById("chat-input");
  const text = input.value.trim();
  if (!text) return;
  const ack = await send("chat", { text });
  if (ack.ok !== false) input.value = "";
});

const walkDialog = document.getElementById("walk-dialog");
document.getElementById("walk-away").addEventListener("click", () => {
  if (typeof walkDialog.showModal === "function") walkDialog.showModal();
  else if (window.confirm("Walk away? Everyone gets their BATNA.")) send("walk_away", {});
});
walkDialog.addEventListener("close", () => {
  if (walkDialog.returnValue === "walk") send("walk_away", {});
  walkDialog.returnValue = "";
});

document.getElementById("take-over").addEventListener("click", () => {
  showScreen("screen-loading");
  conn.resume();
});

document.addEventListener("pm:play-again", () => {
  view = null;
  showJoin();
});

// First paint: with a stored token wait for `welcome`; without one, show the join page.
if (storage.token()) showScreen("screen-loading");
else showJoin();
