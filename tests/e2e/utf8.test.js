// A lesson file that is not UTF-8 reaches the validator as bytes (the shell passes the fetched
// file, not a decoded string, which would hide the bad bytes behind U+FFFD) and is refused by
// file and line; the rest of the course keeps working.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { BASE, launch, waitForLesson } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a lesson saved as Latin-1 is named by file and line, in place of the lesson', async () => {
  // No service worker: it would answer from its cache before the route below sees the request.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US',
    serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const file = 'lessons/01-deep-learning/lesson.en.md';
  await page.route(`**/${file}`, async (route) => {
    const res = await route.fetch();
    const lines = (await res.body()).toString('utf8').split('\n');
    // Line 2 is the header's title: append "café" in Latin-1 (é is the single byte 0xE9).
    const bytes = Buffer.concat([Buffer.from(lines.slice(0, 1).join('\n') + '\n' + lines[1] + ' caf'),
      Buffer.from([0xe9]), Buffer.from('\n' + lines.slice(2).join('\n'))]);
    await route.fulfill({ response: res, body: bytes });
  });
  await page.goto(`${BASE}#lesson=01-deep-learning&lang=en`);
  await page.waitForSelector('.lesson-error');
  const text = await page.locator('.lesson-error').textContent();
  const column = [...(await (await page.request.get(BASE + file)).text()).split('\n')[1]].length + 5;
  assert.match(text, new RegExp(`lessons/01-deep-learning/lesson\\.en\\.md:2: not valid UTF-8 ` +
    `\\(byte 0xE9 at column ${column}\\)`));
  // The rest of the course works: the home page, and the lesson in Chinese.
  await page.click('.lesson-error a[href="#"]');
  await page.waitForSelector('#chapters .chapter');
  await page.goto(`${BASE}#lesson=01-deep-learning&lang=zh`);
  await waitForLesson(page);
  assert.deepStrictEqual(problems, []);
  await context.close();
});
