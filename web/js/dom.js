// Small helpers for the page: one element by selector, HTML escaping, a file download.
import { escapeHtml as escapeText } from './md-math.js';

export const $ = (sel) => document.querySelector(sel);

export const escapeHtml = (s) => escapeText(String(s));

// Offers `text` to the learner as a file called `name`.
export function download(name, text) {
  const blob = new Blob([text], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
