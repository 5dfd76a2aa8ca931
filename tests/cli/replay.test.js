// Native and wasm give the same numbers: the engine's replay test (tests/unit/engine/test_replay.cpp)
// prints seeded training losses and the bits of the engine's exp, tanh and sigmoid; here it runs
// natively and as wasm, and the two outputs are compared with each other, not with pasted numbers.
// Run by ./course test with COURSE_ENGINE_TESTS (native) and COURSE_ENGINE_TESTS_WASM.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');

// { name: [numbers] } from the "replay NAME v1 v2 ..." lines of one run.
function replay(command, args) {
  const r = spawnSync(command, [...args, '[replay]'], { encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `${command} failed:\n${r.stdout}\n${r.stderr}`);
  const out = {};
  for (const line of r.stdout.split('\n')) {
    const at = line.indexOf('replay ');  // at the start, unless another writer's text came first
    if (at < 0) continue;
    const [name, ...values] = line.slice(at + 7).trim().split(/\s+/);
    out[name] = values.map(Number);
  }
  return out;
}

test('the replay runs give the same numbers natively and in wasm', () => {
  const native = replay(process.env.COURSE_ENGINE_TESTS, []);
  const wasm = replay('node', ['--no-experimental-fetch', process.env.COURSE_ENGINE_TESTS_WASM]);
  const names = ['rng', 'mlp', 'char_lstm', 'cnn', 'transformer',
    'exp_bits', 'tanh_bits', 'sigmoid_bits', 'log_bits'];
  assert.deepStrictEqual(Object.keys(native).sort(), [...names].sort(), 'every run printed natively');
  assert.deepStrictEqual(Object.keys(wasm).sort(), [...names].sort(), 'every run printed in wasm');
  for (const name of names) {
    const a = native[name], b = wasm[name];
    assert.ok(a.length > 0 && a.every(Number.isFinite), `${name}: numbers`);
    assert.strictEqual(b.length, a.length, `${name}: as many values in wasm as natively`);
    for (let i = 0; i < a.length; i++) {
      if (name.endsWith('_bits')) {
        assert.strictEqual(b[i], a[i], `${name}[${i}]: the same bits (${a[i]} native, ${b[i]} wasm)`);
      } else {
        const rel = Math.abs(a[i] - b[i]) / Math.max(1e-12, Math.abs(a[i]));
        assert.ok(rel <= 1e-4, `${name}[${i}]: ${a[i]} native, ${b[i]} wasm (relative difference ${rel})`);
      }
    }
  }
});
