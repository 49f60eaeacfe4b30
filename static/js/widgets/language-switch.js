// Keep the reader's step when switching language: #schritt-3 becomes #trin-3 or #step-3.

/** The number of the step the reader is at, from the address or the last step heading scrolled past. */
function currentStep(word) {
  const fromHash = new RegExp(`^#${word}-(\\d+)$`).exec(window.location.hash);
  if (fromHash) return fromHash[1];
  let step = null;
  for (const heading of document.querySelectorAll(`[id^="${word}-"]`)) {
    if (heading.getBoundingClientRect().top > window.innerHeight / 3) break;
    step = heading.id.slice(word.length + 1);
  }
  return step;
}

export function init(nav) {
  const word = document.documentElement.dataset.stepWord;
  if (!word) return;
  const links = [...nav.querySelectorAll("a[data-step-word]")];
  const update = () => {
    const step = currentStep(word);
    for (const link of links) {
      const url = new URL(link.href);
      url.hash = step ? `${link.dataset.stepWord}-${step}` : "";
      link.href = url.href;
    }
  };
  update();
  window.addEventListener("hashchange", update);
  let pending = false;
  window.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; update(); });
  }, { passive: true });
}
