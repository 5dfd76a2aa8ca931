// Data files a lab asks for (corpora, MNIST): the module lists the names it wants
// (course_wanted_files, src/data/files.h); the shell fetches data/NAME with a progress bar under
// the lab, hands the bytes to the module, or says why it failed and offers a retry. The files are
// fetched only when a lab needs them; the service worker keeps them for offline use from then on.
import { shell } from './state.js';
import { $ } from './dom.js';
import { tf } from './i18n.js';
import { copyIn } from './bridge.js';

const inFlight = new Set();
const failed = new Map();   // name -> why, until a retry
let sizes = null;           // data/index.json: each file's size, for the progress bar

async function fileSizes() {
  if (sizes) return sizes;
  try {
    const res = await fetch('data/index.json');
    sizes = res.ok ? await res.json() : {};
  } catch (e) {
    sizes = {};
  }
  return sizes;
}

const kb = (n) => Math.max(1, Math.round(n / 1024));

function show(name, got, total) {
  // A failure stays in view, with its Retry, while another file is still on its way (MNIST's test
  // set can fail while its training set loads).
  if (failed.size) return showFailure();
  const box = $('#data-load');
  box.hidden = false;
  box.classList.remove('failed');
  $('#data-retry').hidden = true;
  const bar = $('#data-load-bar');
  if (total) {
    bar.max = total;
    bar.value = Math.min(got, total);
  } else {
    bar.removeAttribute('value');  // indeterminate
  }
  $('#data-load-text').textContent = total
    ? tf('dataLoading', { file: name, got: kb(got), total: kb(total) })
    : tf('dataLoadingSoFar', { file: name, got: kb(got) });
}

function showFailure() {
  const box = $('#data-load');
  if (failed.size === 0) {
    if (inFlight.size === 0) box.hidden = true;
    return;
  }
  const [name, why] = failed.entries().next().value;
  box.hidden = false;
  box.classList.add('failed');
  $('#data-load-bar').value = 0;
  $('#data-load-text').textContent = tf('dataFailed', { file: name, why });
  $('#data-retry').hidden = false;
}

function hand(name, bytes) {
  const m = shell.module;
  const ptr = copyIn(m, bytes);
  try {
    m.ccall('course_put_file', null, ['string', 'number', 'number'], [name, ptr, bytes.length]);
  } finally {
    m._free(ptr);
  }
}

async function fetchFile(name) {
  inFlight.add(name);
  const total = (await fileSizes())[name] || 0;
  show(name, 0, total);
  try {
    const res = await fetch('data/' + encodeURIComponent(name));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const reader = res.body.getReader();
    const parts = [];
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      got += value.length;
      show(name, got, total);
    }
    const bytes = new Uint8Array(got);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    hand(name, bytes);
  } catch (e) {
    const why = e.message || String(e);
    failed.set(name, why);
    shell.module.ccall('course_fail_file', null, ['string', 'string'], [name, why]);
  } finally {
    inFlight.delete(name);
    if (inFlight.size === 0) $('#data-load').hidden = true;
    showFailure();
  }
}

// Called with every status poll (live.js): start the fetches the module asks for.
export function pollDataFiles() {
  if (!shell.module) return;
  const wanted = JSON.parse(shell.module.ccall('course_wanted_files', 'string', [], []));
  for (const name of wanted) {
    if (inFlight.has(name)) continue;
    failed.delete(name);
    fetchFile(name);
  }
  // A file that arrived damaged (the module checked it and said why): the same failure and Retry.
  const rejected = JSON.parse(shell.module.ccall('course_rejected_files', 'string', [], []));
  let changed = false;
  for (const [name, why] of Object.entries(rejected)) {
    if (failed.get(name) === why || inFlight.has(name)) continue;
    failed.set(name, why);
    changed = true;
  }
  if (changed) showFailure();
}

export function initDataFiles() {
  $('#data-retry').addEventListener('click', () => {
    for (const name of failed.keys()) shell.module.ccall('course_retry_file', null, ['string'], [name]);
    failed.clear();
    showFailure();
    pollDataFiles();
  });
  document.addEventListener('course:lang', showFailure);
}
