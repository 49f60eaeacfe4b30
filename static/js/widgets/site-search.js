// Site search over the Pagefind index of the page's language. Words come from the page (data attributes).
// Pagefind's script and index load only when the field is first used; its default UI is not used
// (it injects inline styles, which the CSP forbids). Excerpts are rebuilt as text and <mark> only.

const MAX_RESULTS = 10;
const MAX_STEPS = 3;
const SEARCHING_DELAY = 400; // ms before "Searching …" is shown, so fast searches do not flicker
const ANNOUNCE_DELAY = 600; // ms of no typing before the count goes to the live region

// The parts of compounds that the index holds in the page's hidden span attributes (guide/search.py, PART_MARK
// "_"): "_termin" stands in Pagefind's text just before "Videotermin". They are dropped from every excerpt,
// and where one was the match, the compound after it is marked instead.
const HIDDEN_PARTS = /(?<=^|\s)_[\p{L}\p{N}]+\.?(?:\s+|$)/gu;
const PART = /^_([\p{L}\p{N}]+)\.?$/u;
const WORD = /[\p{L}\p{N}]+/gu;

/** Text and <mark> of an excerpt from Pagefind, as DOM nodes: any other markup becomes plain text. */
export function excerptNodes(html, doc = document) {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const nodes = [];
  let parts = []; // the matched parts whose compound comes next
  for (const node of parsed.body.childNodes) {
    const marked = node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK";
    const part = marked && PART.exec(node.textContent.trim());
    if (part) {
      parts.push(part[1].toLowerCase());
      continue;
    }
    let text = node.textContent.replace(HIDDEN_PARTS, "");
    if (marked) {
      const mark = doc.createElement("mark");
      mark.textContent = text;
      nodes.push(mark);
      continue;
    }
    if (parts.length) {
      const word = [...text.matchAll(WORD)].find((w) => parts.some((p) => w[0].toLowerCase().includes(p)));
      if (word) {
        const mark = doc.createElement("mark");
        mark.textContent = word[0];
        nodes.push(doc.createTextNode(text.slice(0, word.index).trimStart()), mark);
        text = text.slice(word.index + word[0].length);
        parts = [];
      }
    }
    nodes.push(doc.createTextNode(text));
  }
  return nodes;
}

/** Plain text of a Pagefind title (entities decoded, any markup dropped). */
function plainText(html) {
  return new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body.textContent.trim();
}

/** A same-origin path (with its #anchor) of a result URL, or null for anything else. */
export function localPath(url, base = window.location.href) {
  try {
    const target = new URL(url, base);
    if (target.origin !== new URL(base).origin) return null;
    return target.pathname + target.hash;
  } catch {
    return null;
  }
}

/** A message with {count} and {term} filled in. */
function fill(template, values) {
  return template.replace(/\{(count|term)\}/g, (_, key) => String(values[key]));
}

function excerptParagraph(html) {
  const p = document.createElement("p");
  p.className = "search-excerpt";
  p.append(...excerptNodes(html));
  return p;
}

function link(path, text) {
  const a = document.createElement("a");
  a.href = path;
  a.textContent = text;
  return a;
}

/** One result: the page title (linked), its excerpt, and the steps or sections where the words were found. */
function resultItem(data, stepAnchor) {
  const path = localPath(data.url);
  if (!path) return null;
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  heading.className = "search-result-title";
  heading.append(link(path, plainText(data.meta?.title || path)));
  item.append(heading);
  const sections = (data.sub_results || [])
    .map((sub) => ({ ...sub, path: localPath(sub.url) }))
    .filter((sub) => sub.path && sub.path.includes("#"))
    .sort((a, b) => stepAnchor.test(b.path) - stepAnchor.test(a.path)) // steps first, else in page order
    .slice(0, MAX_STEPS);
  if (!sections.length) {
    item.append(excerptParagraph(data.excerpt || ""));
    return item;
  }
  const list = document.createElement("ul");
  list.className = "search-steps";
  for (const sub of sections) {
    const entry = document.createElement("li");
    entry.append(link(sub.path, plainText(sub.title)), excerptParagraph(sub.excerpt || ""));
    list.append(entry);
  }
  item.append(list);
  return item;
}

export function init(element) {
  const form = element.querySelector(".search-form");
  const input = element.querySelector(".search-input");
  const status = element.querySelector(".search-status");
  const results = element.querySelector(".search-results");
  const none = element.querySelector(".search-none"); // the guides and the help page, rendered by the server
  const words = element.dataset;
  const stepAnchor = new RegExp(`#${document.documentElement.dataset.stepWord || "step"}-\\d+$`);
  let pagefind = null;
  let shown = ""; // the term whose results are on screen
  let latest = 0; // number of the latest search: older answers are dropped
  let announceTimer = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(words.bundle).then(async (module) => {
        // Guides are long pages: with Pagefind's default page-length weight (0.75), short pages such as
        // the privacy notice would outrank the guide where a word matters most.
        // baseUrl: the site may live under a path (/hilfe/); Pagefind's result addresses start at the site's root.
        await module.options({ baseUrl: words.base || "/", excerptLength: 18, ranking: { pageLength: 0.2 } });
        await module.init();
        await module.preload(""); // resolves once the WebAssembly and the index metadata are in
        element.dataset.loaded = "true";
        return module;
      });
      pagefind.catch(() => {
        pagefind = null; // try again on the next use
      });
    }
    return pagefind;
  }

  function announce(text, now) {
    clearTimeout(announceTimer);
    if (now) status.textContent = text;
    else announceTimer = setTimeout(() => (status.textContent = text), ANNOUNCE_DELAY);
  }

  function setState(state) {
    element.dataset.state = state;
    results.setAttribute("aria-busy", String(state === "searching"));
  }

  async function search(term, now) {
    const number = ++latest;
    setState("searching");
    const searching = setTimeout(() => number === latest && announce(words.searching, true), SEARCHING_DELAY);
    try {
      const engine = await load();
      const found = await engine.search(term);
      const data = await Promise.all(found.results.slice(0, MAX_RESULTS).map((result) => result.data()));
      if (number !== latest) return;
      results.replaceChildren(...data.map((item) => resultItem(item, stepAnchor)).filter(Boolean));
      results.hidden = data.length === 0;
      none.hidden = data.length > 0;
      shown = term;
      const count = found.results.length;
      const template = count === 0 ? words.none : count === 1 ? words.one : words.many;
      // After "Searching …" the count follows at once; while typing it waits for a pause.
      announce(fill(template, { count, term }), now || status.textContent === words.searching);
      setState("done");
    } catch (error) {
      if (number !== latest) return;
      console.warn("site search failed:", error);
      results.replaceChildren();
      results.hidden = true;
      none.hidden = true;
      shown = "";
      announce(words.failed, true);
      setState("failed");
    } finally {
      clearTimeout(searching);
    }
  }

  function clear() {
    latest++;
    setState("idle");
    shown = "";
    results.replaceChildren();
    results.hidden = true;
    none.hidden = true;
    announce("", true);
  }

  // The term stays in the page: it is not put into the address, so no server log ever sees it.
  function run(now) {
    const term = input.value.trim();
    if (!term) clear();
    else if (term !== shown || now) search(term, now);
  }

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", () => run(false));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true);
  });

  setState("idle");
  form.hidden = false;
  element.querySelector(".search-nojs").hidden = true;
}
