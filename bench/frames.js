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
  const bare = course.call('course_train', String(bareMs));
  const s0 = status();
  const t0 = performance.now();
  course.call('course_command', 'play');
  const gaps = await frames(seconds * 1000, () => status());  // the shell reads the status too
  const s1 = status();
  const t1 = performance.now();
  course.call('course_command', 'pause');
  const sorted = gaps.slice().sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return {
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
  return { seconds, rows };
}

const summary = (r) => `${r.training} (${r.threads} threads): page ${r.page.toFixed(1)} steps/s, bare ` +
  `${r.bare.toFixed(1)} steps/s; frame time p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms` +
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
      'over the single-threaded module\'s bare engine. Frame times: the gaps between animation frames.',
    '',
    '| lab | module | frame time p50 | frame time p95 | bare steps/s | in the page steps/s | ' +
      'ratio to the bare single thread |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of f.rows) {
    const module = r.mode === 'thread' ? `thread (${r.threads} cores)` : 'frame (single thread)';
    lines.push(`| ${r.lab} | ${module} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ` +
      `${r.bare.toFixed(1)} | ${r.page.toFixed(1)} | ${(100 * r.ratio).toFixed(0)}% |`);
  }
  return lines.join('\n') + '\n';
}

// Rows for the targets table: the worst lab on the threaded module.
function framesTargets(f, ok) {
  if (!f) return [];
  const t = f.rows.filter((r) => r.mode === 'thread');
  const worst = (key, dir) => t.reduce((a, b) => ((dir * b[key] > dir * a[key]) ? b : a));
  const p95 = worst('p95', 1);
  const ratio = worst('ratio', -1);
  return [
    ['thread: p95 frame time ≤ 18 ms while any lab trains', `${p95.p95.toFixed(1)} ms (worst: ${p95.lab})`,
      ok(p95.p95 <= 18)],
    ['thread: training in the page ≥ 90% of the bare single-thread engine',
      `${(100 * ratio.ratio).toFixed(0)}% (worst: ${ratio.lab})`, ok(ratio.ratio >= 0.9)],
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
