// Serve mode only (python -m guide): reload the page when a source file was saved; show content errors until fixed.
// The server sends every text; the dialog's words are its own. The events' address comes from this script's.
const events = new EventSource(new URL("events", import.meta.url));
let shown = null;
let errorDialog = null;

function showErrors(title, errors) {
  errorDialog?.remove();
  errorDialog = document.createElement("dialog");
  errorDialog.className = "livereload-errors";
  const heading = document.createElement("h2");
  heading.textContent = title;
  const list = document.createElement("pre");
  list.textContent = errors.join("\n");
  errorDialog.append(heading, list);
  document.body.append(errorDialog);
  errorDialog.showModal();
}

events.addEventListener("message", (event) => {
  const state = JSON.parse(event.data);
  if (state.errors.length) {
    showErrors(state.title, state.errors);
  } else if (shown !== null && state.version !== shown) {
    location.reload();
  }
  shown = state.version;
});
