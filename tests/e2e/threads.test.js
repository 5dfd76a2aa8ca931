// Training off the page's thread (issue 15). Where the page is cross-origin isolated (nginx sends
// COOP/COEP) the threaded module (course-mt.js) loads and the lab trains on a thread of its own
// while the page draws; a stress test drives the labs from the page meanwhile. Served without those
// headers, the course's service worker adds them (one reload); with service workers blocked too,
// the single-threaded module loads and the lab trains between frames, as before. Both modules give
// the same numbers for a fixed seed, with GEMMs large enough to be split across the pool.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { BASE, LESSON1, launch, open, waitForLesson, canvasPixels } = require('./helpers');
const { startServer } = require('../../bench/server');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

// Lesson 1 with `lab` open on `preset` (the bridge opens a lab the lesson does not name).
async function openLab(page, lab, preset) {
  await waitForLesson(page);
  const r = await page.evaluate(([l, p]) => course.call('course_open', l, p), [lab, JSON.stringify(preset)]);
  assert.ok(r.ok, `open ${lab}: ${r.error}`);
}

// Which module the page loaded, whether it is isolated, and where its lab trains.
const mode = (page) => page.evaluate(() => {
  const wasm = performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())
    .filter((n) => n.endsWith('.wasm'));
  const s = course.call('course_status');
  return { isolated: self.crossOriginIsolated, wasm, training: s.training, threads: s.threads,
    shown: document.getElementById('lab-frame').dataset.training };
});

// Trains for a while with the lab drawn; returns the steps and frames it took.
const trainFor = (page, ms) => page.evaluate(async (t) => {
  const before = course.call('course_status');
  course.call('course_command', 'play');
  const t0 = performance.now();
  await new Promise((r) => {
    const f = () => (performance.now() - t0 >= t ? r() : requestAnimationFrame(f));
    f();
  });
  const after = course.call('course_status');
  course.call('course_command', 'pause');
  return { steps: after.steps - before.steps, frames: after.frames - before.frames };
}, ms);

test('isolated: the threaded module loads and the lab trains on its own thread while the page draws',
  async () => {
  const page = await open(browser, LESSON1);
  await openLab(page, 'mlp', { speed: 0 });
  const m = await mode(page);
  assert.strictEqual(m.isolated, true);
  assert.deepStrictEqual(m.wasm, ['course-mt.wasm']);
  assert.strictEqual(m.training, 'thread');
  assert.ok(m.threads >= 1 && m.threads <= 16, `threads ${m.threads}`);
  await page.waitForFunction(() => document.getElementById('lab-frame').dataset.training === 'thread');
  const r = await trainFor(page, 1500);
  assert.ok(r.steps > 100, `${r.steps} steps in 1.5 s`);
  assert.ok(r.frames > 10, `${r.frames} frames drawn meanwhile`);
  const px = await canvasPixels(page);
  assert.ok(px.colours > 50, `the lab is drawn (${px.colours} colours)`);
  // A refused preset is a C++ exception caught in the module: it must come back as a message.
  // (Emscripten 3.1.6's native wasm exceptions are never caught under -pthread: CMakeLists.txt.)
  const refused = await page.evaluate(() => course.call('course_configure', '{"lr": "fast"}'));
  assert.strictEqual(refused.ok, false);
  assert.match(refused.error, /lr: expected a number/);
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

// Drives the labs from the page while they train on the thread: status, configure, reset, export,
// step, a check and switching labs, `rounds` times, a frame now and then. Every answer parses (the
// bridge throws otherwise); the step count only grows between resets.
function stressInPage({ labs, rounds }) {
  const call = (...a) => course.call(...a);
  const last = {};
  const problems = [];
  let trained = 0;
  let commanded = 0;  // steps taken by the Step command (the rest are the thread's)
  let seed = 7;  // Park and Miller's generator: exact in doubles
  const rand = (n) => { seed = (seed * 16807) % 2147483647; return Math.floor(seed / 2147483647 * n); };
  const watch = (what) => {
    const s = call('course_status');
    if (!s.lab || !s.state) { problems.push(`${what}: no lab state`); return; }
    if (s.alert) problems.push(`${what}: ${s.alert}`);
    const before = last[s.lab];
    if (before !== undefined && s.steps < before) {
      problems.push(`${what}: ${s.lab} went from ${before} to ${s.steps}`);
    }
    if (before !== undefined && s.steps > before) trained += s.steps - before;
    last[s.lab] = s.steps;
  };
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  return (async () => {
    for (const lab of labs) call('course_open', lab, JSON.stringify({ speed: 0 }));
    call('course_command', 'play');
    const frames0 = call('course_status').frames;
    for (let i = 0; i < rounds; ++i) {
      const lab = call('course_status').lab;
      switch (rand(8)) {
        case 0: watch('status'); break;
        case 1:
          if (!call('course_configure', JSON.stringify({ speed: 0, seed: rand(100) })).ok) {
            problems.push(`configure ${lab} refused`);
          }
          last[lab] = 0;
          call('course_command', 'play');
          break;
        case 2: call('course_command', 'reset'); last[lab] = 0; call('course_command', 'play'); break;
        case 3: {
          const e = call('course_export');
          if (e.ok === false && lab === 'mlp') problems.push(e.error);
          break;
        }
        case 4: call('course_command', 'step'); commanded += 1; watch('step'); break;
        case 5: call('course_check', JSON.stringify({ lab, check: 'step >= 0' })); break;
        case 6: {
          const next = labs[rand(labs.length)];
          if (!call('course_open', next, '').ok) problems.push(`open ${next} refused`);
          call('course_command', 'play');
          watch('switch');
          break;
        }
        default: await frame(); watch('frame');
      }
    }
    await frame();
    watch('end');
    return { problems, trained: trained - commanded, frames: call('course_status').frames - frames0 };
  })();
}

test('stress: mlp, neuron, backprop and gan train on the thread while the page drives them 400 times',
  async () => {
  const page = await open(browser, LESSON1);
  await openLab(page, 'mlp', { speed: 0 });
  assert.strictEqual((await mode(page)).training, 'thread');
  const r = await page.evaluate(stressInPage, { labs: ['mlp', 'neuron', 'backprop', 'gan'], rounds: 400 });
  assert.deepStrictEqual(r.problems, []);
  assert.ok(r.trained > 50, `the thread trained ${r.trained} steps meanwhile`);
  assert.ok(r.frames > 20, `${r.frames} frames drawn meanwhile`);
  // Still alive: it trains and draws after the storm.
  const t = await trainFor(page, 800);
  assert.ok(t.steps > 0 && t.frames > 0, JSON.stringify(t));
  assert.deepStrictEqual(page.problems, []);
  await page.context().close();
});

// Ten steps of a GAN whose layers are GEMMs of 1024 x 128 x 128 (above the pool's threshold), taken
// one at a time with the lab paused: its state after them.
const GAN = { g_width: 128, d_width: 128, batch: 1024, seed: 11, speed: 0 };
async function tenSteps(url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url + '#' + LESSON1);
  await openLab(page, 'gan', GAN);
  const out = await page.evaluate(() => {
    course.call('course_command', 'pause');
    course.call('course_command', 'reset');
    const jobs = course.call('course_status').pool_jobs;
    for (let i = 0; i < 10; ++i) course.call('course_command', 'step');
    const s = course.call('course_status');
    return { training: s.training, threads: s.threads, steps: s.steps, state: s.state,
      jobs: s.pool_jobs - jobs };
  });
  await context.close();
  return out;
}

test('the same numbers with and without threads: ten GAN steps of 1024 x 128 x 128 products', async () => {
  const threaded = await tenSteps(BASE);
  const single = await tenSteps(BASE + '?threads=off');
  assert.strictEqual(threaded.training, 'thread');
  assert.strictEqual(single.training, 'frame');
  assert.strictEqual(single.threads, 1);
  assert.strictEqual(threaded.steps, 10);
  if (threaded.threads > 1) assert.ok(threaded.jobs >= 10, `${threaded.jobs} products split across the pool`);
  assert.strictEqual(single.jobs, 0);
  for (const k of ['d_loss', 'g_loss']) {
    assert.ok(Number.isFinite(threaded.state[k]), `${k} = ${threaded.state[k]}`);
  }
  // The pool splits rows and columns, never a sum: the same floats in the same order.
  assert.deepStrictEqual(threaded.state, single.state);
});

test('served without COOP/COEP, service workers off: the single-threaded module trains between frames',
  async () => {
  const server = await startServer({ root: process.env.COURSE_WEB_ROOT, isolated: false });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 },
      serviceWorkers: 'block' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
    await page.goto(server.url + '#' + LESSON1);
    await openLab(page, 'mlp', { speed: 0 });
    const m = await mode(page);
    assert.strictEqual(m.isolated, false);
    assert.deepStrictEqual(m.wasm, ['course.wasm']);
    assert.strictEqual(m.training, 'frame');
    assert.strictEqual(m.threads, 1);
    await page.waitForFunction(() => document.getElementById('lab-frame').dataset.training === 'frame');
    const r = await trainFor(page, 1500);
    assert.ok(r.steps > 50 && r.frames > 5, JSON.stringify(r));
    assert.ok((await canvasPixels(page)).colours > 50);
    assert.deepStrictEqual(problems, []);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('served without COOP/COEP: the service worker adds them, the page reloads once and gets threads',
  async () => {
  const server = await startServer({ root: process.env.COURSE_WEB_ROOT, isolated: false });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    let loads = 0;
    page.on('load', () => { loads += 1; });
    await page.goto(server.url + '#' + LESSON1);
    // The first load is not isolated; once the worker controls the page, main.js reloads it.
    const deadline = Date.now() + 60000;
    let isolated = false;
    while (!isolated && Date.now() < deadline) {
      isolated = await page.evaluate(() => self.crossOriginIsolated === true && !!(window.course &&
        course.shell.module)).catch(() => false);
      if (!isolated) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(isolated, 'the page became cross-origin isolated');
    await openLab(page, 'mlp', { speed: 0 });
    const m = await mode(page);
    assert.deepStrictEqual(m.wasm, ['course-mt.wasm']);
    assert.strictEqual(m.training, 'thread');
    assert.strictEqual(loads, 2, 'one reload, no loop');
    const r = await trainFor(page, 1000);
    assert.ok(r.steps > 50 && r.frames > 5, JSON.stringify(r));
    await context.close();
  } finally {
    await server.stop();
  }
});
