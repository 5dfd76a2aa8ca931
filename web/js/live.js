// Live values: four times a second, read the lab's state (course_status) into the formulas, the
// status line under the lab and the screen-reader summary, check the section's exercises, and keep
// the lab's preset in the URL. Also the lab's HTML controls (Train / Step / Reset).
import { shell } from './state.js';
import { $ } from './dom.js';
import { t, tf } from './i18n.js';
import { call, labInfo, writeHash } from './bridge.js';
import { keyWords, labTitle } from './lab-words.js';
import { pollExercises } from './exercises.js';
import { updateLabTools } from './lab-tools.js';
import { pollDataFiles } from './data-files.js';

export function formatValue(v) {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
    return String(Number(v.toPrecision(4)));
  }
  if (Array.isArray(v)) return '(' + v.map(formatValue).join(', ') + ')';
  return String(v);
}

// state["a"]["b"] for the key "a.b"; undefined when absent.
export function lookup(state, key) {
  let cur = state;
  for (const part of key.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[part];
  }
  return cur;
}

// The values in the formulas. Values of another section's lab are not known now: a dash.
function fillLiveValues(s) {
  for (const el of document.querySelectorAll('#prose [data-live]')) {
    const open = el.dataset.lab === s.lab;
    const v = open ? lookup(s.state, el.dataset.live) : undefined;
    const text = v === undefined ? '—' : formatValue(v);
    if (el.textContent !== text) el.textContent = text;
    // Why a dash: another section's lab, or a value the lab's current setup does not have.
    let why = '';
    if (!open) why = tf('labNotOpen', { lab: labTitle(el.dataset.lab) });
    else if (v === undefined) why = t('noValue');
    if ((el.title || '') !== why) {
      el.classList.toggle('idle', !!why);
      if (why) el.title = why; else el.removeAttribute('title');
    }
  }
}

// The status line under the lab only grows while one lab is open at one width: a number a digit
// wider would otherwise rewrap it now and then, resize the canvas above it and so clear it (a black
// flash, and a canvas whose size a test cannot pin down).
function showStatus(text, lab) {
  const el = $('#lab-status');
  if (el.textContent === text) return;
  const key = `${lab} ${window.innerWidth} ${document.body.className}`;
  if (el.dataset.sizedFor !== key) {
    el.dataset.sizedFor = key;
    el.style.minHeight = '';
  }
  el.textContent = text;
  const h = el.offsetHeight;
  if (h > (parseFloat(el.style.minHeight) || 0)) el.style.minHeight = `${h}px`;
}

export function refresh() {
  if (!shell.module || !shell.labName) return;
  pollDataFiles();
  const s = call('course_status');
  shell.lastStatus = s;
  // Where the lab trains ("thread" or "frame"); the lab's toolbar says it in words.
  if ($('#lab-frame').dataset.training !== s.training) $('#lab-frame').dataset.training = s.training;
  // and on what, for a lab that offers a choice: "cpu" or "webgpu" (the lab says why, in words)
  const compute = s.compute ? s.compute.on : '';
  if ($('#lab-frame').dataset.compute !== compute) $('#lab-frame').dataset.compute = compute;
  if (!s.state) return;
  fillLiveValues(s);
  showStatus(statusText(s), s.lab);
  const toggle = $('#lab-toggle');
  const label = s.running ? t('pause') : t('train');
  if (toggle.textContent !== label) toggle.textContent = label;
  toggle.setAttribute('aria-pressed', String(!!s.running));
  announce(s);
  updateLabTools(s);
  pollExercises();
  const preset = JSON.stringify(s.preset);
  if (preset !== shell.lastPreset) {
    shell.lastPreset = preset;
    writeHash({ lab: s.lab, preset });
  }
}

// "step 120 · training · test loss 0.12 · test accuracy 0.95": the lab's headline keys in its
// own words (a key its state lacks is left out), then its alert.
function statusText(s) {
  const parts = [tf('stepN', { n: s.steps }), s.running ? t('training') : t('paused')];
  const info = labInfo(s.lab);
  for (const key of info ? info.headline : []) {
    const v = lookup(s.state, key);
    if (v !== undefined) parts.push(`${keyWords(s.lab, key) || key} ${formatValue(v)}`);
  }
  if (s.alert) parts.push(s.alert);
  return parts.join(' · ');
}

// For screen readers: a summary when training starts, pauses or stops with a message, and every
// ten seconds while it runs; not four times a second.
let lastAnnounce = { running: null, alert: '', lang: '', at: 0 };
function announce(s) {
  const now = Date.now();
  const last = lastAnnounce;
  const changed = s.running !== last.running || s.alert !== last.alert || shell.lang !== last.lang;
  if (!changed && !(s.running && now - last.at > 10000)) return;
  lastAnnounce = { running: s.running, alert: s.alert, lang: shell.lang, at: now };
  $('#lab-live').textContent = tf('labLive', { lab: labTitle(s.lab), status: statusText(s) });
}

export function startPolling() {
  stopPolling();
  refresh();
  shell.poll = setInterval(refresh, 250);
}

export function stopPolling() {
  if (shell.poll) clearInterval(shell.poll);
  shell.poll = null;
}

// The lab's main controls also exist in HTML, for the keyboard and screen readers.
export function initLabControls() {
  const command = (cmd) => {
    if (!shell.module || !shell.labName) return;
    call('course_command', cmd);
    refresh();
  };
  $('#lab-toggle').addEventListener('click', () => command('toggle'));
  $('#lab-step').addEventListener('click', () => command('step'));
  $('#lab-reset').addEventListener('click', () => command('reset'));
  const canvas = $('#canvas');
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  // SDL cancels mousedown's default action, which would have focused the canvas: focus it
  // ourselves, so the lab's keys work after a click on it.
  canvas.addEventListener('pointerdown', () => canvas.focus({ preventScroll: true }));
  // SDL follows the canvas's CSS size on window resize events.
  new ResizeObserver(() => window.dispatchEvent(new Event('resize'))).observe($('#lab-frame'));
}
