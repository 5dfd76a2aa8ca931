// The home page: the chapters with the learner's progress in each, "continue where you left off",
// and progress export / import / reset.
import { shell } from './state.js';
import { $, escapeHtml, download } from './dom.js';
import { t } from './i18n.js';
import { progress } from './progress.js';
import { show } from './lesson.js';
import { stopPolling } from './live.js';

function chapterHtml(ch, l, prog) {
  const visited = (prog.lessons[ch.id] || { visited: [] }).visited;
  const sections = l.sections.map((s) => {
    const seen = visited.includes(s.id);
    const href = `#lesson=${encodeURIComponent(ch.id)}&section=${s.id}&lang=${shell.lang}`;
    const tick = seen ? ' <span class="tick" aria-label="visited">✓</span>' : '';
    return `<li class="${seen ? 'seen' : ''}"><a href="${href}">${escapeHtml(s.title)}</a>${tick}</li>`;
  }).join('');
  const done = l.sections.filter((s) => visited.includes(s.id)).length;
  const passedIds = Object.keys((prog.lessons[ch.id] || {}).exercises || {});
  const total = (l.exercises || []).length;
  const passed = total ? passedIds.filter((e) => l.exercises.includes(e)).length : passedIds.length;
  const link = `<a class="chapter-link" href="#lesson=${encodeURIComponent(ch.id)}&lang=${shell.lang}">` +
    `<span class="title">${escapeHtml(l.title || ch.id)}</span></a>`;
  if (l.problems.length) {
    return link + `<p class="problem">${escapeHtml(t('hasProblems'))}</p>` +
      `<pre>${escapeHtml(l.problems.join('\n'))}</pre>`;
  }
  const count = `${passed}${total ? ' / ' + total : ''}`;
  const exercises = passed || total
    ? ` <span class="passed">${count} ${escapeHtml(t('exercisesPassed'))}</span>` : '';
  return link + `<p class="meter"><progress max="${l.sections.length}" value="${done}"></progress> ` +
    `<span class="count">${done} / ${l.sections.length} ${escapeHtml(t('visited'))}</span>${exercises}</p>` +
    `<ol class="sections">${sections}</ol>`;
}

export function showHome() {
  stopPolling();
  show('home');
  const prog = progress.get();
  const list = $('#chapters');
  list.innerHTML = '';
  shell.index.forEach((ch) => {
    const l = ch.langs[shell.lang] || Object.values(ch.langs)[0];
    const li = document.createElement('li');
    li.className = 'chapter' + (l.problems.length ? ' broken' : '');
    li.innerHTML = chapterHtml(ch, l, prog);
    list.appendChild(li);
  });
  // Resume.
  const cont = $('#continue');
  const last = prog.last && shell.index.find((c) => c.id === prog.last.lesson);
  cont.hidden = !last;
  if (last) {
    const l = last.langs[shell.lang] || Object.values(last.langs)[0];
    const sec = l.sections.find((s) => s.id === prog.last.section);
    cont.href = `#lesson=${encodeURIComponent(last.id)}${sec ? '&section=' + sec.id : ''}&lang=${shell.lang}`;
    const colon = shell.lang === 'zh' ? '：' : ': ';
    cont.textContent = `${t('continue')}${colon}${l.title}${sec ? ' · ' + sec.title : ''}`;
  }
  const problem = progress.takeProblem();
  if (problem) say(`${t('progressReplaced')} ${problem}`);
}

// A short message at the top of the home page (progress import/export results and problems).
function say(text) {
  const el = $('#home-notice');
  el.textContent = text;
  el.hidden = !text;
}

async function importProgress(file) {
  const why = progress.importText(await file.text());
  showHome();
  say(why ? `${t('importRefused')} ${why}` : t('imported'));
}

export function initHome() {
  $('#export-progress').addEventListener('click', () => {
    download('course-progress.json', progress.exportText());
  });
  $('#import-progress').addEventListener('change', (e) => {
    if (e.target.files[0]) importProgress(e.target.files[0]);
    e.target.value = '';
  });
  $('#reset-progress').addEventListener('click', () => {
    if (confirm(t('resetConfirm'))) {
      progress.reset();
      showHome();
    }
  });
}
