// The step bar: where the reader is ("Step 3 of 5" and its title), previous and next, the list of steps and
// the language links at this step. The step itself comes from steps.js; every word comes from the page.
import { follow, headings } from "../steps.js";

// The bar's markup; its words come from the page ("On this page", the steps' labels, data-where).
const MARKUP = `<div class="sn-panel" id="sn-panel" hidden><ol class="sn-list"></ol><p class="sn-languages"></p></div>
<div class="sn-bar"><a class="sn-prev" href="#"><span aria-hidden="true">‹</span> <span class="sn-label"></span></a>
<button type="button" class="sn-toggle" aria-expanded="false" aria-controls="sn-panel"><span class="sn-where"></span> <span class="sn-title"></span></button>
<a class="sn-next" href="#"><span class="sn-label"></span> <span aria-hidden="true">›</span></a></div>`;

export function init(toc) {
  const texts = toc.dataset;
  // The bar is part of the "On this page" navigation (one landmark), shown at the bottom of the window.
  const root = Object.assign(document.createElement("div"), { className: "step-nav", hidden: true, innerHTML: MARKUP });
  const $ = (selector) => root.querySelector(selector);
  // "Language:" as the language switch names itself, then its other languages, which carry the step.
  $(".sn-languages").textContent = `${document.querySelector(".language-switch").getAttribute("aria-label")}:`;
  const steps = headings();
  const word = document.documentElement.dataset.stepWord;
  // The list of steps and the language links, copied from "On this page" and the language switch.
  $(".sn-list").append(...[...toc.querySelectorAll(":scope > ol > li")].map((li) => li.cloneNode(true)));
  const others = [...document.querySelectorAll(".language-switch a:not([aria-current])")];
  others.forEach((other, index) => $(".sn-languages").append(index ? ", " : " ", other.cloneNode(true)));
  const items = [...root.querySelectorAll(".sn-list a")];
  const toggle = $(".sn-toggle");
  const panel = $(".sn-panel");
  const html = document.documentElement;
  if (!steps.length) return;

  const open = (yes) => {
    panel.hidden = !yes;
    toggle.setAttribute("aria-expanded", String(yes));
  };
  toggle.addEventListener("click", () => open(panel.hidden));
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      open(false);
      toggle.focus();
    }
  });
  for (const item of items) item.addEventListener("click", () => open(false));

  // Previous and next are named by the label of the step they lead to ("Step 2"), the page's own words.
  const link = (element, step) => {
    element.hidden = step < 1 || step > steps.length;
    if (element.hidden) return;
    element.href = `#${word}-${step}`;
    element.querySelector(".sn-label").textContent = steps[step - 1].querySelector(".step-number").textContent;
  };
  follow((step) => {
    $(".sn-where").textContent = step ? texts.where.replace("%(number)s", step) : "";
    $(".sn-title").textContent = step ? items[step - 1].textContent : toc.querySelector("h2").textContent;
    link($(".sn-prev"), step ? step - 1 : 0);
    link($(".sn-next"), step ? step + 1 : 1);
    items.forEach((item, index) => (index + 1 === step ? item.setAttribute("aria-current", "step") : item.removeAttribute("aria-current")));
  });

  // The bar never covers content: the page keeps room for it at its end, and focus and jumps stop above it.
  const reserve = () => html.style.setProperty("--step-nav-height", `${$(".sn-bar").offsetHeight}px`);
  new ResizeObserver(reserve).observe($(".sn-bar"));
  toc.append(root);
  html.classList.add("has-step-nav");
  root.hidden = false;
  reserve();
}
