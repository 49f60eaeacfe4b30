// Practice copy of the Minijob-Zentrale user declaration: agree or decline; screens() and data-go do it all.
import { screens } from "../demo-screens.js";

export function init(element) {
  screens(element);
}
