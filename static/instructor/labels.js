// Labels shared by the instructor's pages and the debrief.

const BOT_MARK = /\s*\(bot\)\s*$/i;

/** A bot seat's name without the bot marker the server may have put in it (cohort bots
 * used to be named "Saucier (bot)", now just their persona: "Collaborator"); a trainee's
 * name (`bot` false) is left as typed. */
export function plainName(name, bot = true) {
  const text = String(name ?? "");
  return bot ? text.replace(BOT_MARK, "") : text;
}

/** The name with the bot marker exactly once: "Collaborator (bot)". */
export function seatName(member) {
  return member.bot ? `${plainName(member.name)} (bot)` : String(member.name);
}

/** "1 round", "2 rounds". */
export function plural(count, singular, several = `${singular}s`) {
  return `${count} ${count === 1 ? singular : several}`;
}

/** Stage ids as the monitor labels them (game.services.monitor.STAGE_LABELS). */
export const STAGE_LABELS = {
  discovering: "discovering", proposing: "proposing", mou: "MOU", signed: "signed",
  walked_away: "walked away", expired: "time up", ended: "ended by instructor",
};
