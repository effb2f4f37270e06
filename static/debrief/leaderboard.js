// A cohort's leaderboards: one tab per round (both boards of the round) and a cumulative tab.
// Ranks and order come from the server as given.
import { fill, h } from "../dom.js";
import { plainName, plural } from "../instructor/labels.js";

const root = document.getElementById("boards");
const fixed = (v, d = 2) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(d) : "—");
const bot = (flag) => (flag ? h("span", { class: "badge badge-bot", title: "a bot played this seat" }, "bot") : null);

function table(head, rows, cells, testid) {
  if (!rows.length) return h("p", { class: "muted" }, "No results yet.");
  return h("table", { class: "board", testid },
    h("thead", {}, h("tr", {}, head.map((t) => h("th", {}, t)))),
    h("tbody", {}, rows.map((row) => h("tr", { class: row.deal === false ? "no-deal" : "" },
      cells(row).map((c) => h("td", {}, c))))));
}

function showRound(board) {
  fill("lb-explain", `Round ${board.round}: ${board.scenario.title}. Groups by efficiency E, then joint points; `
    + "trainees by percentile of their points among those who played the same role. No-deals stay in.");
  fill("lb-created", table(["#", "Group", "Joint", "E", "Outcome"], board.value_created, (r) => [
    String(r.rank), r.members.map((m, i) => h("span", {}, i ? ", " : "", `${plainName(m.name, m.bot)} (${m.role_name})`, bot(m.bot))),
    String(r.joint), fixed(r.efficiency), r.deal ? "Deal" : "No deal"], "lb-round-created"));
  fill("lb-claimed", table(["#", "Trainee", "Role", "Points", "Percentile"], board.value_claimed, (r) => [
    String(r.rank), h("span", {}, plainName(r.name, r.bot), bot(r.bot)), r.role_name, String(r.points),
    String(Math.round(r.percentile))], "lb-round-claimed"));
  fill("lb-claimed-note", "Percentile among the trainees who played the same role; bots are "
    + "not counted, so the same points can rank differently in the two roles.");
}

function showCumulative(boards) {
  fill("lb-explain", "All rounds. Value created: each trainee's mean E over their groups. "
    + "Value claimed: the sum of their points over the rounds they played.");
  fill("lb-created", table(["#", "Trainee", "Rounds", "Mean E", "No deals"], boards.value_created, (r) => [
    String(r.rank), h("span", {}, plainName(r.name, r.bot), bot(r.bot)), String(r.rounds), fixed(r.mean_efficiency),
    String(r.no_deals)], "lb-cumulative-created"));
  fill("lb-claimed", table(["#", "Trainee", "Rounds", "Points", "Surplus"], boards.value_claimed, (r) => [
    String(r.rank), h("span", {}, plainName(r.name, r.bot), bot(r.bot)), String(r.rounds), String(r.points),
    String(r.surplus)], "lb-cumulative-claimed"));
  fill("lb-claimed-note", "Ties are broken by the sum of surpluses (points above BATNA).");
}

async function main() {
  try {
    const response = await fetch(root.dataset.url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const data = await response.json();
    const tabs = data.rounds.map((board) => ({ label: `Round ${board.round}`, show: () => showRound(board) }));
    tabs.push({ label: "Cumulative", show: () => showCumulative(data.cumulative) });
    const buttons = tabs.map((tab, i) => h("button", { class: "btn tab", type: "button", role: "tab",
      testid: `lb-tab-${i}`, onclick: (event) => {
        for (const b of document.querySelectorAll("#lb-tabs .tab")) b.setAttribute("aria-selected", "false");
        event.currentTarget.setAttribute("aria-selected", "true");
        tab.show();
      } }, tab.label));
    fill("lb-tabs", buttons);
    buttons[buttons.length - 1].click();
    fill("lb-status", plural(data.rounds.length, "round"));
  } catch (err) {
    fill("lb-status", `Could not load the leaderboards: ${err.message}`);
  }
}

main();
