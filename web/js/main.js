// The course shell's entry point: language, routing between the home page and a lesson, and the
// page's controls. The shell renders lessons, passes presets and commands to C++ as JSON text
// (bridge.js), and shows what C++ answers; no lab logic lives here.
import { shell } from './state.js';
import { setLang, initialLang } from './i18n.js';
import { call, loadModule, readHash, writeHash } from './bridge.js';
import { initHome, showHome } from './home.js';
import { initLesson, sectionOf, showLesson } from './lesson.js';
import { initLabControls, lookup } from './live.js';
import { initLabTools } from './lab-tools.js';
import { initDock } from './dock.js';
import { initDataFiles } from './data-files.js';
import { initPresenter, isNotesView, startNotesView } from './presenter.js';
import { progress } from './progress.js';

// The one deliberate global: a handle for the browser tests and for debugging in the console
// (course.call('course_status'), course.shell.check, ...). The shell itself never reads it.
window.course = { shell, call, sectionOf, lookup, progress };

function route() {
  const h = readHash();
  if (h.lang && h.lang !== shell.lang) setLang(h.lang);
  if (h.lesson) showLesson(h.lesson, h.section, h.preset, h.lab);
  else showHome();
}

function initLangButtons() {
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.addEventListener('click', () => {
      setLang(b.dataset.lang);
      writeHash({ lang: shell.lang });
      const h = readHash();
      if (h.lesson) showLesson(h.lesson, shell.section || h.section, null); else showHome();
    });
  }
}

// On a host that sends no COOP/COEP headers the page is not cross-origin isolated, so the lab would
// train on one thread. Once the service worker controls the page it adds those headers (sw.js):
// reload once, early, to get them. At most once per tab session, so a browser that still refuses
// isolation never reloads in a loop; the single-threaded module then runs, as it does everywhere.
function isolateOnce() {
  const KEY = 'course-isolation-reload';
  if (self.crossOriginIsolated || !window.isSecureContext || sessionStorage.getItem(KEY)) return;
  navigator.serviceWorker.ready.then(() => {
    if (self.crossOriginIsolated || sessionStorage.getItem(KEY)) return;
    sessionStorage.setItem(KEY, '1');
    location.reload();
  });
}

async function main() {
  setLang(initialLang());
  if (isNotesView()) return startNotesView();  // the second window of presenter mode follows the first
  initPresenter();
  initLangButtons();
  initHome();
  initLesson();
  initLabControls();
  initLabTools();
  initDock();
  initDataFiles();
  if ('serviceWorker' in navigator) {
    const unavailable = (e) => console.warn('offline use unavailable:', e.message);
    navigator.serviceWorker.register('sw.js').then(isolateOnce, unavailable);
  }
  // A link straight into a lesson: start fetching and compiling the 1.3 MB module now, beside the
  // lesson index and the lesson file, instead of after them.
  if (readHash().lesson) loadModule().catch(() => {});
  try {
    const res = await fetch('lessons/index.json');
    shell.index = await res.json();
  } catch (e) {
    shell.index = [];
  }
  window.addEventListener('hashchange', route);
  route();
}

main();
