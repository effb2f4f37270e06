// Small lookups over a member view shared by the table panels.

/** The member in `seat`, or undefined. */
export function member(view, seat) {
  return (view.members || []).find((m) => m.seat === seat);
}

/** "You" for one's own seat, else the member's display name (plain text, never HTML). */
export function who(view, seat) {
  if (view.you && seat === view.you.seat) return "You";
  const m = member(view, seat);
  return m ? m.name : `Seat ${seat}`;
}

/** "Name (Role name)" with a bot marker. */
export function whoWithRole(view, seat) {
  const m = member(view, seat);
  if (!m) return who(view, seat);
  return `${who(view, seat)} (${m.role_name}${m.bot ? ", bot" : ""})`;
}

/** Option label of `optionId` on `issueId`, falling back to the id. */
export function optionLabel(view, issueId, optionId) {
  const issue = (view.issues || []).find((i) => i.id === issueId);
  const option = issue && issue.options.find((o) => o.id === optionId);
  return option ? option.label : optionId;
}

/** A card on the table (any member's) or one of one's own cards, by id. */
export function card(view, cardId) {
  return (view.revealed || []).find((c) => c.id === cardId)
    || (view.cards || []).find((c) => c.id === cardId);
}

/** The short name of a card: its label, else the start of its text. */
export function cardName(c) {
  if (!c) return "a card";
  if (c.label) return c.label;
  return c.text.length > 60 ? `${c.text.slice(0, 57)}…` : c.text;
}

export const DEPTH_NAMES = { 1: "position", 2: "reason", 3: "real interest" };

export const STAGE_NAMES = {
  waiting: "Waiting",
  discovering: "Discovering interests",
  proposing: "Proposing packages",
  mou: "MOU reached: sign to make it the deal",
  signed: "Deal signed",
  walked_away: "No deal: someone walked away",
  expired: "Time is up",
  ended: "Round ended by the instructor",
};
