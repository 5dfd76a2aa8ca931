// Every chapter of the course, walked in the browser in each of its languages (tests/e2e/walk.js):
// every section's lab opens as the reader gets there, every run block trains and moves a live
// value, every exercise passes in one of the chapter's languages (by its solution or by the run
// blocks; a wrong answer shows the hint), no KaTeX error, the canvas drawn; passes are remembered
// after a reload; no console error.
// The chapters come from the served lessons/index.json (read from disk, so the tests are declared
// before any of them runs): adding a chapter needs no new test. The fixture lessons of
// tests/e2e/fixtures/lessons/ are left to their own tests.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { launch, open, waitForLesson } = require('./helpers');
const { walkLesson } = require('./walk');

// ./course test serves build/web-test and says so in COURSE_WEB_ROOT; by hand, build/web.
const ROOT = path.resolve(__dirname, '..', '..');
const WEB_ROOT = process.env.COURSE_WEB_ROOT || path.join(ROOT, 'build', 'web');
const INDEX = path.join(WEB_ROOT, 'lessons', 'index.json');
const FIXTURES = new Set(fs.readdirSync(path.join(__dirname, 'fixtures', 'lessons')));

// COURSE_SHOTS=DIR keeps a screenshot of every section (to look at, not compared).
const shots = process.env.COURSE_SHOTS || null;

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function walkChapter(t, id, lang, solve) {
  const page = await open(browser, `lesson=${encodeURIComponent(id)}&lang=${lang}`);
  await waitForLesson(page);
  const dir = shots && path.join(shots, id);
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const log = (m) => t.diagnostic(m);
  const seen = await walkLesson(page, { lang, log, shots: dir, requireExercises: true, solve });
  log(`${id} (${lang}): ${seen.sections} sections, ${seen.runs} run blocks, ${seen.exercises} exercises`);
  assert.ok(seen.sections >= 1 && seen.runs >= 1 && seen.exercises >= 1, JSON.stringify(seen));

  // Passed exercises are remembered: after a reload they show as passed. (Where they were not
  // solved, a check-only one may still have passed by itself while a run block trained.)
  const passedIds = () => page.evaluate(() => [...document.querySelectorAll('#prose section.exercise')]
    .filter((c) => c.querySelector('.ex-status[data-state="passed"]')).map((c) => c.dataset.exercise));
  const passed = await passedIds();
  assert.ok(passed.length >= seen.solved, `${passed.length} cards passed, ${seen.solved} solved`);
  await page.reload();
  await waitForLesson(page);
  const cards = await page.locator('#prose section.exercise').count();
  assert.strictEqual(cards, seen.exercises);
  if (solve) assert.strictEqual(passed.length, cards);
  assert.deepStrictEqual(await passedIds(), passed);
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
}

function declare() {
  if (!fs.existsSync(INDEX)) {
    test('the lesson index exists', () => {
      assert.fail(`${INDEX} is missing: run ./course build (or set COURSE_WEB_ROOT)`);
    });
    return;
  }
  const chapters = JSON.parse(fs.readFileSync(INDEX, 'utf8')).filter((c) => !FIXTURES.has(c.id));
  test('the index lists at least one chapter', () => assert.ok(chapters.length >= 1, INDEX));
  // Each chapter's exercises are solved in one language, taking turns from chapter to chapter so
  // both languages' answer paths run; the other language walks every section and run block.
  chapters.forEach((ch, k) => {
    const langs = Object.keys(ch.langs).sort();
    const solver = langs[k % langs.length];
    for (const [lang, entry] of Object.entries(ch.langs)) {
      const solve = lang === solver;
      const what = solve ? 'live values and exercises' : `live values (exercises solved in ${solver})`;
      test(`${ch.id} (${lang}): every section, its run blocks, ${what}`, async (t) => {
        if (entry.problems.length) {
          assert.fail(`${ch.id} (${lang}) has problems:\n${entry.problems.join('\n')}`);
        }
        await walkChapter(t, ch.id, lang, solve);
      });
    }
  });
}

declare();
