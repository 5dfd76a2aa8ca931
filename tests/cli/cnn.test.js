// The cnn lab through the headless CLI, fixed seeds, on subsets of the test set so that they stay
// quick (the training set is always all 60,000 digits). Run by ./course test with COURSE_CLI
// (native). Margins measured when these were written (seed 1, 2026-12-01):
//   default CNN, steps of 32: 97.4% on the first 2,000 test digits at 1,200 (97.5% on all 10,000 at 750)
//   transfer 0-4 -> 5-9 with 100 labels, lr 0.005, 300 + 400 steps: 82.1% against 74.8% from scratch
//   residual mode (34 layers), 400 steps: 96.3% against 83.5% for the plain network
//   redraw: 99.4% of 500 test digits keep their class after being redrawn on the pad (600 steps)
//   shifted test digits (3 px): 68.6% without augmentation, 90.0% with shifts of up to 3 px (600)
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');

const { runLab } = require('./run-cli');
const run = (preset, steps, wasm = false) => runLab('cnn', preset, steps, wasm);

const KEYS = ['step', 'loss', 'train_acc', 'test_acc', 'test_loss', 'test_step', 'test_n', 'passes',
  'data_ready', 'params', 'lr', 'batch', 'layers', 'pick_sum', 'pick_out', 'pick_terms', 'draw_empty',
  'draw_class'];

test('cnn: the state keys of SPEC12; the default network has 11,274 parameters', () => {
  const s = run({ test_limit: 100 }, 3);
  for (const k of KEYS) assert.ok(Number.isFinite(s[k]), `state.${k} is ${s[k]}`);
  assert.strictEqual(s.data_ready, 1);
  assert.strictEqual(s.params, 11274);
  assert.strictEqual(s.layers, 3);
  assert.strictEqual(s.confusion.length, 100);
});

test('cnn: the same run natively and as wasm', () => {
  const a = run({ test_limit: 100 }, 5);
  const b = run({ test_limit: 100 }, 5, true);
  assert.ok(Math.abs(a.loss - b.loss) < 1e-4, `native ${a.loss}, wasm ${b.loss}`);
  assert.strictEqual(a.test_acc, b.test_acc);
});

test('cnn: the default CNN reaches 97% on held-out digits within 1,500 steps', () => {
  const s = run({ test_limit: 2000 }, 1500);
  assert.ok(s.test_step >= 1400, `measured the weights of step ${s.test_step}`);
  assert.ok(s.test_acc >= 0.97, `test accuracy ${s.test_acc}`);
});

test('cnn: transfer from digits 0-4 beats training from scratch on 100 labels of 5-9', () => {
  const s = run({ mode: 'transfer', pretrain_steps: 300, labels: 100, lr: 0.005, test_limit: 3000 }, 700);
  assert.strictEqual(s.stage, 1);
  assert.ok(s.pretrain_acc > 0.97, `pretrained on 0-4: ${s.pretrain_acc}`);
  assert.ok(s.transfer_acc > s.scratch_acc + 0.03, `transfer ${s.transfer_acc}, scratch ${s.scratch_acc}`);
});

test('cnn: 34 layers with skips train; the plain network of the same depth lags', () => {
  const s = run({ mode: 'residual', test_limit: 1000 }, 400);
  assert.ok(s.res_acc > s.plain_acc + 0.05, `residual ${s.res_acc}, plain ${s.plain_acc}`);
  assert.ok(s.res_loss < s.plain_loss, `residual loss ${s.res_loss}, plain ${s.plain_loss}`);
});

test('cnn: a test digit redrawn on the pad and prepared as MNIST was keeps its class', () => {
  const s = run({ redraw_check: true, test_limit: 2000 }, 600);
  assert.ok(s.test_acc > 0.95, `test accuracy ${s.test_acc}`);
  assert.ok(s.redraw_acc >= 0.95, `redrawn digits that kept their class: ${s.redraw_acc}`);
});

test('cnn: shifting the training digits makes the network read shifted test digits', () => {
  const plain = run({ shifted_test: true, test_limit: 2000 }, 600);
  const shifted = run({ shifted_test: true, test_limit: 2000, augment: { shift: 3 } }, 600);
  assert.ok(shifted.shifted_acc > plain.shifted_acc + 0.1,
    `${shifted.shifted_acc} against ${plain.shifted_acc}`);
  assert.ok(plain.test_acc > plain.shifted_acc + 0.1, `${plain.test_acc} against ${plain.shifted_acc}`);
});
