// What the shell says about a lab, from the lab's own descriptor (course_labs): its title and the
// words for its state keys, in the learner's language. The shell never names a lab itself.
import { escapeHtml } from './dom.js';
import { words } from './i18n.js';
import { labInfo } from './bridge.js';

// "Playground: a multi-layer perceptron" for its name; the name itself if the module lacks it.
export function labTitle(name) {
  const info = labInfo(name);
  return (info && words(info.title)) || name;
}

// The words for a state key of a lab ("test accuracy"), or '' when the lab has none.
export function keyWords(lab, key) {
  const info = labInfo(lab);
  return (info && info.keys && words(info.keys[key])) || '';
}

// A state key as HTML: in words when the lab has them, else as code.
export function keyHtml(lab, key) {
  const w = keyWords(lab, key);
  return w ? escapeHtml(w) : `<code>${escapeHtml(key)}</code>`;
}
