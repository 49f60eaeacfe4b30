// Serve mode only (python -m guide): reload the page when a source file was saved; show content errors until fixed.
// The server sends every text. The events' address comes from this script's, which also holds the version the page
// was rendered at, so a save between the render and the connection still reloads.
const events = new EventSource(new URL("events", import.meta.url));
let shown = Number(new URL(import.meta.url).searchParams.get("version"));
let errorDialog = null;

function showErrors(title, errors) {
  errorDialog?.remove();
  errorDialog = document.createElement("dialog");
  errorDialog.className = "livereload-errors";
  const heading = document.createElement("h2");
  heading.textContent = title;
  const list = document.createElement("ul"); // items wrap on a narrow screen, unlike a <pre>
  list.append(...errors.map((error) => Object.assign(document.createElement("li"), { textContent: error })));
  errorDialog.append(heading, list);
  document.body.append(errorDialog);
  errorDialog.showModal();
}

events.addEventListener("message", (event) => {
  const state = JSON.parse(event.data);
  if (state.errors.length) {
    showErrors(state.title, state.errors);
  } else if (state.version !== shown) {
    location.reload();
  }
  shown = state.version;
});
