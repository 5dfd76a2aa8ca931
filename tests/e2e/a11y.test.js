// Accessibility: axe-core finds no serious or critical violations; the lab can be driven from HTML
// controls and reports its state in text.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { LESSON1, launch, open, waitForLesson } = require('./helpers');

const AXE = path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ` +
      `${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const lang of ['en', 'zh']) {
  test(`axe: no serious violations on the home page and lesson 1 (${lang})`, async () => {
    const home = await open(browser, `lang=${lang}`);
    await home.waitForSelector('#chapters .chapter');
    assert.deepStrictEqual(await seriousViolations(home), []);
    await home.context().close();
    const lesson = await open(browser, `${LESSON1}&lang=${lang}`);
    await waitForLesson(lesson);
    assert.deepStrictEqual(await seriousViolations(lesson), []);
    await lesson.context().close();
  });
}

for (const lang of ['en', 'zh']) {
  test(`axe: exercise cards, a failed check with its hint, and the mlp lab's tools (${lang})`, async () => {
    const page = await open(browser, `lesson=97-labs&lang=${lang}`);
    await waitForLesson(page);
    await page.locator('#prose section.exercise .ex-check').first().click();
    await page.locator('#prose section.exercise .ex-hint').first().waitFor();
    await page.click('#toc a[data-goto="play"]');
    await page.waitForFunction(() => course.call('course_status').lab === 'mlp');
    await page.click('#data-toggle');
    assert.deepStrictEqual(await seriousViolations(page), []);
    await page.context().close();
  });
}

test('axe: the lab docked on a phone, expanded and collapsed', async () => {
  const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
  const page = await open(browser, `${LESSON1}&lang=en`, phone);
  await waitForLesson(page);
  assert.deepStrictEqual(await seriousViolations(page), []);
  await page.locator('#lab-dock').tap();
  assert.strictEqual(await page.getAttribute('#lab-dock', 'aria-expanded'), 'false');
  assert.deepStrictEqual(await seriousViolations(page), []);
  await page.context().close();
});

test('the lab is driven by HTML buttons from the keyboard, and its state is announced in text', async () => {
  const page = await open(browser, `${LESSON1}&lang=en`);
  await waitForLesson(page);
  await page.focus('#lab-toggle');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /training/.test(document.querySelector('#lab-live').textContent));
  assert.strictEqual(await page.getAttribute('#lab-toggle', 'aria-pressed'), 'true');
  assert.strictEqual(await page.locator('#lab-toggle').textContent(), 'Pause');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /paused/.test(document.querySelector('#lab-live').textContent));
  await page.focus('#lab-reset');
  await page.keyboard.press('Enter');
  await page.focus('#lab-step');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^step 2 ·/.test(document.querySelector('#lab-status').textContent));
  assert.match(await page.locator('#lab-live').textContent(),
    /^Lab “One sigmoid unit”: step \d+ · paused · cost [\d.]+ · accuracy [\d.]+$/);
  assert.strictEqual(await page.getAttribute('#canvas', 'aria-label'), 'Lab: One sigmoid unit');
  // In Chinese too, from the lab's own words.
  await page.click('button[data-lang="zh"]');
  await page.waitForFunction(() => /^第 2 步 · 已暂停 · 代价 [\d.]+ · 准确率 [\d.]+$/
    .test(document.querySelector('#lab-status').textContent));
  await page.waitForFunction(() => /^实验“单个 sigmoid 单元”：第 2 步/
    .test(document.querySelector('#lab-live').textContent));
  assert.strictEqual(await page.getAttribute('#canvas', 'aria-label'), '实验：单个 sigmoid 单元');
  await page.context().close();
});

test('the shell\'s own words exist in both languages', async () => {
  const page = await open(browser, '');
  await page.waitForSelector('#chapters .chapter');
  const gaps = await page.evaluate(async () => {
    const { STRINGS } = await import(new URL('js/i18n.js', location.href));  // the page's own module
    const en = Object.keys(STRINGS.en), zh = Object.keys(STRINGS.zh);
    return { onlyEn: en.filter((k) => !zh.includes(k)), onlyZh: zh.filter((k) => !en.includes(k)),
      empty: [...en, ...zh].filter((k) => !STRINGS.en[k] || !STRINGS.zh[k]) };
  });
  assert.deepStrictEqual(gaps, { onlyEn: [], onlyZh: [], empty: [] });
  await page.context().close();
});
