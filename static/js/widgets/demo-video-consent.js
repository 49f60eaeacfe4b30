// Practice copy of the start of a video appointment. "Beratungsraum betreten" works only from five minutes before
// the appointment, on a practice clock the reader moves on. Times come as minutes since midnight from the page.
import { fill, screens } from "../demo-screens.js";

const two = (number) => String(number).padStart(2, "0");

export function init(element) {
  const demo = screens(element);
  const clock = element.querySelector(".demo-clock");
  const enter = element.querySelector(".demo-enter");
  const early = element.querySelector(".demo-error");
  const start = Number(clock.dataset.now);
  let minutes = start;
  const set = (value) => {
    minutes = value;
    const time = fill(clock.dataset.pattern, { h: two(Math.floor(minutes / 60) % 24), m: two(minutes % 60) });
    clock.textContent = fill(clock.dataset.template, { time });
    const tooEarly = minutes < Number(clock.dataset.opens);
    enter.setAttribute("aria-disabled", String(tooEarly));
    if (!tooEarly) early.textContent = "";
  };
  element.querySelector(".demo-plus").addEventListener("click", () => set(minutes + 1));
  enter.addEventListener("click", () => {
    if (enter.getAttribute("aria-disabled") === "true") early.textContent = early.dataset.text;
  });
  set(start);
  demo.onReset(() => {
    early.textContent = "";
    set(start);
  });
}
