// The private brief: Markdown from the scenario, rendered with marked and sanitised with
// DOMPurify before it touches the page (scenario text is never trusted as HTML).
import { marked } from "/vendor/marked/lib/marked.esm.js";
import DOMPurify from "/vendor/dompurify/dist/purify.es.mjs";

let shown = null;

/** Markdown to safe HTML. */
export function safeMarkdown(markdown) {
  return DOMPurify.sanitize(marked.parse(markdown || "", { async: false, gfm: true }),
    { USE_PROFILES: { html: true } });
}

/** Render the member's own brief (only when it changed, so reading is not interrupted). */
export function renderBrief(view) {
  const brief = view.role?.brief || "";
  if (brief === shown) return;
  shown = brief;
  const node = document.getElementById("brief");
  node.innerHTML = safeMarkdown(brief);   // sanitised by DOMPurify above
  for (const link of node.querySelectorAll("a[href]")) {
    link.target = "_blank";
    link.rel = "noopener noreferrer";
  }
}
