// Walks a lesson the way a learner would, driven by what the page shows (the rendered sections,
// run buttons, live values and exercise cards) and the validator's JSON (course.shell.check), so it keeps
// working as sections are added. Used by lessons.test.js and labs.test.js.
//
// For every section: go there from the table of contents (its lab opens), click each run button
// (the lab trains, a live value of the section changes), pass every exercise (check-only ones by
// training until they pass by themselves; answer ones by reading the right value from the lab and
// typing it, after a wrong answer has shown the hint), no KaTeX error, the canvas not blank.
'use strict';
const assert = require('node:assert');
const { canvasPixels } = require('./helpers');

// In the page: the shell's bridge and state, through its test handle window.course (main.js).
const status = (page) => page.evaluate(() => course.call('course_status'));

// Live values of one section whose lab is open: [{key, text}].
function sectionLives(page, id) {
  return page.evaluate((id) => [...document.querySelectorAll('#prose [data-live]')]
    .filter((el) => course.sectionOf(el) === (id || null) && el.dataset.lab === course.shell.labName)
    .map((el) => ({ key: el.dataset.live, text: el.textContent })), id);
}

// A speed at which the shell's checks (4 a second) cannot miss a "step <= N" bound.
function speedFor(check) {
  const m = /\bstep\s*<=?\s*(\d+)/.exec(check || '');
  return m ? Math.max(10, Math.floor(+m[1] / 8)) : 0;
}

// The ways to try an exercise: the section's run blocks, nearest before the card first (the one
// the text has just set up), then the later ones; the exercise's own solution preset before all.
async function attempts(page, ex, runs) {
  const before = await page.evaluate((id) => {
    const card = document.querySelector(`#prose section.exercise[data-exercise="${id}"]`);
    return [...document.querySelectorAll('#prose button.run')]
      .filter((b) => b.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING).length;
  }, ex.id);
  const earlier = runs.filter((i) => i < before).reverse(), later = runs.filter((i) => i >= before);
  const list = [...earlier, ...later].map((run) => ({ run }));
  if (ex.solution) list.unshift({ solution: ex.solution });
  if (!list.length) list.push({});
  return list;
}

async function start(page, attempt, speed) {
  if (attempt.run !== undefined) await page.locator('#prose button.run').nth(attempt.run).click();
  if (attempt.solution) {
    await page.evaluate((p) => course.call('course_configure', JSON.stringify(p)), attempt.solution);
  }
  // Fast, but not so fast that a step bound slips past between two of the shell's checks.
  await page.evaluate((speed) => {
    course.call('course_configure', JSON.stringify({ speed }));
    course.call('course_command', 'play');
  }, speed);
}

// Trains until `done()` (checked four times a second) or gives up: after `limit` ms, at a
// divergence, or, when not `patient`, when the failing clause stops getting closer while the lab
// keeps stepping: not moved for two seconds and 250 steps (a setting such as "batch == 1" that
// training cannot change; the steps, because a lab measures its held-out set only every 100 or
// so) or no new best for five seconds and 250 steps (a network that cannot learn the task).
async function trainFor(page, ex, done, { patient }) {
  const limit = Date.now() + (patient ? 90000 : 30000);
  let sig = null, since = 0, stepsAt = 0, best = null, bestAt = 0, bestSteps = 0;
  while (Date.now() < limit) {
    if (await done()) return '';
    const r = await page.evaluate((ex) => {
      const s = course.call('course_status');
      return { v: course.call('course_check', JSON.stringify({ lab: ex.lab, check: ex.check })),
        steps: s.steps, alert: s.alert };
    }, ex);
    if (r.alert) return `diverged: ${r.alert}`;
    const f = r.v.failed || {};
    if (!r.v.pass && !patient) {
      const now = JSON.stringify(f);
      if (now !== sig) { sig = now; since = Date.now(); stepsAt = r.steps; }
      else if (Date.now() - since > 2000 && r.steps > stepsAt + 250) return `stuck: ${r.v.why}`;
      if (f.kind === 'clause' && /[<>]/.test(f.op)) {
        const score = f.op.startsWith('<') ? -f.value : f.value;  // larger is closer
        const key = `${f.key}${f.op}`;
        if (!best || best.key !== key || score > best.score) {
          best = { key, score };
          bestAt = Date.now();
          bestSteps = r.steps;
        } else if (Date.now() - bestAt > 5000 && r.steps > bestSteps + 250) {
          return `no closer for 5 s: ${r.v.why}`;
        }
      }
    }
    await page.waitForTimeout(250);
  }
  return 'time is up';
}

// Tries every way to make done() true: each attempt quickly first, then each patiently.
async function trainUntil(page, ex, runs, done, log, failed) {
  if (await done()) return true;
  for (const patient of [false, true]) {
    for (const attempt of await attempts(page, ex, runs)) {
      await start(page, attempt, speedFor(ex.check));
      const why = await trainFor(page, ex, done, { patient });
      if (!why) return true;
      log(`exercise ${ex.id}: ${JSON.stringify(attempt)} ${failed} (${why})`);
    }
  }
  return false;
}

// Trains until the shell marks the card passed (check-only exercises pass by themselves).
function trainUntilPassed(page, ex, runs, log) {
  const passed = page.locator(
    `#prose section.exercise[data-exercise="${ex.id}"] .ex-status[data-state="passed"]`);
  return trainUntil(page, ex, runs, async () => (await passed.count()) > 0, log, 'did not pass it');
}

// The same for an answer exercise's check clauses; the lab is paused the moment they hold, so the
// value to read stays put.
async function trainUntilHolds(page, ex, runs, log) {
  if (!ex.check) return true;
  const done = () => page.evaluate((ex) => {
    const pass = course.call('course_check', JSON.stringify({ lab: ex.lab, check: ex.check })).pass;
    if (pass) course.call('course_command', 'pause');
    return pass;
  }, ex);
  return trainUntil(page, ex, runs, done, log, 'did not make its check hold');
}

async function answerExercise(page, ex, lang) {
  const card = page.locator(`#prose section.exercise[data-exercise="${ex.id}"]`);
  await page.evaluate(() => course.call('course_command', 'pause'));
  const right = await page.evaluate((key) => course.lookup(course.call('course_status').state, key),
    ex.answer.key);
  assert.strictEqual(typeof right, 'number', `exercise ${ex.id}: the lab has a number ${ex.answer.key}`);
  // A wrong answer: not yet, the reason and the hint.
  const input = card.locator('.ex-answer');
  await input.fill(String(right + 10 * ex.answer.tol + 1));
  await card.locator('.ex-check').click();
  await card.locator('.ex-hint').waitFor({ state: 'visible' });
  assert.strictEqual(await card.locator('.ex-status').getAttribute('data-state'), 'failed');
  assert.match(await card.locator('.ex-why').textContent(), lang === 'zh' ? /相差太多/ : /not close enough/);
  // The right one, as the learner reads it (rounded well within the tolerance).
  await input.fill(String(Number(right.toPrecision(8))));
  await input.press('Enter');
  await card.locator('.ex-status[data-state="passed"]').waitFor({ timeout: 5000 });
}

// Walks every section; returns what it saw. `shots` (a folder) keeps a screenshot per section.
// With `solve` false the exercise cards are only looked at (their check and answer fields), not
// solved: lessons.test.js solves each chapter's exercises in one of its languages, which ask the
// lab the same things (the lesson validator's check_pair).
async function walkLesson(page, { lang, log = () => {}, shots = null, requireExercises = false,
  solve = true }) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const check = await page.evaluate(() => course.shell.check);
  const seen = { sections: 0, runs: 0, exercises: 0, solved: 0 };
  const runButtons = await page.evaluate(() =>
    [...document.querySelectorAll('#prose button.run')].map(course.sectionOf));
  for (const section of check.sections) {
    const id = section.id;
    await page.click(`#toc a[data-goto="${id}"]`);
    await page.waitForFunction(
      (lab) => course.shell.labName === lab && course.call('course_status').lab === lab, section.lab);
    // The hash names the open lab, and its preset is that lab's.
    await page.waitForFunction(
      (lab) => new URLSearchParams(location.hash.slice(1)).get('lab') === lab, section.lab);
    const runs = runButtons.map((s, i) => (s === id ? i : -1)).filter((i) => i >= 0);
    const exercises = check.exercises.filter((e) => e.section === id);
    if (!runs.length) log(`section ${id}: no run block`);
    if (!exercises.length) {
      log(`section ${id}: no exercise`);
      if (requireExercises) assert.fail(`section ${id} (${lang}) has no exercise`);
    }

    // Run blocks: each trains the section's lab; a live value of the section changes.
    for (const i of runs) {
      const before = await sectionLives(page, id);
      const button = page.locator('#prose button.run').nth(i);
      await button.click();
      assert.strictEqual(await button.locator('xpath=..').locator('.run-error').count(), 0,
        `run ${i} of ${id} was accepted`);
      const s = await status(page);
      assert.strictEqual(s.lab, section.lab, `run ${i} of ${id} opened lab ${section.lab}`);
      assert.ok(s.running, `run ${i} of ${id} trains`);
      if (before.length) {
        await page.waitForFunction(({ id, before }) => {
          const now = [...document.querySelectorAll('#prose [data-live]')]
            .filter((el) => course.sectionOf(el) === id && el.dataset.lab === course.shell.labName)
            .map((el) => el.textContent);
          return now.some((t, k) => t !== before[k].text && /\d/.test(t));
        }, { id, before }, { timeout: 20000 }).catch(async () => {
          const { steps, running, alert } = await status(page);
          assert.fail(`run ${i} of ${id} (${lang}): no live value moved in 20 s ` +
            `(${before.map((l) => l.key).join(', ')}; ${JSON.stringify({ steps, running, alert })})`);
        });
      } else {
        log(`section ${id}: no live value to watch`);
      }
      seen.runs++;
    }

    // Exercises.
    for (const ex of exercises) {
      if (!solve) {
        const card = page.locator(`#prose section.exercise[data-exercise="${ex.id}"]`);
        assert.strictEqual(await card.locator('.ex-check').count(), 1,
          `exercise ${ex.id} has a check button`);
        assert.strictEqual(await card.locator('.ex-answer').count(), ex.answer ? 1 : 0,
          `exercise ${ex.id}: an answer field exactly when it asks for a number`);
        seen.exercises++;
        continue;
      }
      if (ex.answer) {
        assert.ok(await trainUntilHolds(page, ex, runs, log),
          `exercise ${ex.id} (${lang}): its check "${ex.check}" never held`);
        await answerExercise(page, ex, lang);
      } else {
        assert.ok(await trainUntilPassed(page, ex, runs, log),
          `exercise ${ex.id} (${lang}) did not pass after training ` +
          `(give it a 'solution:' preset that passes)`);
      }
      seen.exercises++;
      seen.solved++;
    }

    assert.strictEqual(await page.locator('#prose .katex-error').count(), 0, 'no KaTeX errors');
    const px = await canvasPixels(page);
    assert.ok(px.colours > 50 && px.dark > 200, `section ${id}: the canvas is drawn (${px.colours} colours)`);
    if (shots) {
      await page.screenshot({ path: `${shots}/${lang}-` +
        `${String(seen.sections + 1).padStart(2, '0')}-${id}.png` });
    }
    seen.sections++;
  }
  return seen;
}

module.exports = { walkLesson, speedFor };
