// Shared by the browser tests: Debian's Chromium driven by playwright-core, against the course
// served by nginx at COURSE_URL (./course test starts it). Pages fail on any console error.
'use strict';
const { chromium } = require('playwright-core');

const BASE = process.env.COURSE_URL || 'http://127.0.0.1:8000/';
const LESSON1 = 'lesson=01-deep-learning';

// { webgpu: true } also turns on WebGPU, which Chromium on Linux keeps behind a flag (here its
// adapter is SwiftShader, on the CPU).
async function launch({ webgpu = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      ...(webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
}

// A page that records console errors and uncaught exceptions in page.problems.
async function open(browser, hash = '', options = {}) {
  const defaults = { viewport: { width: 1400, height: 900 }, locale: 'en-US' };
  const context = await browser.newContext({ ...defaults, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  page.on('pageerror', (e) => page.problems.push(e.message));
  await page.goto(BASE + (hash ? '#' + hash : ''));
  return page;
}

// Waits until a lesson is shown and its lab is working: the lesson rendered, the wasm module loaded,
// the open lab reporting a state to the shell, and the live values filled from it.
async function waitForLesson(page) {
  await page.waitForFunction(() => {
    const c = window.course;
    const s = c && c.shell.lastStatus;
    const labReports = s && s.state && c.shell.labName && s.lab === c.shell.labName;
    return !!(labReports && document.querySelector('#prose h1'));
  }, null, { timeout: 30000 });
}

// Real pixels: screenshot the canvas, decode the PNG in the page, and summarise.
async function canvasPixels(page) {
  const png = await page.locator('#canvas').screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let dark = 0, blue = 0;
    for (let i = 0; i < d.length; i += 4) {
      colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      if (d[i] + d[i + 1] + d[i + 2] < 200) dark++;
      if (d[i + 2] > 150 && d[i] < 80) blue++;
    }
    return { width: c.width, height: c.height, colours: colours.size, dark, blue, total: d.length / 4 };
  }, png.toString('base64'));
}

const liveText = (page, key) => page.locator(`#prose [data-live="${key}"]`).first().textContent();

module.exports = { BASE, LESSON1, launch, open, waitForLesson, canvasPixels, liveText };
