// Lesson 1, all of it, in both languages: every section's lab opens as the reader gets there,
// every run block trains and moves a live value, every exercise passes after training (and a wrong
// answer shows the hint), no KaTeX error, the canvas drawn; passes are remembered across a reload.
// Driven by the page itself (tests/e2e/walk.js), so new sections are walked without changing this.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { LESSON1, launch, open, waitForShell } = require('./helpers');
const { walkLesson } = require('./walk');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

// COURSE_SHOTS=DIR keeps a screenshot of every section (to look at, not compared).
const shots = process.env.COURSE_SHOTS || null;
if (shots) fs.mkdirSync(shots, { recursive: true });

for (const lang of ['en', 'zh']) {
  test(`lesson 1 (${lang}): every section, its run blocks, live values and exercises`, async (t) => {
    const page = await open(browser, `${LESSON1}&lang=${lang}`);
    await waitForShell(page);
    const seen = await walkLesson(page, { lang, log: (m) => t.diagnostic(m), shots: shots && `${shots}/lesson1`, requireExercises: true });
    t.diagnostic(`${lang}: ${seen.sections} sections, ${seen.runs} run blocks, ${seen.exercises} exercises`);
    assert.ok(seen.sections >= 1 && seen.runs >= 1 && seen.exercises >= 1);

    // Passed exercises are remembered: after a reload they show as passed.
    await page.reload();
    await waitForShell(page);
    const cards = await page.locator('#prose section.exercise').count();
    assert.strictEqual(await page.locator('#prose .ex-status[data-state="passed"]').count(), cards);
    assert.strictEqual(cards, seen.exercises);
    assert.deepStrictEqual(page.problems, []);
    await page.context().close();
  });
}
