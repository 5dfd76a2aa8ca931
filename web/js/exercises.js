// Exercises: a card per ```exercise block (md-math.js draws it), checked in C++ against the lab's
// state (course_check). Check-only exercises pass by themselves as the lab trains; answer
// exercises compare the learner's number with the lab's value. Passes are remembered (progress.js).
import { shell } from './state.js';
import { escapeHtml } from './dom.js';
import { t, tf } from './i18n.js';
import { call } from './bridge.js';
import { progress } from './progress.js';
import { ensureLab, sectionOf, setSection } from './lesson.js';
import { formatValue } from './live.js';
import { keyHtml, labTitle } from './lab-words.js';

function exerciseData(id) {
  return shell.check.exercises.find((e) => e.id === id);
}

export function initExercise(card, section, lab) {
  const ex = exerciseData(card.dataset.exercise);
  if (!ex) return;
  card.dataset.lab = lab;
  card.dataset.auto = String(!!ex.check && !ex.answer);
  const passed = ((progress.get().lessons[shell.lessonId] || {}).exercises || {})[ex.id];
  if (passed) showPassed(card);
  const input = card.querySelector('.ex-answer');
  card.querySelector('.ex-check').addEventListener('click', () => checkExercise(card, true));
  if (input) {
    input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      checkExercise(card, true);
    });
  }
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
  const answer = ex.answer ? `${ex.answer.key} ${ex.answer.tol}` : '';
  const request = { lab: ex.lab, check: ex.check, answer };
  if (input) request.typed = input.value;
  const v = call('course_check', JSON.stringify(request));
  if (v.pass) {
    if (card.dataset.state !== 'passed') {
      progress.passExercise(shell.lessonId, ex.id);
      showPassed(card);
    }
    card.querySelector('.ex-why').hidden = true;
  } else if (byLearner) {
    showFailure(card, v, ex.lab);
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
function showFailure(card, v, lab) {
  const why = card.querySelector('.ex-why');
  why.innerHTML = failureText(v.failed || {}, lab, v.why);
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

// Why a check failed, as HTML in the learner's language; state keys in the lab's own words.
function failureText(f, lab, fallback) {
  const num = (v) => escapeHtml(formatValue(v));
  switch (f.kind) {
    case 'clause': {
      const target = f.target_key
        ? tf('failedTargetKey', { key: keyHtml(lab, f.target_key), value: num(f.target) }) : num(f.target);
      const op = OPS[f.op] || escapeHtml(f.op);
      return tf('failedClause', { key: keyHtml(lab, f.key), value: num(f.value), op, target });
    }
    case 'missing': return tf('failedMissing', { key: `<code>${escapeHtml(f.key)}</code>` });
    case 'answer': return tf('failedAnswer', { typed: num(f.typed), tol: num(f.tol) });
    case 'typed': return tf('failedTyped', { text: escapeHtml(f.text) });
    case 'no_answer': return escapeHtml(t('noAnswer'));
    case 'lab': return tf('failedLab', { lab: escapeHtml(labTitle(f.lab)) });
    default: return escapeHtml(fallback || '');
  }
}

// Check-only exercises of the section being read pass by themselves the first time they hold.
export function pollExercises() {
  if (!shell.section) return;
  const open = '#prose section.exercise[data-auto="true"]:not([data-state="passed"])';
  for (const card of document.querySelectorAll(open)) {
    if (card.dataset.lab === shell.labName && sectionOf(card) === shell.section) checkExercise(card, false);
  }
}
