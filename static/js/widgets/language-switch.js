// Keep the reader's step when switching language: #schritt-3 becomes #trin-3 or #step-3. Every language link
// of the page carries it (this switch, the German / Leichte Sprache link and the step bar's links).
import { follow } from "../steps.js";

export function init() {
  if (!document.documentElement.dataset.stepWord) return;
  follow((step) => {
    for (const link of document.querySelectorAll("a[data-step-word]")) {
      const url = new URL(link.href);
      url.hash = step ? `${link.dataset.stepWord}-${step}` : "";
      link.href = url.href;
    }
  });
}
