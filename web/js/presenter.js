// Presenter mode, for an instructor at a projector (key P or the "Present" button):
//   - large text, and the lab drawn larger (the wasm module rebuilds its fonts at the new size);
//   - PageDown / PageUp (what a clicker sends) or Right / Left step through sections; each step
//     scrolls to the section and applies its first run block;
//   - a laser-pointer dot follows the mouse (L toggles it);
//   - F freezes training while you explain, and F again lets it go on;
//   - "Notes window" opens a second window that follows this one (BroadcastChannel) and shows the
//     current section's text, the next section's title and the time since the talk began.
import { shell } from './state.js';
import { $ } from './dom.js';
import { t } from './i18n.js';
import { call } from './bridge.js';
import { scrollToSection } from './lesson.js';
import { refresh } from './live.js';
import { plugin as mdMath } from './md-math.js';

const presenter = {
  on: false,
  index: -1,         // the section the presenter last stepped to (-1: the introduction)
  laser: true,
  frozen: false,
  wasRunning: false,
  channel: 'BroadcastChannel' in window ? new BroadcastChannel('course-presenter') : null,
};

const PRESENTER_SCALE = 1.35;  // the lab's fonts and layout on a projector

function sectionIds() {
  return [...document.querySelectorAll('#prose h2[data-section]')].map((h) => h.dataset.section);
}

// The run buttons that belong to a section: after its heading, before the next one.
function firstRunOf(id) {
  const h = document.getElementById('sec-' + id);
  if (!h) return null;
  for (let el = h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling) {
    const b = el.matches('button.run') ? el : el.querySelector('button.run');
    if (b) return b;
  }
  return null;
}

function goToSection(delta) {
  const ids = sectionIds();
  if (!ids.length) return;
  const next = Math.max(0, Math.min(ids.length - 1, presenter.index + delta));
  presenter.index = next;
  scrollToSection(ids[next], true);
  const run = firstRunOf(ids[next]);
  if (run) run.click();
  presenter.frozen = false;
  updateFreezeBadge();
}

function setPresenting(on) {
  presenter.on = on;
  // Start from where the reader is: at the top, the first step goes to the first section.
  presenter.index = $('#prose-scroll').scrollTop < 40 ? -1 : sectionIds().indexOf(shell.section);
  document.body.classList.toggle('presenter', on);
  $('#present').textContent = on ? t('stopPresenting') : t('present');
  $('#present').setAttribute('aria-pressed', String(on));
  $('#notes-open').hidden = !on;
  if (shell.module) shell.module.ccall('course_set_ui_scale', null, ['number'], [on ? PRESENTER_SCALE : 1.0]);
  $('#laser').hidden = true;
  window.dispatchEvent(new Event('resize'));
  if (!on && presenter.frozen) toggleFreeze();
}

function toggleFreeze() {
  if (!shell.module || !shell.labName) return;
  if (!presenter.frozen) {
    presenter.wasRunning = call('course_status').running;
    call('course_command', 'pause');
    presenter.frozen = true;
  } else {
    if (presenter.wasRunning) call('course_command', 'play');
    presenter.frozen = false;
  }
  updateFreezeBadge();
  refresh();
}

function updateFreezeBadge() {
  const badge = $('#frozen');
  badge.textContent = t('frozen');
  badge.hidden = !presenter.frozen;
}

function typingIn(target) {
  return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
  const inLesson = !$('#lesson').hidden;
  const onCanvas = e.target && e.target.id === 'canvas';
  if ((e.key === 'p' || e.key === 'P') && !onCanvas) {
    setPresenting(!presenter.on);
    e.preventDefault();
    return;
  }
  if (!presenter.on || !inLesson) return;
  if (e.key === 'Escape') setPresenting(false);
  else if (e.key === 'PageDown' || (e.key === 'ArrowRight' && !onCanvas)) goToSection(1);
  else if (e.key === 'PageUp' || (e.key === 'ArrowLeft' && !onCanvas)) goToSection(-1);
  else if ((e.key === 'f' || e.key === 'F') && !onCanvas) toggleFreeze();
  else if ((e.key === 'l' || e.key === 'L') && !onCanvas) toggleLaser();
  else return;
  e.preventDefault();
}

function toggleLaser() {
  presenter.laser = !presenter.laser;
  $('#laser').hidden = true;
}

function onPointerMove(e) {
  const laser = $('#laser');
  if (!presenter.on || !presenter.laser || e.pointerType === 'touch') { laser.hidden = true; return; }
  laser.hidden = false;
  laser.style.transform = `translate(${e.clientX}px, ${e.clientY}px)`;
}

// The notes window ------------------------------------------------------------------------------
function openNotes() {
  window.open(`${location.pathname}?notes${location.hash}`, 'course-notes', 'width=900,height=700');
  broadcast();
}

function broadcast() {
  if (presenter.channel && shell.lessonId) {
    presenter.channel.postMessage({ lesson: shell.lessonId, section: shell.section, lang: shell.lang });
  }
}

export const isNotesView = () => new URLSearchParams(location.search).has('notes');

export async function startNotesView() {
  document.body.classList.add('notes-view');
  const started = Date.now();
  const clock = $('#notes-clock');
  setInterval(() => {
    const s = Math.floor((Date.now() - started) / 1000);
    clock.textContent = `${t('elapsed')} ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }, 1000);
  let shown = '';
  const follow = async ({ lesson, section, lang }) => {
    const key = `${lesson}/${lang}`;
    if (key !== shown) {
      shown = key;
      const res = await fetch(`lessons/${lesson}/lesson.${lang}.md`);
      const text = await res.text();
      const lines = text.split('\n');
      const end = lines.indexOf('---', 1);
      const md = window.markdownit({ html: false });
      md.use(mdMath, { t });
      $('#notes-text').innerHTML = md.render(lines.slice(end + 1).join('\n'));
    }
    const ids = [...document.querySelectorAll('#notes-text h2[data-section]')];
    const i = ids.findIndex((h) => h.dataset.section === section);
    ids.forEach((h, j) => h.classList.toggle('current', j === i));
    if (i >= 0) ids[i].scrollIntoView({ block: 'start' });
    const hasNext = i >= 0 && i + 1 < ids.length;
    $('#notes-next').textContent = hasNext ? `${t('next')}: ${ids[i + 1].textContent}` : t('end');
  };
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.get('lesson')) {
    follow({ lesson: h.get('lesson'), section: h.get('section'), lang: h.get('lang') || 'en' });
  }
  if (presenter.channel) presenter.channel.onmessage = (e) => follow(e.data);
}

export function initPresenter() {
  document.addEventListener('keydown', onKey);
  document.addEventListener('pointermove', onPointerMove);
  document.addEventListener('course:section', broadcast);
  $('#present').addEventListener('click', () => setPresenting(!presenter.on));
  $('#notes-open').addEventListener('click', openNotes);
  $('#present').textContent = t('present');
  $('#notes-open').textContent = t('notesWindow');
  document.addEventListener('course:module', () => {
    if (presenter.on) shell.module.ccall('course_set_ui_scale', null, ['number'], [PRESENTER_SCALE]);
  });
  document.addEventListener('course:lang', () => {
    $('#present').textContent = presenter.on ? t('stopPresenting') : t('present');
    $('#notes-open').textContent = t('notesWindow');
    updateFreezeBadge();
  });
}
