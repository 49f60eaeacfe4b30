// The step the reader is on, shared by the step bar and the language links. It is the step opened from a link
// (or jumped to) while its heading is on screen, else the last step heading scrolled past; above the first
// step it stays what it was, so scrolling up to the header keeps it. It is kept in the address, replaced and
// never pushed (so "back" still leaves the page), and in this tab's session storage, so that coming back to
// the page without a step in its address returns to it. Nothing else is stored.

const word = document.documentElement.dataset.stepWord || "";
const PATTERN = new RegExp(`^#${word}-(\\d+)$`);
const KEY = `guide-step:${window.location.pathname}`;
const listeners = new Set();
let current = null;
let pinned = null;
let watching = false;
let holding = false;

/** The step headings of the page, in order. */
export function headings() {
  return word ? [...document.querySelectorAll(`.step-title[id^="${word}-"]`)] : [];
}

/** The step number an address's hash names, or null. */
export function stepOf(hash) {
  const match = word && PATTERN.exec(hash);
  return match ? Number(match[1]) : null;
}

function heading(step) {
  return document.getElementById(`${word}-${step}`);
}

function onScreen(element) {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}

/** The last step whose heading is above the top third of the window, or null above the first. */
function scrolledPast() {
  let step = null;
  for (const title of headings()) {
    if (title.getBoundingClientRect().top > window.innerHeight / 3) break;
    step = stepOf(`#${title.id}`);
  }
  return step;
}

function store(step) {
  try {
    window.sessionStorage.setItem(KEY, String(step));
  } catch {
    // Storage may be switched off: the address still holds the step.
  }
}

function stored() {
  try {
    const step = Number(window.sessionStorage.getItem(KEY));
    return heading(step) ? step : null;
  } catch {
    return null;
  }
}

function set(step) {
  if (step === null || step === current || !heading(step)) return;
  current = step;
  const hash = `#${word}-${step}`;
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, "", hash);
  store(step);
  listeners.forEach((listener) => listener(step));
}

function update() {
  if (pinned !== null && (holding || onScreen(heading(pinned)))) return set(pinned);
  pinned = null;
  set(scrolledPast() ?? current);
}

/** Show a step: scroll its heading to the top, make it current, and (for keyboard and screen readers) focus it. */
export function go(step, focus = true) {
  const title = heading(step);
  if (!title) return;
  title.scrollIntoView({ block: "start", behavior: "instant" });
  pinned = step;
  set(step);
  if (focus) {
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
  }
}

/** Follow the step: call `listener(step)` now (null if none yet) and whenever it changes. */
export function follow(listener) {
  listeners.add(listener);
  if (!watching) watch();
  listener(current);
}

/** Widgets that start after the browser scrolled to the step change the height above it: keep the step in
    place until the reader scrolls, types or touches. */
function hold(step) {
  const title = heading(step);
  holding = true;
  const observer = new ResizeObserver(() => holding && title.scrollIntoView({ block: "start", behavior: "instant" }));
  observer.observe(document.body);
  const stop = () => {
    holding = false;
    observer.disconnect();
  };
  for (const type of ["wheel", "touchstart", "keydown", "pointerdown"]) window.addEventListener(type, stop, { once: true, passive: true });
}

function watch() {
  watching = true;
  const fromAddress = stepOf(window.location.hash);
  if (fromAddress !== null) {
    go(fromAddress, false);
    hold(fromAddress);
  } else if (!window.location.hash && window.scrollY < 1 && stored() !== null) {
    go(stored(), false); // back on the page without a step in the address: return to the step of this tab
    hold(stored());
  } else {
    update();
  }
  let pending = false;
  window.addEventListener(
    "scroll",
    () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        update();
      });
    },
    { passive: true },
  );
  window.addEventListener("hashchange", () => {
    const step = stepOf(window.location.hash);
    if (step !== null) {
      pinned = step;
      set(step);
    }
  });
  // A link to a step of this page moves there without a new history entry.
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href*='#']");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href);
    const step = stepOf(url.hash);
    if (step === null || url.pathname !== window.location.pathname || url.search !== window.location.search) return;
    event.preventDefault();
    go(step);
  });
}
