// The CLI under test, natively (COURSE_CLI) or as wasm under Node.js (COURSE_CLI_WASM): exit code,
// output, and the printed state as JSON when it succeeded.
'use strict';
const { spawnSync } = require('node:child_process');

const NATIVE = process.env.COURSE_CLI;
const WASM = process.env.COURSE_CLI_WASM;

function cli(args, wasm = false) {
  const r = wasm
    ? spawnSync('node', ['--no-experimental-fetch', WASM, ...args], { encoding: 'utf8' })
    : spawnSync(NATIVE, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, json: r.status === 0 ? JSON.parse(r.stdout) : null };
}

module.exports = { cli, NATIVE, WASM };
