// Under the lab: export and import the trained model (labs whose status says `exportable`), and
// "Your data" (labs whose descriptor has a `data` box: what to paste, an example, and a summary
// of what the lab made of it).
import { shell } from './state.js';
import { $, download } from './dom.js';
import { t, tf, words } from './i18n.js';
import { call, labInfo } from './bridge.js';
import { formatValue, lookup, refresh } from './live.js';

let toolsLab = null;          // the lab the tools were last set up for
const drafts = new Map();     // what the learner typed into each lab's data box

// Shows the tools that the open lab has (course_status's answer `s`).
export function updateLabTools(s) {
  const data = dataBox(s.lab);
  if (toolsLab !== s.lab) {
    if (toolsLab) drafts.set(toolsLab, $('#data-csv').value);
    toolsLab = s.lab;
    $('#data-csv').value = drafts.get(s.lab) || '';
    $('#data-notes').innerHTML = '';
    showDataPanel(false);
    fillDataBox();
    toolMessage('');
  }
  $('#lab-tools').hidden = !s.exportable && !data;
  $('#model-export').hidden = !s.exportable;
  $('#model-import-button').hidden = !s.exportable;
  $('#data-toggle').hidden = !data;
}

function dataBox(lab) {
  const info = labInfo(lab);
  return (info && info.data) || null;
}

// The data box's words, from the lab's descriptor in the learner's language.
function fillDataBox() {
  const data = dataBox(toolsLab);
  if (!data) return;
  $('#data-label').textContent = words(data.label);
  $('#data-csv').placeholder = data.example.split('\n').slice(0, 3).join('\n');
}

function showDataPanel(open) {
  $('#data-panel').hidden = !open;
  $('#data-toggle').setAttribute('aria-expanded', String(open));
}

// A message under the tools: what happened, or (role alert) what went wrong.
function toolMessage(text, isError) {
  const el = $('#lab-tools-msg');
  el.textContent = text;
  el.hidden = !text;
  el.classList.toggle('error', !!isError);
  el.setAttribute('role', isError ? 'alert' : 'status');
}

function exportModel() {
  const file = call('course_export');
  if (file.ok === false) return toolMessage(file.error, true);
  const steps = shell.lastStatus ? shell.lastStatus.steps : 0;
  const name = `${file.lab}-model-step${steps}.json`;
  download(name, JSON.stringify(file, null, 1));
  toolMessage(tf('modelSaved', { file: name }));
}

async function importModel(f) {
  const r = call('course_import', await f.text());
  if (!r.ok) return toolMessage(`${t('importFailed')} ${r.error}`, true);
  toolMessage(t('modelImported'));
  refresh();
}

// "{n_train} points for training": every {key} replaced by the lab's value (left as is if absent).
function fillFields(text, state) {
  return text.replace(/\{([\w.]+)\}/g, (m, key) => {
    const v = lookup(state, key);
    return v === undefined ? m : formatValue(v);
  });
}

// Sends the box's text to the lab (with the box's preset), trains, and says what the lab made of
// it: its notes (rows it skipped, by line) and the summary.
function useData() {
  const data = dataBox(shell.labName);
  if (!data) return;
  const notes = $('#data-notes');
  notes.innerHTML = '';
  const r = call('course_configure', JSON.stringify({ ...data.preset, [data.field]: $('#data-csv').value }));
  if (!r.ok) return toolMessage(`${t('dataRefused')} ${r.error}`, true);
  call('course_command', 'play');
  const s = call('course_status');
  for (const n of s.notes || []) {
    const li = document.createElement('li');
    li.textContent = n;
    notes.appendChild(li);
  }
  toolMessage(fillFields(words(data.summary), s.state || {}));
  refresh();
}

export function initLabTools() {
  $('#model-export').addEventListener('click', exportModel);
  $('#model-import').addEventListener('change', (e) => {
    if (e.target.files[0]) importModel(e.target.files[0]);
    e.target.value = '';
  });
  $('#data-toggle').addEventListener('click', () => {
    showDataPanel($('#data-panel').hidden);
    if (!$('#data-panel').hidden) $('#data-csv').focus();
  });
  $('#data-use').addEventListener('click', useData);
  $('#data-example').addEventListener('click', () => {
    const data = dataBox(shell.labName);
    if (data) $('#data-csv').value = data.example;
  });
  document.addEventListener('course:lang', fillDataBox);
}
