// ./course bench: our engine against TensorFlow.js 4.22 in the same headless Chromium, and against
// native code; then the course's page weight and first-frame time. Writes build/bench/report.md,
// ratios.svg and results.json (every run), and prints the report.
//   node bench/run.js [--repeats N] [--quick] [--only native,browser,load,frames,webgpu,verse,mnist,gan,vae]
//                     [--workloads gemm,mlp2,...,gan,vae]   (the rows native and browser run; all by default)
// ./course bench builds what this needs first: build/bench-web (the bench page), build/web (the
// course), build/native and build/native-isa (engine_bench, kernels_bench).
//
// Protocol: the same workloads (bench/workloads.h) with the same step counts on every engine; a
// fresh page (new browser context) per run; the engines interleaved (ours, cpu, wasm, webgl, ours,
// ...) within each repeat; medians over the repeats. Each run warms up on a throwaway copy of the
// model first (bench/page/bench.js), so the timed steps start from the shared initial weights and
// their last loss can be compared across engines.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { startServer, launchChromium, ROOT } = require('./server');
const { writeReport } = require('./report');
const { verseRun } = require('./verse');
const { mnistRun } = require('./mnist');
const { ganRun } = require('./gan');
const { vaeRun } = require('./vae');
const { framesRun } = require('./frames');
const { webgpuRun } = require('./webgpu');

const BUILD = path.join(ROOT, 'build');

// Timed steps per workload: enough for our engine to run for milliseconds (the page clock is coarse
// when not cross-origin isolated), few enough that TF.js's slowest backend stays within seconds.
const PLAN = {
  gemm: [{ n: 64, reps: 200 }, { n: 128, reps: 50 }, { n: 256, reps: 10 }, { n: 512, reps: 4 }],
  mlp2: 1000, mlp784: 20, cnn: 3, cnn_mnist: 5, lstm: 3, gru: 3, transformer: 3, gan: 200, vae: 10,
};
const QUICK_PLAN = {
  gemm: [{ n: 64, reps: 20 }, { n: 128, reps: 5 }, { n: 256, reps: 2 }, { n: 512, reps: 1 }],
  mlp2: 100, mlp784: 4, cnn: 1, cnn_mnist: 1, lstm: 1, gru: 1, transformer: 1, gan: 20, vae: 2,
};
const WORKLOADS = ['gemm', 'mlp2', 'mlp784', 'cnn', 'cnn_mnist', 'lstm', 'gru', 'transformer', 'gan', 'vae'];
const PARTS = ['native', 'browser', 'load', 'frames', 'webgpu', 'verse', 'mnist', 'gan', 'vae'];

function parseArgs(argv) {
  const a = { repeats: 3, quick: false, loads: 5, only: PARTS, workloads: WORKLOADS };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--repeats') a.repeats = Number(argv[++i]);
    else if (argv[i] === '--quick') a.quick = true;
    else if (argv[i] === '--only') a.only = String(argv[++i]).split(',');
    else if (argv[i] === '--workloads') a.workloads = String(argv[++i]).split(',');
    else throw new Error(`bench: unknown option ${argv[i]} ` +
      `(use --repeats N, --quick, --only ${PARTS.join(',')}, --workloads ${WORKLOADS.join(',')})`);
  }
  if (!(a.repeats >= 1)) throw new Error('bench: --repeats needs a number >= 1');
  const unknown = (list, known) => list.filter((x) => !known.includes(x));
  if (unknown(a.only, PARTS).length) {
    throw new Error(`bench: --only ${unknown(a.only, PARTS).join(',')}: not one of ${PARTS.join(',')}`);
  }
  if (unknown(a.workloads, WORKLOADS).length) {
    throw new Error(`bench: --workloads ${unknown(a.workloads, WORKLOADS).join(',')}: ` +
      `not one of ${WORKLOADS.join(',')}`);
  }
  if (a.quick) { a.repeats = 1; a.loads = 2; }
  return a;
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

// ---- the browser: one fresh page per run -------------------------------------------------------
async function browserRun(browser, url, options, foreign) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const host = new URL(url).host;
  const problems = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol !== 'data:' && u.protocol !== 'blob:' && u.host !== host) foreign.add(r.url());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
    const r = await page.evaluate((o) => window.runBench(o), options);
    if (problems.length) r.problems = problems;
    return r;
  } finally {
    await context.close();
  }
}

// engines[i] = { label, engine, threads }: what the page runs.
async function browserMode(browser, mode, engines, plan, args, results, foreign) {
  const server = await startServer({ root: path.join(BUILD, 'bench-web'), isolated: mode === 'isolated' });
  try {
    for (let rep = 0; rep < args.repeats; ++rep) {
      for (const workload of args.workloads) {
        for (const e of engines) {
          const warmupMs = args.quick ? 200 : 500;
          const options = { engine: e.engine, threads: e.threads, workload, warmupMs };
          if (workload === 'gemm') options.sizes = plan.gemm;
          else options.steps = plan[workload];
          const t0 = Date.now();
          const r = await browserRun(browser, server.url, options, foreign);
          r.label = e.label; r.mode = mode; r.repeat = rep;
          results.browser.push(r);
          const seconds = ((Date.now() - t0) / 1000).toFixed(1);
          log(`${mode} #${rep + 1} ${workload} ${e.label}: ` +
            `${r.error ? 'cannot: ' + r.error : summary(r)} (${seconds} s)`);
        }
      }
    }
  } finally {
    await server.stop();
  }
}

const gflops = (s) => `n=${s.n} ${(2 * s.n ** 3 * s.reps / s.ms / 1e6).toFixed(1)} GFLOP/s`;
const summary = (r) => (r.sizes ? r.sizes.map(gflops).join(', ')
  : `${(r.steps / r.ms * 1000).toFixed(1)} steps/s, loss ${r.loss}` +
    (r.losses ? ` (${Object.entries(r.losses).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''));

// ---- native: the same workloads, one process per run ------------------------------------------
function nativeRuns(plan, args, results) {
  const builds = [['sse', path.join(BUILD, 'native')], ['isa', path.join(BUILD, 'native-isa')]];
  const warm = String(args.quick ? 200 : 500);
  const json = (exe, argv) => JSON.parse(execFileSync(exe, argv, { encoding: 'utf8' }));
  // Native runs are short and cheap: at least 7 repeats, for steadier medians on a shared machine.
  for (let rep = 0; rep < Math.max(args.quick ? 1 : 7, args.repeats); ++rep) {
    for (const workload of args.workloads) {
      for (const [label, dir] of builds) {
        let r;
        if (workload === 'gemm') {
          const kernels = path.join(dir, 'kernels_bench');
          const ms = (n, reps) => json(kernels, ['--json', String(n), warm, String(reps)]).ms;
          r = { sizes: plan.gemm.map(({ n, reps }) => ({ n, reps, ms: ms(n, reps) })) };
        } else {
          r = json(path.join(dir, 'engine_bench'), ['--json', workload, warm, String(plan[workload])]);
        }
        const steps = workload === 'gemm' ? undefined : plan[workload];
        Object.assign(r, { label, workload, steps, repeat: rep });
        results.native.push(r);
        log(`native #${rep + 1} ${workload} ${label}: ${summary(r)}`);
      }
    }
  }
}

// ---- page load: the course's bytes and the time to lesson 1's first frame ---------------------
async function pageLoad(browser, args, results, foreign) {
  const root = path.join(BUILD, 'web');
  const server = await startServer({ root, isolated: true });
  const host = new URL(server.url).host;
  const loads = [], steps = [];
  let files = null;
  try {
    for (let i = 0; i < args.loads; ++i) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
      const page = await context.newPage();
      // Each animation frame, ask the module how many frames it has drawn; keep the time of the
      // first answer above 0 (resolution: one animation frame), and when the module was ready.
      await page.addInitScript(() => {
        const poll = () => {
          try {
            // `course` is the course shell's handle for tests (web/js/main.js).
            const m = window.course && window.course.shell.module;
            if (m && window.__moduleMs === undefined) window.__moduleMs = performance.now();
            if (m && JSON.parse(m.ccall('course_status', 'string', [], [])).frames > 0) {
              window.__firstFrameMs = performance.now();
              return;
            }
          } catch (e) { /* not ready yet */ }
          requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      });
      const responses = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.protocol !== 'data:' && u.protocol !== 'blob:' && u.host !== host) foreign.add(r.url());
      });
      page.on('response', (r) => responses.push(r));
      await page.goto(server.url + '#lesson=01-deep-learning');
      await page.waitForFunction(() => window.__firstFrameMs !== undefined, null, { timeout: 60000 });
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const wasm = performance.getEntriesByType('resource')
          .find((e) => /\/course(-mt)?\.wasm$/.test(e.name));
        return { firstFrame: window.__firstFrameMs, module: window.__moduleMs,
          domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN,
          wasmLoaded: wasm ? wasm.responseEnd : NaN };
      });
      const ms = t.firstFrame;
      steps.push(t);
      await page.waitForTimeout(500); // let the lesson's late requests (fonts) land
      if (!files) {
        files = [];
        for (const r of responses) {
          const u = new URL(r.url());
          if (u.host !== host || r.status() !== 200) continue;
          const rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
          const file = path.join(root, rel);
          if (!fs.existsSync(file)) continue;
          const body = fs.readFileSync(file);
          // What nginx sends: gzip level 1 (its default) for the types of gzip_types in
          // web/nginx.conf.in and HTML; everything else (fonts, the icon) as is.
          const gz = (level) => zlib.gzipSync(body, { level }).length;
          const gzipped = /\.(wasm|js|css|json|md|html)$/.test(rel);
          files.push({ path: rel, raw: body.length,
            gzip: gzipped ? gz(6) : body.length, sent: gzipped ? gz(1) : body.length });
        }
      }
      loads.push(ms);
      log(`page load #${i + 1}: first frame of lesson 1 after ${ms.toFixed(0)} ms`);
      await context.close();
    }
  } finally {
    await server.stop();
  }
  results.pageLoad = { firstFrameMs: loads, steps, files };
}

// ---- the machine -------------------------------------------------------------------------------
function machine(browser) {
  let cpu = os.cpus()[0] ? os.cpus()[0].model : 'unknown';
  try {
    const m = /Model name:\s*(.*)/.exec(execFileSync('lscpu', { encoding: 'utf8' }));
    if (m) cpu = m[1].trim();
  } catch (e) { /* no lscpu */ }
  let commit = '';
  try {
    commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch (e) { /* no git */ }
  let emcc = '';
  try {
    emcc = /\d+\.\d+\.\d+/.exec(execFileSync('em++', ['--version'], { encoding: 'utf8' }))[0];
  } catch (e) { /* none */ }
  return {
    cpu, cores: os.cpus().length, memGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`, chromium: browser.version(), node: process.version,
    emscripten: emcc, commit, date: new Date().toISOString(),
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const plan = args.quick ? QUICK_PLAN : PLAN;
  const out = path.join(BUILD, 'bench');
  fs.mkdirSync(out, { recursive: true });
  const results = { args, plan, browser: [], native: [], pageLoad: null, foreign: [] };
  const foreign = new Set();
  const started = Date.now();
  const browser = await launchChromium();
  try {
    results.machine = machine(browser);
    const m = results.machine;
    log(`${m.cpu}, ${m.cores} cores; Chromium ${m.chromium}; Node ${process.version}`);
    if (args.only.includes('native')) nativeRuns(plan, args, results);
    const tfjs = [{ label: 'cpu', engine: 'cpu' }, { label: 'wasm', engine: 'wasm', threads: 1 },
      { label: 'webgl', engine: 'webgl' }];
    const engines = [{ label: 'ours', engine: 'ours' }, ...tfjs];
    if (args.only.includes('browser')) {
      await browserMode(browser, 'single', engines, plan, args, results, foreign);
      // tfjs-backend-wasm caps its pool at navigator.hardwareConcurrency / 2 threads (its backend.cc),
      // so on a 2-core machine it runs one thread even when allowed more: the same count as ours.
      await browserMode(browser, 'isolated', engines, plan, args, results, foreign);
    }
    if (args.only.includes('load')) await pageLoad(browser, args, results, foreign);
    // Issue 15: each lab trained in the page while it draws, with and without the training thread.
    if (args.only.includes('frames')) {
      results.frames = await framesRun(browser, { seconds: args.quick ? 2 : 5, log });
    }
    if (args.only.includes('webgpu')) results.webgpu = await webgpuRun(browser, { log });
    // The chapter-2 moonshot: 5 minutes of the Tang poems in the course page (20 s with --quick).
    if (args.only.includes('verse')) {
      results.verse = await verseRun(browser, { seconds: args.quick ? 20 : 300, log });
    }
    // The chapter-3 moonshot: 98% of the MNIST test digits within 60 s of Train, at >= 50 fps.
    if (args.only.includes('mnist')) {
      results.mnist = await mnistRun(browser, { seconds: args.quick ? 20 : 90, log });
    }
    // The chapter-4 moonshot: the ring of 8 with 8 modes covered, quality >= 0.9, within 10 s of Train.
    if (args.only.includes('gan')) {
      results.gan = await ganRun(browser, { seconds: args.quick ? 15 : 30, log });
    }
    // The chapter-5 moonshot: the judge (chapter 3's CNN) reads >= 90% of the digits decoded from mu.
    if (args.only.includes('vae')) {
      results.vae = await vaeRun(browser, { seconds: args.quick ? 60 : 300, log });
    }
  } finally {
    await browser.close();
  }
  results.foreign = [...foreign];
  results.seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 1));
  const md = writeReport(results, out, { median });
  process.stdout.write(md + '\n');
  log(`wrote ${path.relative(ROOT, path.join(out, 'report.md'))}, ratios.svg, results.json ` +
    `(${results.seconds.toFixed(0)} s)`);
  if (results.foreign.length) {
    log(`requests to another host: ${results.foreign.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
