// Touch and small screens: a tap drives the lab's ImGui controls; a phone gets readable text.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { LESSON1, launch, open, waitForLesson } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a tablet: tapping the lab\'s Train button trains, tapping again pauses', async () => {
  const page = await open(browser, `${LESSON1}&lang=en`, { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true });
  await waitForLesson(page);
  const box = await page.locator('#canvas').boundingBox();
  await page.touchscreen.tap(box.x + 50, box.y + 20);
  await page.waitForFunction(() => /training/.test(document.querySelector('#lab-status').textContent));
  await page.waitForTimeout(300);
  await page.touchscreen.tap(box.x + 50, box.y + 20);
  await page.waitForFunction(() => /paused/.test(document.querySelector('#lab-status').textContent));
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

test('a phone: the text is readable without zooming and the lab follows below it', async () => {
  const page = await open(browser, `${LESSON1}&lang=zh`, { viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  await waitForLesson(page);
  const r = await page.evaluate(() => ({
    font: parseFloat(getComputedStyle(document.querySelector('#prose p')).fontSize),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
  assert.ok(r.font >= 16, `body text ${r.font}px`);
  assert.ok(r.overflow <= 1, `no sideways scrolling of the page (${r.overflow}px)`);
  await page.context().close();
});
