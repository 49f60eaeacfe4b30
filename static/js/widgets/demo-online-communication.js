// Practice copy of the jobcenter.digital screens: the "Profil" menu opens and closes; the rest is screens() and data-go.
import { screens } from "../demo-screens.js";

export function init(element) {
  const demo = screens(element);
  const toggle = element.querySelector("[aria-controls]");
  const menu = element.querySelector(`#${toggle.getAttribute("aria-controls")}`);
  const open = (on) => {
    toggle.setAttribute("aria-expanded", String(on));
    menu.hidden = !on;
  };
  toggle.addEventListener("click", () => open(toggle.getAttribute("aria-expanded") !== "true"));
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    open(false);
    toggle.focus();
  });
  open(false);
  demo.onReset(() => open(false));
}
