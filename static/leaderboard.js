// The leaderboard page: value created (groups) and value claimed (trainees) for one scenario.
// Ranks come from the server as given; this page only displays them.
import { fill, h } from "./dom.js";

const select = document.getElementById("lb-scenario");
let scenarios = [];

/** A role's display name from the scenario list, else the id the board carries. */
function roleName(roleId, given) {
  if (given) return given;
  const scenario = scenarios.find((s) => s.id === select.value);
  const role = scenario && (scenario.roles || []).find((r) => r.id === roleId);
  return role ? role.name : roleId;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

function fixed(value, digits = 2) {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "—";
}

function when(value) {
  if (value === null || value === undefined || value === "") return "";
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

function memberList(members) {
  return (members || []).map((m, i) => h("span", { class: "lb-member" },
    i ? ", " : "", m.name, h("span", { class: "muted" }, ` (${roleName(m.role, m.role_name)})`),
    m.bot ? h("span", { class: "badge badge-bot" }, "bot") : null));
}

function createdTable(rows) {
  if (!rows.length) return h("p", { class: "muted", testid: "lb-created-empty" }, "No negotiations closed yet.");
  return h("table", { class: "board" },
    h("thead", {}, h("tr", {}, ["#", "Group", "Joint", "Efficiency", "Outcome", "Closed"].map((t, i) =>
      h("th", { class: [0, 2, 3].includes(i) ? "num" : "" }, t)))),
    h("tbody", {}, rows.map((row) => h("tr", {
      class: row.deal ? "" : "no-deal", testid: `created-row-${row.negotiation}` },
      h("td", { class: "num" }, String(row.rank)),
      h("td", {}, memberList(row.members)),
      h("td", { class: "num", testid: `created-joint-${row.negotiation}` }, String(row.joint)),
      h("td", { class: "num", testid: `created-efficiency-${row.negotiation}` }, fixed(row.efficiency)),
      h("td", {}, row.deal ? "Deal" : h("strong", {}, "No deal"),
        row.pareto_optimal ? h("span", { class: "badge badge-ok", title: "No deal was better for everyone" }, "Pareto-optimal") : null,
        row.lose_lose ? h("span", { class: "badge badge-new", title: "An issue was settled off the option everyone preferred" }, "lose/lose") : null),
      h("td", { class: "small muted" }, when(row.closed_at))))));
}

function claimedTable(rows) {
  if (!rows.length) return h("p", { class: "muted", testid: "lb-claimed-empty" }, "No results yet.");
  return h("table", { class: "board" },
    h("thead", {}, h("tr", {}, ["#", "Trainee", "Role", "Points", "Percentile"].map((t, i) =>
      h("th", { class: [0, 3, 4].includes(i) ? "num" : "" }, t)))),
    h("tbody", {}, rows.map((row, i) => h("tr", { testid: `claimed-row-${i}` },
      h("td", { class: "num" }, String(row.rank)),
      h("td", {}, row.name, row.bot ? h("span", { class: "badge badge-bot" }, "bot") : null),
      h("td", {}, roleName(row.role, row.role_name)),
      h("td", { class: "num" }, String(row.points)),
      h("td", { class: "num" }, typeof row.percentile === "number" ? `${Math.round(row.percentile)}` : "—")))));
}

async function load() {
  const scenario = select.value;
  fill("lb-status", "Loading…");
  try {
    const board = await getJson(`/api/leaderboard?scenario=${encodeURIComponent(scenario)}`);
    fill("lb-created", createdTable(board.value_created || []));
    fill("lb-claimed", claimedTable(board.value_claimed || []));
    fill("lb-status", `${board.scenario?.title || scenario} · updated ${new Date().toLocaleTimeString()}`);
  } catch (err) {
    fill("lb-status", `Could not load the leaderboard: ${err.message}`);
  }
}

async function init() {
  try {
    scenarios = await getJson("/api/scenarios");
  } catch (err) {
    fill("lb-status", `Could not load the scenarios: ${err.message}`);
  }
  if (!scenarios.length) scenarios = [{ id: "orange", title: "orange" }];
  fill(select, scenarios.map((s) => h("option", { value: s.id }, s.title || s.id)));
  // The scenario of the game just played (?scenario=ID from the result screen), else the
  // orange (the first scenario of every cohort), else the first listed.
  const wanted = new URLSearchParams(location.search).get("scenario");
  const preferred = [wanted, "orange"].find((id) => id && scenarios.some((s) => s.id === id));
  if (preferred) select.value = preferred;
  select.addEventListener("change", () => {
    const url = new URL(location.href);
    url.searchParams.set("scenario", select.value);
    history.replaceState(null, "", url);
    load();
  });
  document.getElementById("lb-refresh").addEventListener("click", load);
  await load();
}

init();
