// The CLI under test, natively (COURSE_CLI) or as wasm under Node.js (COURSE_CLI_WASM): exit code,
// output, and the printed state as JSON when it succeeded.
'use strict';
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

// `lab` run from `preset` for `steps` steps; fails the test when the CLI does not exit 0. Its state.
function runLab(lab, preset, steps, wasm = false) {
  const r = cli(['run', lab, '--preset', JSON.stringify(preset), '--steps', String(steps)], wasm);
  assert.strictEqual(r.code, 0, r.err);
  return r.json.state;
}

module.exports = { cli, runLab, NATIVE, WASM };
