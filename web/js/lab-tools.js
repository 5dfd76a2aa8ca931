// Under the lab: export and import the trained model, and the learner's own data.
import { shell } from './state.js';
import { $, download } from './dom.js';
import { t, tf } from './i18n.js';
import { call } from './bridge.js';
import { refresh } from './live.js';

// Shows the tools that the open lab has (course_status's answer `s`).
export function updateLabTools(s) {
  const tools = $('#lab-tools');
  const on = s.lab === 'mlp';
  if (tools.hidden === on) {
    tools.hidden = !on;
    if (!on) {
      $('#data-panel').hidden = true;
      $('#data-toggle').setAttribute('aria-expanded', 'false');
    }
    toolMessage('');
  }
  $('#model-export').hidden = !s.exportable;
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

const EXAMPLE_CSV = 'x1, x2, label\n-3, -2.5, 0\n-2, -3.5, 0\n-3.5, -1, 0\n-1.5, -2, 0\n-2.5, -4, 0\n-4, -3, 0\n' +
  '3, 2.5, 1\n2, 3.5, 1\n3.5, 1, 1\n1.5, 2, 1\n2.5, 4, 1\n4, 3, 1\n';

function useData() {
  const notes = $('#data-notes');
  notes.innerHTML = '';
  const r = call('course_configure', JSON.stringify({ dataset: 'custom', csv: $('#data-csv').value }));
  if (!r.ok) return toolMessage(`${t('dataRefused')} ${r.error}`, true);
  call('course_command', 'play');
  const s = call('course_status');
  // The lab's notes name every skipped row by its line.
  for (const n of s.notes || []) {
    const li = document.createElement('li');
    li.textContent = n;
    notes.appendChild(li);
  }
  const st = s.state || {};
  toolMessage(typeof st.n_train === 'number'
    ? tf('dataUsed', { n: st.n_train + st.n_test, train: st.n_train, test: st.n_test }) : '');
  refresh();
}

export function initLabTools() {
  $('#model-export').addEventListener('click', exportModel);
  $('#model-import').addEventListener('change', (e) => {
    if (e.target.files[0]) importModel(e.target.files[0]);
    e.target.value = '';
  });
  $('#data-toggle').addEventListener('click', () => {
    const panel = $('#data-panel');
    panel.hidden = !panel.hidden;
    $('#data-toggle').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) $('#data-csv').focus();
  });
  $('#data-use').addEventListener('click', useData);
  $('#data-example').addEventListener('click', () => { $('#data-csv').value = EXAMPLE_CSV; });
}
