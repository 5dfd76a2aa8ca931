// The charlm lab learns, through the CLI, from fixed seeds. Each run is small (narrow models,
// short contexts, a few hundred steps) so it stays within seconds natively.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { cli } = require('./run-cli.js');

function run(preset, steps) {
  const r = cli(['run', 'charlm', '--preset', JSON.stringify(preset), '--steps', String(steps)]);
  assert.strictEqual(r.code, 0, r.err);
  assert.strictEqual(r.json.alert, "", r.json.alert);
  return r.json.state;
}

const verse = { corpus: 'verse', width: 48, context: 24, batch: 16, lr: 0.005, seed: 1 };

test('every model beats the counted bigram baseline on held-out English verse', () => {
  for (const model of ['rnn', 'lstm', 'gru', 'transformer']) {
    const s = run({ ...verse, model, heads: 4, layers: model === 'transformer' ? 2 : 1 }, 400);
    assert.strictEqual(s.data_ready, 1);
    assert.ok(s.val_loss < s.bigram_loss,
      `${model}: validation loss ${s.val_loss} should be below the bigram's ${s.bigram_loss}`);
  }
});

test('an LSTM closes brackets opened far back better than a plain RNN', () => {
  // Sequences like "[abdcab…cdab]": 12 to 18 random letters between an opener and its closer.
  const probe = { corpus: 'brackets', layers: 1, width: 32, context: 24, batch: 32, lr: 0.01, seed: 2 };
  const lstm = run({ ...probe, model: 'lstm' }, 800);
  const rnn = run({ ...probe, model: 'rnn' }, 800);
  assert.ok(lstm.close_acc > rnn.close_acc + 0.15,
    `LSTM close_acc ${lstm.close_acc} should beat the RNN's ${rnn.close_acc} clearly`);
  assert.ok(lstm.close_acc > 0.6, `LSTM close_acc ${lstm.close_acc}`);
  assert.ok(rnn.close_acc < 0.5, `RNN close_acc ${rnn.close_acc}: four closers, chance is 0.25`);
});

test('on the copy task, the transformer attends to the position it copies', () => {
  const s = run({ corpus: 'copy', model: 'transformer', layers: 2, heads: 2, width: 32, context: 18,
                  batch: 16, lr: 0.005, seed: 1 }, 400);
  // Uniform attention over the up to 18 earlier positions would give about 1/12 on average.
  assert.ok(s.copy_att > 0.5, `copy_att ${s.copy_att}`);
  assert.ok(s.val_loss < s.bigram_loss, `${s.val_loss} vs ${s.bigram_loss}`);
});

test('the state has the keys of the contract', () => {
  const s = run({ corpus: 'tang', model: 'gru', width: 32, context: 16, batch: 8 }, 2);
  for (const k of ['step', 'loss', 'val_loss', 'train_ppl', 'val_ppl', 'bigram_loss', 'bigram_ppl', 'vocab',
                   'params', 'data_ready', 'lr', 'context', 'temperature', 'top_k', 'verse_share',
                   'close_acc', 'copy_att', 'p_top1'])
    assert.ok(k in s, `state key ${k}`);
  assert.ok(s.vocab > 2000, `tang vocabulary ${s.vocab}`);
  assert.strictEqual(s.step, 2);
});
