// Per-section labs and exercises, on a fixture lesson whose sections use two labs
// (tests/e2e/fixtures/lessons/97-labs): the lab follows the reader, each lab resumes where it was,
// live values of a lab that is not open show a dash, the URL names the open lab and its preset,
// exercise cards pass, fail with a reason and a hint, and are remembered; model and data tools
// appear under the mlp lab only.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { BASE, launch, open, waitForLesson, liveText } = require('./helpers');
const { walkLesson } = require('./walk');

const FIXTURE = 'lesson=97-labs';
const shots = process.env.COURSE_SHOTS || null;
if (shots) fs.mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const MLP_TITLE = 'Playground: a multi-layer perceptron';
const openLab = (page) => page.evaluate(() => course.call('course_status').lab);
const hashOf = (page) => new URLSearchParams(new URL(page.url()).hash.slice(1));
const sectionLive = (page, section, key) =>
  page.locator(`#prose > [data-in-section="${section}"] [data-live="${key}"]`).first();

test('the lab follows the sections: switching keeps each lab where it was; other labs\' values are a dash',
  async () => {
  const page = await open(browser, `${FIXTURE}&lang=en`);
  await waitForLesson(page);
  assert.strictEqual(await openLab(page), 'neuron');
  assert.match(await sectionLive(page, 'unit', 'loss').textContent(), /\d/);
  assert.strictEqual(await sectionLive(page, 'play', 'test_acc').textContent(), '—',
    'the mlp lab is not open: a dash');
  assert.strictEqual(await page.locator('#lab-tools').isVisible(), false,
    'no model tools under the neuron lab');

  // Train the unit, then scroll on to the mlp section: the lab switches by itself.
  await page.locator('#prose button.run').first().click();
  await page.waitForFunction(() => course.call('course_status').steps > 30);
  const trained = await page.evaluate(() => course.call('course_status').steps);
  await page.evaluate(() => {
    const h = document.getElementById('sec-play');
    document.querySelector("#prose-scroll").scrollTo(0, h.offsetTop - 10);
  });
  await page.waitForFunction(() => course.call('course_status').lab === 'mlp');
  assert.strictEqual(await sectionLive(page, 'unit', 'loss').textContent(), '—');
  await page.waitForFunction(() => /\d/.test(
    document.querySelector('#prose > [data-in-section="play"] [data-live="test_acc"]').textContent));
  // The lab is named by its title (from its own descriptor), not by its name.
  assert.strictEqual(await page.locator('#lab-name').textContent(), MLP_TITLE);
  assert.strictEqual(await page.getAttribute('#canvas', 'aria-label'), `Lab: ${MLP_TITLE}`);
  assert.match(await page.locator('#lab-status').textContent(),
    /^step 0 · paused · test loss [\d.]+ · test accuracy [\d.]+$/);
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('lab') === 'mlp');
  assert.strictEqual(hashOf(page).get('section'), 'play');
  assert.strictEqual(JSON.parse(hashOf(page).get('preset')).dataset, 'xor',
    'the new lab starts from its section\'s first run block');
  assert.ok(await page.locator('#lab-tools').isVisible(), 'model and data tools under the mlp lab');
  // The mlp lab waits at step 0 until asked; the unit kept its steps.
  assert.strictEqual(await page.evaluate(() => course.call('course_status').steps), 0);

  // Back to a neuron section: the same unit, where it was (not reset).
  await page.click('#toc a[data-goto="back"]');
  await page.waitForFunction(() => course.call('course_status').lab === 'neuron');
  const steps = await page.evaluate(() => course.call('course_status').steps);
  assert.ok(steps >= trained, `resumed at step ${steps}, not reset (it had ${trained})`);
  assert.match(await sectionLive(page, 'back', 'step').textContent(), /^\d+$/);
  assert.strictEqual(await sectionLive(page, 'play', 'step').textContent(), '—');
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('lab') === 'neuron');
  assert.strictEqual(await page.locator('#lab-tools').isVisible(), false);
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

test('a run button opens its section\'s lab; a copied link reopens that lab with its preset', async () => {
  const page = await open(browser, `${FIXTURE}&lang=en`);
  await waitForLesson(page);
  await page.locator('#prose button.run', { hasText: 'Train on XOR' }).click();
  assert.strictEqual(await openLab(page), 'mlp');
  await page.evaluate(() => course.call('course_configure',
    JSON.stringify({ dataset: 'xor', layers: [8], lr: 0.25 })));
  await page.waitForFunction(() => /"lr":0.25/.test(decodeURIComponent(location.hash)));
  const url = page.url();
  assert.strictEqual(hashOf(page).get('lab'), 'mlp');
  const copy = await open(browser, url.slice(BASE.length + 1));
  await waitForLesson(copy);
  assert.strictEqual(await openLab(copy), 'mlp');
  assert.strictEqual(await copy.evaluate(() => course.call('course_status').preset.lr), 0.25);
  assert.strictEqual(await copy.evaluate(() => course.shell.section), 'play');
  // A preset the link's lab refuses is explained, and the lesson's own start is used.
  const bad = await open(browser,
    `${FIXTURE}&lang=en&section=play&lab=mlp&preset=${encodeURIComponent('{"layers": "many"}')}`);
  await waitForLesson(bad);
  assert.match(await bad.locator('#notice').textContent(), /refused.*layers/);
  assert.strictEqual(await openLab(bad), 'mlp');
  assert.deepStrictEqual([...page.problems, ...copy.problems, ...bad.problems], []);
  for (const p of [page, copy, bad]) await p.context().close();
});

for (const lang of ['en', 'zh']) {
  test(`exercise cards (${lang}): a wrong answer shows the reason and the hint; passes are remembered`,
    async (t) => {
    const page = await open(browser, `${FIXTURE}&lang=${lang}`);
    await waitForLesson(page);
    const card = (id) => page.locator(`#prose section.exercise[data-exercise="${id}"]`);
    assert.strictEqual(await card('unit-w1').locator('label').textContent(),
      lang === 'en' ? 'Your answer' : '你的答案');
    assert.strictEqual(await card('unit-w1').locator('.ex-answer').getAttribute('id'),
      await card('unit-w1').locator('label').getAttribute('for'), 'the answer field has its label');
    assert.match(await card('unit-cost').locator('.ex-status').textContent(),
      lang === 'en' ? /Not yet/ : /尚未通过/);
    assert.strictEqual(await card('unit-cost').locator('.ex-hint').isVisible(), false);

    // Checking before training: not yet, with the reason (the cost in words) and the hint.
    await card('unit-cost').locator('.ex-check').click();
    assert.ok(await card('unit-cost').locator('.ex-hint').isVisible());
    assert.match(await card('unit-cost').locator('.ex-why').textContent(),
      lang === 'en' ? /^The cost is 0\.\d+, needs < 0\.1\.$/ : /^代价现在是 0\.\d+，需要 < 0\.1。$/);
    assert.strictEqual(await card('unit-cost').locator('.ex-status').getAttribute('data-state'), 'failed');
    if (shots) await card('unit-cost').screenshot({ path: `${shots}/exercise-failed-${lang}.png` });

    // What is typed must be a number; and an answer exercise whose check does not hold yet says so.
    await card('unit-w1').locator('.ex-answer').fill('abc');
    await card('unit-w1').locator('.ex-check').click();
    assert.match(await card('unit-w1').locator('.ex-why').textContent(),
      lang === 'en' ? /“abc” is not a number/ : /“abc”不是一个数/);
    await card('unit-w1').locator('.ex-answer').fill('1');
    await card('unit-w1').locator('.ex-answer').press('Enter');
    assert.match(await card('unit-w1').locator('.ex-why').textContent(),
      lang === 'en' ? /^The step count is 0, needs ≥ 50\.$/ : /^步数现在是 0，需要 ≥ 50。$/);

    // Walk the whole fixture: every exercise passes.
    const seen = await walkLesson(page,
      { lang, log: (m) => t.diagnostic(m), shots: shots && `${shots}/97-labs`, requireExercises: false });
    assert.deepStrictEqual(seen, { sections: 3, runs: 3, exercises: 3, solved: 3 });
    assert.match(await card('xor-90').locator('.ex-status').textContent(),
      lang === 'en' ? /Passed/ : /已通过/);
    assert.strictEqual(await card('unit-w1').locator('.ex-why').isVisible(), false,
      'the reason goes once passed');
    if (shots) {
      await card('unit-w1').locator('.ex-hint-button').click();  // the hint stays available
      await card('unit-w1').screenshot({ path: `${shots}/exercise-passed-${lang}.png` });
    }
    const saved = await page.evaluate(() => course.progress.get().lessons['97-labs'].exercises);
    assert.deepStrictEqual(Object.keys(saved).sort(), ['unit-cost', 'unit-w1', 'xor-90']);

    // Remembered: passed after a reload, and counted on the home page.
    await page.reload();
    await waitForLesson(page);
    assert.strictEqual(await page.locator('#prose .ex-status[data-state="passed"]').count(), 3);
    await page.click('.back');
    await page.waitForSelector('#chapters .chapter');
    const chapter = page.locator('#chapters .chapter', { has: page.locator('a[href*="97-labs"]') }).first();
    assert.match(await chapter.locator('.passed').textContent(),
      lang === 'en' ? /3 \/ 3 exercises passed/ : /3 \/ 3 道练习已通过/);
    assert.deepStrictEqual(page.problems, []);
    await page.context().close();
  });
}

test('a check-only exercise passes by itself while its section\'s lab trains, and is announced', async () => {
  const page = await open(browser, `${FIXTURE}&lang=en&section=play`);
  await waitForLesson(page);
  assert.strictEqual(await openLab(page), 'mlp');
  const card = page.locator('#prose section.exercise[data-exercise="xor-90"]');
  assert.strictEqual(await card.locator('.ex-status').getAttribute('role'), 'status');
  assert.match(await card.locator('.ex-status').textContent(), /checked as the lab trains/);
  await page.locator('#prose button.run', { hasText: 'Train on XOR' }).click();
  await page.evaluate(() => {
    course.call('course_configure', JSON.stringify({ speed: 100 }));
    course.call('course_command', 'play');
  });
  await card.locator('.ex-status[data-state="passed"]').waitFor({ timeout: 30000 });
  assert.match(await card.locator('.ex-status').textContent(), /✓\s*Passed/);
  assert.ok(await page.evaluate(() => course.call('course_status').state.step <= 1000));
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

test('presenter PageDown steps through sections and their labs', async () => {
  const page = await open(browser, `${FIXTURE}&lang=en`);
  await waitForLesson(page);
  await page.keyboard.press('p');
  const labs = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('PageDown');
    await page.waitForFunction((i) => course.shell.section === ['unit', 'play', 'back'][i], i);
    labs.push(await openLab(page));
  }
  assert.deepStrictEqual(labs, ['neuron', 'mlp', 'neuron']);
  assert.strictEqual(await page.evaluate(() => course.call('course_status').preset.lr), 0.1,
    'the last section\'s run block applied');
  await page.context().close();
});

// The mlp lab's model export / import and the learner's own CSV (SPEC 2): the tools the shell shows
// because the lab is exportable and its descriptor has a data box.
test('model export and import, and the learner\'s own data, under the mlp lab', async () => {
  const page = await open(browser, `${FIXTURE}&lang=en&section=play`);
  await waitForLesson(page);
  assert.strictEqual(await page.evaluate(() => course.call('course_status').exportable), true);
  await page.locator('#prose button.run', { hasText: 'Train on XOR' }).click();
  await page.evaluate(() => {
    course.call('course_configure', JSON.stringify({ speed: 0 }));
    course.call('course_command', 'play');
  });
  await page.waitForFunction(() => course.call('course_status').steps > 200);
  await page.evaluate(() => course.call('course_command', 'pause'));
  const trained = await page.evaluate(() => course.call('course_status').state.test_acc);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#model-export')]);
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.strictEqual(file.lab, 'mlp');
  assert.deepStrictEqual(file.preset.layers, [8]);
  assert.ok(file.model);
  assert.match(download.suggestedFilename(), /^mlp-model-step\d+\.json$/);

  // A fresh run forgets the weights; importing brings them back.
  await page.click('#lab-reset');
  await page.evaluate(() => course.call('course_configure', JSON.stringify({ seed: 7 })));
  await page.setInputFiles('#model-import', { name: 'm.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)) });
  await page.waitForFunction(() => /Model loaded/.test(document.querySelector('#lab-tools-msg').textContent));
  assert.strictEqual(await page.evaluate(() => course.call('course_status').state.test_acc), trained);
  // A bad file is refused, visibly.
  await page.setInputFiles('#model-import', { name: 'x.json', mimeType: 'application/json',
    buffer: Buffer.from('{"lab": "neuron", "model": {}}') });
  await page.waitForFunction(() =>
    /not imported.*neuron/.test(document.querySelector('#lab-tools-msg').textContent));
  assert.strictEqual(await page.getAttribute('#lab-tools-msg', 'role'), 'alert');

  // Your data: pasted CSV, a bad row reported by its line.
  await page.click('#data-toggle');
  // The box's words come from the lab's descriptor; the button's are the shell's own.
  const box = await page.evaluate(() => course.call('course_labs').find((l) => l.name === 'mlp').data);
  assert.strictEqual(await page.locator('#data-label').textContent(), box.label.en);
  assert.strictEqual(await page.locator('#data-use').textContent(), 'Use this data');
  await page.click('#data-example');
  assert.strictEqual(await page.inputValue('#data-csv'), box.example);
  await page.fill('#data-csv', (await page.inputValue('#data-csv')) + 'oops, 1, 0\n');
  await page.click('#data-use');
  await page.waitForFunction(() => /points/.test(document.querySelector('#lab-tools-msg').textContent));
  assert.match(await page.locator('#lab-tools-msg').textContent(),
    /^\d+ points for training, \d+ for testing\.$/);
  assert.match(await page.locator('#data-notes').textContent(), /line 14/);
  assert.strictEqual((await page.evaluate(() => course.call('course_status').preset)).dataset, 'custom');
  if (shots) await page.locator('.lesson-lab').screenshot({ path: `${shots}/your-data.png` });
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});
