// The backprop lab through the headless CLI: the state keys a lesson relies on, the chain rule
// checked again in JavaScript from the printed numbers, the walk and its update, bad presets.
// Run by ./course test with COURSE_CLI (native) and COURSE_CLI_WASM (the same program as wasm).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const { cli, WASM } = require('./run-cli');
const run = (preset, steps = 0) => {
  const r = cli(['run', 'backprop', '--preset', JSON.stringify(preset), '--steps', String(steps)]);
  assert.strictEqual(r.code, 0, r.err);
  return r.json;
};
const close = (a, b, tol = 1e-5) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const sigma = (z) => 1 / (1 + Math.exp(-z));

const VALUE_KEYS = ['step', 'node', 'phase', 'loss', 'x1', 'x2', 'y', 'z1', 'z2', 'h1', 'h2', 'z3', 'yhat',
  'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'b1', 'b2', 'b3'];
const GRAD_KEYS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'b1', 'b2', 'b3',
  'z1', 'z2', 'z3', 'h1', 'h2', 'yhat'];

test('backprop: every state key of the spec is there, with the defaults', () => {
  const r = run({});
  const s = r.state;
  for (const k of VALUE_KEYS) assert.ok(k in s, `state.${k} missing`);
  for (const k of GRAD_KEYS) assert.ok(Number.isFinite(s.grad[k]), `state.grad.${k} is ${s.grad[k]}`);
  assert.deepStrictEqual(Object.keys(s.grad).sort(), [...GRAD_KEYS].sort());
  assert.strictEqual(s.step, 0);
  assert.strictEqual(s.node, 0);
  assert.strictEqual(s.phase, 'forward');
  assert.strictEqual(s.node_name, 'z1');
  assert.deepStrictEqual(r.preset,
    { x1: 2, x2: -1, y: 1, lr: 0.5, loss: 'cross-entropy', seed: 1, speed: 1.5 });
});

test('backprop: the printed numbers obey the forward equations and the chain rule', () => {
  for (const preset of [{}, { loss: 'mse', x1: -1.5, x2: 3, y: 0.2, seed: 9 },
    { w: [1, -2, 0.5, 1.5, -1, 2], b: [0.1, 0.2, -0.3], y: 0 }]) {
    const s = run(preset).state, g = s.grad;
    const mse = preset.loss === 'mse';
    const at = (k) => JSON.stringify(preset) + ' ' + k;
    assert.ok(close(s.z1, s.w1 * s.x1 + s.w2 * s.x2 + s.b1), at('z1'));
    assert.ok(close(s.z2, s.w3 * s.x1 + s.w4 * s.x2 + s.b2), at('z2'));
    assert.ok(close(s.h1, sigma(s.z1)) && close(s.h2, sigma(s.z2)), at('h'));
    assert.ok(close(s.z3, s.w5 * s.h1 + s.w6 * s.h2 + s.b3), at('z3'));
    assert.ok(close(s.yhat, sigma(s.z3)), at('yhat'));
    const L = mse ? 0.5 * (s.yhat - s.y) ** 2 : -(s.y * Math.log(s.yhat) + (1 - s.y) * Math.log(1 - s.yhat));
    assert.ok(close(s.loss, L), at('loss'));
    // Backward, node by node.
    const dyhat = mse ? s.yhat - s.y : -s.y / s.yhat + (1 - s.y) / (1 - s.yhat);
    assert.ok(close(g.yhat, dyhat, 1e-4), at('grad.yhat'));
    assert.ok(close(g.z3, g.yhat * s.yhat * (1 - s.yhat), 1e-4), at('grad.z3'));
    if (!mse) assert.ok(close(g.z3, s.yhat - s.y, 1e-4), at('grad.z3 = yhat - y'));
    assert.ok(close(g.w5, g.z3 * s.h1, 1e-4) && close(g.w6, g.z3 * s.h2, 1e-4) && close(g.b3, g.z3, 1e-4),
      at('layer 2'));
    assert.ok(close(g.h1, g.z3 * s.w5, 1e-4) && close(g.h2, g.z3 * s.w6, 1e-4), at('grad.h'));
    assert.ok(close(g.z1, g.h1 * s.h1 * (1 - s.h1), 1e-4) && close(g.z2, g.h2 * s.h2 * (1 - s.h2), 1e-4),
      at('grad.z'));
    assert.ok(close(g.w1, g.z1 * s.x1, 1e-4) && close(g.w2, g.z1 * s.x2, 1e-4) && close(g.b1, g.z1, 1e-4),
      at('w1 w2 b1'));
    assert.ok(close(g.w3, g.z2 * s.x1, 1e-4) && close(g.w4, g.z2 * s.x2, 1e-4) && close(g.b2, g.z2, 1e-4),
      at('w3 w4 b2'));
  }
});

test('backprop: 23 steps walk 7 forward and 16 backward nodes, then update; ' +
  '24 more make a second update', () => {
  const start = run({ lr: 0.1 }).state;
  const seen = [6, 7, 22].map((n) => run({ lr: 0.1 }, n).state);
  assert.deepStrictEqual(seen.map((s) => [s.phase, s.node_name]),
    [['forward', 'L'], ['backward', 'L'], ['backward', 'w1']]);
  assert.ok(seen.every((s) => s.step === 0 && s.loss === start.loss), 'walking alone changes no number');

  const u = run({ lr: 0.1 }, 23).state;
  assert.strictEqual(u.phase, 'update');
  assert.strictEqual(u.node, 23);
  assert.strictEqual(u.step, 1);
  assert.ok(close(u.w5, start.w5 - 0.1 * start.grad.w5), `w5 ${u.w5}`);
  assert.ok(close(u.loss_before, start.loss));
  assert.ok(u.loss < start.loss, `the update lowers the loss: ${start.loss} -> ${u.loss}`);

  const next = run({ lr: 0.1 }, 24).state;
  assert.deepStrictEqual([next.phase, next.node, next.step], ['forward', 0, 1]);
  const many = run({ lr: 1 }, 24 * 100 - 1).state;
  assert.strictEqual(many.step, 100);
  assert.ok(many.yhat > 0.95 && many.loss < 0.05, `after 100 updates yhat ${many.yhat}, loss ${many.loss}`);
});

test('backprop: bad presets are refused with a message naming the field', () => {
  const cases = [
    [{ w: [1, 2] }, /preset refused: w: expected an array of 6 numbers/],
    [{ b: [1, 2, 3, 4] }, /preset refused: b: expected an array of 3 numbers/],
    [{ w: [1, 2, 3, 4, 5, 'x'] }, /preset refused: w6: expected a number/],
    [{ x1: 'left' }, /preset refused: x1: expected a number/],
    [{ loss: 'hinge' }, /preset refused: loss: "hinge" is not one of cross-entropy, mse/],
    [{ seed: 1.5 }, /preset refused: seed: expected a whole number/],
    [{ layers: [3] }, /preset refused: unknown field "layers"/],
  ];
  for (const [preset, re] of cases) {
    const r = cli(['run', 'backprop', '--preset', JSON.stringify(preset)]);
    assert.strictEqual(r.code, 2, JSON.stringify(preset));
    assert.match(r.err, re);
  }
});

test('backprop: out-of-range values are clamped and the notes say so', () => {
  const r = run({ x1: 9, y: 2, w: [0, 0, 0, 0, 0, -7] }, 1);
  assert.strictEqual(r.preset.x1, 5);
  assert.strictEqual(r.preset.y, 1);
  assert.strictEqual(r.state.w6, -5);
  assert.match(r.notes.join('\n'), /x1 = 9 is outside \[-5, 5\]; using 5/);
  assert.match(r.notes.join('\n'), /y = 2 is outside \[0, 1\]; using 1/);
  assert.match(r.notes.join('\n'), /w6 = -7 is outside \[-5, 5\]; using -5/);
});

test('backprop: native and wasm walk to the same numbers', () => {
  const args = ['run', 'backprop', '--preset', '{"seed":4,"lr":0.8,"loss":"mse"}', '--steps', '250'];
  const a = cli(args).json.state, b = cli(args, true);
  assert.strictEqual(b.code, 0, b.err);
  const s = b.json.state;
  assert.deepStrictEqual([s.step, s.node, s.phase, s.tape_node], [a.step, a.node, a.phase, a.tape_node]);
  for (const k of GRAD_KEYS) {
    assert.ok(close(a.grad[k], s.grad[k], 1e-4), `grad.${k}: ${a.grad[k]} vs ${s.grad[k]}`);
  }
  assert.ok(close(a.loss, s.loss, 1e-4), `loss ${a.loss} vs ${s.loss}`);
});

test('backprop: the desktop app draws the graph (under Xvfb)', () => {
  const out = require('node:path').join(require('node:os').tmpdir(),
    `course-backprop-${process.pid}.ppm`);
  for (const lang of ['en', 'zh']) {
    const args = ['-a', '-s', '-screen 0 1024x700x24', process.env.COURSE_DESKTOP,
      'backprop', '--lang', lang, '--frames', '20', '--screenshot', out];
    const r = spawnSync('xvfb-run', args, { encoding: 'utf8', timeout: 60000 });
    assert.strictEqual(r.status, 0, r.stderr);
    const ppm = fs.readFileSync(out);
    fs.unlinkSync(out);
    const [w, h] = ppm.subarray(0, 20).toString('latin1').split('\n')[1].split(' ').map(Number);
    const px = ppm.subarray(ppm.length - w * h * 3);
    let blue = 0;
    for (let i = 0; i < px.length; i += 3) {
      if (px[i] < 40 && px[i + 1] > 90 && px[i + 1] < 140 && px[i + 2] > 150) blue++;
    }
    // The current node (z1, forward) is outlined and its incoming edges drawn in Okabe-Ito blue.
    assert.ok(blue > 300, `${lang}: ${blue} blue pixels`);
  }
});
