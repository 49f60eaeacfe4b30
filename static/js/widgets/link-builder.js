// Staff tools: a link to a guide or one of its steps, in any language, with e-mail texts to paste
// and a printable card with its QR code. All words come from the page; the link, title, step number
// and device-check address are filled in here.
import { encode, svgOf } from "./qr-generator.js";

const PLACEHOLDERS = { __LINK__: "link", __TITLE__: "title", __CHECK__: "check", __NUMBER__: "number", __STEP__: "step" };
const PATTERN = /__(LINK|TITLE|CHECK|NUMBER|STEP)__/g;

/** Replace the placeholders in a text; `escape` for HTML source. */
export function fill(template, values, escape = false) {
  return template.replace(PATTERN, (token) => {
    const value = values[PLACEHOLDERS[token]] ?? "";
    return escape ? value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;") : value;
  });
}

/** The link to a guide, or to one step of it, in one language. */
export function linkFor(guide, lang, step) {
  const anchor = step === "" ? "" : guide.steps[lang][Number(step)]?.[0];
  return guide.url[lang] + (anchor ? `#${anchor}` : "");
}

/** The card's lines in the guide's language: title, step (or ""), link and the sentences around the code. */
export function cardOf(guide, lang, step, texts) {
  const chosen = step === "" ? null : guide.steps[lang][Number(step)];
  return {
    lang: texts.lang,
    title: guide.title[lang],
    step: chosen ? fill(texts.step, { number: String(Number(step) + 1), title: chosen[1] }) : "",
    scan: texts.scan,
    opens: texts.opens,
    type: texts.type,
    operator: texts.operator,
    link: linkFor(guide, lang, step),
  };
}

/** The address in parts that end with a slash (and the step): the card wraps it between them, not at a hyphen. */
function breakable(link) {
  return link.split(/(?<=[^/]\/)(?!\/)|(?=#)/).map((part) => Object.assign(document.createElement("span"), { textContent: part }));
}

/** The printable card: preview, size and "Print this card" (print.css prints only the card, as Ctrl+P does). */
function cardPart(section) {
  const texts = JSON.parse(section.dataset.texts);
  const card = section.querySelector(".lb-card");
  const code = card.querySelector(".lb-card-code");
  const line = (name, text) => (card.querySelector(`.lb-card-${name}`).textContent = text);
  // The size the browser may have kept after going back, then every change.
  card.dataset.size = section.querySelector("[name=lb-size]:checked").value;
  for (const radio of section.querySelectorAll("[name=lb-size]")) {
    radio.addEventListener("change", () => (card.dataset.size = radio.value));
  }
  section.querySelector("[data-action=print-card]").addEventListener("click", () => window.print());
  return (guide, lang, step) => {
    const shown = cardOf(guide, lang, step, texts[lang]);
    card.lang = shown.lang;
    for (const name of ["title", "step", "scan", "opens", "type"]) line(name, shown[name]);
    if (card.querySelector(".lb-card-operator")) line("operator", shown.operator);
    card.querySelector(".lb-card-link").replaceChildren(...breakable(shown.link));
    const qr = encode(shown.link);
    code.replaceChildren(...(qr ? [svgOf(qr, shown.link, fill(code.dataset.label, { link: shown.link }))] : []));
  };
}

export function init(root) {
  const guides = JSON.parse(root.dataset.guides);
  const $ = (selector) => root.querySelector(selector);
  const guideSelect = $("#lb-guide");
  const langSelect = $("#lb-lang");
  const stepSelect = $("#lb-step");
  const output = $("#lb-link");
  const status = $(".lb-status");
  const generator = document.querySelector("[data-module='qr-generator'] input");
  const qrButton = $("[data-action=qr]");
  const htmlSources = {};
  const showCard = cardPart($(".lb-print"));
  $(".lb-app").hidden = false;
  qrButton.hidden = !generator;

  const emails = $(".lb-emails");
  const sections = [...emails.querySelectorAll(".lb-email")]; // in the site's order, as the server rendered them
  const current = () => guides.find((guide) => guide.id === guideSelect.value);

  const fillSteps = () => {
    const guide = current();
    const lang = langSelect.value;
    const chosen = stepSelect.value;
    const whole = stepSelect.options[0];
    stepSelect.replaceChildren(
      whole,
      ...guide.steps[lang].map(([, title], index) => new Option(`${index + 1}. ${title}`, String(index))),
    );
    stepSelect.value = chosen !== "" && Number(chosen) < guide.steps[lang].length ? chosen : "";
    stepSelect.disabled = guide.steps[lang].length === 0;
  };

  const update = () => {
    const guide = current();
    output.value = linkFor(guide, langSelect.value, stepSelect.value);
    showCard(guide, langSelect.value, stepSelect.value);
    const step = stepSelect.value;
    // The text in the guide's language first, the others in the site's order after it.
    emails.replaceChildren(...sections.filter((s) => s.dataset.lang === langSelect.value), ...sections.filter((s) => s.dataset.lang !== langSelect.value));
    for (const section of sections) {
      const lang = section.dataset.lang;
      const chosen = step === "" ? null : guide.steps[lang][Number(step)];
      const values = {
        link: linkFor(guide, lang, step),
        title: guide.title[lang],
        check: guide.check ? guide.check[lang] : "",
        number: chosen ? String(Number(step) + 1) : "",
        step: chosen ? chosen[1] : "",
      };
      const variant = `template${guide.check ? "Check" : ""}${chosen ? "Step" : ""}`;
      const text = section.querySelector(".lb-text");
      text.value = fill(text.dataset[variant], values);
      const html = section.querySelector(".lb-html");
      htmlSources[lang] = fill(html.dataset[variant], values, true);
      const highlighted = section.querySelector(`.lb-highlighted${guide.check ? "-check" : ""}${chosen ? "-step" : ""}`);
      const copy = highlighted.content.cloneNode(true);
      const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) walker.currentNode.nodeValue = fill(walker.currentNode.nodeValue, values, true);
      html.replaceChildren(copy);
    }
  };

  const copy = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = status.dataset.copied;
    } catch {
      status.textContent = status.dataset.failed;
    }
  };

  for (const select of [guideSelect, langSelect]) {
    select.addEventListener("change", () => {
      fillSteps();
      update();
    });
  }
  stepSelect.addEventListener("change", update);
  for (const button of root.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", () => copy(root.querySelector(button.dataset.copy).value));
  }
  for (const button of root.querySelectorAll("[data-copy-html]")) {
    button.addEventListener("click", () => copy(htmlSources[button.dataset.copyHtml]));
  }
  qrButton.addEventListener("click", () => {
    generator.value = output.value;
    generator.dispatchEvent(new Event("input", { bubbles: true }));
    generator.focus();
  });
  fillSteps();
  update();
}
