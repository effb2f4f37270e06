// Discovery panels of the negotiation table: members and "Why?", questions to me, my cards
// and the trust rule, the cards on the table, the chat.
import { fill, h } from "./dom.js";
import { card, cardName, DEPTH_NAMES, who, whoWithRole } from "./names.js";

const GIVE_TO_GET = "Give to get: a card of depth d can be shared once every member has "
  + "revealed at least d − 1 cards, so deeper interests come out as each side shares in turn. "
  + "Be forthcoming first.";

function openQuestion(view, asker, target, about) {
  return (view.questions || []).find((q) => q.status === "open" && q.asker === asker
    && q.target === target && (q.about ?? null) === (about ?? null));
}

function depthTag(c) {
  return h("span", { class: `depth depth-${c.depth}` },
    `depth ${c.depth}${DEPTH_NAMES[c.depth] ? ` · ${DEPTH_NAMES[c.depth]}` : ""}`);
}

/** Members of the group, with "Why?" buttons for the others. */
export function renderMembers(view, send) {
  const me = view.you.seat;
  const items = view.members.map((m) => {
    const mine = m.seat === me;
    const row = h("li", { class: "member", testid: `member-${m.seat}` },
      h("div", { class: "member-head" },
        h("strong", {}, mine ? `${m.name} (you)` : m.name),
        " ",
        h("span", { class: "muted" }, m.role_name),
        m.bot ? h("span", { class: "badge badge-bot" }, "bot") : null),
      m.role_description ? h("div", { class: "muted small" }, m.role_description) : null);
    if (!mine) {
      const pending = openQuestion(view, me, m.seat, null);
      row.appendChild(h("button", {
        class: "btn btn-why", testid: `ask-why-${m.seat}`, disabled: Boolean(pending),
        title: pending ? "You asked; waiting for the answer" : `Ask ${m.name} why`,
        onclick: () => send("ask_why", { target: m.seat, about: null }),
      }, pending ? "Asked “Why?” — waiting" : `Ask ${m.name} “Why?”`));
    }
    return row;
  });
  fill("members", h("ul", { class: "plain" }, items));
}

/** Questions to me (answer with a card, or decline) and the questions I asked. */
export function renderQuestions(view, send) {
  const me = view.you.seat;
  const toMe = (view.questions || []).filter((q) => q.target === me && q.status === "open");
  const asked = (view.questions || []).filter((q) => q.asker === me).slice(-6).reverse();
  const panel = document.getElementById("panel-questions");
  panel.classList.toggle("attention", toMe.length > 0);
  const incoming = toMe.map((q) => {
    const about = q.about ? card(view, q.about) : null;
    const candidates = (view.cards || []).filter((c) => !c.revealed
      && (q.about ? c.explains === q.about : true));
    const ready = candidates.filter((c) => c.can_reveal);
    const blocked = candidates.filter((c) => !c.can_reveal && c.blocked);
    return h("li", { class: "question incoming", testid: `question-${q.id}` },
      h("div", {},
        h("strong", {}, who(view, q.asker)), " asks you “Why?”",
        about ? [" about ", h("q", {}, cardName(about))] : null),
      h("div", { class: "answer-choices" },
        ready.length ? h("span", { class: "muted small" }, "Answer with card…") : null,
        ready.map((c) => h("button", {
          class: "btn btn-answer", testid: `answer-${q.id}-${c.id}`,
          title: c.text, onclick: () => send("answer", { question: q.id, card: c.id }),
        }, `${cardName(c)} (depth ${c.depth})`)),
        !ready.length && blocked.length
          ? h("p", { class: "blocked small", testid: `answer-blocked-${q.id}` },
            blocked[0].blocked.message)
          : null,
        !ready.length && !blocked.length
          ? h("p", { class: "muted small" }, "You have no card that answers this; you may decline.")
          : null,
        h("button", { class: "btn btn-secondary", testid: `decline-${q.id}`,
                      onclick: () => send("decline", { question: q.id, reason: "" }) },
          "Decline")));
  });
  const mine = asked.map((q) => {
    const about = q.about ? card(view, q.about) : null;
    let status = "waiting for an answer";
    if (q.status === "answered") status = `answered with “${cardName(card(view, q.answer))}”`;
    if (q.status === "declined") status = q.answer ? `declined: “${q.answer}”` : "declined";
    return h("li", { class: `question mine status-${q.status}`, testid: `my-question-${q.id}` },
      `You asked ${who(view, q.target)} “Why?”`,
      about ? [" about “", cardName(about), "”"] : null, ": ", h("em", {}, status));
  });
  fill("questions",
    incoming.length ? h("ul", { class: "plain" }, incoming)
      : h("p", { class: "muted small" }, "No open questions to you."),
    mine.length ? [h("h4", {}, "Your questions"), h("ul", { class: "plain small" }, mine)] : null);
}

/** My own cards with Share buttons, and the trust level under the give-to-get rule. */
export function renderCards(view, send) {
  const counts = view.trust?.counts || [];
  fill("trust",
    h("div", { class: "trust-line" },
      h("strong", {}, "Trust level: "),
      h("span", { testid: "trust-level" }, String(view.trust?.level ?? 0)),
      h("span", { class: "muted" }, " · cards revealed: "),
      view.members.map((m, i) => h("span", { class: "trust-count", testid: `trust-count-${m.seat}` },
        `${who(view, m.seat)} ${counts[i] ?? 0}${i < view.members.length - 1 ? ", " : ""}`))),
    h("p", { class: "small muted" }, GIVE_TO_GET));
  const items = (view.cards || []).map((c) => h("li", {
    class: `card own ${c.revealed ? "is-revealed" : ""}`, testid: `card-${c.id}` },
    h("div", { class: "card-head" }, depthTag(c), c.label ? h("strong", {}, c.label) : null),
    h("div", { class: "card-text" }, c.text),
    c.revealed
      ? h("span", { class: "badge badge-ok" }, "on the table")
      : h("div", { class: "card-actions" },
        h("button", {
          class: "btn btn-share", testid: `share-${c.id}`, disabled: !c.can_reveal,
          onclick: () => send("share", { card: c.id }),
        }, "Share"),
        c.blocked ? h("p", { class: "blocked small", testid: `blocked-${c.id}` },
          c.blocked.message) : null)));
  fill("my-cards", h("ul", { class: "plain cards" }, items));
}

/** Cards on the table, grouped by member, each chain shown position → why → why. */
export function renderRevealed(view, send) {
  const me = view.you.seat;
  const revealed = view.revealed || [];
  const ids = new Set(revealed.map((c) => c.id));
  const groups = view.members.map((m) => {
    const cards = revealed.filter((c) => c.seat === m.seat);
    const roots = cards.filter((c) => !c.explains || !ids.has(c.explains));
    const chain = (c) => {
      const children = cards.filter((x) => x.explains === c.id);
      const answered = children.length > 0;
      const pending = openQuestion(view, me, m.seat, c.id);
      // Depth 3 is the real interest: there is nothing deeper to ask about.
      const ask = m.seat !== me && !answered && c.depth < 3
        ? h("button", {
          class: "btn btn-why btn-small", testid: `ask-why-${m.seat}-${c.id}`,
          disabled: Boolean(pending), onclick: () => send("ask_why", { target: m.seat, about: c.id }),
        }, pending ? "asked — waiting" : "Why?")
        : null;
      return h("li", { class: "card revealed", testid: `revealed-${c.id}` },
        h("div", { class: "card-head" }, depthTag(c), c.label ? h("strong", {}, c.label) : null,
          c.question !== null && c.question !== undefined
            ? h("span", { class: "muted small" }, " (answer to a “Why?”)") : null),
        h("div", { class: "card-text" }, c.text),
        ask,
        children.length ? h("ul", { class: "plain chain" }, children.map(chain)) : null);
    };
    return h("div", { class: "revealed-group", testid: `revealed-by-${m.seat}` },
      h("h4", {}, whoWithRole(view, m.seat)),
      roots.length ? h("ul", { class: "plain chain" }, roots.map(chain))
        : h("p", { class: "muted small" }, "No cards on the table yet."));
  });
  fill("revealed", groups);
}

/** The chat transcript; the input box lives outside the re-rendered part. */
export function renderChat(view) {
  const panel = document.getElementById("panel-chat");
  const enabled = Boolean(view.scenario?.chat);
  panel.hidden = !enabled;
  if (!enabled) return;
  const list = document.getElementById("chat-lines");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  fill(list, (view.chat || []).map((line) => h("li", {
    class: line.seat === view.you.seat ? "chat-line mine" : "chat-line" },
    h("strong", {}, `${who(view, line.seat)}: `), h("span", {}, line.text))));
  if (!view.chat?.length) list.appendChild(h("li", { class: "muted small" }, "No messages yet."));
  if (atBottom) list.scrollTop = list.scrollHeight;
}
