// The course shell in a real browser: home, lesson 1 training live in both languages, URL state,
// bad input, layout and the canvas's real pixels.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { BASE, LESSON1, launch, open, waitForLesson, canvasPixels, liveText } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('home lists the chapters found in lessons/, in the browser language, and remembers a switch',
  async () => {
  const page = await open(browser, '', { locale: 'zh-CN' });
  await page.waitForSelector('#chapters .chapter');
  assert.match(await page.locator('#chapters').textContent(), /深度学习/);
  assert.strictEqual(await page.getAttribute('button[data-lang="zh"]', 'aria-pressed'), 'true');
  await page.click('button[data-lang="en"]');
  assert.match(await page.locator('#chapters').textContent(), /Deep learning/);
  await page.reload();
  await page.waitForSelector('#chapters .chapter');
  assert.match(await page.locator('#chapters').textContent(), /Deep learning/,
    'the choice survives a reload');
  // The broken fixture chapter is listed with its problem, the others are fine.
  assert.match(await page.locator('.chapter.broken').textContent(),
    /99-broken\/lesson\.en\.md:8: unbalanced math/);
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

for (const lang of ['en', 'zh']) {
  test(`lesson 1 (${lang}): formulas typeset, the unit trains, live values change, canvas drawn`,
    async () => {
    const page = await open(browser, `${LESSON1}&lang=${lang}`);
    await waitForLesson(page);
    assert.ok(await page.locator('#prose .katex').count() > 20, 'KaTeX rendered the formulas');
    assert.strictEqual(await page.locator('#prose .katex-error').count(), 0, 'no KaTeX errors');
    assert.ok(await page.locator('#prose button.run').count() >= 4, 'run blocks became buttons');
    const heading = await page.locator('#prose h2').first().textContent();
    assert.match(heading, lang === 'en' ? /single unit/ : /单个神经元/);

    // Paused at step 0 until a run block starts it.
    assert.strictEqual(await liveText(page, 'step'), '0');
    const loss0 = await liveText(page, 'loss');
    await page.locator('#prose button.run').first().click();
    await page.waitForFunction(() => +document.querySelector('#prose [data-live="step"]').textContent > 20);
    const step1 = +(await liveText(page, 'step'));
    await page.waitForTimeout(600);
    const step2 = +(await liveText(page, 'step'));
    assert.ok(step2 > step1, `steps advance: ${step1} -> ${step2}`);
    assert.notStrictEqual(await liveText(page, 'loss'), loss0, 'the cost in the formula changed');
    assert.ok(parseFloat(await liveText(page, 'loss')) < parseFloat(loss0), 'and fell');
    assert.match(await page.locator('#lab-status').textContent(), lang === 'en' ? /training/ : /训练中/);

    const px = await canvasPixels(page);
    assert.ok(px.width > 400 && px.height > 400, `canvas size ${px.width}x${px.height}`);
    assert.ok(px.colours > 50, `canvas has ${px.colours} colours: not blank`);
    assert.ok(px.dark > 500, 'canvas has text and lines');
    assert.ok(px.blue > 200, 'canvas has the blue of weights and curves');
    assert.deepStrictEqual(page.problems, []);
    await page.context().close();
  });
}

test('the URL holds lesson, section and preset; a copied link reopens the same state', async () => {
  const page = await open(browser, `${LESSON1}&lang=en`);
  await waitForLesson(page);
  await page.locator('#prose button.run').nth(1).click();  // "a tiny learning rate"
  await page.waitForFunction(() => location.hash.includes('0.005'));
  const url = page.url();
  assert.match(decodeURIComponent(url), /section=unit/);
  assert.match(decodeURIComponent(url), /"lr":0.005/);
  const copy = await open(browser, url.slice(BASE.length + 1));
  await waitForLesson(copy);
  assert.strictEqual(await liveText(copy, 'lr'), '0.005');
  assert.deepStrictEqual(copy.problems, []);
  await page.context().close();
  await copy.context().close();
});

test('a refused preset in the URL is explained and the lesson defaults are used', async () => {
  const bad = encodeURIComponent(JSON.stringify({ lr: 'fast' }));
  const page = await open(browser, `${LESSON1}&lang=en&preset=${bad}`);
  await waitForLesson(page);
  const notice = page.locator('#notice');
  assert.ok(await notice.isVisible());
  assert.match(await notice.textContent(), /refused.*lr: expected a number/);
  assert.strictEqual(await liveText(page, 'lr'), '0.5');
  // An out-of-range value is clamped, and the lab says so on the canvas; the text shows the clamp.
  const big = encodeURIComponent(JSON.stringify({ lr: 1e6 }));
  const page2 = await open(browser, `${LESSON1}&lang=en&preset=${big}`);
  await waitForLesson(page2);
  assert.strictEqual(await liveText(page2, 'lr'), '100');
  await page.context().close();
  await page2.context().close();
});

test('a malformed lesson shows file:line: what in its place; the rest of the course works', async () => {
  const page = await open(browser, 'lesson=99-broken&lang=en');
  await page.waitForSelector('.lesson-error');
  const text = await page.locator('.lesson-error').textContent();
  assert.match(text, /lessons\/99-broken\/lesson\.en\.md:8: unbalanced math/);
  assert.match(text,
    /lessons\/99-broken\/lesson\.en\.md:10: run block rejected by lab 'neuron': lr: expected a number/);
  await page.click('.lesson-error a[href="#"]');
  await page.click(`#chapters a[href*="01-deep-learning"]`);
  await waitForLesson(page);
  assert.strictEqual(await page.locator('#prose .katex-error').count(), 0);
  await page.context().close();
});

test('the ImGui toolbar on the canvas responds to a real click', async () => {
  const page = await open(browser, `${LESSON1}&lang=en`);
  await waitForLesson(page);
  assert.match(await page.locator('#lab-status').textContent(), /paused/);
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.click(box.x + 50, box.y + 20);  // the first toolbar button: Train
  await page.waitForFunction(() => /training/.test(document.querySelector('#lab-status').textContent));
  await page.mouse.click(box.x + 50, box.y + 20);  // now Pause
  await page.waitForFunction(() => /paused/.test(document.querySelector('#lab-status').textContent));
  // The clicks gave the canvas the keyboard: Space trains, R resets.
  assert.strictEqual(await page.evaluate(() => document.activeElement.id), 'canvas');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /training/.test(document.querySelector('#lab-status').textContent));
  await page.keyboard.press('Space');
  await page.keyboard.press('r');
  await page.waitForFunction(() =>
    /^step 0 · paused/.test(document.querySelector('#lab-status').textContent));
  await page.context().close();
});

test('layout: text beside the lab on a wide screen, the lab docked under it on a narrow one', async () => {
  const wide = await open(browser, `${LESSON1}&lang=en`);
  await waitForLesson(wide);
  const p = await wide.locator('#prose').boundingBox(), c = await wide.locator('#canvas').boundingBox();
  assert.ok(c.x > p.x + p.width - 1, 'canvas right of the text');
  await wide.setViewportSize({ width: 1000, height: 700 });
  await wide.waitForFunction(() => {
    const cv = document.querySelector('#canvas');
    return Math.abs(cv.width - cv.clientWidth * devicePixelRatio) < 2;
  });
  await wide.context().close();

  // Narrow: the lab docked under the text, at the bottom of the window (touch.test.js has more).
  const narrow = await open(browser, `${LESSON1}&lang=zh`, { viewport: { width: 420, height: 800 } });
  await waitForLesson(narrow);
  const pn = await narrow.locator('#prose-scroll').boundingBox();
  const cn = await narrow.locator('#canvas').boundingBox();
  assert.ok(cn.y >= pn.y + pn.height - 1, 'canvas below the text');
  assert.ok(cn.y + cn.height <= 801, 'and inside the window');
  assert.ok(cn.width > 380, 'canvas uses the width');
  await narrow.context().close();
});

test('the canvas follows the device pixel ratio (crisp on high-DPI screens)', async () => {
  const page = await open(browser, `${LESSON1}&lang=en`, { deviceScaleFactor: 2 });
  await waitForLesson(page);
  const r = await page.evaluate(() => {
    const c = document.querySelector('#canvas');
    return { w: c.width, cw: c.clientWidth, h: c.height, ch: c.clientHeight };
  });
  assert.ok(Math.abs(r.w - 2 * r.cw) <= 2 && Math.abs(r.h - 2 * r.ch) <= 2, JSON.stringify(r));
  const px = await canvasPixels(page);
  assert.ok(px.colours > 50);
  await page.context().close();
});

test('the lab speaks the chosen language: switching redraws its labels, and back again', async () => {
  const page = await open(browser, `${LESSON1}&lang=en`);
  await waitForLesson(page);
  const box = await page.locator('#canvas').boundingBox();
  const clip = { x: box.x, y: box.y, width: Math.min(500, box.width), height: 40 };  // the toolbar
  await page.waitForTimeout(300);
  const en = await page.screenshot({ clip });
  await page.click('button[data-lang="zh"]');
  await page.waitForFunction(() => /第 0 步/.test(document.querySelector('#lab-status').textContent));
  await page.waitForTimeout(300);
  const zh = await page.screenshot({ clip });
  assert.ok(!en.equals(zh), 'the toolbar is redrawn in Chinese');
  await page.click('button[data-lang="en"]');
  await page.waitForTimeout(500);
  const back = await page.screenshot({ clip });
  assert.ok(back.equals(en), 'and back in English, pixel for pixel');
  await page.context().close();
});
