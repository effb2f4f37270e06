// Debrief charts (Chart.js, loaded as the global `Chart` from /vendor/chart.js/dist/chart.umd.js)
// and the tables beside them. Every number comes from the server's debrief JSON; this file
// only draws. Big fonts: the instructor projects this page.
import { marked } from "/vendor/marked/lib/marked.esm.js";
import DOMPurify from "/vendor/dompurify/dist/purify.es.mjs";
import { fill, h } from "../dom.js";
import { plainName } from "../instructor/labels.js";

const Chart = window.Chart;
const COLOURS = { integrative: "#1d7a46", deal: "#e07a10", no_deal: "#b42318",
  grey: "rgba(120,120,120,.35)", frontier: "#274b7a", nash: "#6f42c1", compromise: "#5f6670",
  batna: "#9a6700", replay: "#0b69c7" };

/** Projector-sized defaults, once. */
export function setupCharts(size = 18) {
  Chart.defaults.font.size = size;
  Chart.defaults.plugins.legend.labels.boxWidth = 18;
  Chart.defaults.maintainAspectRatio = false;
}

const xy = (p) => ({ x: p[0], y: p[1] });
const HOLLOW = "rgba(255,255,255,0)";
// Drawing order (Chart.js draws the lowest `order` last, so on top): reference points and
// the replay over the group dots, the dots over the BATNA lines and the grey outcomes.
const ON_TOP = 0;
const GROUPS = 1;
const LINES = 2;
const BACKGROUND = 3;
export const STACK_NOTE = "1 dot may stand for several groups: it grows with their number and "
  + "is labelled ×2, ×3…";

/** Groups at the same point as one dot: {x, y, count, negotiations, highlight, ...}. */
export function stackDots(items) {
  const byPoint = new Map();
  for (const item of items) {
    const key = `${item.x},${item.y}`;
    const dot = byPoint.get(key) || { x: item.x, y: item.y, count: 0, negotiations: [], highlight: false };
    dot.count += 1;
    dot.negotiations.push(item.negotiation);
    dot.highlight = dot.highlight || Boolean(item.highlight);
    byPoint.set(key, dot);
  }
  return [...byPoint.values()];
}

/** A stacked dot's radius: `base`, growing with the number of groups (up to 5 more). */
const stackedRadius = (base, highlighted = base) => (ctx) => {
  const raw = ctx.raw || {};
  const grow = 4 * Math.min(5, Math.max(0, (raw.count || 1) - 1));
  return (raw.highlight ? highlighted : base) + grow;
};

/** "group 12: " or "3 groups (12, 14, 15): " before a stacked dot's tooltip. */
function groupsPrefix(raw) {
  if (!raw || !raw.negotiations) return "";
  return raw.count > 1 ? `${raw.count} groups (${raw.negotiations.join(", ")}): `
    : `group ${raw.negotiations[0]}: `;
}

/** Writes "×N" beside every dot of a `stacked` dataset that stands for N > 1 groups. */
const countLabels = {
  id: "countLabels",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = `bold ${Math.round(Chart.defaults.font.size * 0.85)}px ${Chart.defaults.font.family}`;
    ctx.fillStyle = "#1f2328";
    ctx.textBaseline = "bottom";
    chart.data.datasets.forEach((dataset, i) => {
      if (!dataset.stacked || !chart.isDatasetVisible(i)) return;
      chart.getDatasetMeta(i).data.forEach((point, j) => {
        const raw = dataset.data[j];
        if (!raw || raw.count < 2) return;
        const r = point.options.radius || 0;
        ctx.fillText(`×${raw.count}`, point.x + r * 0.7 + 2, point.y - r * 0.7);
      });
    });
    ctx.restore();
  },
};
const byDatasetIndex = (a, b) => a.datasetIndex - b.datasetIndex;  // legend as listed

/** The outcome scatter: grey outcomes, frontier, Nash, compromise, BATNA lines, group dots. */
export function scatterChart(canvas, scatter) {
  const [xName, yName] = scatter.role_names;
  const all = scatter.outcomes.concat(scatter.frontier, scatter.groups.map((g) => g.point));
  const high = Math.max(10, ...all.map((p) => Math.max(p[0], p[1])));
  const least = Math.min(0, ...all.map((p) => Math.min(p[0], p[1])));
  const pad = (high - least) * 0.05;  // so points on the axes stay visible
  const [low, top] = [least - pad, high + pad];
  const [bx, by] = scatter.batnas;
  const groupSet = (outcome, label) => ({
    label, type: "scatter", backgroundColor: COLOURS[outcome], borderColor: "#000",
    stacked: true, order: GROUPS,
    data: stackDots(scatter.groups.filter((g) => g.outcome === outcome)
      .map((g) => ({ ...xy(g.point), negotiation: g.negotiation, highlight: g.highlight }))),
    pointRadius: stackedRadius(9, 16),
    pointHoverRadius: stackedRadius(11, 18),
    pointBorderWidth: (ctx) => (ctx.raw && ctx.raw.highlight ? 4 : 1),
  });
  const datasets = [
    groupSet("integrative", "Found the integrative deal"),
    groupSet("deal", "Other deal"),
    groupSet("no_deal", "No deal (BATNAs)"),
    // reference points: hollow, on top, so a group dot under them still shows
    { label: "Pareto frontier", type: "line", data: scatter.frontier.map(xy), order: ON_TOP,
      reference: true, borderColor: COLOURS.frontier, backgroundColor: COLOURS.frontier,
      pointBackgroundColor: HOLLOW, pointBorderColor: COLOURS.frontier, pointRadius: 6,
      pointBorderWidth: 2, borderWidth: 3 },
    { label: "Nash", data: scatter.nash ? [xy(scatter.nash)] : [], pointStyle: "star",
      order: ON_TOP, reference: true, pointRadius: 16, borderColor: COLOURS.nash,
      backgroundColor: HOLLOW, borderWidth: 3 },
    { label: "All-compromise", data: [xy(scatter.compromise)], pointStyle: "rectRot",
      order: ON_TOP, reference: true, pointRadius: 14, borderColor: COLOURS.compromise,
      backgroundColor: HOLLOW, borderWidth: 3 },
    { label: "BATNA lines", type: "line", data: [{ x: bx, y: low }, { x: bx, y: top }],
      order: LINES, borderColor: COLOURS.batna, borderDash: [8, 6], pointRadius: 0, borderWidth: 2 },
    { label: "", type: "line", data: [{ x: low, y: by }, { x: top, y: by }], order: LINES,
      borderColor: COLOURS.batna, borderDash: [8, 6], pointRadius: 0, borderWidth: 2 },
    { label: `All outcomes${scatter.sampled ? " (sampled)" : ""}`, data: scatter.outcomes.map(xy),
      order: BACKGROUND, backgroundColor: COLOURS.grey, pointRadius: 6 },
  ];
  return new Chart(canvas, {
    type: "scatter", data: { datasets }, plugins: [countLabels],
    options: {
      animation: false,
      scales: {
        x: { title: { display: true, text: `${xName} (points)` }, min: low, max: top,
             ticks: { callback: (v) => (v >= least && v <= high ? v : "") } },
        y: { title: { display: true, text: `${yName} (points)` }, min: low, max: top,
             ticks: { callback: (v) => (v >= least && v <= high ? v : "") } } },
      plugins: { legend: { labels: { filter: (item) => item.text !== "", sort: byDatasetIndex } },
        tooltip: { callbacks: { label: (ctx) => {
          const raw = ctx.raw;
          return `${groupsPrefix(raw)}${ctx.dataset.label} (${raw.x}, ${raw.y})`;
        } } } },
    },
  });
}

/** Draw (or replace) one group's proposals as a path in the outcome scatter. */
export function showProposals(chart, replay) {
  const points = replay.entries.filter((e) => e.kind === "proposed" && e.point)
    .map((e) => ({ x: e.point[0], y: e.point[1], label: `${e.who}: ${e.text}` }));
  chart.data.datasets = chart.data.datasets.filter((d) => !d.replay);
  chart.data.datasets.unshift({ label: "Proposals (in order)", type: "line", replay: true,
    order: ON_TOP, data: points, borderColor: COLOURS.replay, backgroundColor: COLOURS.replay,
    pointStyle: "triangle", pointRadius: 6, borderWidth: 2, borderDash: [3, 3] });
  chart.update();
}

/** The efficiency histogram: a bar per 0.1 of E and one bar for no-deals. */
export function histogramChart(canvas, histogram) {
  const labels = histogram.bins.map((b) => b.label).concat(["No deal"]);
  const counts = histogram.bins.map((b) => b.count).concat([histogram.no_deal]);
  const colours = histogram.bins.map((b) => (b.from >= 0.9 ? COLOURS.integrative : COLOURS.deal))
    .concat([COLOURS.no_deal]);
  return new Chart(canvas, {
    type: "bar",
    data: { labels, datasets: [{ label: "Groups", data: counts, backgroundColor: colours }] },
    options: { animation: false, plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "groups" } },
                // every bin keeps its label (autoSkip would drop every other one on a
                // narrow screen and leave bars under the wrong numbers): rotate instead
                x: { title: { display: true, text: "efficiency E" },
                     ticks: { autoSkip: false, maxRotation: 60, minRotation: 0 } } } },
  });
}

/** Cards revealed (x) against joint points (y), one dot per group. */
export function disclosureChart(canvas, disclosure) {
  const set = (outcome, label, test) => ({ label, backgroundColor: COLOURS[outcome],
    borderColor: "#000", borderWidth: 1, stacked: true,
    pointRadius: stackedRadius(9), pointHoverRadius: stackedRadius(11),
    data: stackDots(disclosure.filter(test)
      .map((d) => ({ x: d.cards, y: d.joint, negotiation: d.negotiation }))) });
  return new Chart(canvas, {
    type: "scatter", plugins: [countLabels],
    data: { datasets: [
      set("integrative", "Integrative deal", (d) => d.integrative),
      set("deal", "Other deal", (d) => d.deal && !d.integrative),
      set("no_deal", "No deal", (d) => !d.deal)] },
    options: { animation: false,
      plugins: { tooltip: { callbacks: { label: (ctx) => `${groupsPrefix(ctx.raw)}${ctx.dataset.label}: `
        + `${ctx.raw.x} cards, ${ctx.raw.y} joint points` } } },
      scales: { x: { title: { display: true, text: "cards revealed" }, ticks: { precision: 0 }, beginAtZero: true },
                y: { title: { display: true, text: "joint points" }, beginAtZero: true } } },
  });
}

const fixed = (v, d = 2) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(d) : "—");
const pct = (v) => (typeof v === "number" ? `${Math.round(v * 100)}%` : "—");

/** The facts panel: groups, deals, integrative, lose/lose share, mean E. */
export function renderFacts(data) {
  const s = data.summary;
  const ll = data.lose_lose;
  const fact = (k, v, id) => [h("dt", {}, k), h("dd", { testid: id }, v)];
  fill("db-facts",
    fact("Groups closed", `${s.groups}${data.open.length ? ` (${data.open.length} still open)` : ""}`, "fact-groups"),
    fact("Deals", String(s.deals), "fact-deals"),
    fact("Found the integrative deal", `${s.integrative} of ${s.groups}`, "fact-integrative"),
    fact("Lose/lose deals", `${ll.count} of ${ll.deals} deals (${pct(ll.share)})`, "fact-lose-lose"),
    fact("Mean E of the deals", fixed(s.mean_efficiency), "fact-mean-e"),
    fact("Best joint / all-compromise", `${s.max_joint ?? "—"} / ${s.compromise_joint}`, "fact-joint"));
}

/** One row per group; `onReplay(negotiation)` when set adds a Replay button. */
export function renderGroups(groups, onReplay, highlight) {
  if (!groups.length) return fill("db-groups", h("p", { class: "muted" }, "No group has closed yet."));
  const flags = (f) => [
    f.integrative ? h("span", { class: "badge badge-ok" }, "integrative") : null,
    f.pareto_optimal ? h("span", { class: "badge badge-ok" }, "Pareto-optimal") : null,
    f.lose_lose ? h("span", { class: "badge badge-new" }, "lose/lose") : null,
    f.missed_deal ? h("span", { class: "badge badge-new" }, "missed deal") : null,
    f.agreement_trap ? h("span", { class: "badge badge-new" }, "agreement trap") : null];
  const head = ["Group", "Deal", "Points", "Joint", "E", "Left on table", "Flags", "Time", ""];
  return fill("db-groups", h("table", { class: "board" },
    h("thead", {}, h("tr", {}, head.map((t) => h("th", {}, t)))),
    h("tbody", {}, groups.map((g) => h("tr", {
      class: `${g.deal ? "" : "no-deal"} ${g.negotiation === highlight ? "mine" : ""}`,
      testid: `db-group-${g.negotiation}` },
      h("td", {}, g.members.map((m, i) => h("span", {}, i ? ", " : "", plainName(m.name, m.bot),
        h("span", { class: "muted" }, ` (${m.role_name})`),
        m.bot ? h("span", { class: "badge badge-bot" }, "bot") : null))),
      h("td", {}, g.deal ? g.package_labels.map((p) => p.option_label).join("; ") : h("strong", {}, "No deal")),
      h("td", { class: "num" }, g.members.map((m) => m.points).join(" / ")),
      h("td", { class: "num" }, String(g.joint)),
      h("td", { class: "num" }, fixed(g.efficiency)),
      h("td", { class: "num" }, g.left_on_table ?? "—"),
      h("td", {}, flags(g.flags)),
      h("td", { class: "num" }, `${Math.round(g.seconds_to_close)} s`),
      h("td", {}, onReplay ? h("button", { class: "btn", type: "button",
        testid: `db-replay-${g.negotiation}`, onclick: () => onReplay(g.negotiation) }, "Replay") : null))))));
}

/** A replay as a timeline list: time since start, who, what. */
export function renderReplay(replay) {
  const mmss = (t) => `${Math.floor(t / 60)}:${String(Math.floor(t % 60)).padStart(2, "0")}`;
  document.getElementById("db-replay-panel").hidden = false;
  fill("db-replay", replay.entries.map((e) => h("li", { class: `tl tl-${e.kind}` },
    h("span", { class: "tl-time" }, mmss(e.t)),
    e.who ? h("strong", {}, `${e.who} `) : null,
    e.kind === "chat_posted" ? h("q", {}, e.text) : h("span", {}, e.text),
    e.card ? h("blockquote", { class: "card-text" }, e.card.text) : null,
    e.point ? h("span", { class: "muted" }, ` → (${e.point.join(", ")})`) : null)));
}

/** Teaching notes and the benchmark: Markdown, sanitised. */
export function renderNotes(data) {
  const md = (text) => DOMPurify.sanitize(marked.parse(text || ""));
  document.getElementById("db-notes").innerHTML = md(data.teaching_notes || "_No teaching notes._");
  document.getElementById("db-benchmark").innerHTML = md(data.benchmark.text)
    + DOMPurify.sanitize(`<ul class="small muted">${data.benchmark.sources.map((s) => `<li>${s}</li>`).join("")}</ul>`);
}

/** Everything but the table and replay: the three charts, facts and notes. */
export function renderDebrief(data) {
  fill("db-title", data.scenario.title);
  fill("db-scatter-note", `${data.scatter.size} outcomes${data.scatter.sampled ? `, ${data.scatter.outcomes.length} drawn` : ""}; `
    + `dashed lines are the BATNAs (${data.scatter.batnas.join(", ")}). ${STACK_NOTE}.`);
  const scatter = scatterChart(document.getElementById("db-scatter"), data.scatter);
  histogramChart(document.getElementById("db-histogram"), data.histogram);
  disclosureChart(document.getElementById("db-disclosure"), data.disclosure);
  renderFacts(data);
  renderNotes(data);
  return scatter;
}
