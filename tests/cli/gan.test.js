// The gan lab through the headless CLI, fixed seeds (the learning tests). Run by
// ./course test with COURSE_CLI (native). Figures measured when these were written (2026-12-01):
//   ring of 8, the lab's default preset (non-saturating, Adam 0.004, width 32, batch 128), seed 1:
//     8 of 8 modes and 93% of points near a mode at 2,000 iterations (3,000 here: 8/8, 95%)
//   G ten times faster than D (lr_g 0.01, lr_d 0.001): 1 mode at 3,000; its fix (equal rates): 8
//   k_d 5, quality at 200 iterations, seeds 1-3: non-saturating 0.63 0.74 0.76, saturating 0.43 0.67 0.50
//   train "d" on blobs after 200 warm-up iterations, 1,000 D steps: V 0.040 below -log 4 + 2 JSD
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');

const { cli, runLab } = require('./run-cli');
const run = (preset, steps, wasm = false) => runLab('gan', preset, steps, wasm);

test('gan: the non-saturating loss covers all 8 modes of the ring within 3,000 iterations', () => {
  const s = run({ dataset: 'ring' }, 3000);
  assert.strictEqual(s.modes_total, 8);
  assert.strictEqual(s.modes, 8, `covered ${s.modes} of 8`);
  assert.ok(s.quality > 0.88, `quality ${s.quality}`);
  assert.strictEqual(s.step, 3000);
});

test('gan: a generator ten times faster than its discriminator collapses; equal rates fix it', () => {
  const collapsed = run({ dataset: 'ring', lr_g: 0.01, lr_d: 0.001 }, 3000);
  assert.ok(collapsed.modes <= 2, `collapsed run covers ${collapsed.modes} modes`);
  const fixed = run({ dataset: 'ring', lr_g: 0.004, lr_d: 0.004 }, 3000);
  assert.strictEqual(fixed.modes, 8, `the fix covers ${fixed.modes} modes`);
});

test('gan: from the same start, the saturating loss learns slower than the non-saturating one', () => {
  const mean = (loss) => {
    let q = 0;
    for (const seed of [1, 2, 3]) q += run({ dataset: 'ring', loss, k_d: 5, seed }, 200).quality;
    return q / 3;
  };
  const nonsat = mean('nonsat');
  const minimax = mean('minimax');
  assert.ok(nonsat > minimax + 0.1,
    `quality at 200 iterations: non-saturating ${nonsat}, saturating ${minimax}`);
});

test('gan: with G frozen and D trained towards D*, V approaches -log 4 + 2 JSD from below', () => {
  const s = run({ dataset: 'blobs', train: 'd', warmup: 200, d_width: 64, d_layers: 3, batch: 256,
    lr_d: 0.003 }, 1000);
  assert.ok(s.jsd > 0.1 && s.jsd < 0.6, `JSD ${s.jsd}: the two distributions should overlap in part`);
  assert.ok(Math.abs(s.v_star - (-Math.log(4) + 2 * s.jsd)) < 1e-9);
  // On the grid no D beats D* = p / (p + q): V(D) <= V(D*), whatever D learnt.
  assert.ok(s.v_grid <= s.v_star + 1e-6, `V ${s.v_grid} above its maximum ${s.v_star}`);
  assert.ok(s.v_star - s.v_grid < 0.06, `V ${s.v_grid} is still far from -log 4 + 2 JSD = ${s.v_star}`);
  // An untrained D (one step) is far below.
  const early = run({ dataset: 'blobs', train: 'd', warmup: 200, d_width: 64, d_layers: 3, batch: 256,
    lr_d: 0.003, seed: 1 }, 1);
  assert.ok(early.v_grid < s.v_grid, `after one step ${early.v_grid}, after 1,000 ${s.v_grid}`);
});

test('gan: the same run natively and as wasm', () => {
  const a = run({}, 50);
  const b = run({}, 50, true);
  assert.ok(Math.abs(a.d_loss - b.d_loss) < 1e-4, `native ${a.d_loss}, wasm ${b.d_loss}`);
  assert.strictEqual(a.step, b.step);
});

test('gan: out-of-range rates and step counts are clamped with a note; a short drawing is refused', () => {
  const r = cli(['run', 'gan', '--preset', JSON.stringify({ lr_g: 5, k_d: 50 }), '--steps', '1']);
  assert.strictEqual(r.code, 0, r.err);
  assert.strictEqual(r.json.state.lr_g, 1);
  assert.strictEqual(r.json.state.k_d, 10);
  assert.ok(r.json.notes.some((n) => n.includes('lr_g')), JSON.stringify(r.json.notes));
  const short = { dataset: 'custom', points: [[0, 0], [0.1, 0]] };
  const few = cli(['run', 'gan', '--preset', JSON.stringify(short), '--steps', '1']);
  assert.notStrictEqual(few.code, 0);
  assert.match(few.err, /at least 20/);
});
