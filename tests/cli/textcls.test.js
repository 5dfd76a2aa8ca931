// The textcls lab through the headless CLI, fixed seeds: the article's four sentences are memorised
// and a new sentence is still a guess; the real tasks beat the majority class on held-out texts.
// Run by ./course test with COURSE_CLI (native). Margins measured when these were written (seed 1):
// topics bag 0.687 vs majority 0.339 after 400 steps; topics lstm 0.564 after 200; tang_song bag
// 0.827 vs 0.765 after 300; poets bag 0.737 vs 0.474 (19 held-out poems) after 300.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');

const { cli, runLab } = require('./run-cli');
const run = (preset, steps) => runLab('textcls', preset, steps);

const KEYS = ['step', 'loss', 'train_acc', 'test_acc', 'majority_acc', 'classes', 'n_train', 'n_test', 'lr',
  'data_ready', 'sentence_p', 'sentence_class'];

test('textcls: the state keys of SPEC11, for every task', () => {
  for (const task of ['article', 'topics', 'tang_song', 'poets']) {
    const s = run({ task }, 2);
    for (const k of KEYS) assert.ok(Number.isFinite(s[k]), `${task}: state.${k} is ${s[k]}`);
    assert.strictEqual(s.data_ready, 1, task);
    assert.strictEqual(s.step, 2, task);
  }
});

test('textcls: the article LSTM memorises its 4 sentences, and is sure of a negation it cannot read', () => {
  const s = run({ task: 'article', seed: 1, sentence: 'Machine learning is not fun' }, 150);
  assert.strictEqual(s.n_train, 4);
  assert.strictEqual(s.train_acc, 1);
  assert.ok(s.loss < 0.01, `loss ${s.loss}`);
  // "not" was never seen: the sentence reads as "machine learning is <unk> fun", and "fun" was positive.
  assert.strictEqual(s.sentence_class, 1);
  assert.ok(s.sentence_p > 0.9, `p ${s.sentence_p}`);
  assert.ok(s.test_acc < 1, 'the six new sentences are not all right');
});

test('textcls: the topic classifier beats the majority class by a wide margin on held-out texts', () => {
  const bag = run({ task: 'topics', model: 'bag', seed: 1 }, 400);
  assert.strictEqual(bag.classes, 4);
  assert.ok(bag.n_test > 500 && bag.n_train > 2000, `${bag.n_train} / ${bag.n_test}`);
  assert.ok(bag.test_acc >= bag.majority_acc + 0.25, `bag: ${bag.test_acc} vs majority ${bag.majority_acc}`);
  const lstm = run({ task: 'topics', model: 'lstm', seed: 1 }, 200);
  assert.ok(lstm.test_acc >= lstm.majority_acc + 0.15, `lstm: ${lstm.test_acc} vs ${lstm.majority_acc}`);
});

test('textcls: Tang against Song poems, and who wrote a Tang poem, above the majority class', () => {
  const ts = run({ task: 'tang_song', seed: 1 }, 300);
  assert.ok(ts.test_acc >= ts.majority_acc + 0.03, `tang_song: ${ts.test_acc} vs ${ts.majority_acc}`);
  const poets = run({ task: 'poets', seed: 1 }, 300);
  assert.strictEqual(poets.classes, 3);
  assert.ok(poets.test_acc >= poets.majority_acc + 0.15, `poets: ${poets.test_acc} vs ${poets.majority_acc}`);
});

test('textcls: bad presets are refused with the field named', () => {
  const cases = [
    [{ task: 'weather' }, /task: "weather" is not one of article, topics, tang_song, poets/],
    [{ model: 'cnn' }, /model: "cnn" is not one of lstm, bag/],
    [{ sentence: '' }, /sentence: empty/],
    [{ sentence: 'x'.repeat(501) }, /sentence: 501 characters; at most 500/],
  ];
  for (const [preset, re] of cases) {
    const r = cli(['run', 'textcls', '--preset', JSON.stringify(preset), '--steps', '1']);
    assert.strictEqual(r.code, 2, JSON.stringify(preset));
    assert.match(r.err, re);
  }
});

test('textcls: a run replays exactly from its seed', () => {
  const a = run({ task: 'topics', seed: 7 }, 60);
  const b = run({ task: 'topics', seed: 7 }, 60);
  assert.deepStrictEqual(a, b);
});
