// The chapter-5 moonshot, "VAE": the course page itself (build/web), the vae lab on MNIST, in
// headless Chromium on this machine: the time from pressing Train until chapter 3's CNN (the lab's
// judge) classifies at least 90% of the held-out digits decoded from mu correctly (state key
// recon_acc, measured by the lab on its 1000 held-out digits every 100 steps).
// The judge is trained first and is not timed: Train is pressed once to train it (the VAE waits
// meanwhile), then training is paused and the lab reset (a reset that keeps the preset keeps the
// judge: state key judge_acc stays above 0), and the clock starts when Train is pressed again. The
// page is watched each animation frame; the frame rate is the host's frame counter
// (course_status().frames) over the time taken.
//   node bench/vae.js [--preset JSON] [--seconds S]   one run alone; prints its summary as JSON
'use strict';
const os = require('node:os');
const { coursePage, openLab, lessonOr, runAlone } = require('./moonshot');

const ACC_TARGET = 0.9;
const JUDGE_SECONDS = 600;  // the longest the judge may take to train (not part of the figure)
const SAMPLE_MS = 250;      // the timeline keeps one sample of the state this often

// The moonshot's preset: a judge of 1500 CNN steps (97.2% on the held-out digits) and a 16-D latent
// of hidden width 256 at lr 0.002, without the plain autoencoder (it would double each step's cost
// and is not judged): natively recon_acc >= 0.9 at the measurement of step 400. The lab's default 2-D
// latent never gets there (0.41 at best within 1,800 steps; bench/FINDINGS.md).
const PRESET = { judge: 1500, latent: 16, hidden: 256, lr: 0.002, autoencoder: false };

// In the page: Train until the judge is ready (judge_acc > 0), then pause and reset. Resolves with
// the seconds it took and the state after the reset.
function judgeInPage({ seconds }) {
  return new Promise((resolve) => {
    const played = course.call('course_command', 'play');
    const t0 = performance.now();
    const frame = () => {
      const s = course.call('course_status');
      const t = (performance.now() - t0) / 1000;
      if (s.state.judge_acc > 0 || s.alert || t >= seconds || !played.ok) {
        course.call('course_command', 'pause');
        course.call('course_command', 'reset');
        const after = course.call('course_status');
        resolve({ played, seconds: t, judge: s.state.judge, alert: s.alert || '', after: after.state });
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

// In the page: press Train, then read the lab's state every animation frame until recon_acc reaches
// the target or `seconds` pass. Resolves with the row it showed (or null) and a timeline.
function watchInPage({ seconds, target, sampleMs }) {
  return new Promise((resolve) => {
    const read = () => {
      const s = course.call('course_status');
      return { frames: s.frames, alert: s.alert, st: s.state };
    };
    const row = (t, s) => ({ t: t / 1000, frames: s.frames, step: s.st.step, recon_acc: s.st.recon_acc,
      test_at: s.st.test_at, test_nelbo: s.st.test_nelbo, nelbo: s.st.nelbo, judge_acc: s.st.judge_acc });
    const first = read();
    const timeline = [row(0, first)];
    const played = course.call('course_command', 'play');
    const t0 = performance.now();
    let lastSample = 0;
    const frame = () => {
      const t = performance.now() - t0;
      const s = read();
      const met = s.st.recon_acc >= target;
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

// The page's loops run on animation frames: a page that stops drawing would never answer. Rejects
// with the reason when `promise` takes longer than `seconds`.
function deadline(promise, seconds, what) {
  let timer;
  const late = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`vae: ${what} did not end within ${seconds} s ` +
      '(the page stopped drawing frames?)')), seconds * 1000);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// The host's frames per second between two rows of the timeline.
const fpsBetween = (a, b) => (b.frames - a.frames) / (b.t - a.t);

async function vaeRun(browser, options = {}) {
  const seconds = options.seconds || 300;
  const log = options.log || (() => {});
  const lesson = lessonOr('05-vae');
  return coursePage(browser, {}, async (page, url, problems) => {
    const preset = options.preset || PRESET;
    if (!(preset.judge > 0)) throw new Error(`vae: the preset needs a judge ("judge": CNN steps > 0)`);
    await openLab(page, url, { lesson, lab: 'vae', preset });
    const startPreset = await page.evaluate(() => course.call('course_status').preset);
    const judge = await deadline(page.evaluate(judgeInPage, { seconds: JUDGE_SECONDS }), JUDGE_SECONDS + 60,
      'training the judge');
    if (!judge.played.ok) throw new Error(`play: ${judge.played.error}`);
    if (judge.alert) throw new Error(`the lab paused while the judge trained: ${judge.alert}`);
    if (!(judge.after.judge_acc > 0) || judge.after.step !== 0) {
      throw new Error(`the judge is not ready after ${judge.seconds.toFixed(0)} s (judge_acc ` +
        `${judge.after.judge_acc}, VAE step ${judge.after.step})`);
    }
    log(`vae: the judge (${judge.after.judge} CNN steps) took ${judge.seconds.toFixed(1)} s, ` +
      `${(100 * judge.after.judge_acc).toFixed(1)}% on the real held-out digits`);
    const loadBefore = os.loadavg()[0];  // the machine is shared: say how busy it was
    const w = await deadline(page.evaluate(watchInPage, { seconds, target: ACC_TARGET, sampleMs: SAMPLE_MS }),
      seconds + 60, 'training the VAE');
    if (!w.played.ok) throw new Error(`play: ${w.played.error}`);
    if (w.alert) problems.push(`the lab paused: ${w.alert}`);
    const { timeline, at } = w;
    const last = timeline[timeline.length - 1];
    const fps = fpsBetween(timeline[0], last);
    const stepsPerS = (last.step - timeline[0].step) / last.t;
    const load = [loadBefore, os.loadavg()[0]];
    const out = { preset: startPreset, lesson, seconds, judgeSeconds: judge.seconds,
      judgeAcc: judge.after.judge_acc, at, fps, stepsPerS, load, last, timeline, problems };
    log(`vae: ${summary(out)}`);
    return out;
  });
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;

function summary(r) {
  const reached = r.at
    ? `recon_acc ${pct(r.at.recon_acc)} after ${r.at.t.toFixed(2)} s (step ${r.at.step}, measured at ` +
      `step ${r.at.test_at})`
    : `not met within ${r.seconds} s: recon_acc ${pct(r.last.recon_acc)} (measured at step ` +
      `${r.last.test_at} of ${r.last.step})`;
  return `${reached}; ${r.fps.toFixed(1)} fps; ${r.stepsPerS.toFixed(1)} steps/s; ` +
    `load average ${r.load.map((x) => x.toFixed(1)).join(' -> ')}`;
}

// A few lines of Markdown for the report.
function vaeReport(r) {
  if (!r) return '';
  const p = r.preset || {};
  const shown = { latent: p.latent, hidden: p.hidden, layers: p.layers, beta: p.beta, lr: p.lr,
    batch: p.batch, autoencoder: p.autoencoder, judge: p.judge };
  const reached = r.at ? `**${r.at.t.toFixed(2)} s** (step ${r.at.step}; the measurement of step ` +
    `${r.at.test_at}: ${pct(r.at.recon_acc)})` : `**not met** within ${r.seconds} s`;
  return [
    '## The "VAE" moonshot: the judge reads ≥ 90% of the held-out digits decoded from μ',
    '',
    `The vae lab in the course page (lesson ${r.lesson}), preset ${JSON.stringify(shown)}; the judge ` +
      `(chapter 3's CNN) trained first, untimed (${r.judgeSeconds.toFixed(0)} s, ` +
      `${pct(r.judgeAcc)} on the real held-out digits); then Train pressed, headless Chromium on ` +
      'this machine; its state (recon_acc, measured every 100 steps) read every animation frame.',
    '',
    '| measure | result |',
    '|---|---|',
    `| time from Train to recon_acc ≥ 90% | ${reached} |`,
    `| at the end (${r.last.t.toFixed(1)} s) | recon_acc ${pct(r.last.recon_acc)} (step ` +
      `${r.last.test_at}), step ${r.last.step} |`,
    `| frames per second meanwhile (host frames) | ${r.fps.toFixed(1)} |`,
    `| VAE steps per second | ${r.stepsPerS.toFixed(1)} |`,
    `| load average (1 min) at the start and the end | ${r.load.map((x) => x.toFixed(1)).join(', ')} |`,
    r.problems.length ? `\nProblems: ${r.problems.join('; ')}` : '',
    '',
  ].join('\n');
}

// Rows for the report's targets table (the issue states no time: the figure is recorded).
function vaeTargets(r, ok) {
  if (!r) return [];
  const measured = r.at ? `${pct(r.at.recon_acc)} after ${r.at.t.toFixed(2)} s at ${r.fps.toFixed(1)} fps`
    : `not within ${r.seconds} s: ${pct(r.last.recon_acc)} at step ${r.last.test_at}`;
  return [['"VAE": chapter 3\'s CNN reads ≥ 90% of the held-out digits decoded from μ (time from Train)',
    measured, ok(r.at !== null)]];
}

module.exports = { vaeRun, vaeReport, vaeTargets, PRESET };

if (require.main === module) runAlone('vae', vaeRun);
