// Start every [data-module] element with static/js/widgets/<name>.js; one failure never stops the others.
const started = new WeakSet();

async function start(element) {
  if (started.has(element)) return;
  started.add(element);
  const name = element.dataset.module;
  if (!/^[a-z0-9-]+$/.test(name)) return;
  try {
    const module = await import(`./widgets/${name}.js`);
    await module.init(element);
  } catch (error) {
    element.dataset.failed = "true";
    // A widget in trouble keeps its written fallback visible; the reason goes to the console for developers.
    console.warn(`widget ${name} did not start:`, error);
  }
}

document.documentElement.classList.add("js");
document.querySelectorAll("[data-module]").forEach(start);
