// The new-cohort form: "Add a round" copies the last plan row with the next index.
const MAX_ROUNDS = 12;
const body = document.querySelector("#plan tbody");

document.getElementById("add-round").addEventListener("click", () => {
  const rows = body.querySelectorAll("tr.plan-row");
  if (rows.length >= MAX_ROUNDS) return;
  const last = rows[rows.length - 1];
  const copy = last.cloneNode(true);
  const index = rows.length;
  for (const field of copy.querySelectorAll("[name]")) {
    field.name = field.name.replace(/^rounds-\d+-/, `rounds-${index}-`);
    if (field.id) field.id = field.id.replace(/^rounds-\d+-/, `rounds-${index}-`);
  }
  copy.querySelector(".number").textContent = String(index + 1);
  copy.querySelector("select[name$='-scenario']").value = "";
  body.appendChild(copy);
});
