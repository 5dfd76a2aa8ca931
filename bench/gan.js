// The chapter-4 moonshot, "GAN": the course page itself (build/web), the gan lab on the ring of 8,
// Train pressed, in headless Chromium on this machine. Within 10 s of pressing Train, all 8 modes are
// covered and at least 90% of the generated points lie near a mode. The lab measures both itself
// (state keys modes and quality, on 1000 points from fixed noise); the page is watched each
// animation frame, so the time is read to one frame; the frame rate is the host's frame counter
// (course_status().frames) over the time taken.
//   node bench/gan.js [--preset JSON] [--seconds S]   one run alone; prints its summary as JSON
'use strict';
const os = require('node:os');
const { coursePage, openLab, lessonOr, runAlone } = require('./moonshot');

const MODES_TARGET = 8;
const QUALITY_TARGET = 0.9;
const SECONDS_TARGET = 10;
const SAMPLE_MS = 250;  // the timeline keeps one sample of the state this often

// The moonshot's preset: the lab's defaults (width 32, Adam, batch 128) on the ring, with both rates
// at 0.01 instead of 0.004: natively 8 modes at quality >= 0.9 after ~1,200 iterations against
// ~1,400-2,000 (bench/FINDINGS.md), and 4.9 s against 9.9 s in the page (load average 5).
const PRESET = { dataset: 'ring', lr_g: 0.01, lr_d: 0.01 };

// In the page: press Train, then read the lab's state every animation frame until the target shows
// or `seconds` pass. Resolves with the time it showed (ms after Train, or null) and a timeline.
function watchInPage({ seconds, modes, quality, sampleMs }) {
  return new Promise((resolve) => {
    const read = () => {
      const s = course.call('course_status');
      return { frames: s.frames, alert: s.alert, st: s.state };
    };
    const row = (t, s) => ({ t: t / 1000, frames: s.frames, step: s.st.step, modes: s.st.modes,
      quality: s.st.quality, d_loss: s.st.d_loss, g_loss: s.st.g_loss });
    const first = read();
    const timeline = [row(0, first)];
    const played = course.call('course_command', 'play');
    const t0 = performance.now();
    let lastSample = 0;
    const frame = () => {
      const t = performance.now() - t0;
      const s = read();
      const met = s.st.modes >= modes && s.st.quality >= quality;
      if (met || t - lastSample >= sampleMs) {
        timeline.push(row(t, s));
        lastSample = t;
      }
      if (met || s.alert || t >= seconds * 1000) {
        resolve({ played, at: met ? row(t, s) : null, alert: s.alert || '', timeline });
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

// The host's frames per second between two rows of the timeline.
const fpsBetween = (a, b) => (b.frames - a.frames) / (b.t - a.t);

async function ganRun(browser, options = {}) {
  const seconds = options.seconds || 30;
  const log = options.log || (() => {});
  const lesson = lessonOr('04-gan');
  return coursePage(browser, {}, async (page, url, problems) => {
    await openLab(page, url, { lesson, lab: 'gan', preset: options.preset || PRESET });
    const startPreset = await page.evaluate(() => course.call('course_status').preset);
    const loadBefore = os.loadavg()[0];  // the machine is shared: say how busy it was
    const w = await page.evaluate(watchInPage, {
      seconds, modes: MODES_TARGET, quality: QUALITY_TARGET, sampleMs: SAMPLE_MS });
    if (!w.played.ok) throw new Error(`play: ${w.played.error}`);
    if (w.alert) problems.push(`the lab paused: ${w.alert}`);
    const { timeline, at } = w;
    const last = timeline[timeline.length - 1];
    const fps = fpsBetween(timeline[0], last);
    let minFps = Infinity;  // the slowest second (4 samples) of the run
    for (let i = 4; i < timeline.length; ++i) {
      minFps = Math.min(minFps, fpsBetween(timeline[i - 4], timeline[i]));
    }
    if (!Number.isFinite(minFps)) minFps = fps;
    const itersPerS = (last.step - timeline[0].step) / last.t;
    const load = [loadBefore, os.loadavg()[0]];
    const out = { preset: startPreset, lesson, seconds, at, fps, minFps, itersPerS, load, last,
      timeline, problems };
    log(`gan: ${summary(out)}`);
    return out;
  });
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;

function summary(r) {
  const reached = r.at
    ? `8 of 8 modes, quality ${pct(r.at.quality)}, after ${r.at.t.toFixed(2)} s (iteration ${r.at.step})`
    : `not met within ${r.seconds} s: ${r.last.modes} modes, quality ${pct(r.last.quality)} ` +
      `at iteration ${r.last.step}`;
  return `${reached}; ${r.fps.toFixed(1)} fps (slowest 1 s: ${r.minFps.toFixed(1)}); ` +
    `${r.itersPerS.toFixed(0)} iterations/s; load average ${r.load.map((x) => x.toFixed(1)).join(' -> ')}`;
}

const met = (r) => r.at !== null && r.at.t <= SECONDS_TARGET;

// A few lines of Markdown for the report.
function ganReport(r) {
  if (!r) return '';
  const p = r.preset || {};
  const shown = { dataset: p.dataset, g_width: p.g_width, d_width: p.d_width, opt_g: p.opt_g, opt_d: p.opt_d,
    lr_g: p.lr_g, lr_d: p.lr_d, batch: p.batch, loss: p.loss };
  const reached = r.at ? `**${r.at.t.toFixed(2)} s** (iteration ${r.at.step}; ${r.at.modes} modes, ` +
    `quality ${pct(r.at.quality)})` : `**not met** within ${r.seconds} s`;
  return [
    '## The "GAN" moonshot: all 8 modes of the ring covered, ≥ 90% of samples near a mode, within 10 s',
    '',
    `The gan lab in the course page (lesson ${r.lesson}), preset ${JSON.stringify(shown)}, ` +
      'Train pressed, headless Chromium on this machine; its state (modes, quality) read every ' +
      'animation frame.',
    '',
    '| measure | result |',
    '|---|---|',
    `| time from Train to 8 of 8 modes and quality ≥ 90% | ${reached} |`,
    `| at the end (${r.last.t.toFixed(1)} s) | ${r.last.modes} modes, quality ${pct(r.last.quality)}, ` +
      `iteration ${r.last.step} |`,
    `| frames per second meanwhile (host frames) | ${r.fps.toFixed(1)} ` +
      `(slowest 1 s: ${r.minFps.toFixed(1)}) |`,
    `| GAN iterations per second | ${r.itersPerS.toFixed(0)} |`,
    `| load average (1 min) at the start and the end | ${r.load.map((x) => x.toFixed(1)).join(', ')} |`,
    r.problems.length ? `\nProblems: ${r.problems.join('; ')}` : '',
    '',
  ].join('\n');
}

// Rows for the report's targets table.
function ganTargets(r, ok) {
  if (!r) return [];
  const measured = r.at ? `8 modes, quality ${pct(r.at.quality)} after ${r.at.t.toFixed(2)} s ` +
    `at ${r.fps.toFixed(1)} fps` : `not met: ${r.last.modes} modes, quality ${pct(r.last.quality)} after ` +
    `${r.last.t.toFixed(0)} s, ${r.fps.toFixed(1)} fps`;
  return [['"GAN": the ring of 8 with all 8 modes covered and ≥ 90% of samples near a mode within 10 s of ' +
    'Train', measured, ok(met(r))]];
}

module.exports = { ganRun, ganReport, ganTargets, PRESET };

if (require.main === module) runAlone('gan', ganRun);
