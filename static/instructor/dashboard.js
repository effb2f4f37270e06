// The instructor's cohort dashboard: lobby, round controls, broadcast and the live monitor.
// The server is authoritative: this page sends instructor events (`watch`, `round`,
// `broadcast`, `remove`, `hand_to_bot`) and renders the `monitor` / `monitor_group` it gets.
// Names come from trainees: they go in through textContent only (dom.js `h`).
/* global io */
import { fill, formatSeconds, h, toast } from "../dom.js";
import { plural, seatName } from "./labels.js";

const root = document.getElementById("dashboard");
const cohort = Number(root.dataset.cohort);
const CLOSED = new Set(["signed", "walked_away", "expired", "ended"]);
let monitor = JSON.parse(document.getElementById("initial-monitor").textContent);
const groups = new Map();   // negotiation id -> {summary, at: local seconds when received}
// Events sent with an acknowledgement still awaited: the server answers a refusal twice,
// with an `error` event and the failed acknowledgement; only the acknowledgement toasts.
const awaiting = new Map(); // event name -> count

const socket = io({ transports: ["websocket", "polling"] });

function nowS() { return Date.now() / 1000; }

function setStatus(status) {
  const badge = document.getElementById("connection");
  badge.dataset.status = status;
  badge.textContent = { connected: "live", disconnected: "offline: reconnecting…" }[status] || status;
}

/** Emit with an acknowledgement; a refusal becomes an error toast. */
function send(event, payload) {
  awaiting.set(event, (awaiting.get(event) || 0) + 1);
  return new Promise((resolve) => {
    socket.timeout(10000).emit(event, payload, (err, ack) => {
      const left = (awaiting.get(event) || 1) - 1;
      if (left > 0) awaiting.set(event, left); else awaiting.delete(event);
      const reply = err ? { ok: false, error: { message: "The server did not answer." } } : ack;
      if (!reply || reply.ok === false) {
        toast((reply && reply.error && reply.error.message) || "Refused.", "error", "error-toast");
      }
      resolve(reply);
    });
  });
}

function takeMonitor(snapshot) {
  monitor = snapshot;
  groups.clear();
  const at = nowS();
  for (const summary of snapshot.groups || []) groups.set(summary.negotiation, { summary, at });
  render();
}

socket.on("connect", () => { setStatus("connected"); send("watch", { cohort }); });
socket.on("disconnect", () => setStatus("disconnected"));
socket.on("monitor", takeMonitor);
socket.on("monitor_group", (summary) => {
  if (!groups.has(summary.negotiation)) return;   // a table of an earlier round
  groups.set(summary.negotiation, { summary, at: nowS() });
  renderRound();
  renderGroups();
});
socket.on("notice", (n) => toast(`Sent to the class: ${n.message}`, "notice", "notice"));
socket.on("error", (e) => {
  if (e && e.event && awaiting.has(e.event)) return;   // the failed acknowledgement toasts
  toast((e && (e.message || e.code)) || "Refused.", "error", "error-toast");
});

// ---- rendering ---------------------------------------------------------------------------

function render() {
  renderRound();
  renderLobby();
  renderGroups();
}

const isOpen = (entry) => !CLOSED.has(entry.summary.stage);
const openGroups = () => [...groups.values()].filter(isOpen);

/** The round is paused when every open group of it is. */
function roundPaused() {
  const open = openGroups();
  return open.length > 0 && open.every((entry) => entry.summary.paused);
}

function renderRound() {
  const round = monitor.round;
  const plan = (monitor.cohort && monitor.cohort.plan) || [];
  const running = Boolean(round && round.status === "running");
  const paused = running && roundPaused();
  fill("round-status", round
    ? `${round.number} of ${round.of}: ${round.scenario} (${paused ? "paused" : round.status})`
    : `not started (${plural(plan.length, "round")} planned)`);
  document.getElementById("paused-banner").hidden = !paused;
  document.getElementById("dashboard").dataset.paused = String(paused);
  // The server refuses these too; the buttons only say what is possible now.
  const open = openGroups();
  const planDone = Boolean(round && round.number >= round.of && !running);
  const start = document.querySelector('[data-action="start"]');
  start.disabled = running || planDone;
  start.title = running ? "End the current round first" : planDone ? "Every round of the plan was played" : "";
  const enable = {
    pause: running && open.some((entry) => !entry.summary.paused),
    resume: running && open.some((entry) => entry.summary.paused),
    extend: running, end: running,
  };
  for (const [action, on] of Object.entries(enable)) {
    document.querySelector(`[data-action="${action}"]`).disabled = !on;
  }
  renderDebriefLinks(round);
  tickRoundClock();
}

/** A debrief link per round played so far (the current one too: it fills as groups close). */
function renderDebriefLinks(round) {
  const base = root.dataset.debriefUrl;   // .../rounds/0/debrief
  const played = round ? round.number : 0;
  const links = [];
  for (let n = 1; n <= played; n += 1) {
    const current = n === played && round.status === "running";
    links.push(h("li", {}, h("a", { href: base.replace(/\/rounds\/0\/debrief$/, `/rounds/${n}/debrief`),
      testid: `debrief-link-${n}` }, `Round ${n} debrief`),
    current ? h("span", { class: "muted small" }, " (running: closed groups so far)") : null));
  }
  fill("debrief-links", links.length ? links
    : h("li", { class: "muted" }, "A debrief appears here once a round has started."));
}

/** The round's clock: the longest time left among its open groups. */
function tickRoundClock() {
  const open = openGroups();
  const left = open.length ? Math.max(...open.map(timeLeft)) : null;
  const clock = document.getElementById("round-clock");
  clock.textContent = left === null ? "—" : formatSeconds(left);
  clock.dataset.paused = String(open.length > 0 && roundPaused());
}

function renderLobby() {
  const members = monitor.members || [];
  const waiting = members.filter((m) => m.status === "lobby").length;
  fill("lobby-count", `${waiting} waiting · ${members.length} joined`);
  fill("lobby", members.map((m) => h("li", { class: "lobby-member", testid: `member-${m.participant}` },
    h("span", { class: `dot ${m.connected ? "on" : "off"}`, title: m.connected ? "connected" : "disconnected" }),
    h("span", { class: "name" }, m.name),
    h("span", { class: "muted small" }, ` ${m.status}${m.connected ? "" : " · disconnected"}`),
    h("button", { class: "btn btn-link", type: "button", testid: "remove",
                  onclick: () => remove(m) }, "remove"))));
}

function timeLeft(entry) {
  const s = entry.summary;
  if (s.paused || CLOSED.has(s.stage)) return s.time_left;
  return s.time_left - (nowS() - entry.at);
}

/** "—" for a closed group: its clock stopped for good. */
function timeLeftText(entry) {
  return isOpen(entry) ? formatSeconds(timeLeft(entry)) : "—";
}

function renderGroups() {
  const rows = [...groups.values()].map((entry, index) => {
    const s = entry.summary;
    const open = !CLOSED.has(s.stage);
    return h("tr", { testid: `group-${s.negotiation}`, dataset: { stage: s.stage } },
      h("td", {}, h("a", { href: `/instructor/negotiations/${s.negotiation}` }, `Group ${index + 1}`)),
      h("td", {}, s.members.map((m) => h("div", { class: "seat" },
        h("span", { class: `dot ${m.connected ? "on" : "off"}` }),
        seatName(m),
        m.connected ? null : h("span", { class: "muted small" }, " disconnected "),
        !m.connected && !m.bot && open
          ? h("button", { class: "btn btn-small", type: "button", testid: "hand-to-bot",
                          onclick: () => send("hand_to_bot", { negotiation: s.negotiation, seat: m.seat }) },
              "put a bot in this seat")
          : null))),
      h("td", { testid: "stage" }, (s.stage_label || s.stage) + (s.paused && open ? " (paused)" : "")),
      h("td", { class: "time-left", dataset: { negotiation: String(s.negotiation) } }, timeLeftText(entry)),
      h("td", {}, String(s.whys)),
      h("td", {}, String(s.cards_revealed)),
      h("td", {}, String(s.proposals)),
      h("td", {}, h("a", { href: `/instructor/negotiations/${s.negotiation}` }, "watch")));
  });
  fill("groups", rows.length ? rows : h("tr", {}, h("td", { colspan: "8", class: "muted" }, "No groups yet.")));
}

function tickClocks() {
  for (const cell of document.querySelectorAll("td.time-left")) {
    const entry = groups.get(Number(cell.dataset.negotiation));
    if (entry) cell.textContent = timeLeftText(entry);
  }
  tickRoundClock();
}

// ---- actions -----------------------------------------------------------------------------

function remove(member) {
  if (!window.confirm(`Remove ${member.name} from this cohort?`)) return;
  send("remove", { cohort, participant: member.participant });
}

document.getElementById("controls").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const action = button.dataset.action;
  if (action === "end" && !window.confirm("End the round for every group now?")) return;
  const payload = { cohort, action };
  if (action === "extend") {
    payload.seconds = Math.round(Number(document.getElementById("extend-minutes").value || 1) * 60);
  }
  send("round", payload);
});

document.getElementById("broadcast").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = document.getElementById("broadcast-message");
  const message = input.value.trim();
  if (!message) return;
  const ack = await send("broadcast", { cohort, message });
  if (ack && ack.ok) input.value = "";
});

takeMonitor(monitor);
setInterval(tickClocks, 1000);
// Disconnections are not pushed to the monitor: refresh the whole snapshot now and then.
setInterval(() => { if (socket.connected) socket.emit("watch", { cohort }); }, 10000);
