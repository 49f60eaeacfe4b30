// Read aloud (widgets/read-aloud.html): the page, or one step, spoken by the browser's own voices of the page's
// language, and only by voices that run on this device (localService), so no text leaves it. Each sentence is one
// utterance and is marked while it is read. Pause cancels and remembers the sentence: speechSynthesis.pause() does
// not work on every system, and continuing with the whole sentence is easier to follow.

// What is not read: what the search does not index either (header, navigation, widgets), what is hidden, the QR codes.
const SKIP = '[data-pagefind-ignore], [hidden], [aria-hidden="true"], svg, script, style, template, .read-aloud, .on-your-phone';
const BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, dt, dd, th, td, figcaption, caption, blockquote, summary, div, section, article";
const MARK = "read-aloud-current";

/** The primary language subtag: "de" for de, de-DE, de_AT and the site's Leichte Sprache, de-x-ls. */
function primary(tag) {
  return (tag || "").toLowerCase().split(/[-_]/)[0];
}

/** The voices of a language that run on this device. */
export function localVoices(synth, lang) {
  return synth.getVoices().filter((voice) => voice.localService && primary(voice.lang) === primary(lang));
}

/** Text nodes (and line breaks) whose nearest block is `block`, in order; nested blocks and skipped elements are not. */
function textNodesOf(block) {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.TEXT_NODE || node.localName === "br") return NodeFilter.FILTER_ACCEPT;
      return node.matches(SKIP) || node.matches(BLOCKS) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
    },
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}

/** A text node's text; a line break is a new line, which ends a sentence (Leichte Sprache: one sentence a line). */
function textOf(node) {
  return node.nodeType === Node.TEXT_NODE ? node.data : "\n";
}

/** The blocks under `root` that hold text to read, in reading order. */
function blocksOf(root) {
  const blocks = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT, {
    acceptNode: (node) => (node.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = root; node; node = walker.nextNode()) {
    if (node.matches(BLOCKS) && textNodesOf(node).some((text) => text.data?.trim())) blocks.push(node);
  }
  return blocks;
}

/** [start, end] of each sentence of a text, with Intl.Segmenter where the browser has it. */
function sentenceSpans(text, lang) {
  const spans = [];
  const push = (start, end) => {
    const part = text.slice(start, end);
    const lead = part.length - part.trimStart().length;
    const trail = part.length - part.trimEnd().length;
    if (part.trim()) spans.push([start + lead, end - trail]);
  };
  if (typeof Intl.Segmenter === "function") {
    for (const { index, segment } of new Intl.Segmenter(primary(lang), { granularity: "sentence" }).segment(text)) {
      push(index, index + segment.length);
    }
  } else {
    for (const match of text.matchAll(/[^.!?…\n]+(?:[.!?…]+\S*\s*|\n|$)/g)) push(match.index, match.index + match[0].length);
  }
  return spans;
}

/** Every sentence under `root`: its block, its offsets in the block's text and its text. */
export function sentencesOf(root, lang) {
  const sentences = [];
  for (const block of blocksOf(root)) {
    const text = textNodesOf(block).map(textOf).join("");
    for (const [start, end] of sentenceSpans(text, lang)) {
      sentences.push({ block, start, end, text: text.slice(start, end).replace(/\s+/g, " ") });
    }
  }
  return sentences;
}

/** Wrap a sentence in marking spans (one per text node it touches); the nodes are found anew each time. */
function mark({ block, start, end }) {
  const spans = [];
  let offset = 0;
  for (const node of textNodesOf(block)) {
    const length = textOf(node).length;
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, length);
    offset += length;
    if (from >= to || node.nodeType !== Node.TEXT_NODE) continue;
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    const span = Object.assign(document.createElement("span"), { className: MARK });
    range.surroundContents(span);
    spans.push(span);
  }
  return spans;
}

/** Remove the marking spans and join the text again, so the next sentence's offsets still hold. */
function unmark(spans) {
  for (const span of spans) {
    const parent = span.parentNode;
    if (!parent) continue;
    span.replaceWith(...span.childNodes);
    parent.normalize();
  }
}

// Its stylesheet, by the script's own address: named in the HTML, it would weigh on every guide's first 14 KB.
const STYLESHEET = new URL("../../css/widgets/read-aloud.css", import.meta.url);

export function init(widget) {
  const synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return; // stays hidden
  document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLESHEET.href }));
  const lang = document.documentElement.lang;
  const rate = Number(widget.dataset.rate) || 1; // only Leichte Sprache sets a rate: slower
  const article = widget.closest("article") || document.querySelector("main");
  let voice = null;
  let session = null; // { control, sentences, index, spans, token, state }

  widget.querySelector(".read-aloud-play").setAttribute("aria-pressed", "false"); // a toggle: see the template
  const controls = [{ group: widget, root: article }];
  for (const step of article.querySelectorAll("li.step")) {
    const title = step.querySelector(".step-title");
    const group = Object.assign(document.createElement("div"), { className: "read-aloud read-aloud-step", hidden: true });
    for (const button of widget.querySelectorAll("button")) group.append(button.cloneNode(true), " ");
    // "Read aloud" again, described by the step's title: "Read aloud, Step 2 Agree".
    if (title?.id) group.querySelector(".read-aloud-play").setAttribute("aria-describedby", title.id);
    (title || step.firstChild)?.after(group);
    controls.push({ group, root: step });
  }

  // The state is the toggle's: screen readers say "pressed" while it reads; Stop shows while there is a place to go on.
  const show = (control, state) => {
    const play = control.group.querySelector(".read-aloud-play");
    const stop = control.group.querySelector(".read-aloud-stop");
    play.setAttribute("aria-pressed", String(state === "reading"));
    const hadFocus = stop.contains(document.activeElement);
    stop.hidden = state === "idle";
    if (hadFocus && stop.hidden) play.focus();
  };

  const speak = () => {
    const current = session;
    const sentence = current.sentences[current.index];
    if (!sentence) {
      end();
      return;
    }
    current.spans = mark(sentence);
    current.spans[0]?.scrollIntoView({ block: "nearest" });
    const token = ++current.token;
    const utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = rate;
    const valid = () => session === current && current.token === token && current.state === "reading";
    utterance.addEventListener("end", () => {
      if (!valid()) return;
      unmark(current.spans);
      current.spans = [];
      current.index += 1;
      speak();
    });
    utterance.addEventListener("error", (event) => {
      if (valid() && event.error !== "interrupted" && event.error !== "canceled") stop();
    });
    synth.speak(utterance);
  };

  const halt = () => {
    if (!session) return;
    session.token += 1; // the cancelled utterance's end or error event is ignored
    synth.cancel();
    unmark(session.spans);
    session.spans = [];
  };
  const end = () => {
    halt();
    if (session) show(session.control, "idle");
    session = null;
  };
  const stop = () => {
    if (!session) return;
    end();
  };
  const start = (control) => {
    stop();
    session = { control, sentences: sentencesOf(control.root, lang), index: 0, spans: [], token: 0, state: "reading" };
    show(control, "reading");
    speak();
  };
  const pause = () => {
    halt();
    session.state = "paused";
    session.spans = mark(session.sentences[session.index]); // the mark stays where the reader left off
    show(session.control, "paused");
  };
  const resume = () => {
    unmark(session.spans);
    session.spans = [];
    session.state = "reading";
    show(session.control, "reading");
    speak();
  };

  for (const control of controls) {
    control.group.querySelector(".read-aloud-play").addEventListener("click", () => {
      if (session?.control !== control) start(control);
      else if (session.state === "reading") pause();
      else resume();
    });
    control.group.querySelector(".read-aloud-stop").addEventListener("click", stop);
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && session) stop();
  });
  window.addEventListener("pagehide", () => synth.cancel()); // some browsers keep speaking on the next page

  // Voices arrive asynchronously in most browsers: look again whenever the list changes.
  const refresh = () => {
    const voices = localVoices(synth, lang);
    voice = voices.find((candidate) => candidate.default) || voices[0] || null;
    if (!voice) stop();
    for (const control of controls) control.group.hidden = !voice;
  };
  refresh();
  synth.addEventListener?.("voiceschanged", refresh);
}
