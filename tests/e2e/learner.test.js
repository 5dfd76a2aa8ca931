// For learners: progress that survives reloads, files and corruption; the course offline.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { LESSON1, launch, open, waitForLesson } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const chapter1 = (page) => page.locator('#chapters .chapter').first();

test('progress: visited sections and resume survive a reload and an export / import round trip', async () => {
  const page = await open(browser, `${LESSON1}&lang=en`);
  await waitForLesson(page);
  await page.click('#toc a[data-goto="unit"]');  // read the first section
  await page.click('.back');
  await page.waitForSelector('#chapters .chapter');
  assert.match(await chapter1(page).locator('.count').textContent(), /^1 \/ \d+ sections visited/);
  assert.match(await page.locator('#continue').textContent(),
    /Continue where you left off: 1\. Deep learning.* · The single unit/);

  await page.reload();
  await page.waitForSelector('#chapters .chapter');
  assert.match(await chapter1(page).locator('.count').textContent(), /^1 \/ \d+/, 'survives a reload');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-progress')]);
  const file = await download.path();
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepStrictEqual(saved.lessons['01-deep-learning'].visited, ['unit']);

  page.once('dialog', (d) => d.accept());
  await page.click('#reset-progress');
  assert.match(await chapter1(page).locator('.count').textContent(), /^0 \/ \d+/);
  assert.ok(await page.locator('#continue').isHidden());

  await page.setInputFiles('#import-progress', file);
  await page.waitForFunction(() =>
    /Progress imported/.test(document.querySelector('#home-notice').textContent));
  assert.match(await chapter1(page).locator('.count').textContent(), /^1 \/ \d+/, 'restored from the file');
  // Passed exercises count on the home page too (a progress file that has one).
  const exercise = await page.evaluate(() => course.shell.index[0].langs.en.exercises[0] || 'first-fit');
  saved.lessons['01-deep-learning'].exercises = { [exercise]: true };
  await page.setInputFiles('#import-progress', { name: 'p.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(saved)) });
  await page.waitForFunction(() =>
    /1( \/ \d+)? exercises passed/.test(document.querySelector("#chapters .chapter").textContent));
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

test('progress: a foreign file is refused with the reason; corrupt storage is reported and replaced',
  async () => {
  const page = await open(browser, '');
  await page.waitForSelector('#chapters .chapter');
  await page.setInputFiles('#import-progress', { name: 'x.json', mimeType: 'application/json',
    buffer: Buffer.from('{"hello": 1}') });
  await page.waitForFunction(() => /not imported/.test(document.querySelector('#home-notice').textContent));
  assert.match(await page.locator('#home-notice').textContent(), /not a progress file of this course/);

  await page.evaluate(() => localStorage.setItem('course.progress',
    '{"format": "course-progress", "version": 1, "lessons": [oops'));
  await page.reload();
  await page.waitForSelector('#chapters .chapter');
  assert.match(await page.locator('#home-notice').textContent(), /could not be read.*not valid JSON/);
  assert.strictEqual(await page.evaluate(() => localStorage.getItem('course.progress.unreadable'))
    .then((s) => s.includes('[oops')), true);
  assert.match(await chapter1(page).locator('.count').textContent(), /^0 \/ \d+/);
  // The page works: open the lesson.
  await page.click('#chapters .chapter-link >> nth=0');
  await waitForLesson(page);
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

test('offline: after a first visit of each chapter, it loads and trains with the network cut', async () => {
  const page = await open(browser, `${LESSON1}&lang=en`);
  await waitForLesson(page);
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    // Wait until the worker's install (which caches every file) has finished.
    while (reg.active === null || reg.active.state !== 'activated') {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  const chapters = await page.evaluate(() => course.shell.index
    .filter((c) => !c.langs.en.problems.length).map((c) => c.id));
  assert.ok(chapters.includes('01-deep-learning'));
  // Data sets are fetched when a chapter's lab first asks for them (web/js/data-files.js), and
  // kept from then on: open each chapter once, online, until its lab has its data.
  for (const id of chapters) {
    await page.goto(`${page.url().split('#')[0]}#lesson=${id}&lang=en`);
    await page.reload();
    await page.waitForFunction(() => {
      const s = course.shell.lastStatus;
      return s && s.state && s.state.data_ready !== 0;
    });
  }
  await page.context().setOffline(true);
  for (const [id, lang] of chapters.flatMap((c) => [[c, 'en'], [c, 'zh']])) {
    await page.goto(`${page.url().split('#')[0]}#lesson=${id}&lang=${lang}`);
    await page.reload();
    const steps = () => page.evaluate(() =>
      +(/(\d+)/.exec(document.querySelector('#lab-status').textContent) || [0, -1])[1]);
    await page.waitForFunction(() => /\d/.test(document.querySelector('#lab-status').textContent));
    assert.strictEqual(await page.locator('#prose .katex-error').count(), 0);
    await page.locator('#prose button.run').first().click();
    await page.waitForFunction(() =>
      +(/(\d+)/.exec(document.querySelector('#lab-status').textContent) || [0, 0])[1] > 5);
    assert.ok((await steps()) > 5, `${id} trains offline (${lang})`);
  }
  await page.goto(page.url().split('#')[0]);
  await page.waitForSelector('#chapters .chapter');
  await page.context().close();
});
