// Shared by the practice demos (widgets/demo-*.js): one screen at a time, focus on its heading,
// "Screen n of m" in a polite live region. Every word comes from the page; without JavaScript all screens show in order.

/** Put values into a template from the page: "Screen {current} of {total}". */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** Start a demo: returns show(name) and onReset(fn) for the widget's own parts. */
export function screens(element) {
  const all = [...element.querySelectorAll(".demo-screen")];
  const status = element.querySelector(".demo-status");
  const resets = [];
  const demo = {
    current: "",
    show(name, focus = true) {
      const screen = all.find((item) => item.dataset.screen === name) || all[0];
      for (const item of all) item.hidden = item !== screen;
      demo.current = screen.dataset.screen;
      status.textContent = fill(status.dataset.template, { current: all.indexOf(screen) + 1, total: all.length });
      if (focus) screen.querySelector(".demo-title").focus();
    },
    onReset(fn) {
      resets.push(fn);
    },
  };
  element.addEventListener("click", (event) => {
    const go = event.target.closest("[data-go]");
    if (go && go.getAttribute("aria-disabled") !== "true") demo.show(go.dataset.go);
  });
  // Nothing is ever sent: the widgets handle their forms themselves.
  element.addEventListener("submit", (event) => event.preventDefault());
  element.querySelector(".demo-restart").addEventListener("click", () => {
    for (const reset of resets) reset();
    demo.show(all[0].dataset.screen);
  });
  demo.show(all[0].dataset.screen, false);
  for (const control of element.querySelectorAll(":disabled")) control.disabled = false;
  for (const part of element.querySelectorAll("[data-js-only], .demo-status, .demo-restart")) part.hidden = false;
  for (const part of element.querySelectorAll("[data-no-js]")) part.hidden = true;
  element.classList.add("demo-on");
  return demo;
}
