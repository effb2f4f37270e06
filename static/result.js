// The result screen: own and partner points, joint, max joint, what was left on the table,
// efficiency and the flags, each explained in one sentence in the spirit of partner math.
import { fill, h } from "./dom.js";
import { optionLabel, who, whoWithRole } from "./names.js";

const REASONS = {
  signed: "Deal signed.",
  walked_away: "The negotiation ended without a deal (someone walked away): each of you gets your BATNA.",
  deadline: "Time ran out before every member signed: no deal, everyone gets their BATNA.",
  ended: "The instructor ended the round.",
};

function stat(label, value, testid, note) {
  return h("div", { class: "stat" },
    h("div", { class: "stat-label muted small" }, label),
    h("div", { class: "stat-value", testid }, value),
    note ? h("div", { class: "muted small" }, note) : null);
}

/** Why the negotiation closed; a walk-away names who walked when the view says (closed.by). */
function reasonText(view) {
  const closed = view.closed || {};
  if (closed.reason === "walked_away" && typeof closed.by === "number") {
    const me = view.you?.seat;
    const walker = closed.by === me ? "You" : whoWithRole(view, closed.by);
    return `${walker} walked away: the negotiation ended without a deal and each of you gets your BATNA.`;
  }
  return REASONS[closed.reason] || "The negotiation is over.";
}

const EFFICIENCY_SCALE = "On this scale 0 is the all-compromise outcome (every issue settled at "
  + "its compromise option, usually the middle one) and 1 the most value the group could create.";

/** Where the efficiency E sits, in words. */
function efficiencyWords(e) {
  if (typeof e !== "number" || !Number.isFinite(e)) return EFFICIENCY_SCALE;
  let where;
  if (e < 0) where = "Below the all-compromise outcome: splitting every issue down the middle would have created more.";
  else if (e >= 1) where = "The most value the group could create.";
  else if (e === 0) where = "Exactly the all-compromise outcome.";
  else where = `Between the all-compromise outcome and the most value possible (${Math.round(e * 100)}% of the way).`;
  return `${where} ${EFFICIENCY_SCALE}`;
}

/** Flags in plain words: what each one means for this group. */
function flags(result, view) {
  const items = [];
  if (result.pareto_optimal) {
    items.push(["flag-pareto", "good", "Pareto-optimal",
      "No other deal was better for one of you without being worse for the other: you created all the value there was."]);
  } else {
    items.push(["flag-not-pareto", "warn", "Not Pareto-optimal",
      "Another deal was better for at least one of you and worse for nobody: there was value you did not create."]);
  }
  if (result.lose_lose) {
    const titles = (result.lose_lose_issues || []).map(
      (id) => (view.issues || []).find((issue) => issue.id === id)?.title || id);
    const which = titles.length ? `“${titles.join("”, “")}”` : "an issue";
    items.push(["flag-lose-lose", "bad", "Lose/lose",
      `You settled ${which} away from the option you all preferred, like cutting the orange in half when one cook needed the peel and the other the juice.`]);
  }
  if (result.missed_deal) {
    items.push(["flag-missed-deal", "bad", "Missed deal",
      "You ended without a deal although one existed that was better for everyone than walking away."]);
  }
  if (result.agreement_trap) {
    items.push(["flag-agreement-trap", "bad", "Agreement trap",
      "Someone accepted a deal worth less than their BATNA: no deal would have served them better."]);
  }
  return h("ul", { class: "plain flags" }, items.map(([testid, kind, title, text]) =>
    h("li", { class: `flag flag-${kind}`, testid }, h("strong", {}, `${title}. `), text)));
}

function roleName(view, resultMember) {
  const m = (view.members || []).find((x) => x.seat === resultMember.seat);
  return m ? m.role_name : resultMember.role;
}

/** Render the result screen for a closed view. */
export function renderResult(view) {
  const result = view.result;
  const me = view.you?.seat;
  const closed = view.closed || {};
  const parts = [h("h1", {}, "Result"),
    h("p", { class: "lead", testid: "result-reason" }, reasonText(view))];
  if (closed.package) {
    parts.push(h("div", { class: "deal", testid: "result-deal" }, h("strong", {}, "The deal: "),
      (view.issues || []).map((issue) => h("span", { class: "deal-item" },
        `${issue.title}: ${optionLabel(view, issue.id, closed.package[issue.id])}`))));
  }
  if (!result) {
    parts.push(h("p", { class: "muted" }, "The scores are being computed…"));
    fill("result", parts);
    return;
  }
  const mine = result.members.find((m) => m.seat === me);
  const others = result.members.filter((m) => m.seat !== me);
  parts.push(h("div", { class: "stats" },
    mine ? stat("Your points", String(mine.points), "result-you-points",
      `BATNA ${mine.batna}, surplus ${mine.surplus}`) : null,
    others.map((m) => stat(`${who(view, m.seat)} (${roleName(view, m)})`, String(m.points),
      others.length === 1 ? "result-partner-points" : `result-points-${m.seat}`,
      `BATNA ${m.batna}, surplus ${m.surplus}`)),
    stat("Joint outcome", String(result.joint), "result-joint", "what you created together"),
    stat("Best joint possible", String(result.max_joint), "result-max-joint"),
    stat("Left on the table", String(result.left_on_table), "result-left",
      result.left_on_table > 0 ? "value neither of you got" : "nothing: well done"),
    stat("Efficiency", typeof result.efficiency === "number" ? result.efficiency.toFixed(2) : "—",
      "result-efficiency", h("span", { testid: "result-efficiency-note" }, efficiencyWords(result.efficiency)))));
  parts.push(flags(result, view));
  parts.push(h("p", { class: "muted small" },
    "Partner math: 1 + 1 > 3. Create value first (ask “Why?”, give to get), then claim your share."));
  parts.push(h("ul", { class: "muted small sources", testid: "result-sources" },
    h("li", {}, h("cite", {}, "Yao, Li & Storme, IACM 2026"),
      ": across 582 published samples, people reach 0.75 on a scale where a random deal is 0.5 "
      + "and a Pareto-optimal one 1.0. That scale differs from the efficiency E above (there a "
      + "random deal is 0.5; here 0 is the all-compromise outcome), so the two numbers are not "
      + "directly comparable."),
    h("li", {}, h("cite", {}, "Thompson 1991"),
      ": only one member of a pair needs to ask or share for joint gains to rise, and sharers lose nothing.")));
  parts.push(h("div", { class: "actions" },
    h("a", { class: "btn btn-primary", href: "/debrief", testid: "debrief-link" },
      "See the debrief chart"),
    h("a", { class: "btn btn-secondary", href: `/leaderboard?scenario=${encodeURIComponent(view.scenario?.id || "")}`,
             testid: "leaderboard-link" }, "See the leaderboard"),
    h("button", { class: "btn btn-secondary", type: "button", testid: "play-again", "data-local": true,
                  onclick: () => document.dispatchEvent(new CustomEvent("pm:play-again")) },
      "Play again")));
  fill("result", parts);
}
