// The shell's own words in both languages, and the learner's language: t(key) and tf(key, fields)
// look words up; setLang() switches the page (and the labs, through the module) to a language.
import { shell } from './state.js';
import { readHash } from './bridge.js';

export const STRINGS = {
  en: {
    brand: 'AI models, seen working',
    brandShort: 'AI models',
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
    stepN: 'step {n}',
    training: 'training',
    paused: 'paused',
    train: 'Train',
    pause: 'Pause',
    stepOnce: 'Step',
    reset: 'Reset',
    hide: 'Hide',
    show: 'Show',
    hideLab: 'Hide the lab',
    showLab: 'Show the lab',
    labCanvas: 'Lab: {lab}',
    labLive: 'Lab “{lab}”: {status}',
    dataLoading: 'Loading the lab’s data, {file}: {got} of {total} KB',
    dataLoadingSoFar: 'Loading the lab’s data, {file}: {got} KB',
    dataFailed: 'The lab’s data ({file}) did not load: {why}. Nothing is lost: try again.',
    retry: 'Retry',
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
    progressReplaced: 'The progress saved in this browser could not be read and was replaced by an empty ' +
      'record (the old data is kept aside). Reason:',
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
    failedClause: 'The {key} is {value}, needs {op} {target}.',
    failedTargetKey: 'the {key} ({value})',
    failedMissing: 'The lab has no value {key} right now.',
    failedAnswer: '{typed} is not close enough to the lab’s value (allowed difference {tol}).',
    failedTyped: '“{text}” is not a number.',
    noAnswer: 'Type a number first.',
    failedLab: 'This exercise needs the lab “{lab}”.',
    labNotOpen: 'Shown when this section’s lab, “{lab}”, is open: scroll here.',
    noValue: 'The lab has no such value in its current setup (a run block of this section sets it up).',
    labTools: 'Model and data',
    exportModel: 'Export model',
    importModel: 'Import model',
    yourData: 'Your data',
    useData: 'Use this data',
    exampleData: 'Fill in an example',
    modelSaved: 'Saved {file}.',
    modelImported: 'Model loaded: the network has the imported weights (step 0).',
    importFailed: 'The model was not imported:',
    dataRefused: 'The data was not used:',
  },
  zh: {
    brand: 'AI 大模型，看得见的原理',
    brandShort: 'AI 大模型',
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
    stepN: '第 {n} 步',
    training: '训练中',
    paused: '已暂停',
    train: '训练',
    pause: '暂停',
    stepOnce: '单步',
    reset: '重置',
    hide: '收起',
    show: '展开',
    hideLab: '收起实验',
    showLab: '展开实验',
    labCanvas: '实验：{lab}',
    labLive: '实验“{lab}”：{status}',
    dataLoading: '正在加载实验数据 {file}：{got} / {total} KB',
    dataLoadingSoFar: '正在加载实验数据 {file}：已收到 {got} KB',
    dataFailed: '实验数据（{file}）没有加载成功：{why}。没有任何损失，请重试。',
    retry: '重试',
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
    failedTargetKey: '{key}（{value}）',
    failedMissing: '实验现在没有 {key} 这个值。',
    failedAnswer: '{typed} 与实验中的值相差太多（允许的误差是 {tol}）。',
    failedTyped: '“{text}”不是一个数。',
    noAnswer: '请先输入一个数。',
    failedLab: '这道练习要用实验“{lab}”。',
    labNotOpen: '读到这一节、它的实验“{lab}”打开时显示。',
    noValue: '实验当前的设置里没有这个值（本节的运行按钮会设置好）。',
    labTools: '模型与数据',
    exportModel: '导出模型',
    importModel: '导入模型',
    yourData: '你的数据',
    useData: '使用这些数据',
    exampleData: '填入示例',
    modelSaved: '已保存 {file}。',
    modelImported: '模型已载入：网络使用导入的权重（第 0 步）。',
    importFailed: '模型没有导入：',
    dataRefused: '这些数据没有被使用：',
  },
};

export function t(key) {
  return STRINGS[shell.lang][key] || STRINGS.en[key] || key;
}

// A lab's words ({"en": ..., "zh": ...}, from course_labs) in the learner's language.
export function words(pair) {
  return pair ? pair[shell.lang] || pair.en || '' : '';
}

// t() with {name} fields filled in.
export function tf(key, fields) {
  return t(key).replace(/\{(\w+)\}/g, (m, k) => (k in fields ? fields[k] : m));
}

export function initialLang() {
  const fromUrl = readHash().lang;
  if (fromUrl === 'zh' || fromUrl === 'en') return fromUrl;
  const saved = localStorage.getItem('course.lang');
  if (saved === 'zh' || saved === 'en') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLang(lang) {
  if (lang !== 'zh' && lang !== 'en') return;
  shell.lang = lang;
  localStorage.setItem('course.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  }
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  document.title = t('brand');
  document.dispatchEvent(new CustomEvent('course:lang'));
  if (shell.module) shell.module.ccall('course_set_lang', null, ['string'], [lang]);
}
