// Presenter mode: large text and lab, a clicker steps through sections applying their run blocks,
// freeze, laser pointer, and a notes window that follows.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { launch, open, waitForLesson, canvasPixels, liveText } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const status = (page) => page.locator('#lab-status').textContent();

test('presenter keys: P, PageDown/PageUp through sections, F freezes, the laser follows the mouse',
  async () => {
  const page = await open(browser, 'lesson=98-steps&lang=en');
  await page.waitForFunction(() => /\d/.test(document.querySelector('#prose [data-live="lr"]')?.textContent));
  const before = await canvasPixels(page);
  const fontBefore = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.querySelector('#prose')).fontSize));

  await page.keyboard.press('p');
  assert.ok(await page.evaluate(() => document.body.classList.contains('presenter')));
  const fontAfter = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.querySelector('#prose')).fontSize));
  assert.ok(fontAfter > fontBefore * 1.3, `text grows: ${fontBefore} -> ${fontAfter}px`);
  await page.waitForTimeout(500);
  const after = await canvasPixels(page);
  assert.ok(after.dark > before.dark * 1.3,
    `the lab's text is drawn larger: dark pixels ${before.dark} -> ${after.dark}`);

  // A clicker sends PageDown / PageUp: each step goes to a section and applies its run block.
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.querySelector('#prose [data-live="lr"]').textContent === '0.1');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.querySelector('#prose [data-live="lr"]').textContent === '0.2');
  assert.match(decodeURIComponent(page.url()), /section=two/);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');  // past the end stays on the last
  await page.waitForFunction(() => document.querySelector('#prose [data-live="lr"]').textContent === '0.3');
  await page.keyboard.press('PageUp');
  await page.waitForFunction(() => document.querySelector('#prose [data-live="lr"]').textContent === '0.2');
  assert.match(await status(page), /training/);

  await page.keyboard.press('f');
  await page.waitForFunction(() => /paused/.test(document.querySelector('#lab-status').textContent));
  assert.ok(await page.locator('#frozen').isVisible());
  const frozenAt = await liveText(page, 'lr');
  await page.keyboard.press('f');
  await page.waitForFunction(() => /training/.test(document.querySelector('#lab-status').textContent));
  assert.ok(await page.locator('#frozen').isHidden());
  assert.strictEqual(await liveText(page, 'lr'), frozenAt);

  await page.mouse.move(300, 400);
  await page.mouse.move(320, 420);
  assert.ok(await page.locator('#laser').isVisible());

  await page.keyboard.press('Escape');
  assert.ok(!(await page.evaluate(() => document.body.classList.contains('presenter'))));
  assert.ok(await page.locator('#laser').isHidden());
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

test('the notes window follows the presenter\'s sections', async () => {
  const page = await open(browser, 'lesson=98-steps&lang=en');
  await page.waitForFunction(() => /\d/.test(document.querySelector('#prose [data-live="lr"]')?.textContent));
  await page.click('#present');
  const [notes] = await Promise.all([page.context().waitForEvent('page'), page.click('#notes-open')]);
  await notes.waitForSelector('#notes-text h2');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await notes.waitForFunction(() => {
    const cur = document.querySelector('#notes-text h2.current');
    return cur && cur.dataset.section === 'two';
  });
  assert.match(await notes.locator('#notes-next').textContent(), /Next: Three/);
  assert.ok(await notes.locator('#canvas').isHidden(), 'the notes window runs no lab');
  await page.context().close();
});
