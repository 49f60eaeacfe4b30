// Offline reading (widgets/offline.html): registers the service worker (sw.js at the site's base, rendered by the
// server) and asks it to store this page's files and, on a guide, the pages it links in its language and its PDF
// handout. Addresses come from the page itself (its links, its data attributes, what it loaded), never from here.

// The worker is served at the site's base (guide/views.py: /sw.js); the server renders its address into the page,
// since the scripts' own addresses hold the static files' fingerprint (/static/<hash>/js/...).
// fetch() calls are left out: the device check's speed test must always measure the network.
const NOT_FILES = new Set(["fetch", "xmlhttprequest", "beacon"]);

/** An address without its #fragment, which the cache ignores anyway. */
function plain(address) {
  const url = new URL(address, document.baseURI);
  url.hash = "";
  return url;
}

/** Everything this page asks the service worker to keep. */
export function addresses(element) {
  const found = [location.href];
  const home = plain(element.dataset.home);
  if (element.dataset.offlinePage) found.push(element.dataset.offlinePage);
  found.push(new URL("./offline-guides.js", import.meta.url).href); // the list on the offline page
  // The files this page loaded: stylesheets, scripts and the modules they import, images.
  for (const entry of performance.getEntriesByType("resource")) {
    if (!NOT_FILES.has(entry.initiatorType)) found.push(entry.name);
  }
  // Widgets that have not finished loading yet: their module and stylesheets by name.
  for (const widget of document.querySelectorAll("[data-module]")) {
    found.push(new URL(`./${widget.dataset.module}.js`, import.meta.url).href);
    found.push(...(widget.dataset.stylesheet || "").split(" ").filter(Boolean));
  }
  for (const link of document.querySelectorAll('link[rel~="icon"], link[rel="stylesheet"]')) found.push(link.href);
  if ("guide" in element.dataset) {
    for (const link of document.querySelectorAll("a[href]")) {
      const url = plain(link.href);
      const page = url.pathname.startsWith(home.pathname) && url.pathname.endsWith("/");
      if (url.origin === home.origin && (page || link.type === "application/pdf")) found.push(url.href);
    }
  }
  const urls = found.map(plain).filter((url) => url.origin === location.origin); // the worker leaves out the search
  return [...new Set(urls.map((url) => url.href))];
}

/** Send a message to the active service worker and wait for its answer. */
function ask(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}

export async function init(element) {
  if (!("serviceWorker" in navigator) || !window.caches) return;
  // The worker's folder is the site's base, so its default scope covers every language.
  await navigator.serviceWorker.register(new URL(element.dataset.worker, document.baseURI));
  const registration = await navigator.serviceWorker.ready;
  const wanted = addresses(element);
  const { stored } = await ask(registration.active, { type: "store", addresses: wanted });
  if ("guide" in element.dataset && stored.includes(wanted[0])) element.hidden = false;
}
