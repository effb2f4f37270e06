// The instructor's cohort dashboard: lobby, round controls, broadcast and the live monitor.
// The server is authoritative: this page sends instructor events (`watch`, `round`,
// `broadcast`, `remove`, `hand_to_bot`) and renders the `monitor` / `monitor_group` it gets.
// Names come from trainees: they go in through textContent only (dom.js `h`).
/* global io */
import { fill, formatSeconds, h, toast } from "../dom.js";

const root = document.getElementById("dashboard");
const cohort = Number(root.dataset.cohort);
const CLOSED = new Set(["signed", "walked_away", "expired", "ended"]);
let monitor = JSON.parse(document.getElementById("initial-monitor").textContent);
const groups = new Map();   // negotiation id -> {summary, at: local seconds when received}

const socket = io({ transports: ["websocket", "polling"] });

function nowS() { return Date.now() / 1000; }

function setStatus(status) {
  const badge = document.getElementById("connection");
  badge.dataset.status = status;
  badge.textContent = { connected: "live", disconnected: "offline: reconnecting…" }[status] || status;
}

/** Emit with an acknowledgement; a refusal becomes an error toast. */
function send(event, payload) {
  return new Promise((resolve) => {
    socket.timeout(10000).emit(event, payload, (err, ack) => {
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
  renderGroups();
});
socket.on("notice", (n) => toast(`Sent to the class: ${n.message}`, "notice", "notice"));
socket.on("error", (e) => toast(e.message || e.code, "error", "error-toast"));

// ---- rendering ---------------------------------------------------------------------------

function render() {
  renderRound();
  renderLobby();
  renderGroups();
}

function renderRound() {
  const round = monitor.round;
  const plan = (monitor.cohort && monitor.cohort.plan) || [];
  fill("round-status", round
    ? `${round.number} of ${round.of}: ${round.scenario} (${round.status})`
    : `not started (${plan.length} planned)`);
  // The server refuses these too; the buttons only say what is possible now.
  const running = Boolean(round && round.status === "running");
  const planDone = Boolean(round && round.number >= round.of && !running);
  const start = document.querySelector('[data-action="start"]');
  start.disabled = running || planDone;
  start.title = running ? "End the current round first" : planDone ? "Every round of the plan was played" : "";
  for (const action of ["pause", "resume", "extend", "end"]) {
    document.querySelector(`[data-action="${action}"]`).disabled = !running;
  }
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

function renderGroups() {
  const rows = [...groups.values()].map((entry, index) => {
    const s = entry.summary;
    const open = !CLOSED.has(s.stage);
    return h("tr", { testid: `group-${s.negotiation}`, dataset: { stage: s.stage } },
      h("td", {}, h("a", { href: `/instructor/negotiations/${s.negotiation}` }, `Group ${index + 1}`)),
      h("td", {}, s.members.map((m) => h("div", { class: "seat" },
        h("span", { class: `dot ${m.connected ? "on" : "off"}` }),
        `${m.name}${m.bot ? " (bot)" : ""}`,
        m.connected ? null : h("span", { class: "muted small" }, " disconnected "),
        !m.connected && !m.bot && open
          ? h("button", { class: "btn btn-small", type: "button", testid: "hand-to-bot",
                          onclick: () => send("hand_to_bot", { negotiation: s.negotiation, seat: m.seat }) },
              "put a bot in this seat")
          : null))),
      h("td", {}, s.stage_label + (s.paused ? " (paused)" : "")),
      h("td", { class: "time-left", dataset: { negotiation: String(s.negotiation) } }, formatSeconds(timeLeft(entry))),
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
    if (entry) cell.textContent = formatSeconds(timeLeft(entry));
  }
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
