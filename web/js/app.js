// The course shell: home page, lesson view, language switch, URL state, and the bridge to the
// wasm module (src/app/web_main.cpp). No lab logic lives here: the shell renders lessons, passes
// presets and commands to C++ as JSON text, and shows what C++ answers.
'use strict';

const STRINGS = {
  en: {
    brand: 'AI models, seen working',
    tagline: 'An interactive course: every formula is tied to a real model that trains in your browser.',
    chapters: 'Chapters',
    sections: 'sections',
    open: 'Open',
    home: 'All chapters',
    run: 'Run this',
    loading: 'Loading…',
    loadingLab: 'Loading the lab…',
    hasProblems: 'This lesson has a problem and cannot be shown. The rest of the course works.',
    problemsHere: 'Problems found in the lesson file:',
    notFound: 'No chapter is called',
    presetRefused: 'The link’s lab settings were refused, so the lesson’s defaults are used:',
    linkRefused: 'The link’s lab settings were refused; the lab is unchanged:',
    runRefused: 'The lab refused these settings:',
    noLang: 'This chapter is not yet written in English; showing:',
    wasmFailed: 'The lab could not start (WebAssembly or WebGL2 is missing in this browser):',
    training: 'training',
    paused: 'paused',
    train: 'Train',
    pause: 'Pause',
    stepOnce: 'Step',
    reset: 'Reset',
    labLabel: 'Lab',
    contents: 'In this chapter',
    continue: 'Continue where you left off',
    visited: 'sections visited',
    exercisesPassed: 'exercises passed',
    progress: 'Your progress',
    progressNote: 'Kept in this browser. Take it to another browser or computer as a file.',
    exportProgress: 'Export progress',
    importProgress: 'Import progress',
    resetProgress: 'Reset progress',
    resetConfirm: 'Forget all progress in this browser?',
    imported: 'Progress imported.',
    importRefused: 'That file was not imported:',
    progressReplaced: 'The progress saved in this browser could not be read and was replaced by an empty record (the old data is kept aside). Reason:',
    present: 'Present',
    stopPresenting: 'Stop presenting',
    notesWindow: 'Notes window',
    frozen: 'Frozen: press F to go on',
    next: 'Next',
    end: 'End of the chapter',
    elapsed: 'Elapsed',
  },
  zh: {
    brand: 'AI 大模型，看得见的原理',
    tagline: '一门可交互的课程：每个公式都连着一个在你浏览器里实时训练的真实模型。',
    chapters: '章节',
    sections: '节',
    open: '打开',
    home: '全部章节',
    run: '运行',
    loading: '加载中…',
    loadingLab: '正在加载实验…',
    hasProblems: '这一课的文件有错误，无法显示。课程的其他部分不受影响。',
    problemsHere: '课程文件中发现的问题：',
    notFound: '没有这一章：',
    presetRefused: '链接中的实验设置被拒绝，已改用本课的默认设置：',
    linkRefused: '链接中的实验设置被拒绝，实验保持原样：',
    runRefused: '实验拒绝了这些设置：',
    noLang: '这一章还没有中文版，显示的是：',
    wasmFailed: '实验无法启动（此浏览器缺少 WebAssembly 或 WebGL2）：',
    training: '训练中',
    paused: '已暂停',
    train: '训练',
    pause: '暂停',
    stepOnce: '单步',
    reset: '重置',
    labLabel: '实验',
    contents: '本章内容',
    continue: '从上次的位置继续',
    visited: '节已读',
    exercisesPassed: '道练习已通过',
    progress: '学习进度',
    progressNote: '进度保存在本浏览器中。可以导出为文件，带到另一个浏览器或另一台电脑。',
    exportProgress: '导出进度',
    importProgress: '导入进度',
    resetProgress: '清除进度',
    resetConfirm: '确定清除本浏览器中的全部学习进度吗？',
    imported: '进度已导入。',
    importRefused: '这个文件没有导入：',
    progressReplaced: '本浏览器中保存的进度无法读取，已换成空白记录（旧数据另行保留）。原因：',
    present: '演示',
    stopPresenting: '退出演示',
    notesWindow: '讲稿窗口',
    frozen: '已冻结：按 F 继续',
    next: '下一节',
    end: '本章结束',
    elapsed: '已用时间',
  },
};

const $ = (sel) => document.querySelector(sel);
const shell = {
  lang: 'en',
  index: [],
  module: null,
  modulePromise: null,
  lessonId: null,      // the chapter shown
  labName: null,       // the lab open in the module
  check: null,         // the validator's answer for the shown lesson
  section: null,
  lastPreset: '',
  poll: null,
};

const t = (key) => STRINGS[shell.lang][key] || STRINGS.en[key] || key;

// URL state: #lesson=ID&section=S&lang=L&preset=JSON ------------------------------------------
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { lesson: p.get('lesson'), section: p.get('section'), lang: p.get('lang'), preset: p.get('preset') };
}

function writeHash(fields) {
  const p = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of Object.entries(fields)) {
    if (v === null || v === undefined || v === '') p.delete(k); else p.set(k, v);
  }
  const hash = p.toString();
  history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
}

// Language ------------------------------------------------------------------------------------
function initialLang() {
  const fromUrl = readHash().lang;
  if (fromUrl === 'zh' || fromUrl === 'en') return fromUrl;
  const saved = localStorage.getItem('course.lang');
  if (saved === 'zh' || saved === 'en') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function setLang(lang) {
  if (lang !== 'zh' && lang !== 'en') return;
  shell.lang = lang;
  localStorage.setItem('course.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  document.title = t('brand');
  document.dispatchEvent(new CustomEvent('course:lang'));
  if (shell.module) shell.module.ccall('course_set_lang', null, ['string'], [lang]);
}

// The wasm module -------------------------------------------------------------------------------
function loadModule() {
  if (shell.modulePromise) return shell.modulePromise;
  shell.modulePromise = new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'course.js';
    script.onerror = () => reject(new Error('course.js did not load'));
    script.onload = () => {
      window.createCourseModule({
        canvas: $('#canvas'),
        print: (s) => console.log(s),
        printErr: (s) => console.warn(s),
      }).then((m) => {
        shell.module = m;
        m.ccall('course_set_visible', null, ['number'], [$('#lesson').hidden ? 0 : 1]);
        m.ccall('course_set_lang', null, ['string'], [shell.lang]);
        if (presenter.on) m.ccall('course_set_ui_scale', null, ['number'], [PRESENTER_SCALE]);
        resolve(m);
      }, reject);
    };
    document.head.appendChild(script);
  });
  return shell.modulePromise;
}

// Every bridge call: JSON text in, JSON text out.
function call(fn, ...args) {
  return JSON.parse(shell.module.ccall(fn, 'string', args.map(() => 'string'), args));
}

// Views ---------------------------------------------------------------------------------------
function show(view) {
  $('#home').hidden = view !== 'home';
  $('#lesson').hidden = view !== 'lesson';
  // SDL follows the canvas's CSS size on window resize events.
  if (view === 'lesson') window.dispatchEvent(new Event('resize'));
  if (shell.module) shell.module.ccall('course_set_visible', null, ['number'], [view === 'lesson' ? 1 : 0]);
}

const escapeHtml = (s) => window.mdMath.escapeHtml(String(s));

function showHome() {
  stopPolling();
  show('home');
  const prog = window.progress.get();
  const list = $('#chapters');
  list.innerHTML = '';
  shell.index.forEach((ch) => {
    const l = ch.langs[shell.lang] || Object.values(ch.langs)[0];
    const visited = (prog.lessons[ch.id] || { visited: [] }).visited;
    const li = document.createElement('li');
    li.className = 'chapter' + (l.problems.length ? ' broken' : '');
    const sections = l.sections.map((s) => {
      const seen = visited.includes(s.id);
      return `<li class="${seen ? 'seen' : ''}"><a href="#lesson=${encodeURIComponent(ch.id)}&section=${s.id}&lang=${shell.lang}">` +
        `${escapeHtml(s.title)}</a>${seen ? ' <span class="tick" aria-label="visited">✓</span>' : ''}</li>`;
    }).join('');
    const done = l.sections.filter((s) => visited.includes(s.id)).length;
    const passed = Object.keys((prog.lessons[ch.id] || {}).exercises || {}).length;
    li.innerHTML =
      `<a class="chapter-link" href="#lesson=${encodeURIComponent(ch.id)}&lang=${shell.lang}">` +
      `<span class="title">${escapeHtml(l.title || ch.id)}</span></a>` +
      (l.problems.length
        ? `<p class="problem">${escapeHtml(t('hasProblems'))}</p><pre>${escapeHtml(l.problems.join('\n'))}</pre>`
        : `<p class="meter"><progress max="${l.sections.length}" value="${done}"></progress> ` +
          `<span class="count">${done} / ${l.sections.length} ${escapeHtml(t('visited'))}</span>` +
          (passed ? ` <span class="passed">· ${passed} ${escapeHtml(t('exercisesPassed'))}</span>` : '') + '</p>' +
          `<ol class="sections">${sections}</ol>`);
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
    cont.textContent = `${t('continue')}${shell.lang === 'zh' ? '：' : ': '}${l.title}${sec ? ' · ' + sec.title : ''}`;
  }
  const problem = window.progress.takeProblem();
  if (problem) say(`${t('progressReplaced')} ${problem}`);
}

// A short message at the top of the home page (progress import/export results and problems).
function say(text) {
  const el = $('#home-notice');
  el.textContent = text;
  el.hidden = !text;
}

function exportProgress() {
  const blob = new Blob([window.progress.exportText()], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'course-progress.json';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function importProgress(file) {
  const why = window.progress.importText(await file.text());
  showHome();
  say(why ? `${t('importRefused')} ${why}` : t('imported'));
}

async function showLesson(id, section, urlPreset) {
  show('lesson');
  const chapter = shell.index.find((c) => c.id === id);
  const prose = $('#prose');
  if (!chapter) {
    prose.innerHTML = `<p class="problem">${escapeHtml(t('notFound'))} “${escapeHtml(id)}”.</p><p><a href="#">${escapeHtml(t('home'))}</a></p>`;
    return;
  }
  const lang = chapter.langs[shell.lang] ? shell.lang : Object.keys(chapter.langs)[0];
  const file = `lessons/${id}/lesson.${lang}.md`;
  prose.innerHTML = `<p class="loading">${escapeHtml(t('loading'))}</p>`;
  $('#lab-status').textContent = t('loadingLab');

  let text, check;
  try {
    const [res] = await Promise.all([fetch(file), loadModule()]);
    if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
    text = await res.text();
    check = call('course_check_lesson', text);
  } catch (e) {
    prose.innerHTML = `<p class="problem">${escapeHtml(t('wasmFailed'))}</p><pre>${escapeHtml(e.message || e)}</pre>`;
    return;
  }
  if (check.problems.length) {
    const items = check.problems.map((p) => `<li><code>${escapeHtml(`${file}:${p.line}: ${p.what}`)}</code></li>`).join('');
    prose.innerHTML =
      `<div class="lesson-error" role="alert"><h2>${escapeHtml(t('hasProblems'))}</h2>` +
      `<p>${escapeHtml(t('problemsHere'))}</p><ul class="problems">${items}</ul>` +
      `<p><a href="#">${escapeHtml(t('home'))}</a></p></div>`;
    $('#toc').innerHTML = '';
    $('#lesson').classList.add('no-lab');
    return;
  }
  $('#lesson').classList.remove('no-lab');
  shell.check = check;
  renderLesson(text, check, lang !== shell.lang);

  // Open the lab once per chapter; a language switch keeps it (and its training) as it is.
  const notice = $('#notice');
  notice.hidden = true;
  if (shell.lessonId !== id || shell.labName !== check.lab) {
    let r = { ok: false };
    if (urlPreset) {
      r = call('course_open', check.lab, urlPreset);
      if (!r.ok) {
        notice.textContent = `${t('presetRefused')} ${r.error}`;
        notice.hidden = false;
      }
    }
    if (!r.ok) r = call('course_open', check.lab, JSON.stringify(check.preset));
    shell.lessonId = id;
    shell.labName = r.ok ? check.lab : null;
    $('#canvas').setAttribute('aria-label', `${t('labLabel')}: ${check.lab}`);
    shell.lastPreset = '';
  } else if (urlPreset && urlPreset !== shell.lastPreset) {
    // Same chapter, another preset (a pasted link): apply it, or say why not.
    const r = call('course_configure', urlPreset);
    if (!r.ok) {
      notice.textContent = `${t('linkRefused')} ${r.error}`;
      notice.hidden = false;
    }
  }
  window.progress.visit(id, null, shell.lang);
  scrollToSection(section);
  startPolling();
}

function renderLesson(text, check, fallbackLang) {
  const md = window.markdownit({ html: false, linkify: true, typographer: false });
  md.use(window.mdMath.plugin, { runLabel: t('run') });
  const body = text.split('\n').slice(check.body_line - 1).join('\n');
  const prose = $('#prose');
  prose.innerHTML = (fallbackLang ? `<p class="notice">${escapeHtml(t('noLang'))}</p>` : '') +
    `<h1>${escapeHtml(check.title)}</h1>` + md.render(body);
  for (const b of prose.querySelectorAll('button.run')) b.addEventListener('click', () => runBlock(b));
  const toc = $('#toc');
  toc.innerHTML = check.sections
    .map((s) => `<li><a href="#" data-goto="${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  for (const a of toc.querySelectorAll('a')) {
    a.addEventListener('click', (e) => { e.preventDefault(); scrollToSection(a.dataset.goto, true); });
  }
  watchSections();
}

function runBlock(button) {
  const r = call('course_configure', button.dataset.preset);
  const old = button.parentElement.querySelector('.run-error');
  if (old) old.remove();
  if (!r.ok) {
    const p = document.createElement('p');
    p.className = 'run-error';
    p.setAttribute('role', 'alert');
    p.textContent = `${t('runRefused')} ${r.error}`;
    button.parentElement.appendChild(p);
    return;
  }
  call('course_command', 'play');
  const h = button.closest('article').querySelectorAll('h2[data-section]');
  let section = null;
  for (const el of h) if (el.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING) section = el.dataset.section;
  if (section) setSection(section);
}

// Sections: the URL follows the heading the reader is at -----------------------------------------
function setSection(id) {
  shell.section = id;
  writeHash({ section: id });
  if (shell.lessonId) window.progress.visit(shell.lessonId, id, shell.lang);
  document.dispatchEvent(new CustomEvent('course:section'));
  for (const a of document.querySelectorAll('#toc a')) a.classList.toggle('current', a.dataset.goto === id);
}

let navigatedAt = 0;  // an explicit jump wins over the scroll observer for a moment
const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
function scrollToSection(id, smooth) {
  smooth = smooth && !reduceMotion.matches;
  const el = id && document.getElementById('sec-' + id);
  if (el) {
    navigatedAt = Date.now();
    // Scroll the text column only: scrollIntoView would also nudge the page and hide the lab's top.
    const box = $('#prose-scroll');
    if (getComputedStyle(box).overflowY === 'auto') {
      box.scrollTo({ top: el.offsetTop - 8, behavior: smooth ? 'smooth' : 'auto' });
    } else {
      el.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
    }
    setSection(id);
  } else {
    $('#prose-scroll').scrollTop = 0;
  }
}

let sectionObserver = null;
function watchSections() {
  if (sectionObserver) sectionObserver.disconnect();
  sectionObserver = new IntersectionObserver((entries) => {
    if (Date.now() - navigatedAt < 1500) return;  // a short lesson cannot scroll its last section to the top
    for (const e of entries) if (e.isIntersecting) setSection(e.target.dataset.section);
  }, { root: null, rootMargin: '0px 0px -70% 0px' });
  for (const h of document.querySelectorAll('#prose h2[data-section]')) sectionObserver.observe(h);
}

// Live values: a few times a second, read the lab's state into the formulas ----------------------
function formatValue(v) {
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

const stepText = (n) => (shell.lang === 'zh' ? `第 ${n} 步` : `step ${n}`);

function lookup(state, key) {
  let cur = state;
  for (const part of key.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[part];
  }
  return cur;
}

function refresh() {
  if (!shell.module || !shell.labName) return;
  const s = call('course_status');
  if (!s.state) return;
  for (const el of document.querySelectorAll('#prose [data-live]')) {
    const v = lookup(s.state, el.dataset.live);
    const text = v === undefined ? '?' : formatValue(v);
    if (el.textContent !== text) el.textContent = text;
  }
  const status = `${stepText(s.steps)} · ${s.running ? t('training') : t('paused')}` +
    (typeof s.state.loss === 'number' ? ` · loss ${formatValue(s.state.loss)}` : '') +
    (s.alert ? ` · ${s.alert}` : '');
  if ($('#lab-status').textContent !== status) $('#lab-status').textContent = status;
  const toggle = $('#lab-toggle');
  const label = s.running ? t('pause') : t('train');
  if (toggle.textContent !== label) toggle.textContent = label;
  toggle.setAttribute('aria-pressed', String(!!s.running));
  announce(s);
  const preset = JSON.stringify(s.preset);
  if (preset !== shell.lastPreset) {
    shell.lastPreset = preset;
    writeHash({ preset });
  }
}

// For screen readers: a summary when training starts, pauses or stops with a message, and every
// ten seconds while it runs; not four times a second.
let lastAnnounce = { running: null, alert: '', at: 0 };
function announce(s) {
  const now = Date.now();
  const changed = s.running !== lastAnnounce.running || s.alert !== lastAnnounce.alert;
  if (!changed && !(s.running && now - lastAnnounce.at > 10000)) return;
  lastAnnounce = { running: s.running, alert: s.alert, at: now };
  const acc = typeof s.state.accuracy === 'number' ? ` · accuracy ${formatValue(s.state.accuracy)}` : '';
  $('#lab-live').textContent = `${t('labLabel')} ${s.lab}: ${stepText(s.steps)}, ${s.running ? t('training') : t('paused')}` +
    (typeof s.state.loss === 'number' ? `, loss ${formatValue(s.state.loss)}` : '') + acc + (s.alert ? `. ${s.alert}` : '');
}

function startPolling() {
  stopPolling();
  refresh();
  shell.poll = setInterval(refresh, 250);
}

function stopPolling() {
  if (shell.poll) clearInterval(shell.poll);
  shell.poll = null;
}

// Routing -------------------------------------------------------------------------------------
function route() {
  const h = readHash();
  if (h.lang && h.lang !== shell.lang) setLang(h.lang);
  if (h.lesson) showLesson(h.lesson, h.section, h.preset);
  else showHome();
}

async function main() {
  setLang(initialLang());
  if (isNotesView()) return startNotesView();  // presenter.js: the second window follows the first
  initPresenter();
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.addEventListener('click', () => {
      setLang(b.dataset.lang);
      writeHash({ lang: shell.lang });
      const h = readHash();
      if (h.lesson) showLesson(h.lesson, shell.section || h.section, null); else showHome();
    });
  }
  const canvas = $('#canvas');
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  // SDL cancels mousedown's default action, which would have focused the canvas: focus it
  // ourselves, so the lab's keys work after a click on it.
  canvas.addEventListener('pointerdown', () => canvas.focus({ preventScroll: true }));
  new ResizeObserver(() => window.dispatchEvent(new Event('resize'))).observe($('#lab-frame'));
  $('#export-progress').addEventListener('click', exportProgress);
  // The lab's main controls also exist in HTML, for the keyboard and screen readers.
  const command = (cmd) => { if (shell.module && shell.labName) { call('course_command', cmd); refresh(); } };
  $('#lab-toggle').addEventListener('click', () => command('toggle'));
  $('#lab-step').addEventListener('click', () => command('step'));
  $('#lab-reset').addEventListener('click', () => command('reset'));
  $('#import-progress').addEventListener('change', (e) => { if (e.target.files[0]) importProgress(e.target.files[0]); e.target.value = ''; });
  $('#reset-progress').addEventListener('click', () => {
    if (confirm(t('resetConfirm'))) { window.progress.reset(); showHome(); }
  });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('offline use unavailable:', e.message));
  }
  try {
    const res = await fetch('lessons/index.json');
    shell.index = await res.json();
  } catch (e) {
    shell.index = [];
  }
  window.addEventListener('hashchange', route);
  route();
}

// After every script of the page has run (presenter.js comes after this file).
window.addEventListener('DOMContentLoaded', main);
