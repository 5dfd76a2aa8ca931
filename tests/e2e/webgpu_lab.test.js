// The cnn and charlm labs on WebGPU, in the course page (headless Chromium's WebGPU is SwiftShader
// here): the compute switch trains the network on the GPU, in the frame; it switches back to the
// CPU and to the GPU again mid-run without losing a step; and with no WebGPU the lab says why, in
// the learner's language, and trains on the CPU.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { BASE, launch, open, waitForLesson, canvasPixels } = require('./helpers');

// A small batch: SwiftShader runs a 32-image step in about a second.
const PRESET = { mode: 'digits', test_limit: 200, batch: 8, compute: 'webgpu' };
const url = (lang, preset) =>
  `lesson=03-vision&lang=${lang}&lab=cnn&preset=${encodeURIComponent(JSON.stringify(preset))}`;
const status = (p) => p.evaluate(() => course.call('course_status'));

async function until(p, what, check, timeout = 90000) {
  const t0 = Date.now();
  for (;;) {
    const s = await status(p);
    if (check(s)) return s;
    if (Date.now() - t0 > timeout) {
      throw new Error(`${what}: not within ${timeout} ms; ${JSON.stringify(s.compute)} step ${s.steps}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('the cnn lab trains on WebGPU and switches to the CPU and back mid-run', { timeout: 300000 },
  async () => {
  const browser = await launch({ webgpu: true });
  try {
    const p = await open(browser, url('en', PRESET));
    await waitForLesson(p);
    await until(p, 'MNIST', (s) => s.state && s.state.data_ready === 1);
    await p.evaluate(() => course.call('course_command', 'toggle'));
    let s = await until(p, 'training on the GPU',
      (x) => x.compute && x.compute.on === 'webgpu' && x.steps >= 3);
    assert.match(s.compute.adapter, /\w/, 'the adapter is named');
    assert.strictEqual(s.state.gpu, 1);
    assert.strictEqual(s.training, 'frame', 'WebGPU trains in the frame');
    await p.waitForSelector('#lab-frame[data-compute="webgpu"][data-training="frame"]');  // the shell's poll
    // Losses arrive from the GPU: finite, and the measurement reads the weights read back from it.
    s = await until(p, 'a loss from the GPU', (x) => x.state.loss > 0 && x.state.test_step >= 0);
    assert.ok(Number.isFinite(s.state.loss) && s.state.loss < 5, JSON.stringify(s.state.loss));
    const pixels = await canvasPixels(p);
    assert.ok(pixels.colours > 50, `the lab draws while the GPU trains (${pixels.colours} colours)`);

    // To the CPU: the step count goes on from where the GPU was (no reset), and grows there.
    const before = (await status(p)).steps;
    await p.evaluate(() => course.call('course_configure', JSON.stringify({ compute: 'cpu' })));
    s = await until(p, 'back on the CPU', (x) => x.compute.on === 'cpu');
    assert.ok(s.steps >= before, `steps ${s.steps} after the switch, ${before} before`);
    const onCpu = s.steps;
    s = await until(p, 'training on the CPU', (x) => x.steps >= onCpu + 5);
    assert.strictEqual(s.state.gpu, 0);
    assert.ok(Number.isFinite(s.state.loss));

    // And to the GPU again, from the CPU's weights and Adam state.
    await p.evaluate(() => course.call('course_configure', JSON.stringify({ compute: 'webgpu' })));
    const back = (await until(p, 'on the GPU again', (x) => x.compute.on === 'webgpu')).steps;
    s = await until(p, 'training on the GPU again', (x) => x.steps >= back + 2);
    assert.ok(s.steps >= onCpu + 5);

    // The device is lost (a driver reset): the lab says so and the CPU goes on.
    const lost = s.steps;
    await p.evaluate(() => course.shell.module.gpuLayer.gpu.device.destroy());
    s = await until(p, 'the CPU after the device was lost',
      (x) => x.compute.on === 'cpu' && x.steps >= lost + 3);
    assert.match(s.compute.note, /No WebGPU here \(the GPU device was lost/);
    assert.deepStrictEqual(p.problems, []);
  } finally {
    await browser.close();
  }
});

// The charlm lab's Transformer on the copy task (synthetic: no corpus file), small enough for
// SwiftShader to take a step in a fraction of a second.
const LM = { corpus: 'copy', model: 'transformer', layers: 1, heads: 2, width: 32, context: 16, batch: 8,
  lr: 0.01, seed: 1, compute: 'webgpu' };
const lmUrl = (preset) =>
  `lesson=02-nlp&lang=en&lab=charlm&preset=${encodeURIComponent(JSON.stringify(preset))}`;

test('the charlm lab trains its Transformer on WebGPU and switches to the CPU and back mid-run',
  { timeout: 300000 }, async () => {
    const browser = await launch({ webgpu: true });
    try {
      const p = await open(browser, lmUrl(LM));
      await waitForLesson(p);
      await until(p, 'the text', (s) => s.state && s.state.data_ready === 1);
      await p.evaluate(() => course.call('course_command', 'toggle'));
      let s = await until(p, 'training on the GPU', (x) => x.compute.on === 'webgpu' && x.steps >= 3);
      assert.match(s.compute.adapter, /\w/, 'the adapter is named');
      assert.strictEqual(s.training, 'frame', 'WebGPU trains in the frame');
      await p.waitForSelector('#lab-frame[data-compute="webgpu"][data-training="frame"]');
      // Validation every 50 steps, on the weights read back from the GPU: it falls well below ln V,
      // an untrained model's loss.
      const lnV = (x) => Math.log(x.state.vocab);
      s = await until(p, 'a validation on the GPU weights', (x) => x.state.val_step > 0, 150000);
      assert.strictEqual(s.state.gpu, 1);
      assert.ok(s.state.weights_step > 0 && s.state.weights_step <= s.steps, JSON.stringify(s.state));
      assert.ok(Number.isFinite(s.state.loss) && s.state.loss > 0, `loss ${s.state.loss}`);
      assert.ok(s.state.val_loss < lnV(s), `val_loss ${s.state.val_loss}, V ${s.state.vocab}`);
      s = await until(p, 'learning on the GPU', (x) => x.state.val_loss < 0.8 * lnV(x), 150000);
      const pixels = await canvasPixels(p);
      assert.ok(pixels.colours > 50, `the lab draws while the GPU trains (${pixels.colours} colours)`);

      // To the CPU: the step count and the learning go on (no reset). The check is the CPU's first
      // validation, not one batch's loss, which varies by more than the margin.
      const before = s.steps, valOnGpu = s.state.val_loss;
      await p.evaluate(() => course.call('course_configure', JSON.stringify({ compute: 'cpu' })));
      s = await until(p, 'back on the CPU', (x) => x.compute.on === 'cpu');
      assert.ok(s.steps >= before, `steps ${s.steps} after the switch, ${before} before`);
      s = await until(p, 'a validation on the CPU', (x) => x.state.gpu === 0 && x.state.val_step > before);
      assert.strictEqual(s.state.weights_step, s.steps);
      assert.ok(s.state.val_loss < 0.9 * lnV(s), `the CPU goes on from the GPU's weights: ` +
        `val_loss ${s.state.val_loss}, ${valOnGpu} on the GPU, ln V ${lnV(s)}`);

      // And to the GPU again.
      await p.evaluate(() => course.call('course_configure', JSON.stringify({ compute: 'webgpu' })));
      const back = (await until(p, 'on the GPU again', (x) => x.compute.on === 'webgpu')).steps;
      await until(p, 'training on the GPU again', (x) => x.steps >= back + 2);

      // A body with no GPU version: the note says so and the CPU trains it.
      await p.evaluate(() => course.call('course_configure', JSON.stringify({ model: 'gru' })));
      await p.evaluate(() => course.call('course_command', 'play'));
      s = await until(p, 'the GRU on the CPU', (x) => x.compute.on === 'cpu' && x.steps >= 3);
      assert.match(s.compute.note, /WebGPU trains the Transformer only: the CPU trains the GRU/);
      assert.deepStrictEqual(p.problems, []);
    } finally {
      await browser.close();
    }
  });

test('the cnn lab times one convolution on the CPU and on WebGPU at each batch size', { timeout: 180000 },
  async () => {
    const browser = await launch({ webgpu: true });
    try {
      const p = await open(browser, url('en', { mode: 'digits', test_limit: 200 }));
      await waitForLesson(p);
      await until(p, 'MNIST', (s) => s.state && s.state.data_ready === 1);
      const r = await p.evaluate(() => course.call('course_configure',
        JSON.stringify({ time_conv: true, time_batches: [1, 2, 4] })));
      assert.ok(r.ok, JSON.stringify(r));
      await p.evaluate(() => course.call('course_command', 'play'));
      const s = await until(p, 'the timing', (x) => x.state.time_done === 1);
      assert.deepStrictEqual(s.state.time_batches, [1, 2, 4]);
      for (const key of ['time_cpu', 'time_gpu']) {
        assert.ok(s.state[key].every((ms) => ms > 0 && ms < 60000), `${key}: ${s.state[key]}`);
      }
      assert.ok(s.state.time_crossover === -1 || s.state.time_batches.includes(s.state.time_crossover));
      await until(p, 'training after it', (x) => x.steps >= s.steps + 1);
      assert.deepStrictEqual(p.problems, []);
    } finally {
      await browser.close();
    }
  });

for (const [lang, locale, words] of [['en', 'en-US', /No WebGPU here \(.*no WebGPU.*\): the CPU trains/],
  ['zh', 'zh-CN', /这里没有 WebGPU（.*）：由 CPU 训练/]]) {
  test(`with no WebGPU the cnn and charlm labs say why (${lang}) and train on the CPU`, { timeout: 180000 },
    async () => {
    const browser = await launch({ webgpu: true });
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale });
      await context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });
      });
      const p = await context.newPage();
      p.problems = [];
      p.on('pageerror', (e) => p.problems.push(e.message));
      p.on('console', (m) => { if (m.type() === 'error') p.problems.push(m.text()); });
      await p.goto(`${BASE}#${url(lang, PRESET)}`);
      await waitForLesson(p);
      await until(p, 'MNIST', (s) => s.state && s.state.data_ready === 1);
      await p.evaluate(() => course.call('course_command', 'toggle'));
      const s = await until(p, 'the reason, and CPU training', (x) => x.compute &&
        /\S/.test(x.compute.note) && !/Opening|正在打开/.test(x.compute.note) && x.steps >= 5);
      assert.match(s.compute.note, words);
      assert.strictEqual(s.compute.on, 'cpu');
      assert.strictEqual(s.state.gpu, 0);
      assert.ok(Number.isFinite(s.state.loss));

      // The Transformer of the charlm lab, asked for WebGPU in its preset, likewise.
      await p.goto(`${BASE}#${lmUrl(LM).replace('lang=en', `lang=${lang}`)}`);
      await waitForLesson(p);
      await until(p, 'the text', (x) => x.lab === 'charlm' && x.state && x.state.data_ready === 1);
      await p.evaluate(() => course.call('course_command', 'play'));
      const lm = await until(p, 'the reason, and CPU training', (x) => x.lab === 'charlm' &&
        /\S/.test(x.compute.note) && !/Opening|正在打开/.test(x.compute.note) && x.steps >= 5);
      assert.match(lm.compute.note, words);
      assert.strictEqual(lm.compute.on, 'cpu');
      assert.strictEqual(lm.state.gpu, 0);
      assert.ok(Number.isFinite(lm.state.loss) && lm.state.loss > 0, `loss ${lm.state.loss}`);
      assert.deepStrictEqual(p.problems, []);
    } finally {
      await browser.close();
    }
  });
}
