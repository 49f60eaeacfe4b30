// Practice copy of a secure message: a random practice PIN in the practice text message, the PIN screen with its
// error tied to the field, "send again" with a new PIN, a reply whose file is never read (only its name is shown).
import { fill, screens } from "../demo-screens.js";

function newPin(old) {
  let pin = old;
  while (pin === old) pin = String(crypto.getRandomValues(new Uint16Array(1))[0] % 10000).padStart(4, "0");
  return pin;
}

export function init(element) {
  const demo = screens(element);
  const [login, reply] = element.querySelectorAll("form");
  const field = login.querySelector("input");
  const error = login.querySelector(".demo-error");
  const hint = field.getAttribute("aria-describedby");
  const sms = element.querySelector(".demo-sms[tabindex]");
  const smsLabel = sms.querySelector("[data-new]");
  const firstLabel = smsLabel.textContent;
  const file = reply.querySelector("input[type=file]");
  const files = reply.querySelector(".demo-files");
  let pin = "";

  const sendPin = (again) => {
    pin = newPin(pin);
    for (const shown of element.querySelectorAll(".demo-pin")) shown.textContent = pin;
    smsLabel.textContent = again ? smsLabel.dataset.new : firstLabel;
  };
  const clearError = () => {
    error.hidden = true;
    field.removeAttribute("aria-invalid");
    field.setAttribute("aria-describedby", hint);
  };

  login.addEventListener("submit", () => {
    if (field.value.replace(/\s/g, "") === pin) {
      clearError();
      demo.show("message");
      return;
    }
    error.textContent = fill(error.dataset.template, { pin });
    error.hidden = false;
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", `${error.id} ${hint}`);
    field.focus();
  });
  element.querySelector(".demo-resend").addEventListener("click", () => {
    sendPin(true);
    field.value = "";
    clearError();
    sms.focus();
  });
  // Only the name is shown: the file's content is never read, and nothing is sent.
  file.addEventListener("change", () => {
    const names = [...file.files].map((chosen) => chosen.name).join(", ");
    files.textContent = names ? fill(files.dataset.template, { name: names }) : "";
  });
  reply.addEventListener("submit", () => demo.show("sent"));

  const reset = () => {
    login.reset();
    reply.reset();
    files.textContent = "";
    clearError();
    sendPin(false);
  };
  reset();
  demo.onReset(reset);
}
