// "Print" (widgets/print-button.html): opens the browser's print dialog; the print stylesheet does the rest.
export function init(button) {
  button.addEventListener("click", () => window.print());
  button.hidden = false;
}
