// The step bar: where the reader is ("Step 3 of 5" and its title), previous and next, the list of steps and
// the language links at this step. The step itself comes from steps.js; every word comes from the page.
import { follow, headings } from "../steps.js";

export function init(root) {
  const $ = (selector) => root.querySelector(selector);
  const texts = Object.fromEntries([...root.querySelectorAll(".sn-texts li")].map((li) => [li.dataset.key, li.textContent.trim()]));
  const steps = headings();
  const word = document.documentElement.dataset.stepWord;
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

  const link = (element, step) => {
    element.hidden = step < 1 || step > steps.length;
    if (!element.hidden) element.href = `#${word}-${step}`;
  };
  follow((step) => {
    $(".sn-where").textContent = step ? texts.where.replace("%(number)s", step) : texts.overview;
    $(".sn-title").textContent = step ? items[step - 1].textContent : texts.list;
    link($(".sn-prev"), step ? step - 1 : 0);
    link($(".sn-next"), step ? step + 1 : 1);
    items.forEach((item, index) => (index + 1 === step ? item.setAttribute("aria-current", "step") : item.removeAttribute("aria-current")));
  });

  // The bar never covers content: the page keeps room for it at its end, and focus and jumps stop above it.
  const reserve = () => html.style.setProperty("--step-nav-height", `${$(".sn-bar").offsetHeight}px`);
  new ResizeObserver(reserve).observe($(".sn-bar"));
  html.classList.add("has-step-nav");
  root.hidden = false;
  reserve();
}
