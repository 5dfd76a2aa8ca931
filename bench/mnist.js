// The chapter-3 moonshot, "MNIST": the course page itself (build/web), the cnn lab on MNIST, Train
// pressed, in headless Chromium on this machine. Within 60 s of pressing Train, the test accuracy on
// all 10,000 test digits reaches at least 98% while the page draws at least 50 frames per second.
// The lab measures the accuracy itself (state keys test_acc, test_step: a pass over test_limit
// digits on a snapshot of the weights of step test_step); the frame rate is the host's frame
// counter (course_status().frames) over the time taken.
//   node bench/mnist.js [--preset JSON] [--seconds S]   one run alone; prints its summary as JSON
'use strict';
const os = require('node:os');
const { coursePage, openLab, dataReady, lessonOr, runAlone } = require('./moonshot');

const ACC_TARGET = 0.98;
const SECONDS_TARGET = 60;
const FPS_TARGET = 50;
const POLL_MS = 500;

// The moonshot's preset: the lab's default network, batch 64 and rate 0.008, the fewest steps to a
// shown 98% of the presets in bench/FINDINGS.md (the page takes one step a frame, whatever the batch).
const PRESET = { batch: 64, lr: 0.008, test_limit: 10000 };

// The host's frames per second between two polls.
const fpsBetween = (a, b) => (b.frames - a.frames) / (b.t - a.t);

async function mnistRun(browser, options = {}) {
  const seconds = options.seconds || 90;
  const log = options.log || (() => {});
  const lesson = lessonOr('03-vision');
  return coursePage(browser, {}, async (page, url, problems) => {
    await openLab(page, url, { lesson, lab: 'cnn', preset: options.preset || PRESET, ready: dataReady,
      timeout: 120000 });
    const startPreset = await page.evaluate(() => course.call('course_status').preset);
    const status = () => page.evaluate(() => {
      const s = course.call('course_status');
      return { frames: s.frames, alert: s.alert, st: s.state };
    });
    const loadBefore = os.loadavg()[0];  // the machine is shared: say how busy it was
    const first = await status();
    await page.evaluate(() => course.call('course_command', 'play'));
    const t0 = Date.now();
    const timeline = [{ t: 0, frames: first.frames, step: first.st.step, test_acc: 0, test_step: -1 }];
    let at = null, best = { acc: 0, t: 0, step: 0, test_step: -1 };
    for (;;) {
      await page.waitForTimeout(POLL_MS);
      const s = await status();
      const t = (Date.now() - t0) / 1000;
      const st = s.st;
      const row = { t, frames: s.frames, step: st.step, test_acc: st.test_acc, test_step: st.test_step,
        passes: st.passes, test_n: st.test_n, loss: st.loss };
      timeline.push(row);
      if (t <= SECONDS_TARGET && st.test_acc > best.acc) {
        best = { acc: st.test_acc, t, step: st.step, test_step: st.test_step };
      }
      if (at === null && st.test_acc >= ACC_TARGET) at = row;
      if (s.alert) { problems.push(`the lab paused: ${s.alert}`); break; }
      if (t >= seconds || (at !== null && t >= SECONDS_TARGET)) break;
    }
    // The frame rate over the time that counts: until 98% is shown, or the first 60 s.
    const until = at ? at.t : SECONDS_TARGET;
    const span = timeline.filter((r) => r.t <= until + 1e-9);
    const end = span[span.length - 1];
    const fps = fpsBetween(timeline[0], end);
    let minFps = Infinity;  // the slowest 2 s (4 polls) of that span
    for (let i = 4; i < span.length; ++i) minFps = Math.min(minFps, fpsBetween(span[i - 4], span[i]));
    const stepsPerS = (end.step - timeline[0].step) / end.t;
    const last = timeline[timeline.length - 1];
    const load = [loadBefore, os.loadavg()[0]];
    const out = { preset: startPreset, lesson, seconds, at, best, fps, minFps, stepsPerS,
      load, last, timeline, problems };
    log(`mnist: ${summary(out)}`);
    return out;
  });
}

const pct = (x) => `${(100 * x).toFixed(2)}%`;

function summary(r) {
  const reached = r.at
    ? `98% after ${r.at.t.toFixed(1)} s (step ${r.at.step}, weights of step ${r.at.test_step})`
    : `98% not met: best ${pct(r.best.acc)} at ${r.best.t.toFixed(0)} s`;
  return `${reached}; ${r.fps.toFixed(1)} fps (slowest 2 s: ${r.minFps.toFixed(1)}); ` +
    `${r.stepsPerS.toFixed(1)} steps/s; load average ${r.load.map((x) => x.toFixed(1)).join(' -> ')}`;
}

const met = (r) => r.at !== null && r.at.t <= SECONDS_TARGET && r.fps >= FPS_TARGET;

// A few lines of Markdown for the report.
function mnistReport(r) {
  if (!r) return '';
  const p = r.preset || {};
  const shown = { batch: p.batch, lr: p.lr, speed: p.speed, test_limit: p.test_limit };
  const reached = r.at ? `**${r.at.t.toFixed(1)} s** (step ${r.at.step}; the pass measured the ` +
    `weights of step ${r.at.test_step})` : `**not met** within ${r.seconds} s`;
  return [
    '## The "MNIST" moonshot: 98% of the test digits within 60 s, at 50 fps',
    '',
    `The cnn lab in the course page (lesson ${r.lesson}), preset ${JSON.stringify(shown)} ` +
      '(the default network), Train pressed, headless Chromium on this machine; ' +
      `its state polled every ${POLL_MS / 1000} s.`,
    '',
    '| measure | result |',
    '|---|---|',
    `| time to ≥ 98% test accuracy (all ${r.last.test_n || 10000} test digits) | ${reached} |`,
    `| best test accuracy within 60 s | ${pct(r.best.acc)} at ${r.best.t.toFixed(0)} s ` +
      `(weights of step ${r.best.test_step}) |`,
    `| frames per second until then (host frames) | ${r.fps.toFixed(1)} (slowest 2 s: ` +
      `${r.minFps.toFixed(1)}) |`,
    `| training steps per second | ${r.stepsPerS.toFixed(1)} |`,
    `| load average (1 min) at the start and the end | ${r.load.map((x) => x.toFixed(1)).join(', ')} |`,
    r.problems.length ? `\nProblems: ${r.problems.join('; ')}` : '',
    '',
  ].join('\n');
}

// Rows for the report's targets table.
function mnistTargets(r, ok) {
  if (!r) return [];
  const measured = r.at ? `98% after ${r.at.t.toFixed(1)} s at ${r.fps.toFixed(1)} fps`
    : `not met: best ${pct(r.best.acc)} at ${r.best.t.toFixed(0)} s, ${r.fps.toFixed(1)} fps`;
  return [['"MNIST": ≥ 98% of the 10,000 test digits within 60 s of Train, at ≥ 50 fps', measured,
    ok(met(r))]];
}

module.exports = { mnistRun, mnistReport, mnistTargets, PRESET };

if (require.main === module) runAlone('mnist', mnistRun);
