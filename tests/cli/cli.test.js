// The headless CLI: learning from fixed seeds, bad input, and native vs wasm agreement.
// Run by ./course test with COURSE_CLI (native) and COURSE_CLI_WASM (the same program as wasm).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');

const NATIVE = process.env.COURSE_CLI;
const WASM = process.env.COURSE_CLI_WASM;

function cli(args, wasm = false) {
  const r = wasm
    ? spawnSync('node', ['--no-experimental-fetch', WASM, ...args], { encoding: 'utf8' })
    : spawnSync(NATIVE, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, json: r.status === 0 ? JSON.parse(r.stdout) : null };
}

test('neuron learns y = x1 from seed 1: cost below 0.01, all samples right', () => {
  const r = cli(['run', 'neuron', '--preset', '{"target":"x1","lr":0.5,"seed":1}', '--steps', '2000']);
  assert.strictEqual(r.code, 0, r.err);
  assert.ok(r.json.state.loss < 0.01, `loss ${r.json.state.loss}`);
  assert.strictEqual(r.json.state.accuracy, 1);
  assert.strictEqual(r.json.state.step, 2000);
});

test('neuron learns OR and AND; XOR stays at log 2', () => {
  for (const target of ['or', 'and']) {
    const r = cli(['run', 'neuron', '--preset', JSON.stringify({ target, lr: 1 }), '--steps', '3000']);
    assert.strictEqual(r.json.state.accuracy, 1, target);
  }
  const x = cli(['run', 'neuron', '--preset', '{"target":"xor","lr":0.5}', '--steps', '5000']);
  assert.ok(Math.abs(x.json.state.loss - Math.log(2)) < 1e-3, `xor loss ${x.json.state.loss}`);
});

test('bad input: unknown lab, bad JSON, bad field, bad steps give a message and exit 2', () => {
  const cases = [
    [['run', 'nosuch'], /unknown lab 'nosuch' \(labs: neuron/],
    [['run', 'neuron', '--preset', '{oops'], /--preset is not valid JSON/],
    [['run', 'neuron', '--preset', '{"lr":"fast"}'], /preset refused: lr: expected a number/],
    [['run', 'neuron', '--steps', '-5'], /--steps must be a whole number/],
    [['frobnicate'], /usage: course-cli/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    assert.strictEqual(r.code, 2, args.join(' '));
    assert.match(r.err, re);
  }
});

test('out-of-range values are clamped and the note says so', () => {
  const r = cli(['run', 'neuron', '--preset', '{"lr":1e9}', '--steps', '1']);
  assert.strictEqual(r.json.preset.lr, 100);
  assert.match(r.json.notes[0], /lr = 1e\+09 is outside \[0.0001, 100\]; using 100/);
});

test('native and wasm runs of the same seeded training agree', () => {
  for (const preset of ['{"target":"x1","lr":0.5,"seed":7}', '{"target":"xor","loss":"squared-error","lr":3,"seed":3}']) {
    const args = ['run', 'neuron', '--preset', preset, '--steps', '500'];
    const a = cli(args), b = cli(args, true);
    assert.strictEqual(b.code, 0, b.err);
    const close = (x, y) => Math.abs(x - y) <= 1e-4 * Math.max(1, Math.abs(x));
    assert.ok(close(a.json.state.loss, b.json.state.loss), `${a.json.state.loss} vs ${b.json.state.loss}`);
    a.json.state.w.forEach((w, i) => assert.ok(close(w, b.json.state.w[i]), `w${i}: ${w} vs ${b.json.state.w[i]}`));
  }
});

test('check-lessons passes on the course and reports a broken lesson by file and line', () => {
  const ok = spawnSync(NATIVE, ['check-lessons', `${__dirname}/../../lessons`], { encoding: 'utf8' });
  assert.strictEqual(ok.status, 0, ok.stdout);
  const bad = spawnSync(NATIVE, ['check-lessons', `${__dirname}/../e2e/fixtures/lessons`], { encoding: 'utf8' });
  assert.strictEqual(bad.status, 1);
  assert.match(bad.stdout, /99-broken\/lesson\.en\.md:\d+: /);
});

test('the desktop app opens a window and draws the lab (under Xvfb)', { skip: !process.env.COURSE_DESKTOP }, () => {
  const fs = require('node:fs');
  const out = require('node:path').join(require('node:os').tmpdir(), `course-desktop-${process.pid}.ppm`);
  const r = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1024x700x24', process.env.COURSE_DESKTOP,
    'neuron', '--play', '--frames', '40', '--screenshot', out], { encoding: 'utf8', timeout: 60000 });
  assert.strictEqual(r.status, 0, r.stderr);
  const ppm = fs.readFileSync(out);
  fs.unlinkSync(out);
  const header = ppm.subarray(0, 20).toString('latin1').split('\n');
  assert.strictEqual(header[0], 'P6');
  const [w, h] = header[1].split(' ').map(Number);
  assert.ok(w >= 1000 && h >= 600, `${w}x${h}`);
  const px = ppm.subarray(ppm.length - w * h * 3);
  const colours = new Set();
  let blue = 0;
  for (let i = 0; i < px.length; i += 3) {
    colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    if (px[i + 2] > 150 && px[i] < 80) blue++;
  }
  assert.ok(colours.size > 50, `${colours.size} colours: the window is not blank`);
  assert.ok(blue > 500, 'the weights and the cost curve are drawn in blue');
});

test('mlp learns each Playground dataset from a fixed seed (test accuracy)', () => {
  const cases = [
    [{ dataset: 'circle', layers: [8, 8] }, 3000, 0.95],
    [{ dataset: 'xor', layers: [8, 8] }, 3000, 0.95],
    [{ dataset: 'gauss', layers: [8, 8] }, 3000, 0.95],
    [{ dataset: 'spiral', layers: [16, 16, 16] }, 10000, 0.85],
  ];
  for (const [preset, steps, want] of cases) {
    const r = cli(['run', 'mlp', '--preset', JSON.stringify({ ...preset, lr: 0.03, batch: 10, seed: 1 }), '--steps', String(steps)]);
    assert.strictEqual(r.code, 0, r.err);
    assert.ok(r.json.state.test_acc >= want, `${preset.dataset}: test accuracy ${r.json.state.test_acc} < ${want}`);
  }
});

test('mlp refuses too many layers and clamps a layer that is too wide, saying so', () => {
  const many = cli(['run', 'mlp', '--preset', JSON.stringify({ layers: [1, 1, 1, 1, 1, 1, 1, 1, 1] })]);
  assert.strictEqual(many.code, 2);
  assert.match(many.err, /layers: at most 8 hidden layers, got 9/);
  const wide = cli(['run', 'mlp', '--preset', JSON.stringify({ layers: [100] }), '--steps', '1']);
  assert.deepStrictEqual(wide.json.preset.layers, [64]);
  assert.match(wide.json.notes[0], /layers\.0 = 100 is outside \[1, 64\]; using 64/);
});

test('mlp optimisers: on the spiral, Adam and momentum get further than plain SGD in 3,000 steps', () => {
  const acc = (optimizer) => cli(['run', 'mlp', '--preset', JSON.stringify({ dataset: 'spiral', layers: [16, 16, 16], optimizer, lr: 0.01, seed: 1 }), '--steps', '3000']).json.state.train_acc;
  const sgd = acc('sgd'), momentum = acc('momentum'), adam = acc('adam');
  assert.ok(adam >= 0.9 && adam > sgd + 0.1, `adam ${adam} vs sgd ${sgd}`);
  assert.ok(momentum > sgd, `momentum ${momentum} vs sgd ${sgd}`);
});

test('mlp shows vanishing gradients: a deep sigmoid net\'s first layer gets 100x less gradient than its last', () => {
  const r = cli(['run', 'mlp', '--preset', JSON.stringify({ layers: [8, 8, 8, 8, 8, 8], activation: 'sigmoid', seed: 1 }), '--steps', '300']);
  const n = r.json.state.grad_norms;
  assert.strictEqual(n.length, 7);
  assert.ok(n[n.length - 1] > 100 * n[0], `grad norms ${n}`);
});
