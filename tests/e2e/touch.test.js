// Touch and small screens: a tap drives the lab's ImGui controls; a phone gets readable text, the
// lab docked under the text (run blocks far down the page show it training, in view), a collapse
// toggle, and a header on one row.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { LESSON1, launch, open, waitForLesson, canvasPixels } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

// The share of an element's box that lies inside the viewport (0..1).
function shareInView(page, selector) {
  return page.evaluate((selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    return r.width * r.height > 0 ? (w * h) / (r.width * r.height) : 0;
  }, selector);
}

// The canvas's backing store matches its CSS size at the device pixel ratio (crisp, not stretched).
// The canvas's backing store matches its CSS box: SDL has followed the last resize.
const crisp = () => {
  const c = document.querySelector('#canvas');
  return c.clientWidth > 100 && Math.abs(c.width - c.clientWidth * devicePixelRatio) <= 2 &&
    Math.abs(c.height - c.clientHeight * devicePixelRatio) <= 2;
};
const canvasCrisp = (page) => page.evaluate(crisp);

test('a tablet: tapping the lab\'s Train button trains, tapping again pauses', async () => {
  const tablet = { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true };
  const page = await open(browser, `${LESSON1}&lang=en`, tablet);
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

test('a phone: the text is readable without zooming', async () => {
  const page = await open(browser, `${LESSON1}&lang=zh`, { ...PHONE, viewport: { width: 375, height: 740 } });
  await waitForLesson(page);
  const r = await page.evaluate(() => ({
    font: parseFloat(getComputedStyle(document.querySelector('#prose p')).fontSize),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
  assert.ok(r.font >= 16, `body text ${r.font}px`);
  assert.ok(r.overflow <= 1, `no sideways scrolling of the page (${r.overflow}px)`);
  await page.context().close();
});

for (const lang of ['en', 'zh']) {
  test(`a phone (${lang}): the lab docked under the text, in view when a run block is tapped`, async () => {
    const page = await open(browser, `${LESSON1}&lang=${lang}`, PHONE);
    await waitForLesson(page);

    // The header's links and buttons on one row inside the screen; nothing scrolls sideways.
    const layout = await page.evaluate(() => {
      const all = [...document.querySelectorAll('.topbar a, .topbar button')];
      const shown = all.filter((el) => el.getClientRects().length);
      const boxes = shown.map((el) => el.getBoundingClientRect());
      const pane = document.querySelector('#prose-scroll');
      return {
        items: shown.map((el) => el.textContent.trim()),
        lowestTop: Math.max(...boxes.map((b) => b.top)),
        highestBottom: Math.min(...boxes.map((b) => b.bottom)),
        right: Math.max(...boxes.map((b) => b.right)),
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        text: pane.scrollWidth - pane.clientWidth,
      };
    });
    assert.ok(layout.items.length >= 3, `brand and both languages: ${layout.items}`);
    assert.ok(layout.lowestTop < layout.highestBottom, `one row: ${JSON.stringify(layout)}`);
    assert.ok(layout.right <= 390, `inside the screen: right edge ${layout.right}`);
    assert.ok(layout.page <= 0 && layout.text <= 0, `nothing scrolls sideways: ${JSON.stringify(layout)}`);

    // The text ends where the docked lab begins: nothing of it is hidden under the panel.
    const dock = await page.evaluate(() => ({
      text: document.querySelector('#prose-scroll').getBoundingClientRect().bottom,
      lab: document.querySelector('.lesson-lab').getBoundingClientRect(),
    }));
    assert.ok(dock.text <= dock.lab.top + 1, `text above the lab: ${JSON.stringify(dock)}`);
    const half = dock.lab.height > 0.4 * 844 && dock.lab.height < 0.6 * 844;
    assert.ok(half, `the lab takes about half the screen: ${dock.lab.height}`);

    // Run blocks in the first section, in the middle and far down: each trains its section's lab,
    // the canvas in view, and the tapped block still in view in the text.
    const runs = await page.evaluate(() => [...document.querySelectorAll('#prose button.run')]
      .map(course.sectionOf));
    const sections = await page.evaluate(() => course.shell.check.sections);
    assert.ok(runs.length >= 3 && sections.length >= 3);
    for (const i of [0, Math.floor(runs.length / 2), runs.length - 1]) {
      const button = page.locator('#prose button.run').nth(i);
      await button.tap();
      const s = await page.evaluate(() => course.call('course_status'));
      assert.ok(s.running, `run ${i} (${runs[i]}) trains`);
      const lab = sections.find((x) => x.id === runs[i]).lab;
      assert.strictEqual(s.lab, lab, `run ${i} opened its section's lab`);
      assert.ok(await shareInView(page, '#canvas') > 0.95, `run ${i}: the canvas is in view`);
      const kept = await page.evaluate((i) => {
        const b = document.querySelectorAll('#prose button.run')[i].getBoundingClientRect();
        const pane = document.querySelector('#prose-scroll').getBoundingClientRect();
        return b.top >= pane.top - 1 && b.bottom <= pane.bottom + 1;
      }, i);
      assert.ok(kept, `run ${i}: the tapped block is still in view`);
      await page.waitForFunction(() => course.call('course_status').steps > 5);
      const px = await canvasPixels(page);
      assert.ok(px.colours > 50 && px.dark > 200, `run ${i}: the canvas is drawn (${px.colours} colours)`);
    }
    assert.strictEqual(await page.evaluate(() => course.shell.section), runs[runs.length - 1]);

    // Collapse: only the lab's bar stays; the text takes the room; the canvas keeps its size.
    const toggle = page.locator('#lab-dock');
    const words = lang === 'en'
      ? { hide: 'Hide the lab', show: 'Show the lab' } : { hide: '收起实验', show: '展开实验' };
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
    assert.strictEqual(await toggle.getAttribute('aria-label'), words.hide);
    const canvasSize = () => page.evaluate(() => {
      const c = document.querySelector('#canvas');
      return [c.width, c.height];
    });
    // SDL follows a resize of the frame on its next frame, which can lag under load: compare
    // against the size it settled at, not one it was about to leave.
    await page.waitForFunction(crisp, null, { timeout: 10000 });
    const size = await canvasSize();
    await toggle.tap();
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    assert.strictEqual(await toggle.getAttribute('aria-label'), words.show);
    assert.strictEqual(await page.locator('#canvas').isVisible(), false, 'collapsed: no canvas');
    for (const id of ['#lab-toggle', '#lab-status', '#lab-dock']) {
      assert.ok(await shareInView(page, id) > 0.99, `${id} in view`);
    }
    const pane = page.locator('#prose-scroll');
    const textBottom = await pane.evaluate((el) => el.getBoundingClientRect().bottom);
    assert.ok(textBottom > dock.text + 250, `the text grows: ${dock.text} -> ${textBottom}`);
    await page.waitForTimeout(300);
    assert.deepStrictEqual(await canvasSize(), size, 'collapsing does not resize the canvas');

    // The keyboard expands it again; a run block does too, and the canvas comes back crisp and drawn.
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Space');
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    await page.locator('#prose button.run').first().tap();
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await shareInView(page, '#canvas') > 0.95, 'expanded by the run block: the canvas in view');
    await page.waitForFunction(() => course.call('course_status').steps > 5);
    await page.waitForTimeout(300);
    assert.ok(await canvasCrisp(page), 'the canvas is crisp after collapse and expand');
    const px = await canvasPixels(page);
    assert.ok(px.colours > 50 && px.dark > 200, `the canvas is drawn after expanding (${px.colours})`);
    assert.deepStrictEqual(page.problems, []);
    await page.context().close();
  });
}
