// The service worker for offline reading (widgets/offline.html starts it with static/js/widgets/offline.js).
// It is served from the site's base (/sw.js beside the language folders), so its scope covers every language.
// Pages, handouts and the files they need come from the network first, so an update of the site reaches readers on
// their next visit online; the stored copy is used only when there is no connection. The cache name holds the scope,
// so two sites on one origin keep apart; static/js/widgets/offline-guides.js opens it by the same name.
const SCOPE = self.registration.scope;
const CACHE = `guide-portal ${SCOPE}`;
// Each language's start page and its offline page, as the server renders their addresses.
const OFFLINE = {{ offline_pages|tojson }}.map(([home, page]) => [new URL(home, SCOPE).href, new URL(page, SCOPE).href]);
// What a page loads as a file; fetch() calls (the device check's speed test, the search index) are never stored.
const FILES = ["style", "script", "image", "font"];
// The search needs its index, which is large and of no use offline: Pagefind's folder is left to the network.
const SEARCH = new URL("{{ search_bundle }}/", SCOPE).href;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/** Keep a same-origin answer that went well. */
async function keep(cache, request, response) {
  if (response.ok && response.type === "basic") await cache.put(request, response);
}

/** The offline page of the address's language (or of any language) that is stored. */
async function offlinePage(cache, address) {
  const own = OFFLINE.filter(([home]) => address.startsWith(home)).map(([, page]) => page);
  for (const page of [...own, ...OFFLINE.map(([, other]) => other)]) {
    const stored = await cache.match(page);
    if (stored) return stored;
  }
  return null;
}

async function networkFirst(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    event.waitUntil(keep(cache, request, response.clone()));
    return response;
  } catch (error) {
    const stored = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    const fallback = stored || (request.mode === "navigate" ? await offlinePage(cache, request.url) : null);
    if (fallback) return fallback;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE) || request.url.startsWith(SEARCH)) return;
  if (request.mode === "navigate" || FILES.includes(request.destination)) event.respondWith(networkFirst(event));
});

/** Store what a page asks for (its links, handout and files) unless it is stored already: data plans are small. */
async function store(addresses) {
  const cache = await caches.open(CACHE);
  const stored = [];
  await Promise.all(
    addresses.filter((address) => address.startsWith(SCOPE) && !address.startsWith(SEARCH)).map(async (address) => {
      try {
        if (!(await cache.match(address))) await keep(cache, address, await fetch(address));
        if (await cache.match(address)) stored.push(address);
      } catch {
        // no connection, or gone: the next visit online tries again
      }
    }),
  );
  return stored;
}

self.addEventListener("message", (event) => {
  if (event.data?.type !== "store" || !Array.isArray(event.data.addresses) || !event.ports[0]) return;
  event.waitUntil(store(event.data.addresses).then((stored) => event.ports[0].postMessage({ stored })));
});
