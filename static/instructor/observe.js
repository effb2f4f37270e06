// One group, read-only: the instructor's observer view, live through `observe`.
// Everything shown comes from trainees or scenarios: it goes in through textContent only.
/* global io */
import { fill, formatSeconds, h, toast } from "../dom.js";
import { STAGE_LABELS, seatName } from "./labels.js";

const root = document.getElementById("observer");
const negotiation = Number(root.dataset.negotiation);
let view = JSON.parse(document.getElementById("initial-view").textContent);
let receivedAt = Date.now() / 1000;

if (!document.getElementById("toasts")) {
  document.body.appendChild(h("div", { id: "toasts", class: "toasts", "aria-live": "polite" }));
}

const socket = io({ transports: ["websocket", "polling"] });
socket.on("connect", () => {
  setStatus("live");
  socket.emit("observe", { negotiation });
});
socket.on("disconnect", () => setStatus("offline: reconnecting…"));
socket.on("observer_state", (payload) => {
  if (payload.negotiation !== negotiation || payload.view.seq < view.seq) return;
  view = payload.view;
  receivedAt = Date.now() / 1000;
  render();
});
socket.on("notice", (n) => toast(`Broadcast: ${n.message}`, "notice", "notice"));
socket.on("error", (e) => toast(e.message || e.code, "error", "error-toast"));

function setStatus(text) {
  const badge = document.getElementById("connection");
  badge.dataset.status = text === "live" ? "connected" : "disconnected";
  badge.textContent = text;
}

const memberName = (seat) => {
  const m = view.members.find((x) => x.seat === seat);
  return m ? m.name : `seat ${seat}`;
};

function packageText(pkg) {
  return view.issues.map((issue) => {
    const option = issue.options.find((o) => o.id === pkg[issue.id]);
    return `${issue.title}: ${option ? option.label : pkg[issue.id]}`;
  }).join(" · ");
}

function render() {
  const closed = view.closed !== null && view.closed !== undefined;
  fill("stage", (STAGE_LABELS[view.stage] || view.stage) + (view.clock.paused && !closed ? " (paused)" : ""));
  fill("trust", String(view.trust.level));
  fill("members", view.members.map((m) => h("li", {},
    h("span", { class: `dot ${m.connected ? "on" : "off"}` }),
    `${seatName(m)} · ${m.role_name}${m.connected ? "" : " · disconnected"}`,
    h("span", { class: "muted small" }, ` · ${view.trust.counts[m.seat] || 0} cards shown`))));
  fill("revealed", view.revealed.map((c) => h("li", {},
    h("strong", {}, `${memberName(c.seat)} (depth ${c.depth}): `), c.text)));
  fill("questions", view.questions.map((q) => h("li", {},
    `${memberName(q.asker)} asked ${memberName(q.target)} “Why?”${q.about ? ` about ${q.about}` : ""} · ${q.status}`)));
  fill("proposals", view.history.map((p) => h("li", {},
    h("strong", {}, `#${p.id} by ${memberName(p.proposer)}: `), packageText(p.package),
    p.accepted_by.length ? h("span", { class: "muted small" }, ` · accepted by ${p.accepted_by.map(memberName).join(", ")}`) : null)));
  fill("mou", view.mou ? packageText(view.mou.package) : h("span", { class: "muted" }, "none yet"));
  fill("chat", view.chat.map((line) => h("li", {}, h("strong", {}, `${memberName(line.seat)}: `), line.text)));
  const result = view.result;
  fill("result", result ? [
    h("p", {}, `Joint ${result.joint} of ${result.max_joint ?? "?"} possible; left on the table ${result.left_on_table ?? "?"}.`),
    h("ul", {}, result.members.map((m) => h("li", {}, `${m.name}: ${m.points} points (BATNA ${m.batna})`))),
  ] : h("span", { class: "muted" }, "open"));
  tick();
}

function tick() {
  const clock = view.clock;
  const closed = view.closed !== null && view.closed !== undefined;
  if (closed) { fill("clock", "—"); return; }
  const left = clock.paused ? clock.remaining : clock.remaining - (Date.now() / 1000 - receivedAt);
  fill("clock", formatSeconds(left));
}

render();
setInterval(tick, 1000);
