// The lesson view: fetch and validate a lesson, render it (KaTeX, run blocks, exercise cards), and
// follow the reader: the section being read names the lab to open, and the URL follows it.
import { shell } from './state.js';
import { $, escapeHtml } from './dom.js';
import { t, tf } from './i18n.js';
import { call, checkLesson, loadModule, writeHash } from './bridge.js';
import { plugin as mdMath } from './md-math.js';
import { progress } from './progress.js';
import { initExercise } from './exercises.js';
import { refresh, startPolling } from './live.js';
import { labTitle } from './lab-words.js';
import { showLabFor } from './dock.js';

// Shows the home page or the lesson view. SDL follows the canvas's CSS size on window resize events.
export function show(view) {
  $('#home').hidden = view !== 'home';
  $('#lesson').hidden = view !== 'lesson';
  if (view === 'lesson') window.dispatchEvent(new Event('resize'));
  if (shell.module) shell.module.ccall('course_set_visible', null, ['number'], [view === 'lesson' ? 1 : 0]);
}

// The lesson file's text and the validator's answer, or null after showing why not.
async function fetchLesson(file) {
  const prose = $('#prose');
  try {
    const [res] = await Promise.all([fetch(file), loadModule()]);
    if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { check: checkLesson(bytes), text: new TextDecoder().decode(bytes) };
  } catch (e) {
    prose.innerHTML = `<p class="problem">${escapeHtml(t('wasmFailed'))}</p>` +
      `<pre>${escapeHtml(e.message || e)}</pre>`;
    return null;
  }
}

function showProblems(file, problems) {
  const item = (p) => `<li><code>${escapeHtml(`${file}:${p.line}: ${p.what}`)}</code></li>`;
  const items = problems.map(item).join('');
  $('#prose').innerHTML =
    `<div class="lesson-error" role="alert"><h2>${escapeHtml(t('hasProblems'))}</h2>` +
    `<p>${escapeHtml(t('problemsHere'))}</p><ul class="problems">${items}</ul>` +
    `<p><a href="#">${escapeHtml(t('home'))}</a></p></div>`;
  $('#toc').innerHTML = '';
  $('#lesson').classList.add('no-lab');
}

export async function showLesson(id, section, urlPreset, urlLab) {
  show('lesson');
  const chapter = shell.index.find((c) => c.id === id);
  const prose = $('#prose');
  if (!chapter) {
    prose.innerHTML = `<p class="problem">${escapeHtml(t('notFound'))} “${escapeHtml(id)}”.</p>` +
      `<p><a href="#">${escapeHtml(t('home'))}</a></p>`;
    return;
  }
  const lang = chapter.langs[shell.lang] ? shell.lang : Object.keys(chapter.langs)[0];
  const file = `lessons/${id}/lesson.${lang}.md`;
  prose.innerHTML = `<p class="loading">${escapeHtml(t('loading'))}</p>`;
  $('#lab-status').textContent = t('loadingLab');

  const lesson = await fetchLesson(file);
  if (!lesson) return;
  const { check, text } = lesson;
  if (check.problems.length) return showProblems(file, check.problems);
  $('#lesson').classList.remove('no-lab');
  shell.check = check;
  const notice = $('#notice');
  notice.hidden = true;
  const refused = (what, error) => {
    notice.textContent = `${t(what)} ${error}`;
    notice.hidden = false;
  };
  const labs = new Set([check.lab, ...check.sections.map((s) => s.lab)]);
  const linkLab = urlLab && labs.has(urlLab) ? urlLab : check.lab;
  const openFromLink = (whyNot) => {
    const r = call('course_open', linkLab, urlPreset);
    if (!r.ok) return refused(whyNot, r.error);
    shell.seeded.add(linkLab);
    setOpenLab(linkLab);
  };

  if (shell.lessonId !== id) {
    // Another chapter: its labs start from its own presets.
    call('course_close', '');
    shell.seeded = new Set();
    shell.labName = null;
    shell.lessonId = id;
    shell.lastPreset = '';
    if (urlPreset) openFromLink('presetRefused');
  } else if (urlPreset && (urlPreset !== shell.lastPreset || linkLab !== shell.labName)) {
    // Same chapter, another preset (a pasted link): apply it to its lab, or say why not.
    openFromLink('linkRefused');
  }
  renderLesson(text, check, lang !== shell.lang);
  progress.visit(id, null, shell.lang);
  const target = check.sections.some((s) => s.id === section) ? section : null;
  // The lab of the section the reader lands on (a link's preset for another lab waits in that lab).
  ensureLab(labOf(target), target);
  scrollToSection(target);
  startPolling();
}

// Labs: each section uses one; the shell opens it when the reader gets there -----------------------
// The lab a section uses (null: the introduction, which uses the header's lab).
export function labOf(sectionId) {
  const s = shell.check && shell.check.sections.find((x) => x.id === sectionId);
  return s ? s.lab : shell.check.lab;
}

// What a lab starts from the first time this chapter opens it: the section's first run block,
// else the header's preset (for the header's lab), else the lab's defaults.
function firstPreset(lab, sectionId) {
  const run = shell.check.runs.find((r) => r.section === (sectionId || '') && r.lab === lab);
  if (run) return run.preset;
  return lab === shell.check.lab ? shell.check.preset : {};
}

// Makes `lab` the open lab: the chapter's instance as it was, or a new one from firstPreset().
export function ensureLab(lab, sectionId) {
  if (!shell.module || shell.labName === lab) return shell.labName === lab;
  let r;
  if (shell.seeded.has(lab)) {
    r = call('course_open', lab, 'null');
  } else {
    r = call('course_open', lab, JSON.stringify(firstPreset(lab, sectionId)));
    if (r.ok) shell.seeded.add(lab);
  }
  if (r.ok) setOpenLab(lab);
  return r.ok;
}

function setOpenLab(lab) {
  if (shell.labName === lab) return;
  shell.labName = lab;
  shell.lastPreset = '';   // the hash's preset now describes this lab
  showLabName();
  document.dispatchEvent(new CustomEvent('course:lab'));
  if (shell.poll) refresh();
}

// The open lab's title, in the learner's language, on its pill and as the canvas's name.
function showLabName() {
  if (!shell.labName) return;
  const title = labTitle(shell.labName);
  $('#canvas').setAttribute('aria-label', tf('labCanvas', { lab: title }));
  $('#lab-name').textContent = title;
  $('#lab-name').title = title;  // the pill may be cut short on a narrow screen
}

function renderLesson(text, check, fallbackLang) {
  const md = window.markdownit({ html: false, linkify: true, typographer: false });
  md.use(mdMath, { runLabel: t('run'), t });
  const body = text.split('\n').slice(check.body_line - 1).join('\n');
  const prose = $('#prose');
  prose.innerHTML = (fallbackLang ? `<p class="notice">${escapeHtml(t('noLang'))}</p>` : '') +
    `<h1>${escapeHtml(check.title)}</h1>` + md.render(body);
  // Everything in the text belongs to a section, and through it to a lab.
  let section = '';
  let lab = check.lab;
  for (const el of prose.children) {
    if (el.matches('h2[data-section]')) {
      section = el.dataset.section;
      lab = labOf(section);
    }
    el.dataset.inSection = section;
    for (const live of el.querySelectorAll('[data-live]')) live.dataset.lab = lab;
    const cards = el.matches('section.exercise') ? [el] : el.querySelectorAll('section.exercise');
    for (const card of cards) initExercise(card, section, lab);
  }
  for (const b of prose.querySelectorAll('button.run')) b.addEventListener('click', () => runBlock(b));
  const toc = $('#toc');
  toc.innerHTML = check.sections
    .map((s) => `<li><a href="#" data-goto="${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  for (const a of toc.querySelectorAll('a')) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      scrollToSection(a.dataset.goto, true);
    });
  }
  scrolledSection = undefined;
  markScrollable();
}

// A formula or code block wider than the column scrolls sideways: make it reachable by keyboard.
export function markScrollable() {
  for (const el of document.querySelectorAll('#prose .math-display, #prose pre')) {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute('tabindex', '0');
    else el.removeAttribute('tabindex');
  }
}

// The section an element of the text belongs to (null: the introduction).
export function sectionOf(el) {
  const block = el.closest('#prose > *');
  return block ? block.dataset.inSection || null : null;
}

function runBlock(button) {
  const section = sectionOf(button);
  const old = button.parentElement.querySelector('.run-error');
  if (old) old.remove();
  ensureLab(labOf(section), section);
  const r = call('course_configure', button.dataset.preset);
  if (!r.ok) {
    const p = document.createElement('p');
    p.className = 'run-error';
    p.setAttribute('role', 'alert');
    p.textContent = `${t('runRefused')} ${r.error}`;
    button.parentElement.appendChild(p);
    return;
  }
  call('course_command', 'play');
  if (section) setSection(section);
  // What is at the top now is what the reader has seen: a scroll event still pending from the
  // page's load must not count as a move into the introduction and switch the lab away.
  scrolledSection = sectionAtTop();
  refresh();
  showLabFor(button);
}

// Sections: the URL follows the heading the reader is at -----------------------------------------
export function setSection(id) {
  shell.section = id || null;
  writeHash({ section: id || null });
  if (shell.lessonId) progress.visit(shell.lessonId, id, shell.lang);
  if (shell.check) ensureLab(labOf(id), id);
  document.dispatchEvent(new CustomEvent('course:section'));
  for (const a of document.querySelectorAll('#toc a')) a.classList.toggle('current', a.dataset.goto === id);
}

let navigatedAt = 0;  // an explicit jump wins over scrolling for a moment
const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
export function scrollToSection(id, smooth) {
  smooth = smooth && !reduceMotion.matches;
  const el = id && document.getElementById('sec-' + id);
  if (el) {
    navigatedAt = Date.now();
    // Scroll the text column only: scrollIntoView would also nudge the page and hide the lab's top.
    $('#prose-scroll').scrollTo({ top: el.offsetTop - 8, behavior: smooth ? 'smooth' : 'auto' });
    setSection(id);
  } else {
    $('#prose-scroll').scrollTop = 0;
  }
}

// The section being read: the last heading in the top 30% of the reading pane (none above the
// first heading: the introduction). Only a change counts, so a run button clicked lower down keeps
// its section until the reader scrolls into another one. The text scrolls in its own pane (beside
// the lab, or above it when the lab is docked on a phone).
function sectionAtTop() {
  const pane = $('#prose-scroll').getBoundingClientRect();
  const line = pane.top + 0.3 * pane.height;
  let current = null;
  for (const h of document.querySelectorAll('#prose h2[data-section]')) {
    if (h.getBoundingClientRect().top <= line) current = h.dataset.section; else break;
  }
  return current;
}

let scrolledSection;
let scrollPending = false;
function onScroll() {
  if (scrollPending || $('#lesson').hidden || !shell.check) return;
  scrollPending = true;
  requestAnimationFrame(() => {
    scrollPending = false;
    const current = sectionAtTop();
    if (current === scrolledSection) return;
    scrolledSection = current;
    // A short lesson cannot scroll its last section to the top: after a jump, wait.
    if (Date.now() - navigatedAt < 1500) return;
    if (current !== shell.section) setSection(current);
  });
}

export function initLesson() {
  document.addEventListener('course:lang', showLabName);
  $('#prose-scroll').addEventListener('scroll', onScroll, { passive: true });
  let scrollableTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(scrollableTimer);
    scrollableTimer = setTimeout(markScrollable, 200);
  });
}
