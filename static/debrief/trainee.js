// The trainee's own debrief: the seat token from localStorage goes in the Authorization header.
import { storage } from "../connection.js";
import { fill } from "../dom.js";
import { renderDebrief, renderGroups, renderReplay, setupCharts, showProposals } from "./charts.js";

const root = document.getElementById("debrief");

async function main() {
  setupCharts(16);
  const token = storage.token();
  if (!token) {
    fill("db-status", "Join a negotiation first: your debrief appears once it has closed.");
    return;
  }
  try {
    const response = await fetch(root.dataset.url, {
      headers: { Accept: "application/json", Authorization: `Bearer ${token}` } });
    const data = await response.json();
    if (!response.ok) throw new Error(data.message || response.statusText);
    const scatter = renderDebrief(data);
    renderGroups(data.groups, null, data.you.negotiation);
    renderReplay(data.replay);
    showProposals(scatter, data.replay);
    fill("db-status", data.round ? `Round ${data.round.number}` : "Practice negotiation");
  } catch (err) {
    fill("db-status", `Could not load your debrief: ${err.message}`);
  }
}

main();
