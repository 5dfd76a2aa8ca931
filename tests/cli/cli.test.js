// The headless CLI: learning from fixed seeds, bad input, and native vs wasm agreement.
// Run by ./course test with COURSE_CLI (native) and COURSE_CLI_WASM (the same program as wasm).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');

const { cli, NATIVE, WASM } = require('./run-cli');

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
    [['run', 'nosuch'], /unknown lab 'nosuch' \(labs: [a-z, ]*neuron/],
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
  const presets = ['{"target":"x1","lr":0.5,"seed":7}',
    '{"target":"xor","loss":"squared-error","lr":3,"seed":3}'];
  for (const preset of presets) {
    const args = ['run', 'neuron', '--preset', preset, '--steps', '500'];
    const a = cli(args), b = cli(args, true);
    assert.strictEqual(b.code, 0, b.err);
    const close = (x, y) => Math.abs(x - y) <= 1e-4 * Math.max(1, Math.abs(x));
    assert.ok(close(a.json.state.loss, b.json.state.loss), `${a.json.state.loss} vs ${b.json.state.loss}`);
    a.json.state.w.forEach((w, i) => {
      assert.ok(close(w, b.json.state.w[i]), `w${i}: ${w} vs ${b.json.state.w[i]}`);
    });
  }
});

test('check-lessons passes on the course and reports a broken lesson by file and line', () => {
  const ok = spawnSync(NATIVE, ['check-lessons', `${__dirname}/../../lessons`], { encoding: 'utf8' });
  assert.strictEqual(ok.status, 0, ok.stdout);
  const bad = spawnSync(NATIVE, ['check-lessons', `${__dirname}/../e2e/fixtures/lessons`],
    { encoding: 'utf8' });
  assert.strictEqual(bad.status, 1);
  assert.match(bad.stdout, /99-broken\/lesson\.en\.md:\d+: /);
});

test('the desktop app opens a window and draws the lab (under Xvfb)', () => {
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
    const full = { ...preset, lr: 0.03, batch: 10, seed: 1 };
    const r = cli(['run', 'mlp', '--preset', JSON.stringify(full), '--steps', String(steps)]);
    assert.strictEqual(r.code, 0, r.err);
    assert.ok(r.json.state.test_acc >= want,
      `${preset.dataset}: test accuracy ${r.json.state.test_acc} < ${want}`);
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
  const acc = (optimizer) => {
    const preset = { dataset: 'spiral', layers: [16, 16, 16], optimizer, lr: 0.01, seed: 1 };
    return cli(['run', 'mlp', '--preset', JSON.stringify(preset), '--steps', '3000']).json.state.train_acc;
  };
  const sgd = acc('sgd'), momentum = acc('momentum'), adam = acc('adam');
  assert.ok(adam >= 0.9 && adam > sgd + 0.1, `adam ${adam} vs sgd ${sgd}`);
  assert.ok(momentum > sgd, `momentum ${momentum} vs sgd ${sgd}`);
});

test('mlp shows vanishing gradients: ' +
  'a deep sigmoid net\'s first layer gets 100x less gradient than its last', () => {
  const preset = { layers: [8, 8, 8, 8, 8, 8], activation: 'sigmoid', seed: 1 };
  const r = cli(['run', 'mlp', '--preset', JSON.stringify(preset), '--steps', '300']);
  const n = r.json.state.grad_norms;
  assert.strictEqual(n.length, 7);
  assert.ok(n[n.length - 1] > 100 * n[0], `grad norms ${n}`);
});

const mlp = (preset, steps) => {
  const r = cli(['run', 'mlp', '--preset', JSON.stringify(preset), '--steps', String(steps)]);
  assert.strictEqual(r.code, 0, r.err);
  return r.json;
};

test('mlp multi-class: softmax over 3 and 4 classes learns the spiral and the clusters', () => {
  const spiral = mlp(
    { dataset: 'spiral', classes: 3, layers: [16, 16], optimizer: 'adam', lr: 0.01, seed: 1 }, 3000).state;
  assert.strictEqual(spiral.classes, 3);
  assert.ok(spiral.train_acc >= 0.9 && spiral.test_acc >= 0.7,
    `spiral x3: train ${spiral.train_acc}, test ${spiral.test_acc}`);
  const gauss = mlp({ dataset: 'gauss', classes: 4, seed: 1 }, 3000).state;
  assert.ok(gauss.test_acc >= 0.95, `gauss x4: test ${gauss.test_acc}`);
});

test('mlp regression: the plane and the Gaussian bumps are fitted (squared error)', () => {
  const plane = mlp({ dataset: 'plane', activation: 'linear', layers: [], lr: 0.01, seed: 1 }, 2000).state;
  assert.strictEqual(plane.problem, 'regression');
  assert.ok(plane.test_loss < 1e-3, `plane: test loss ${plane.test_loss}`);
  const bumps = mlp(
    { dataset: 'multigauss', layers: [8, 8], optimizer: 'adam', lr: 0.01, seed: 1 }, 3000).state;
  assert.ok(bumps.test_loss < 0.01, `multigauss: test loss ${bumps.test_loss}`);
});

test('mlp input features: ' +
  'squares alone separate the circle with no hidden layer; x1, x2 alone cannot', () => {
  const squares = mlp({ dataset: 'circle', features: ['x1sq', 'x2sq'], layers: [], seed: 1 }, 2000).state;
  const linear = mlp({ dataset: 'circle', features: ['x1', 'x2'], layers: [], seed: 1 }, 2000).state;
  assert.ok(squares.test_acc >= 0.97, `x1², x2²: ${squares.test_acc}`);
  assert.ok(linear.test_acc <= 0.75, `x1, x2 with no hidden layer: ${linear.test_acc}`);
});

test('mlp overfitting and L2: regularisation shrinks the weights and lowers the test loss', () => {
  const base = { dataset: 'xor', noise: 0.5, train_ratio: 0.1, layers: [32, 32, 32],
    optimizer: 'adam', lr: 0.01, seed: 1 };
  const free = mlp(base, 3000).state, l2 = mlp({ ...base, reg: 'l2', reg_rate: 0.01 }, 3000).state;
  assert.ok(free.test_loss > 5 * free.train_loss,
    `overfit: train ${free.train_loss}, test ${free.test_loss}`);
  assert.ok(l2.weight_norm < free.weight_norm / 5, `weights: ${l2.weight_norm} vs ${free.weight_norm}`);
  assert.ok(l2.test_loss < free.test_loss * 0.7, `test loss: ${l2.test_loss} vs ${free.test_loss}`);
  const l1 = mlp({ ...base, reg: 'l1', reg_rate: 0.001 }, 3000).state;
  assert.ok(l1.weight_norm < free.weight_norm, `L1 weights: ${l1.weight_norm} vs ${free.weight_norm}`);
});

test('mlp compare: runs in lockstep from the same start; a run that diverges stops and is flagged', () => {
  const same = mlp({ dataset: 'gauss', compare: [{}] }, 300).state;
  assert.strictEqual(same.compare_loss[0], same.train_loss, 'an identical run gives identical numbers');
  const batch = mlp({ dataset: 'gauss', batch: 10, compare: [{ batch: 200 }, { batch: 1 }] }, 300);
  assert.deepStrictEqual(batch.preset.compare, [{ batch: 200 }, { batch: 1 }]);
  assert.strictEqual(batch.state.compare_loss.length, 2);
  assert.ok(batch.state.compare_loss[0] !== batch.state.compare_loss[1]);
  const lr = mlp({ dataset: 'plane', activation: 'linear', layers: [], lr: 0.01,
    compare: [{ lr: 0.0001 }, { lr: 0.5 }] }, 300).state;
  assert.deepStrictEqual(lr.compare_diverged, [0, 1]);
  assert.ok(lr.train_loss < lr.compare_loss[0],
    `the right rate beats the tiny one: ${lr.train_loss} vs ${lr.compare_loss[0]}`);
  const refused = cli(['run', 'mlp', '--preset', JSON.stringify({ compare: [{ layers: [3] }] })]);
  assert.strictEqual(refused.code, 2);
  assert.match(refused.err, /unknown field "layers" \(known: lr, batch, optimizer, reg, reg_rate\)/);
});

test('mlp divergence: ' +
  'a learning rate too large pauses with an explanation instead of drawing garbage', () => {
  const preset = { dataset: 'plane', activation: 'linear', layers: [4], lr: 1, seed: 1 };
  const run = cli(['run', 'mlp', '--preset', JSON.stringify(preset), '--steps', '200']);
  assert.strictEqual(run.code, 3, 'the CLI exits 3 when training paused on a divergence');
  const r = JSON.parse(run.out);
  assert.ok(r.state.step < 200, `paused at step ${r.state.step}`);
  assert.match(r.alert, /train loss became inf.*diverged.*lower the learning rate/);
  assert.strictEqual(r.state.train_loss, null, 'a non-finite number is null in JSON, never a made-up value');
});

test('mlp learner\'s data: CSV rows are read, bad ones skipped and reported by line', () => {
  const csv = 'x1,x2,label\n1,1,0\n2,2,1\n3,nan,1\n1,2\n9,9,1\n1,1,7\n-1,-1,2\n';
  const r = mlp({ csv }, 5);
  assert.strictEqual(r.preset.dataset, 'custom');
  assert.strictEqual(r.preset.points.length, 3);
  assert.strictEqual(r.state.classes, 3);
  assert.strictEqual(r.notes.length, 4);
  assert.match(r.notes.join('\n'), /line 4: .*not three finite numbers/);
  assert.match(r.notes.join('\n'), /line 5: expected 3 values/);
  assert.match(r.notes.join('\n'), /line 6: .*outside the plane/);
  assert.match(r.notes.join('\n'), /line 7: the label must be a class number/);
  const none = cli(['run', 'mlp', '--preset', JSON.stringify({ csv: 'nothing here' })]);
  assert.strictEqual(none.code, 2);
  assert.match(none.err, /points: no usable rows \(line 1/);
});
