// What the moonshots (bench/verse.js, mnist.js, gan.js, vae.js) share: the course page itself
// (build/web, served with the course's nginx settings, cross-origin isolated) in a fresh browser
// context, one lab opened in a lesson with a preset, and the command line of one run alone.
//   coursePage(browser, {locale}, run)   run(page, url, problems) with the page open; closes it after
//   openLab(page, url, {lesson, lab, preset, lang, ready, timeout})   the lesson page with `lab` open
//       and configured with `preset`; then waits until ready(lab) holds in the page (default: the
//       lab is open; dataReady: it has its data too), for at most `timeout` ms
//   lessonOr(id)                        the lesson id when build/web has it, else lesson 1's
//   runAlone(name, run)                 node bench/NAME.js [--preset JSON] [--seconds S]: one run,
//       its summary printed as JSON (the timeline counted, not printed)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startServer, launchChromium, ROOT } = require('./server');

const WEB = path.join(ROOT, 'build', 'web');

// A chapter's own lesson once it is built; until then lesson 1, whose page opens any lab on request.
function lessonOr(id) {
  return fs.existsSync(path.join(WEB, 'lessons', id)) ? id : '01-deep-learning';
}

async function coursePage(browser, { locale = 'en-US' }, run) {
  const server = await startServer({ root: WEB, isolated: true });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    return await run(page, server.url, problems);
  } finally {
    await context.close();
    await server.stop();
  }
}

// Predicates for openLab's `ready`, run in the page: the lab is open; it is open and has its data
// (the labs that load a corpus or MNIST say so in their state key data_ready).
const labIsOpen = (lab) => course.call('course_status').lab === lab;
const dataReady = (lab) => {
  const s = course.call('course_status');
  return s.lab === lab && s.state && s.state.data_ready === 1;
};

async function openLab(page, url, { lesson, lab, preset, lang = 'en', ready = labIsOpen, timeout = 30000 }) {
  const text = JSON.stringify(preset);
  await page.goto(`${url}#lesson=${lesson}&lang=${lang}&lab=${lab}&preset=${encodeURIComponent(text)}`);
  // the lesson opens its own lab first (the link's when the lesson uses it); then `lab` is
  // configured here, or opened when the lesson does not use it
  await page.waitForFunction(() => {
    const s = window.course && window.course.shell.module && window.course.shell.check &&
      course.call('course_status');
    return s && s.lab;
  }, null, { timeout: 60000 });
  const opened = await page.evaluate(([name, t]) => {
    if (course.call('course_status').lab === name) return course.call('course_configure', t);
    return course.call('course_open', name, t);
  }, [lab, text]);
  if (!opened.ok) throw new Error(`the ${lab} lab refused the preset ${text}: ${opened.error}`);
  await page.waitForFunction(ready, lab, { timeout });
}

function runAlone(name, run) {
  const args = process.argv.slice(2);
  const options = {};
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--preset') options.preset = JSON.parse(args[++i]);
    else if (args[i] === '--seconds') options.seconds = Number(args[++i]);
    else throw new Error(`${name}: unknown option ${args[i]} (use --preset JSON, --seconds S)`);
  }
  options.log = (m) => process.stderr.write(`[${name}] ${m}\n`);
  (async () => {
    const browser = await launchChromium();
    try {
      const r = await run(browser, options);
      const { timeline, ...rest } = r;
      process.stdout.write(JSON.stringify({ ...rest, samples: timeline.length }) + '\n');
    } finally {
      await browser.close();
    }
  })().catch((e) => { console.error(e); process.exit(1); });
}

module.exports = { coursePage, openLab, dataReady, lessonOr, runAlone };
