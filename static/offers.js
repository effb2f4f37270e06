// Offer panels of the negotiation table: my point table, the package builder, live proposals,
// the MOU. Points shown here come from MY point table in the view and are display only: the
// server scores every package itself.
import { fill, h } from "./dom.js";
import { optionLabel, who } from "./names.js";

/** The builder's current choice per issue; survives re-renders. */
const builder = {};

/** My points for a package, from my own point table (display only); null when incomplete. */
export function myPoints(view, pkg) {
  let total = 0;
  for (const issue of view.issues || []) {
    const option = issue.options.find((o) => o.id === pkg[issue.id]);
    if (!option || typeof option.your_points !== "number") return null;
    total += option.your_points;
  }
  return total;
}

/** BATNA and my point table per issue (only the options on the table). */
export function renderPoints(view) {
  fill("batna", h("strong", { testid: "batna" }, `${view.role.batna} points`),
    " if there is no deal (your BATNA).");
  const tables = (view.issues || []).map((issue) => h("div", { class: "issue", testid: `issue-${issue.id}` },
    h("h4", {}, issue.title),
    issue.description ? h("p", { class: "muted small" }, issue.description) : null,
    h("table", { class: "points" },
      h("tbody", {}, issue.options.map((o) => h("tr", { testid: `option-${issue.id}-${o.id}`,
                                                        class: o.was_hidden ? "is-new" : "" },
        h("td", {}, o.label, o.was_hidden
          ? h("span", { class: "badge badge-new", testid: `new-${issue.id}-${o.id}`,
                        title: "This option appeared when interests were revealed" }, "new")
          : null),
        h("td", { class: "num" }, `${o.your_points}`)))))));
  fill("point-table", tables);
}

/** The package builder: a select per issue and my live points for the chosen package. */
export function renderBuilder(view, send) {
  const open = ["discovering", "proposing", "mou"].includes(view.stage);
  const signature = JSON.stringify((view.issues || []).map((i) => [i.id, i.options.map((o) => o.id)]));
  const form = document.getElementById("builder");
  if (form.dataset.signature !== signature) {
    form.dataset.signature = signature;
    const rows = (view.issues || []).map((issue) => {
      const choices = issue.options.map((o) => o.id);
      if (!choices.includes(builder[issue.id])) builder[issue.id] = choices[0];
      const select = h("select", { id: `pkg-${issue.id}`, testid: `pkg-${issue.id}`, "data-local": true,
                                   onchange: (e) => { builder[issue.id] = e.target.value; updatePoints(view); } },
        issue.options.map((o) => h("option", { value: o.id, title: optionText(o) }, optionText(o))));
      select.value = builder[issue.id];
      // A closed <select> cuts a long label off: the chosen option is spelled out under it.
      return h("label", { class: "field pkg-field" }, h("span", {}, issue.title), select,
        h("div", { class: "pkg-choice small", id: `pkg-choice-${issue.id}`,
                   testid: `pkg-choice-${issue.id}` }));
    });
    fill(form, rows,
      h("div", { class: "builder-foot" },
        h("span", {}, "Your points: ", h("strong", { testid: "pkg-points" }, "")),
        h("button", { type: "submit", class: "btn btn-primary", testid: "propose" }, "Propose")));
  }
  form.onsubmit = (e) => {
    e.preventDefault();
    const live = Object.values(view.proposals || []).find((p) => p.proposer === view.you.seat);
    send("propose", { package: currentPackage(view), replaces: live ? live.id : null });
  };
  form.querySelector('[data-testid="propose"]').disabled = !open;
  updatePoints(view);
}

function optionText(o) {
  return `${o.your_points} pts · ${o.label}${o.was_hidden ? " (new)" : ""}`;
}

function currentPackage(view) {
  const pkg = {};
  for (const issue of view.issues || []) pkg[issue.id] = builder[issue.id];
  return pkg;
}

function updatePoints(view) {
  for (const issue of view.issues || []) {
    const option = issue.options.find((o) => o.id === builder[issue.id]);
    const select = document.getElementById(`pkg-${issue.id}`);
    if (select) select.title = option ? optionText(option) : "";
    fill(`pkg-choice-${issue.id}`, option ? optionText(option) : "");
  }
  const points = myPoints(view, currentPackage(view));
  const out = document.querySelector('[data-testid="pkg-points"]');
  if (!out) return;
  out.textContent = points === null ? "—" : String(points);
  out.classList.toggle("below-batna", points !== null && points < view.role.batna);
  out.title = points !== null && points < view.role.batna ? "Below your BATNA" : "";
}

/** Put a package into the builder (to counter-propose from it). */
function loadIntoBuilder(view, pkg) {
  for (const [issue, option] of Object.entries(pkg)) {
    builder[issue] = option;
    const select = document.getElementById(`pkg-${issue}`);
    if (select) select.value = option;
  }
  updatePoints(view);
}

function packageList(view, pkg) {
  return h("ul", { class: "plain package" }, (view.issues || []).map((issue) =>
    h("li", {}, h("span", { class: "muted" }, `${issue.title}: `),
      optionLabel(view, issue.id, pkg[issue.id]))));
}

function pointsLine(view, points) {
  const below = points < view.role.batna;
  return h("div", { class: below ? "points-line below-batna" : "points-line" },
    "Your points: ", h("strong", {}, String(points)),
    below ? h("span", { class: "small" }, " (below your BATNA)") : null);
}

/** Live proposals: proposer, my points, who accepted; Accept others', Withdraw mine. */
export function renderProposals(view, send) {
  const me = view.you.seat;
  const open = ["discovering", "proposing", "mou"].includes(view.stage);
  const items = (view.proposals || []).map((p) => {
    const mine = p.proposer === me;
    const accepted = p.accepted_by.includes(me);
    return h("li", { class: `proposal ${mine ? "mine" : ""}`, testid: `proposal-${p.id}` },
      h("div", { class: "proposal-head" }, h("strong", {}, mine ? "Your proposal" : `${who(view, p.proposer)} proposes`)),
      packageList(view, p.package),
      pointsLine(view, p.your_points),
      h("div", { class: "muted small" }, "Accepted by: ",
        p.accepted_by.length ? p.accepted_by.map((s) => who(view, s)).join(", ") : "nobody yet"),
      h("div", { class: "actions" },
        mine
          ? h("button", { class: "btn btn-secondary", testid: `withdraw-${p.id}`, disabled: !open,
                          onclick: () => send("withdraw", { proposal: p.id }) }, "Withdraw")
          : h("button", { class: "btn btn-primary", testid: `accept-${p.id}`, disabled: !open || accepted,
                          onclick: () => send("accept", { proposal: p.id }) }, accepted ? "Accepted" : "Accept"),
        h("button", { class: "btn btn-link", testid: `load-${p.id}`, "data-local": true,
                      onclick: () => loadIntoBuilder(view, p.package) }, "Edit in builder")));
  });
  fill("proposals", items.length ? h("ul", { class: "plain" }, items)
    : h("p", { class: "muted small" }, "No proposals on the table. Build a package and propose it."));
}

/** The MOU: package, my points, signatures and the Sign button. */
export function renderMou(view, send) {
  const panel = document.getElementById("panel-mou");
  const mou = view.mou;
  panel.hidden = !mou;
  if (!mou) return;
  const me = view.you.seat;
  const signed = (view.signatures || []).includes(me);
  const open = view.stage === "mou";
  fill("mou", h("div", { testid: "mou" },
    h("p", { class: "small" }, "A memorandum of understanding: everyone accepted this package. "
      + "It is not binding until every member signs; you may still propose improvements."),
    packageList(view, mou.package),
    pointsLine(view, mou.your_points),
    h("div", { class: "muted small", testid: "signatures" }, "Signed by: ",
      view.signatures?.length ? view.signatures.map((s) => who(view, s)).join(", ") : "nobody yet"),
    h("button", { class: "btn btn-primary", testid: "sign", disabled: signed || !open,
                  onclick: () => send("sign", { mou: mou.id }) }, signed ? "Signed" : "Sign")));
}
