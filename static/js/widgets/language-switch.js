// Keep the reader's step when switching language: #schritt-3 becomes #trin-3 or #step-3. Every language link
// of the page carries it (this switch, the German / Leichte Sprache link and the step bar's links). German and
// Leichte Sprache share their step word, so the partner link takes the page's own.
import { follow } from "../steps.js";

export function init() {
  const word = document.documentElement.dataset.stepWord;
  if (!word) return;
  follow((step) => {
    for (const link of document.querySelectorAll("a[data-step-word], a.partner-link")) {
      const url = new URL(link.href);
      url.hash = step ? `${link.dataset.stepWord || word}-${step}` : "";
      link.href = url.href;
    }
  });
}
