// Start every [data-module] element with static/js/widgets/<name>.js; one failure never stops the others.
// A widget's own stylesheets (data-stylesheet) load first, so the critical CSS stays small.
const started = new WeakSet();
const stylesheets = new Map();

function loadStylesheet(href) {
  if (!stylesheets.has(href)) {
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
    stylesheets.set(href, new Promise((resolve) => {
      link.addEventListener("load", resolve, { once: true });
      link.addEventListener("error", resolve, { once: true }); // unstyled is better than not started
    }));
    document.head.append(link);
  }
  return stylesheets.get(href);
}

async function start(element) {
  if (started.has(element)) return;
  started.add(element);
  const name = element.dataset.module;
  if (!/^[a-z0-9-]+$/.test(name)) {
    // Not a widget name: it never starts, so it says so as any failing widget does (tests wait for one or the other).
    element.dataset.failed = "true";
    console.warn(`widget ${name} did not start: not a widget name`);
    return;
  }
  try {
    const styles = (element.dataset.stylesheet || "").split(" ").filter(Boolean).map(loadStylesheet);
    const [module] = await Promise.all([import(`./widgets/${name}.js`), ...styles]);
    await module.init(element);
    element.dataset.started = "true"; // tests wait for this state, never for time
  } catch (error) {
    element.dataset.failed = "true";
    // A widget in trouble keeps its written fallback visible; the reason goes to the console for developers.
    console.warn(`widget ${name} did not start:`, error);
  }
}

document.documentElement.classList.add("js");
// Widgets that are no part of the first view (data-start="later": read aloud, offline reading) start once the page
// has loaded, so their scripts never compete with what the reader sees first.
const widgets = [...document.querySelectorAll("[data-module]")];
const later = widgets.filter((element) => element.dataset.start === "later");
widgets.filter((element) => !later.includes(element)).forEach(start);
const startLater = () => later.forEach(start);
if (document.readyState === "complete") startLater();
else window.addEventListener("load", startLater, { once: true });
