// The instructor's projector page of one round's debrief.
import { fill } from "../dom.js";
import { renderDebrief, renderGroups, renderReplay, setupCharts, showProposals } from "./charts.js";

const root = document.getElementById("debrief");

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

async function main() {
  setupCharts(18);
  try {
    const data = await getJson(root.dataset.url);
    const scatter = renderDebrief(data);
    const replay = async (negotiation) => {
      const url = root.dataset.replayUrl.replace(/\/0\/replay$/, `/${negotiation}/replay`);
      const timeline = await getJson(url);
      fill("db-replay-title", `group ${negotiation}`);
      renderReplay(timeline);
      showProposals(scatter, timeline);
    };
    renderGroups(data.groups, replay, null);
    fill("db-status", `Round ${data.round.number} (${data.round.status}) · ${data.summary.groups} groups closed`);
  } catch (err) {
    fill("db-status", `Could not load the debrief: ${err.message}`);
  }
}

main();
