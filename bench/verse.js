// The chapter-2 moonshot, "verse": the course page itself (build/web), chapter 2's character model on
// the Tang poems, Train pressed, in headless Chromium. Within 5 minutes: at least 80% of generated
// lines at temperature 0.8 verse-shaped (5 or 7 characters, then a stop), and the validation
// perplexity at least 20% below the counted bigram's. Reports the time each is first met, or that
// it was not. The lab computes both numbers itself (state keys verse_share, val_ppl, bigram_ppl).
//   node bench/verse.js [--preset JSON] [--seconds S]   one run alone; prints its summary as JSON
'use strict';
const { coursePage, openLab, dataReady, runAlone } = require('./moonshot');

const VERSE_TARGET = 0.8;
const PPL_TARGET = 0.8;  // val_ppl <= 0.8 x bigram_ppl

// The lab's default Tang preset, named here so the row says what it trained.
const PRESET = { corpus: 'tang' };

async function verseRun(browser, options = {}) {
  const seconds = options.seconds || 300;
  const log = options.log || (() => {});
  return coursePage(browser, { locale: 'zh-CN' }, async (page, url, problems) => {
    await openLab(page, url, { lesson: '02-nlp', lang: 'zh', lab: 'charlm', preset: options.preset || PRESET,
      ready: dataReady, timeout: 60000 });
    const startPreset = await page.evaluate(() => course.call('course_status').preset);
    await page.evaluate(() => course.call('course_command', 'play'));
    const t0 = Date.now();
    const timeline = [];
    let verseAt = null, pplAt = null;
    while ((Date.now() - t0) / 1000 < seconds) {
      await page.waitForTimeout(2000);
      const s = await page.evaluate(() => course.call('course_status'));
      const t = (Date.now() - t0) / 1000;
      const st = s.state;
      timeline.push({ t, step: st.step, val_ppl: st.val_ppl, bigram_ppl: st.bigram_ppl,
        verse_share: st.verse_share });
      if (verseAt === null && st.verse_share >= VERSE_TARGET) verseAt = t;
      if (pplAt === null && st.val_ppl <= PPL_TARGET * st.bigram_ppl) pplAt = t;
      if (s.alert) { problems.push(`the lab paused: ${s.alert}`); break; }
      if (verseAt !== null && pplAt !== null) break;
    }
    const last = timeline[timeline.length - 1] || {};
    log(`verse: ${last.step} steps in ${(last.t || 0).toFixed(0)} s; verse share ${last.verse_share}, ` +
      `val ppl ${last.val_ppl} against the bigram's ${last.bigram_ppl}`);
    return { preset: startPreset, seconds, verseAt, pplAt, last, timeline, problems };
  });
}

// A few lines of Markdown for the report.
function verseReport(r) {
  if (!r) return '';
  const when = (t) => (t === null ? `**not met** within ${r.seconds} s` : `met after ${t.toFixed(0)} s`);
  const l = r.last;
  return [
    '## The "verse" moonshot: Tang poems in the course page',
    '',
    `Preset ${JSON.stringify(r.preset)}, Train pressed, headless Chromium on this machine.`,
    '',
    '| condition | result | at the end |',
    '|---|---|---|',
    `| ≥ ${VERSE_TARGET * 100}% of generated lines verse-shaped (τ = 0.8) | ${when(r.verseAt)} | ` +
      `${(100 * l.verse_share).toFixed(0)}% after ${l.step} steps |`,
    `| validation perplexity ≥ 20% below the bigram's | ${when(r.pplAt)} | ` +
      `${Number(l.val_ppl).toFixed(1)} vs ${Number(l.bigram_ppl).toFixed(1)} |`,
    r.problems.length ? `\nProblems: ${r.problems.join('; ')}` : '',
    '',
  ].join('\n');
}

// Rows for the report's targets table.
function verseTargets(r, met) {
  if (!r) return [];
  const at = (t) => (t === null ? `not within ${r.seconds} s` : `after ${t.toFixed(0)} s`);
  return [
    ['"verse": ≥ 80% verse-shaped lines within 5 min', at(r.verseAt),
      met(r.verseAt !== null && r.verseAt <= 300)],
    ['"verse": validation perplexity ≥ 20% below the bigram within 5 min', at(r.pplAt),
      met(r.pplAt !== null && r.pplAt <= 300)],
  ];
}

module.exports = { verseRun, verseReport, verseTargets };

if (require.main === module) runAlone('verse', verseRun);
