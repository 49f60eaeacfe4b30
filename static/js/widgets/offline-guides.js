// The guides stored on this device (widgets/offline-guides.html, on the offline page): read from the service worker's
// cache, which sw.js names after its scope. A stored page is a guide when it has the guide layout's <article>.

/** The stored guides of one language, as { href, title }, sorted by title. */
async function storedGuides(cache, home, lang) {
  const guides = [];
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(home.pathname) || !url.pathname.endsWith("/")) continue;
    const response = await cache.match(request);
    const html = new DOMParser().parseFromString(await response.text(), "text/html");
    const title = html.querySelector("article.guide h1");
    if (title) guides.push({ href: url.href, title: title.textContent.trim() });
  }
  return guides.sort((a, b) => a.title.localeCompare(b.title, lang));
}

export async function init(widget) {
  if (!("serviceWorker" in navigator) || !window.caches) return;
  const registration = await navigator.serviceWorker.ready;
  const cache = await caches.open(`guide-portal ${registration.scope}`);
  const home = new URL(widget.dataset.home, document.baseURI);
  const guides = await storedGuides(cache, home, document.documentElement.lang);
  const list = widget.querySelector(".offline-guides-list");
  list.replaceChildren(
    ...guides.map(({ href, title }) => {
      const item = document.createElement("li");
      item.append(Object.assign(document.createElement("a"), { href, textContent: title }));
      return item;
    }),
  );
  list.hidden = guides.length === 0;
  widget.querySelector(".offline-guides-none").hidden = guides.length > 0;
  widget.querySelector(".offline-guides-fallback").hidden = true;
}
