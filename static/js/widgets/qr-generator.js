// QR generator: a web address becomes a QR code as you type, to download (SVG, PNG) or print on a card.
// Everything happens in the browser; nothing is sent. Every word comes from the page (.qrg-texts).
import { qrcode } from "../../vendor/qrcode-generator.js";

// UTF-8, so that ä ö ü ß æ ø å reach the phone exactly as typed.
qrcode.stringToBytes = (s) => Array.from(new TextEncoder().encode(s));

const SVG = "http://www.w3.org/2000/svg";
const MAX_BYTES = 2331; // byte mode, error correction level M, version 40
const QUIET = 4; // modules of white around the code
const DRAW_MS = 150;
const ANNOUNCE_MS = 1000; // say "updated" once typing has settled, not on every key
const PNG_SCALE = 10; // pixels per module

// Characters that make a link read differently from where it leads: direction overrides and marks (a link can
// look reversed), and invisible ones (zero-width, soft hyphen, BOM, C0 and C1 controls).
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]/u;
// Scripts whose letters can pass for Latin ones, or one another (UTS 39's mixed-script rule, simplified).
const SCRIPTS = ["Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Cherokee", "Hebrew", "Arabic", "Han", "Hangul"];
const SCRIPT_OF = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, "u")]);

/** The authority of a web address as typed: { userinfo, host } (host without the port, in its Unicode form). */
export function authority(text) {
  const match = /^https?:\/\/([^/?#]*)/i.exec(text);
  const whole = match ? match[1] : "";
  const at = whole.lastIndexOf("@");
  const host = (at < 0 ? whole : whole.slice(at + 1)).replace(/:\d*$/, "");
  return { userinfo: at >= 0, host };
}

/** The scripts the letters of a host name come from. */
export function scriptsOf(host) {
  const found = new Set();
  for (const char of host) {
    const script = SCRIPT_OF.find(([, pattern]) => pattern.test(char));
    if (script) found.add(script[0]);
  }
  return [...found];
}

/** What to do with the typed text: { state: "empty" | "error" | "ok", key?, warnings?, host?, bytes? }. */
export function judge(text) {
  if (!text || "https://".startsWith(text.toLowerCase()) || "http://".startsWith(text.toLowerCase())) {
    return { state: "empty" }; // nothing yet, or the start of a scheme still being typed
  }
  const web = /^(https?):\/\/[^\s/?#]/i.exec(text);
  if (!web) return { state: "error", key: "scheme" };
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_BYTES) return { state: "error", key: "too-long", bytes };
  const { userinfo, host } = authority(text);
  const warnings = [];
  if (web[1].toLowerCase() === "http") warnings.push("http");
  if (BIDI.test(text)) warnings.push("bidi");
  if (INVISIBLE.test(text)) warnings.push("invisible");
  if (userinfo) warnings.push("userinfo");
  if (scriptsOf(host).length > 1) warnings.push("mixed-script");
  return { state: "ok", warnings, host };
}

/** The host as the browser will reach it: the Unicode name, and its ASCII (punycode) form where that differs. */
export function shownHost(host) {
  let ascii = host;
  try {
    ascii = new URL(`https://${host}/`).hostname;
  } catch {
    return host;
  }
  return ascii === host.toLowerCase() ? host : `${host} (${ascii})`;
}

/** The QR code of the text (UTF-8 bytes, level M, smallest version), or null when it does not fit. */
export function encode(text) {
  try {
    const qr = qrcode(0, "M");
    qr.addData(text, "Byte");
    qr.make();
    return qr;
  } catch {
    return null; // the library throws "code length overflow"
  }
}

/** One path for all dark modules, a horizontal run at a time, offset by the quiet zone. */
function pathData(qr) {
  const n = qr.getModuleCount();
  let d = "";
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.isDark(r, c)) continue;
      let run = 1;
      while (c + run < n && qr.isDark(r, c + run)) run++;
      d += `M${c + QUIET} ${r + QUIET}h${run}v1h-${run}z`;
      c += run - 1;
    }
  }
  return d;
}

function element(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

/** The code as an SVG element: white background with the quiet zone, one black path. */
export function svgOf(qr, text, label) {
  const size = qr.getModuleCount() + 2 * QUIET;
  const svg = element("svg", {
    viewBox: `0 0 ${size} ${size}`,
    width: size * 8,
    height: size * 8,
    role: "img",
    "aria-label": label,
    "shape-rendering": "crispEdges",
    "data-content": text,
  });
  svg.append(element("rect", { width: size, height: size, fill: "#fff" }), element("path", { d: pathData(qr), fill: "#000" }));
  return svg;
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function init(root) {
  const $ = (selector) => root.querySelector(selector);
  const texts = Object.fromEntries([...root.querySelectorAll(".qrg-texts li")].map((li) => [li.dataset.key, li.textContent.trim()]));
  const fill = (key, values) => texts[key].replace(/%\((\w+)\)s/g, (_, name) => values[name]);
  const input = $("input");
  const error = $(".qrg-error");
  const warning = $(".qrg-warning");
  const result = $(".qrg-result");
  const status = $(".qrg-status");
  let current = null; // { text, qr } of the code shown
  let drawTimer;
  let announceTimer;
  let announced = "";

  function show(verdict, text) {
    const failed = verdict.state === "error";
    error.hidden = !failed;
    error.textContent = failed ? fill(verdict.key, { bytes: verdict.bytes, max: MAX_BYTES }) : "";
    const warnings = verdict.warnings || [];
    const host = verdict.host ? shownHost(verdict.host) : "";
    warning.hidden = warnings.length === 0;
    warning.textContent = warnings.map((key) => fill(key, { host })).join(" ");
    input.setAttribute("aria-invalid", String(failed));
    const described = ["qrg-hint", failed && "qrg-error", warnings.length > 0 && "qrg-warning"];
    input.setAttribute("aria-describedby", described.filter(Boolean).join(" "));
    const qr = verdict.state === "ok" ? encode(text) : null;
    if (verdict.state === "ok" && !qr) {
      return show({ state: "error", key: "too-long", bytes: new TextEncoder().encode(text).length }, text);
    }
    current = qr ? { text, qr } : null;
    result.hidden = !qr;
    if (!qr) return;
    $(".qrg-code").replaceChildren(svgOf(qr, text, fill("label", { content: text })));
    $(".qrg-content").textContent = text;
    $(".qrg-host").textContent = fill("host", { host });
  }

  function update() {
    const text = input.value.trim();
    show(judge(text), text);
  }

  function announce() {
    const message = !error.hidden ? error.textContent : current ? [texts.updated, warning.textContent].join(" ").trim() : "";
    const said = `${message}\n${current ? current.text : ""}`;
    if (message && said !== announced) {
      status.textContent = ""; // an emptied region announces the same words again
      setTimeout(() => (status.textContent = message), 50);
    }
    announced = said;
  }

  input.addEventListener("input", () => {
    clearTimeout(drawTimer);
    clearTimeout(announceTimer);
    drawTimer = setTimeout(update, DRAW_MS);
    announceTimer = setTimeout(announce, ANNOUNCE_MS);
  });

  $("[data-action=svg]").addEventListener("click", () => {
    if (!current) return;
    const svg = svgOf(current.qr, current.text, fill("label", { content: current.text }));
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
    download(new Blob([xml], { type: "image/svg+xml" }), "qr-code.svg");
  });

  $("[data-action=png]").addEventListener("click", () => {
    if (!current) return;
    const { qr } = current;
    const n = qr.getModuleCount();
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = (n + 2 * QUIET) * PNG_SCALE;
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "#000";
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (qr.isDark(r, c)) context.fillRect((c + QUIET) * PNG_SCALE, (r + QUIET) * PNG_SCALE, PNG_SCALE, PNG_SCALE);
      }
    }
    canvas.toBlob((blob) => blob && download(blob, "qr-code.png"), "image/png");
  });

  // Print only the card: print.css hides everything else while <html> has this class.
  const html = document.documentElement;
  window.addEventListener("afterprint", () => html.classList.remove("printing-qr-card"));
  $("[data-action=print]").addEventListener("click", () => {
    html.classList.add("printing-qr-card");
    window.print();
  });

  $(".qrg-nojs").hidden = true;
  $(".qrg-app").hidden = false;
  if (input.value) update(); // a value the browser kept after going back
}
