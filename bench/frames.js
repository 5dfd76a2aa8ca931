// The "frame" and "thread" rows of ./course bench (issue 15): every lab's default preset, at full
// speed, trained in the course page (build/web, cross-origin isolated) in headless Chromium, once
// with the single-threaded module (?threads=off: each frame trains, then draws) and once with the
// threaded one (course-mt.js: the lab trains on a thread of its own while the page draws).
// For each lab and module:
//   bare    steps per second of the same lab with nothing drawn: course_train(ms) trains it for
//           `ms` on the page's thread, the lab paused meanwhile so no frame trains or draws it;
//   page    steps per second while it trains in the page as a learner sees it (Train pressed);
//   frames  p50 and p95 of the time between animation frames meanwhile.
// The targets compare `page` with the bare engine of the single-threaded module: what a lab
// got before threads was the frame's share of one core.
//   node bench/frames.js [--seconds S] [--labs a,b]   one run alone; prints its summary as JSON
'use strict';
const { coursePage, openLab, lessonOr } = require('./moonshot');

const BARE_MS = 2000;  // the bare engine's timed training, per lab and module
const WARMUP_MS = 800; // trained (in the page) before either timing

// The lesson that uses each lab (its page has the lab's data files at hand); lesson 1 otherwise.
const LESSONS = { cnn: '03-vision', charlm: '02-nlp', textcls: '02-nlp', gan: '04-gan', vae: '05-vae' };

// Ready when the lab is open and, for a lab that reads a data set, its data has arrived.
const ready = (lab) => {
  const s = course.call('course_status');
  return s.lab === lab && s.state && (s.state.data_ready === undefined || s.state.data_ready === 1);
};

// Installed before the page loads: every animation-frame callback timed (the module's frame among
// them), so the page's thread's work per frame can be told from the display's pace. Headless
// Chromium here draws WebGL on SwiftShader, a CPU renderer on the same 2 cores: the gap between
// frames includes its rasterising, the page thread's work does not.
function timeFrameWork() {
  const raf = window.requestAnimationFrame.bind(window);
  window.frameWork = new Map();  // frame timestamp -> ms of callbacks
  window.requestAnimationFrame = (cb) => raf((t) => {
    const t0 = performance.now();
    try {
      cb(t);
    } finally {
      window.frameWork.set(t, (window.frameWork.get(t) || 0) + performance.now() - t0);
    }
  });
}

// In the page: warm up, time the bare engine, then train as the learner would and watch the frames.
async function measureInPage({ seconds, bareMs, warmupMs }) {
  const status = () => course.call('course_status');
  const frames = (ms, each) => new Promise((resolve) => {
    const t0 = performance.now();
    let last = t0;
    const gaps = [];
    const tick = (t) => {
      gaps.push(t - last);
      last = t;
      if (each) each();
      if (t - t0 >= ms) resolve(gaps.slice(1)); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  course.call('course_command', 'play');
  await frames(warmupMs);
  course.call('course_command', 'pause');
  await frames(100);  // the trainer's slice in flight ends
  let bare = course.call('course_train', String(bareMs));
  // (now and then the vae lab's first call here takes no step, cause not yet found: once more)
  if (bare.ok && bare.steps === 0) bare = course.call('course_train', String(bareMs));
  const idle = await frames(1000);  // the floor: the same page drawing with the lab paused
  const s0 = status();
  const t0 = performance.now();
  course.call('course_command', 'play');
  window.frameWork.clear();
  const gaps = await frames(seconds * 1000, () => status());  // the shell reads the status too
  const s1 = status();
  const t1 = performance.now();
  course.call('course_command', 'pause');
  const quantile = (xs, p) => {
    const sorted = xs.slice().sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  };
  const q = (p) => quantile(gaps, p);
  const idleFrames = { p50: quantile(idle, 0.5), p95: quantile(idle, 0.95) };
  const work = [...window.frameWork.values()];
  return {
    work50: quantile(work, 0.5), work95: quantile(work, 0.95), idle: idleFrames,
    busy: s1.training === 'thread' ? (s1.trainer_ms - s0.trainer_ms) / (t1 - t0) : NaN,
    training: s1.training, threads: s1.threads, alert: s1.alert || '',
    bare: bare.ok ? bare.steps / bare.ms * 1000 : NaN, bareError: bare.error || '',
    page: (s1.steps - s0.steps) / (t1 - t0) * 1000,
    p50: q(0.5), p95: q(0.95), frames: gaps.length,
  };
}

async function framesRun(browser, options = {}) {
  const seconds = options.seconds || 5;
  const log = options.log || (() => {});
  const rows = [];
  const labs = options.labs || await coursePage(browser, {}, async (page, url) => {
    await openLab(page, url, { lesson: '01-deep-learning', lab: 'mlp', preset: {} });
    return page.evaluate(() => course.call('course_labs').map((l) => l.name));
  });
  for (const lab of labs) {
    for (const mode of ['frame', 'thread']) {
      const row = await coursePage(browser, {}, async (page, url, problems) => {
        const base = mode === 'frame' ? `${url}?threads=off` : url;
        await page.addInitScript(timeFrameWork);
        await openLab(page, base, { lesson: lessonOr(LESSONS[lab] || '01-deep-learning'), lab,
          preset: { speed: 0 }, ready, timeout: 120000 });
        const r = await page.evaluate(measureInPage, { seconds, bareMs: BARE_MS, warmupMs: WARMUP_MS });
        return { lab, mode, ...r, problems };
      });
      rows.push(row);
      log(`frames ${lab} ${mode}: ${summary(row)}`);
    }
  }
  // The reference of both rows of a lab: the single-threaded module's bare engine.
  for (const r of rows) r.ratio = r.page / rows.find((x) => x.lab === r.lab && x.mode === 'frame').bare;
  const gemm = await gemmThreads(browser);
  for (const g of gemm.rows) {
    log(`thread GEMM n=${g.n}: ${gflops(g.n, g.oneMs)} GFLOP/s on 1 thread, ${gflops(g.n, g.allMs)} on ` +
      `${g.threads}: ${g.speedup.toFixed(2)}x`);
  }
  return { seconds, rows, gemm };
}

// GEMM on the kernels' pool in the page: the bench page's threaded module (web_bench-mt.js) in a
// cross-origin isolated page, each size timed with one thread and with all of them.
const GEMM_SIZES = [{ n: 256, reps: 20 }, { n: 512, reps: 4 }, { n: 1024, reps: 1 }];

async function gemmInPage({ sizes }) {
  await new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = 'web_bench-mt.js';
    s.onload = resolve;
    s.onerror = () => reject(new Error('cannot load web_bench-mt.js'));
    document.head.appendChild(s);
  });
  const M = await createBenchModuleMt();
  const most = M.ccall('bench_set_threads', 'number', ['number'], [navigator.hardwareConcurrency || 1]);
  const time = (n, reps, threads) => {
    M.ccall('bench_set_threads', 'number', ['number'], [threads]);
    M.ccall('bench_gemm_setup', null, ['number'], [n]);
    M.ccall('bench_gemm_run', 'number', ['number'], [Math.max(1, reps >> 1)]);  // warm-up, pool started
    let best = Infinity;
    for (let k = 0; k < 3; ++k) {
      const t0 = performance.now();
      M.ccall('bench_gemm_run', 'number', ['number'], [reps]);
      best = Math.min(best, (performance.now() - t0) / reps);
    }
    return best;
  };
  const rows = sizes.map(({ n, reps }) => {
    const one = time(n, reps, 1);
    const all = time(n, reps, most);
    return { n, threads: most, oneMs: one, allMs: all, speedup: one / all };
  });
  return { isolated: self.crossOriginIsolated, threads: most, rows };
}

async function gemmThreads(browser) {
  const { startServer } = require('./server');
  const path = require('node:path');
  const root = path.join(__dirname, '..', 'build', 'bench-web');
  const server = await startServer({ root, isolated: true });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
    return await page.evaluate(gemmInPage, { sizes: GEMM_SIZES });
  } finally {
    await context.close();
    await server.stop();
  }
}

const gflops = (n, ms) => (2 * n ** 3 / ms / 1e6).toFixed(1);

const summary = (r) => `${r.training} (${r.threads} threads): page ${r.page.toFixed(1)} steps/s, bare ` +
  `${r.bare.toFixed(1)} steps/s; frame time p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms ` +
  `(paused: ${r.idle.p50.toFixed(1)}, ${r.idle.p95.toFixed(1)}); ` +
  `the page thread's work per frame p50 ${r.work50.toFixed(1)} ms, p95 ${r.work95.toFixed(1)} ms` +
  (r.training === 'thread' ? `; the trainer trained ${(100 * r.busy).toFixed(0)}% of the time` : '') +
  (r.alert ? `; paused: ${r.alert}` : '') + (r.bareError ? `; course_train: ${r.bareError}` : '');

// The report's section: one row per lab and module.
function framesReport(f) {
  if (!f) return '';
  const lines = [
    '## Frames and threads: each lab trained in the page while it draws',
    '',
    `Each lab's default preset at full speed (speed 0) in the course page, headless Chromium, ` +
      `${f.seconds} s per row. "bare": the same lab trained with nothing drawn (course_train, ` +
      `${BARE_MS / 1000} s); "in the page": Train pressed, the page drawing. The ratio is "in the page" ` +
      'over the single-threaded module\'s bare engine. Frame time: the gap between animation frames; ' +
      'the page thread\'s work: the time its animation-frame callbacks took (the module\'s frame: ' +
      'in the single-threaded module its training too). "trainer busy": the share of the time the ' +
      'training thread spent in slices of training (the rest it waited for the page\'s frames).',
    '',
    '| lab | module | frame time p50 / p95 | paused: frame time p50 / p95 | page thread\'s work per frame ' +
      'p50 / p95 | bare steps/s | in the page steps/s | ratio to the bare single thread | trainer busy |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const ms = (a, b) => `${a.toFixed(1)} / ${b.toFixed(1)} ms`;
  const num = (x, f) => (Number.isFinite(x) ? f(x) : '— (course_train took no step)');
  for (const r of f.rows) {
    const module = r.mode === 'thread' ? `thread (${r.threads} cores)` : 'frame (single thread)';
    const busy = Number.isFinite(r.busy) ? `${(100 * r.busy).toFixed(0)}%` : '';
    lines.push(`| ${r.lab} | ${module} | ${ms(r.p50, r.p95)} | ${ms(r.idle.p50, r.idle.p95)} | ` +
      `${ms(r.work50, r.work95)} | ` +
      `${num(r.bare, (x) => x.toFixed(1))} | ${r.page.toFixed(1)} | ` +
      `${num(r.ratio, (x) => `${(100 * x).toFixed(0)}%`)} | ${busy} |`);
  }
  if (f.gemm) {
    lines.push('', `GEMM on the kernels' pool in the page (web_bench-mt.js, cross-origin isolated: ` +
      `${f.gemm.isolated}), the best of 3 timings:`, '',
    '| thread GEMM | 1 thread | ' + `${f.gemm.threads} threads | speed-up |`, '|---|---|---|---|');
    for (const g of f.gemm.rows) {
      lines.push(`| n=${g.n} | ${gflops(g.n, g.oneMs)} GFLOP/s | ${gflops(g.n, g.allMs)} GFLOP/s | ` +
        `${g.speedup.toFixed(2)}× |`);
    }
  }
  return lines.join('\n') + '\n';
}

// Rows for the targets table: the worst lab on the threaded module.
function framesTargets(f, ok) {
  if (!f) return [];
  const t = f.rows.filter((r) => r.mode === 'thread' && Number.isFinite(r.ratio));
  const worst = (key, dir) => t.reduce((a, b) => ((dir * b[key] > dir * a[key]) ? b : a));
  const p95 = worst('p95', 1);
  const ratio = worst('ratio', -1);
  return [
    ['thread: p95 frame time ≤ 18 ms while any lab trains', `${p95.p95.toFixed(1)} ms (worst: ${p95.lab})`,
      ok(p95.p95 <= 18)],
    ['thread: training in the page ≥ 90% of the bare single-thread engine',
      `${(100 * ratio.ratio).toFixed(0)}% (worst: ${ratio.lab})`, ok(ratio.ratio >= 0.9)],
    ...(f.gemm ? f.gemm.rows.filter((g) => g.n === 512).map((g) => [
      'thread: GEMM n=512 in the page ≥ 1.7× single-threaded',
      `${g.speedup.toFixed(2)}× on ${g.threads} threads`,
      ok(g.speedup >= 1.7)]) : []),
  ];
}

module.exports = { framesRun, framesReport, framesTargets };

if (require.main === module) {
  const args = process.argv.slice(2);
  const options = { log: (m) => process.stderr.write(`[frames] ${m}\n`) };
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--seconds') options.seconds = Number(args[++i]);
    else if (args[i] === '--labs') options.labs = args[++i].split(',');
    else throw new Error(`frames: unknown option ${args[i]} (use --seconds S, --labs a,b)`);
  }
  const { launchChromium } = require('./server');
  (async () => {
    const browser = await launchChromium();
    try {
      process.stdout.write(JSON.stringify(await framesRun(browser, options)) + '\n');
    } finally {
      await browser.close();
    }
  })().catch((e) => { console.error(e); process.exit(1); });
}
