// Data sets are fetched only when a lab asks for one (web/js/data-files.js, src/data/files.h): lesson
// 1 never loads them; chapter 2's lab shows a progress bar while its corpus loads, and when the fetch
// fails it says why, in the learner's language, and offers a retry that then works.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { BASE, LESSON1, launch, waitForLesson, canvasPixels } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

// No service worker: it would answer from its cache before the routes below see the request.
async function page(locale) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale,
    serviceWorkers: 'block' });
  const p = await context.newPage();
  p.problems = [];
  p.on('pageerror', (e) => p.problems.push(e.message));
  p.requested = [];
  p.on('request', (r) => p.requested.push(new URL(r.url()).pathname));
  return p;
}

const labState = (p) => p.evaluate(() => course.call('course_status').state || {});

test('lesson 1 loads no data set', async () => {
  const p = await page('en-US');
  await p.goto(`${BASE}#${LESSON1}&lang=en`);
  await waitForLesson(p);
  await p.waitForTimeout(1500);
  assert.deepStrictEqual(p.requested.filter((u) => u.includes('/data/')), []);
  assert.deepStrictEqual(p.problems, []);
  await p.context().close();
});

for (const [lang, locale, words] of [['en', 'en-US', /did not load: HTTP 404.*try again/],
  ['zh', 'zh-CN', /没有加载成功：HTTP 404.*请重试/]]) {
  test(`a corpus that fails to load says why (${lang}), and Retry loads it`, async () => {
    const p = await page(locale);
    let fail = true;
    await p.route('**/data/tang300.json', (route) => (fail
      ? route.fulfill({ status: 404, body: 'gone' }) : route.continue()));
    const preset = encodeURIComponent(JSON.stringify({ corpus: 'tang' }));
    await p.goto(`${BASE}#lesson=02-nlp&lang=${lang}&lab=charlm&preset=${preset}`);
    await waitForLesson(p);
    await p.waitForSelector('#data-load.failed', { timeout: 20000 });
    const text = await p.locator('#data-load-text').textContent();
    assert.match(text, words);
    assert.match(text, /tang300\.json/);
    assert.ok(await p.locator('#data-retry').isVisible());
    assert.strictEqual((await labState(p)).data_ready, 0);
    const pixels = await canvasPixels(p);
    assert.ok(pixels.colours > 4, 'the lab still draws (its note), not a blank canvas');

    fail = false;
    await p.click('#data-retry');
    await p.waitForFunction(() => (course.call('course_status').state || {}).data_ready === 1, null,
      { timeout: 20000 });
    await p.waitForSelector('#data-load', { state: 'hidden' });
    await p.evaluate(() => course.call('course_command', 'step'));
    const s = await labState(p);
    assert.ok(s.step >= 1 && Number.isFinite(s.loss), JSON.stringify(s));
    assert.ok(s.vocab > 1000, `the Tang poems' vocabulary: ${s.vocab}`);
    assert.deepStrictEqual(p.problems, []);
    await p.context().close();
  });
}

// MNIST arrives damaged (here: the right length of zeros): the module checks it, says why, and the
// shell offers the same Retry, which fetches it again.
for (const [lang, locale, words] of [['en', 'en-US', /did not load:.*not an MNIST file.*try again/],
  ['zh', 'zh-CN', /没有加载成功：.*not an MNIST file.*请重试/]]) {
  test(`a damaged MNIST file is refused with the reason (${lang}), and Retry loads it`, async () => {
    const p = await page(locale);
    let damaged = true;
    await p.route('**/data/mnist-test.bin', (route) => (damaged
      ? route.fulfill({ status: 200, body: Buffer.alloc(7850016), contentType: 'application/octet-stream' })
      : route.continue()));
    const preset = encodeURIComponent(JSON.stringify({ mode: 'digits', test_limit: 500 }));
    await p.goto(`${BASE}#lesson=03-vision&lang=${lang}&lab=cnn&preset=${preset}`);
    await waitForLesson(p);
    await p.waitForSelector('#data-load.failed', { timeout: 60000 });
    const text = await p.locator('#data-load-text').textContent();
    assert.match(text, words);
    assert.match(text, /mnist-test\.bin/);
    assert.strictEqual((await labState(p)).data_ready, 0);
    const pixels = await canvasPixels(p);
    assert.ok(pixels.colours > 4, 'the lab still draws (its note), not a blank canvas');

    damaged = false;
    await p.click('#data-retry');
    await p.waitForFunction(() => (course.call('course_status').state || {}).data_ready === 1, null,
      { timeout: 60000 });
    await p.waitForSelector('#data-load', { state: 'hidden' });
    await p.evaluate(() => course.call('course_command', 'step'));
    const s = await labState(p);
    assert.ok(s.step >= 1 && Number.isFinite(s.loss), JSON.stringify(s));
    assert.strictEqual(s.params, 11274);
    assert.deepStrictEqual(p.problems, []);
    await p.context().close();
  });
}
