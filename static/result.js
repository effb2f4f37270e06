// The result screen: own and partner points, joint, max joint, what was left on the table,
// efficiency and the flags, each explained in one sentence in the spirit of partner math.
import { fill, h } from "./dom.js";
import { optionLabel, who } from "./names.js";

const REASONS = {
  signed: "Deal signed.",
  walked_away: "Someone walked away: no deal, everyone gets their BATNA.",
  deadline: "Time ran out before every member signed: no deal, everyone gets their BATNA.",
  ended: "The instructor ended the round.",
};

function stat(label, value, testid, note) {
  return h("div", { class: "stat" },
    h("div", { class: "stat-label muted small" }, label),
    h("div", { class: "stat-value", testid }, value),
    note ? h("div", { class: "muted small" }, note) : null);
}

function percent(ratio) {
  return typeof ratio === "number" && Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : "—";
}

/** Flags in plain words: what each one means for this group. */
function flags(result) {
  const items = [];
  if (result.pareto_optimal) {
    items.push(["flag-pareto", "good", "Pareto-optimal",
      "No other deal was better for one of you without being worse for the other: you created all the value there was."]);
  } else {
    items.push(["flag-not-pareto", "warn", "Not Pareto-optimal",
      "Another deal was better for at least one of you and worse for nobody: there was value you did not create."]);
  }
  if (result.lose_lose) {
    items.push(["flag-lose-lose", "bad", "Lose/lose",
      "You settled an issue away from the option you both preferred, like cutting the orange in half when one cook needed the peel and the other the juice."]);
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
    h("p", { class: "lead", testid: "result-reason" }, REASONS[closed.reason] || "The negotiation is over.")];
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
      "result-efficiency",
      `${percent(result.efficiency)} of the way from the all-compromise deal to the best one`)));
  parts.push(flags(result));
  parts.push(h("p", { class: "muted small" },
    "Partner math: 1 + 1 > 3. Create value first (ask “Why?”, give to get), then claim your share. "
    + "Across published studies, people reach about 0.75 on this scale."));
  parts.push(h("div", { class: "actions" },
    h("a", { class: "btn btn-primary", href: `/leaderboard?scenario=${encodeURIComponent(view.scenario?.id || "")}`,
             testid: "leaderboard-link" }, "See the leaderboard"),
    h("button", { class: "btn btn-secondary", type: "button", testid: "play-again",
                  onclick: () => document.dispatchEvent(new CustomEvent("pm:play-again")) },
      "Play again")));
  fill("result", parts);
}
