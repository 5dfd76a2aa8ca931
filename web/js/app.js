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
    exercise: 'Exercise',
    yourAnswer: 'Your answer',
    check: 'Check',
    hint: 'Hint',
    notYet: 'Not yet',
    notYetAuto: 'Not yet · checked as the lab trains',
    passed: 'Passed',
    failedClause: '{key} is {value}, needs {op} {target}.',
    failedMissing: 'The lab has no value {key} right now.',
    failedAnswer: '{typed} is not close enough to the lab’s value (allowed difference {tol}).',
    failedTyped: '“{text}” is not a number.',
    noAnswer: 'Type a number first.',
    failedLab: 'This exercise needs the {lab} lab.',
    labNotOpen: 'Shown when this section’s lab ({lab}) is open: scroll here.',
    noValue: 'The lab has no such value in its current setup (a run block of this section sets it up).',
    'key.step': 'the step count',
    'key.loss': 'the cost',
    'key.accuracy': 'the accuracy',
    'key.lr': 'the learning rate',
    'key.train_loss': 'the training loss',
    'key.test_loss': 'the test loss',
    'key.train_acc': 'the training accuracy',
    'key.test_acc': 'the test accuracy',
    labTools: 'Model and data',
    exportModel: 'Export model',
    importModel: 'Import model',
    yourData: 'Your data',
    dataLabel: 'Paste points, one per line: x1, x2, label. x1 and x2 lie between −6 and 6; the label is a class number 0, 1, …',
    useData: 'Train on these points',
    exampleData: 'Fill in an example',
    dataUsed: '{n} points: {train} for training, {test} for testing.',
    modelSaved: 'Saved {file}.',
    modelImported: 'Model loaded: the network has the imported weights (step 0).',
    importFailed: 'The model was not imported:',
    dataRefused: 'The points were not used:',
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
    exercise: '练习',
    yourAnswer: '你的答案',
    check: '检查',
    hint: '提示',
    notYet: '尚未通过',
    notYetAuto: '尚未通过 · 实验训练时自动检查',
    passed: '已通过',
    failedClause: '{key}现在是 {value}，需要 {op} {target}。',
    failedMissing: '实验现在没有 {key} 这个值。',
    failedAnswer: '{typed} 与实验中的值相差太多（允许的误差是 {tol}）。',
    failedTyped: '“{text}”不是一个数。',
    noAnswer: '请先输入一个数。',
    failedLab: '这道练习要用 {lab} 实验。',
    labNotOpen: '读到这一节、它的实验（{lab}）打开时显示。',
    noValue: '实验当前的设置里没有这个值（本节的运行按钮会设置好）。',
    'key.step': '步数',
    'key.loss': '代价',
    'key.accuracy': '准确率',
    'key.lr': '学习率',
    'key.train_loss': '训练损失',
    'key.test_loss': '测试损失',
    'key.train_acc': '训练准确率',
    'key.test_acc': '测试准确率',
    labTools: '模型与数据',
    exportModel: '导出模型',
    importModel: '导入模型',
    yourData: '你的数据',
    dataLabel: '粘贴数据点，每行一个：x1, x2, 类别。x1 和 x2 在 −6 到 6 之间；类别是编号 0, 1, …',
    useData: '用这些点训练',
    exampleData: '填入示例',
    dataUsed: '共 {n} 个点：{train} 个用于训练，{test} 个用于测试。',
    modelSaved: '已保存 {file}。',
    modelImported: '模型已载入：网络使用导入的权重（第 0 步）。',
    importFailed: '模型没有导入：',
    dataRefused: '这些点没有被使用：',
  },
};

const $ = (sel) => document.querySelector(sel);
const shell = {
  lang: 'en',
  index: [],
  module: null,
  modulePromise: null,
  lessonId: null,      // the chapter shown
  labName: null,       // the lab open in the module (one of the chapter's labs)
  seeded: new Set(),   // the labs this chapter has opened (each keeps its state when we switch away)
  check: null,         // the validator's answer for the shown lesson
  section: null,
  lastPreset: '',
  poll: null,
  lastStatus: null,    // the last course_status answer
};

const t = (key) => STRINGS[shell.lang][key] || STRINGS.en[key] || key;
// t() with {name} fields filled in.
const tf = (key, fields) => t(key).replace(/\{(\w+)\}/g, (m, k) => (k in fields ? fields[k] : m));

// URL state: #lesson=ID&section=S&lang=L&lab=NAME&preset=JSON ---------------------------------
// The preset always describes the open lab, named by `lab` (absent in old links: the header's lab).
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { lesson: p.get('lesson'), section: p.get('section'), lang: p.get('lang'), lab: p.get('lab'), preset: p.get('preset') };
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

// The validator reads the file's bytes, so a file that is not UTF-8 is reported by line.
function checkLesson(bytes) {
  const m = shell.module;
  const ptr = m._malloc(Math.max(1, bytes.length));
  m.HEAPU8.set(bytes, ptr);
  try {
    return JSON.parse(m.ccall('course_check_lesson', 'string', ['number', 'number'], [ptr, bytes.length]));
  } finally {
    m._free(ptr);
  }
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
    const passedIds = Object.keys((prog.lessons[ch.id] || {}).exercises || {});
    const total = (l.exercises || []).length;
    const passed = total ? passedIds.filter((e) => l.exercises.includes(e)).length : passedIds.length;
    li.innerHTML =
      `<a class="chapter-link" href="#lesson=${encodeURIComponent(ch.id)}&lang=${shell.lang}">` +
      `<span class="title">${escapeHtml(l.title || ch.id)}</span></a>` +
      (l.problems.length
        ? `<p class="problem">${escapeHtml(t('hasProblems'))}</p><pre>${escapeHtml(l.problems.join('\n'))}</pre>`
        : `<p class="meter"><progress max="${l.sections.length}" value="${done}"></progress> ` +
          `<span class="count">${done} / ${l.sections.length} ${escapeHtml(t('visited'))}</span>` +
          (passed || total ? ` <span class="passed">· ${passed}${total ? ' / ' + total : ''} ${escapeHtml(t('exercisesPassed'))}</span>` : '') + '</p>' +
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

async function showLesson(id, section, urlPreset, urlLab) {
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
    const bytes = new Uint8Array(await res.arrayBuffer());
    check = checkLesson(bytes);
    text = new TextDecoder().decode(bytes);
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
  const notice = $('#notice');
  notice.hidden = true;
  const refused = (what, error) => { notice.textContent = `${t(what)} ${error}`; notice.hidden = false; };
  const labs = new Set([check.lab, ...check.sections.map((s) => s.lab)]);
  const linkLab = urlLab && labs.has(urlLab) ? urlLab : check.lab;

  if (shell.lessonId !== id) {
    // Another chapter: its labs start from its own presets.
    call('course_close', '');
    shell.seeded = new Set();
    shell.labName = null;
    shell.lessonId = id;
    shell.lastPreset = '';
    if (urlPreset) {
      const r = call('course_open', linkLab, urlPreset);
      if (r.ok) { shell.seeded.add(linkLab); setOpenLab(linkLab); } else refused('presetRefused', r.error);
    }
  } else if (urlPreset && (urlPreset !== shell.lastPreset || linkLab !== shell.labName)) {
    // Same chapter, another preset (a pasted link): apply it to its lab, or say why not.
    const r = call('course_open', linkLab, urlPreset);
    if (r.ok) { shell.seeded.add(linkLab); setOpenLab(linkLab); } else refused('linkRefused', r.error);
  }
  renderLesson(text, check, lang !== shell.lang);
  window.progress.visit(id, null, shell.lang);
  const target = check.sections.some((s) => s.id === section) ? section : null;
  // The lab of the section the reader lands on (a link's preset for another lab waits in that lab).
  ensureLab(labOf(target), target);
  scrollToSection(target);
  startPolling();
}

// Labs: each section uses one; the shell opens it when the reader gets there -----------------------
// The lab a section uses (null: the introduction, which uses the header's lab).
function labOf(sectionId) {
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
function ensureLab(lab, sectionId) {
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
  $('#canvas').setAttribute('aria-label', `${t('labLabel')}: ${lab}`);
  $('#lab-name').textContent = lab;
  document.dispatchEvent(new CustomEvent('course:lab'));
  if (shell.poll) refresh();
}

function renderLesson(text, check, fallbackLang) {
  const md = window.markdownit({ html: false, linkify: true, typographer: false });
  md.use(window.mdMath.plugin, { runLabel: t('run'), t });
  const body = text.split('\n').slice(check.body_line - 1).join('\n');
  const prose = $('#prose');
  prose.innerHTML = (fallbackLang ? `<p class="notice">${escapeHtml(t('noLang'))}</p>` : '') +
    `<h1>${escapeHtml(check.title)}</h1>` + md.render(body);
  // Everything in the text belongs to a section, and through it to a lab.
  let section = '', lab = check.lab;
  for (const el of prose.children) {
    if (el.matches('h2[data-section]')) {
      section = el.dataset.section;
      lab = labOf(section);
    }
    el.dataset.inSection = section;
    for (const live of el.querySelectorAll('[data-live]')) live.dataset.lab = lab;
    for (const card of el.matches('section.exercise') ? [el] : el.querySelectorAll('section.exercise')) initExercise(card, section, lab);
  }
  for (const b of prose.querySelectorAll('button.run')) b.addEventListener('click', () => runBlock(b));
  const toc = $('#toc');
  toc.innerHTML = check.sections
    .map((s) => `<li><a href="#" data-goto="${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  for (const a of toc.querySelectorAll('a')) {
    a.addEventListener('click', (e) => { e.preventDefault(); scrollToSection(a.dataset.goto, true); });
  }
  watchSections();
  markScrollable();
}

// A formula or code block wider than the column scrolls sideways: make it reachable by keyboard.
function markScrollable() {
  for (const el of document.querySelectorAll('#prose .math-display, #prose pre')) {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute('tabindex', '0');
    else el.removeAttribute('tabindex');
  }
}

function sectionOf(el) {
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
  refresh();
}

// Exercises: a card per ```exercise block, checked in C++ against the lab's state ---------------------
function exerciseData(id) {
  return shell.check.exercises.find((e) => e.id === id);
}

function initExercise(card, section, lab) {
  const ex = exerciseData(card.dataset.exercise);
  if (!ex) return;
  card.dataset.lab = lab;
  card.dataset.auto = String(!!ex.check && !ex.answer);
  const passed = ((window.progress.get().lessons[shell.lessonId] || {}).exercises || {})[ex.id];
  if (passed) showPassed(card);
  const input = card.querySelector('.ex-answer');
  card.querySelector('.ex-check').addEventListener('click', () => checkExercise(card, true));
  if (input) input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); checkExercise(card, true); } });
  const hintButton = card.querySelector('.ex-hint-button');
  hintButton.addEventListener('click', () => {
    const hint = card.querySelector('.ex-hint');
    hint.hidden = !hint.hidden;
    hintButton.setAttribute('aria-expanded', String(!hint.hidden));
  });
}

// Asks C++ whether the exercise holds now. `byLearner`: a click (switch to the exercise's lab,
// and explain a failure); otherwise the quiet poll of check-only exercises.
function checkExercise(card, byLearner) {
  const ex = exerciseData(card.dataset.exercise);
  if (!ex || !shell.module) return null;
  if (byLearner) {
    ensureLab(ex.lab, ex.section || null);
    if (ex.section && ex.section !== shell.section) setSection(ex.section);
  }
  const input = card.querySelector('.ex-answer');
  const request = { lab: ex.lab, check: ex.check, answer: ex.answer ? `${ex.answer.key} ${ex.answer.tol}` : '' };
  if (input) request.typed = input.value;
  const v = call('course_check', JSON.stringify(request));
  if (v.pass) {
    if (card.dataset.state !== 'passed') {
      window.progress.passExercise(shell.lessonId, ex.id);
      showPassed(card);
    }
    card.querySelector('.ex-why').hidden = true;
  } else if (byLearner) {
    showFailure(card, v);
  }
  return v;
}

function showPassed(card) {
  card.dataset.state = 'passed';
  const status = card.querySelector('.ex-status');
  status.dataset.state = 'passed';
  status.querySelector('.ex-mark').textContent = '✓';
  status.querySelector('.ex-status-text').textContent = t('passed');
}

// A failed check: the reason in the learner's language, and the hint.
function showFailure(card, v) {
  const why = card.querySelector('.ex-why');
  why.innerHTML = failureText(v.failed || {}, v.why);
  why.hidden = false;
  const hint = card.querySelector('.ex-hint');
  hint.hidden = false;
  card.querySelector('.ex-hint-button').setAttribute('aria-expanded', 'true');
  if (card.dataset.state !== 'passed') {
    const status = card.querySelector('.ex-status');
    status.dataset.state = 'failed';
    status.querySelector('.ex-mark').textContent = '✗';
    status.querySelector('.ex-status-text').textContent = t('notYet');
  }
  // Restart the highlight, so a second failed attempt is seen too.
  card.classList.remove('shake');
  void card.offsetWidth;
  card.classList.add('shake');
}

const OPS = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '==': '=', '!=': '≠' };
// A state key in words when the shell knows it ("the test accuracy"), else as code.
function keyHtml(key) {
  const words = STRINGS[shell.lang]['key.' + key];
  return words ? escapeHtml(words) : `<code>${escapeHtml(key)}</code>`;
}
function failureText(f, fallback) {
  const num = (v) => escapeHtml(formatValue(v));
  const cap = (html) => (shell.lang === 'en' ? html.replace(/^the /, 'The ') : html);
  switch (f.kind) {
    case 'clause':
      return cap(tf('failedClause', { key: keyHtml(f.key), value: num(f.value), op: OPS[f.op] || escapeHtml(f.op),
        target: f.target_key ? `${keyHtml(f.target_key)} (${num(f.target)})` : num(f.target) }));
    case 'missing': return tf('failedMissing', { key: `<code>${escapeHtml(f.key)}</code>` });
    case 'answer': return tf('failedAnswer', { typed: num(f.typed), tol: num(f.tol) });
    case 'typed': return tf('failedTyped', { text: escapeHtml(f.text) });
    case 'no_answer': return escapeHtml(t('noAnswer'));
    case 'lab': return tf('failedLab', { lab: escapeHtml(f.lab) });
    default: return escapeHtml(fallback || '');
  }
}

// Check-only exercises of the section being read pass by themselves the first time they hold.
function pollExercises() {
  if (!shell.section) return;
  for (const card of document.querySelectorAll('#prose section.exercise[data-auto="true"]:not([data-state="passed"])')) {
    if (card.dataset.lab === shell.labName && sectionOf(card) === shell.section) checkExercise(card, false);
  }
}

// Sections: the URL follows the heading the reader is at -----------------------------------------
function setSection(id) {
  shell.section = id || null;
  writeHash({ section: id || null });
  if (shell.lessonId) window.progress.visit(shell.lessonId, id, shell.lang);
  if (shell.check) ensureLab(labOf(id), id);
  document.dispatchEvent(new CustomEvent('course:section'));
  for (const a of document.querySelectorAll('#toc a')) a.classList.toggle('current', a.dataset.goto === id);
}

let navigatedAt = 0;  // an explicit jump wins over scrolling for a moment
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

// The section being read: the last heading in the top 30% of the reading pane (none above the
// first heading: the introduction). Only a change counts, so a run button clicked lower down keeps
// its section until the reader scrolls into another one.
function sectionAtTop() {
  const box = $('#prose-scroll');
  const pane = getComputedStyle(box).overflowY === 'auto'
    ? box.getBoundingClientRect()
    : { top: $('.topbar').getBoundingClientRect().bottom, height: window.innerHeight };
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

function watchSections() {
  scrolledSection = undefined;
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
  shell.lastStatus = s;
  if (!s.state) return;
  // Values of another section's lab are not known now: a dash.
  for (const el of document.querySelectorAll('#prose [data-live]')) {
    const open = el.dataset.lab === s.lab;
    const v = open ? lookup(s.state, el.dataset.live) : undefined;
    const text = v === undefined ? '—' : formatValue(v);
    if (el.textContent !== text) el.textContent = text;
    // Why a dash: another section's lab, or a value the lab's current setup does not have.
    const why = open ? (v === undefined ? t('noValue') : '') : tf('labNotOpen', { lab: el.dataset.lab });
    if ((el.title || '') !== why) {
      el.classList.toggle('idle', !!why);
      if (why) el.title = why; else el.removeAttribute('title');
    }
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
  updateLabTools(s);
  pollExercises();
  const preset = JSON.stringify(s.preset);
  if (preset !== shell.lastPreset) {
    shell.lastPreset = preset;
    writeHash({ lab: s.lab, preset });
  }
}

// Under the lab, for the mlp lab: export and import the trained model, and the learner's own data --------
function updateLabTools(s) {
  const tools = $('#lab-tools');
  const on = s.lab === 'mlp';
  if (tools.hidden === on) {
    tools.hidden = !on;
    if (!on) { $('#data-panel').hidden = true; $('#data-toggle').setAttribute('aria-expanded', 'false'); }
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

function download(name, text) {
  const blob = new Blob([text], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
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
  if (h.lesson) showLesson(h.lesson, h.section, h.preset, h.lab);
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
  let scrollableTimer = 0;
  window.addEventListener('resize', () => { clearTimeout(scrollableTimer); scrollableTimer = setTimeout(markScrollable, 200); });
  $('#export-progress').addEventListener('click', exportProgress);
  // The lab's main controls also exist in HTML, for the keyboard and screen readers.
  const command = (cmd) => { if (shell.module && shell.labName) { call('course_command', cmd); refresh(); } };
  $('#lab-toggle').addEventListener('click', () => command('toggle'));
  $('#lab-step').addEventListener('click', () => command('step'));
  $('#lab-reset').addEventListener('click', () => command('reset'));
  $('#model-export').addEventListener('click', exportModel);
  $('#model-import').addEventListener('change', (e) => { if (e.target.files[0]) importModel(e.target.files[0]); e.target.value = ''; });
  $('#data-toggle').addEventListener('click', () => {
    const panel = $('#data-panel');
    panel.hidden = !panel.hidden;
    $('#data-toggle').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) $('#data-csv').focus();
  });
  $('#data-use').addEventListener('click', useData);
  $('#data-example').addEventListener('click', () => { $('#data-csv').value = EXAMPLE_CSV; });
  $('#prose-scroll').addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('scroll', onScroll, { passive: true });
  $('#import-progress').addEventListener('change', (e) => { if (e.target.files[0]) importProgress(e.target.files[0]); e.target.value = ''; });
  $('#reset-progress').addEventListener('click', () => {
    if (confirm(t('resetConfirm'))) { window.progress.reset(); showHome(); }
  });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('offline use unavailable:', e.message));
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

// After every script of the page has run (presenter.js comes after this file).
window.addEventListener('DOMContentLoaded', main);
