// Tiny DOM helpers. Every text from users or scenarios goes in through textContent:
// `h()` never parses HTML, so a name like "<img onerror=...>" stays plain text.

/**
 * Create an element: h("button", {class: "x", dataset: {testid: "propose"}, onclick}, "Propose").
 * Children may be strings (inserted as text), nodes, arrays, null or false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "testid") node.dataset.testid = value;
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "text") node.textContent = value;
    else if (value === true) node.setAttribute(key, "");
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Replace the children of the element with id `id` (a no-op when it is missing). */
export function fill(id, ...children) {
  const node = typeof id === "string" ? document.getElementById(id) : id;
  if (!node) return null;
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Show exactly one `.screen` section by id. */
export function showScreen(id) {
  for (const screen of document.querySelectorAll(".screen")) {
    screen.hidden = screen.id !== id;
  }
  document.body.dataset.screen = id;
}

/** Show a short message in the toast area; `kind` is "error", "notice" or "info". */
export function toast(message, kind = "info", testid = "toast") {
  const area = document.getElementById("toasts");
  if (!area) return;
  const item = h("div", { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status",
                          testid }, message);
  const close = h("button", { class: "toast-close", "aria-label": "Dismiss",
                              onclick: () => item.remove() }, "×");
  item.appendChild(close);
  area.appendChild(item);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 6000);
}

/** Format seconds as m:ss (or h:mm:ss); negative values show as 0:00. */
export function formatSeconds(seconds) {
  const total = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}
