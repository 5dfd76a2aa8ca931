// The benchmark page (./course bench) loads and reports a number for every row, with a tiny step
// count: our engine and TensorFlow.js's cpu, wasm and webgl backends, from build/bench-web (which
// ./course build assembles), served by its own nginx with the course's settings. Not a benchmark:
// one step per workload, no timing asserted. Where TF.js cannot run a workload, the row must say
// which kernel is missing. The losses after one step from the same weights must agree.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, ROOT } = require('../../bench/server');
const { writeReport, ROWS } = require('../../bench/report');
const { launch } = require('./helpers');

const WEB = path.join(ROOT, 'build', 'bench-web');
const GEMM = [64, 128, 256, 512].map((n) => ({ n, reps: 1 }));
const MODELS = ['mlp2', 'mlp784', 'cnn', 'cnn_mnist', 'gan', 'vae', 'lstm', 'gru', 'transformer'];

test('the bench page reports every row for our engine and each TF.js backend',
  { timeout: 240000 }, async () => {
  assert.ok(fs.existsSync(path.join(WEB, 'web_bench.wasm')), `${WEB} is missing: run ./course build`);
  const server = await startServer({ root: WEB, isolated: true });
  const browser = await launch();
  const host = new URL(server.url).host;
  const runs = [];
  try {
    for (const engine of ['ours', 'cpu', 'wasm', 'webgl']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (!['data:', 'blob:'].includes(u.protocol) && u.host !== host) {
          problems.push(`request to another host: ${r.url()}`);
        }
      });
      await page.goto(server.url);
      await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
      for (const workload of ['gemm', ...MODELS]) {
        const r = await page.evaluate((o) => window.runBench(o),
          { engine, workload, warmupMs: 0, steps: 1, sizes: GEMM });
        Object.assign(r, { label: engine, mode: 'isolated', repeat: 0 });
        runs.push(r);
        if (r.error) {
          assert.ok(engine !== 'ours', `our engine failed on ${workload}: ${r.error}`);
          assert.match(r.error, /Kernel '\w+' not registered/, `${engine} ${workload}: ${r.error}`);
          continue;
        }
        if (workload === 'gemm') {
          assert.deepStrictEqual(r.sizes.map((s) => s.n), [64, 128, 256, 512]);
          for (const s of r.sizes) {
            assert.ok(s.ms >= 0 && Number.isFinite(s.ms), `${engine} gemm n=${s.n}: ${s.ms}`);
          }
        } else {
          assert.ok(r.ms >= 0 && Number.isFinite(r.ms), `${engine} ${workload}: time ${r.ms}`);
          assert.ok(Number.isFinite(r.loss) && r.loss > 0, `${engine} ${workload}: loss ${r.loss}`);
        }
      }
      assert.deepStrictEqual(problems, [], `${engine}: ${problems.join('; ')}`);
      const info = runs[runs.length - 1].info;
      assert.strictEqual(info.crossOriginIsolated, true);
      if (engine === 'wasm') assert.strictEqual(info.wasmBinary, 'tfjs-backend-wasm-threaded-simd.wasm');
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  // Equal computations: one step from the same weights gives the same loss on every engine.
  // The char models' first loss is near log V whatever the gates do (the GRU with its r and z
  // gates swapped is only 4e-4 off), so they must agree more closely: measured within 1.3e-6.
  const CLOSE = { lstm: 2e-5, gru: 2e-5, transformer: 2e-5 };
  for (const workload of MODELS) {
    const ours = runs.find((r) => r.label === 'ours' && r.workload === workload).loss;
    const tolerance = CLOSE[workload] || 1e-3;
    for (const r of runs.filter((x) => x.workload === workload && !x.error && x.label !== 'ours')) {
      assert.ok(Math.abs(r.loss - ours) <= tolerance * Math.abs(ours),
        `${workload}: ${r.label} loss ${r.loss}, ours ${ours}`);
    }
  }
  // The report is written from such runs without failing, with a row for every workload.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
  const median = (xs) => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return s.length ? s[s.length >> 1] : NaN;
  };
  const results = {
    args: { repeats: 1, quick: true }, plan: { gemm: GEMM, ...Object.fromEntries(MODELS.map((m) => [m, 1])) },
    browser: [...runs, ...runs.map((r) => ({ ...r, mode: 'single' }))],
    native: [], pageLoad: null, foreign: [], seconds: 0,
    machine: {
      cpu: 'test', cores: 2, memGB: 1, os: 'test', chromium: '', node: process.version, emscripten: '',
      commit: '', date: '', load: ''
    },
  };
  const md = writeReport(results, out, { median });
  for (const row of ROWS) assert.ok(md.includes(`| ${row.name} |`), `report row ${row.name}`);
  assert.match(fs.readFileSync(path.join(out, 'ratios.svg'), 'utf8'), /^<svg /);
  fs.rmSync(out, { recursive: true, force: true });
});
