// A markdown-it plugin for $...$ and $$...$$ math, typeset by KaTeX, and the lesson hooks that
// live inside Markdown: "## Title {#id}" section ids (with an optional "lab=NAME"), ```run blocks
// and ```exercise cards; plus CJK line joining.
// The rules match the C++ validator (src/lesson/lesson.cpp): \$ is a dollar sign, `code` is not
// math, inline math stays inside its paragraph, $$ may span lines.
// \live{key} marks a symbol whose value comes from the lab's state; the shell fills it in.
export const KATEX_OPTIONS = {
  throwOnError: false,
  strict: 'ignore',
  trust: (ctx) => ctx.command === '\\htmlData',
  macros: { '\\live': '\\htmlData{live=#1}{\\text{…}}' },
};

export function renderMath(tex, display) {
  return window.katex.renderToString(tex, Object.assign({ displayMode: display }, KATEX_OPTIONS));
}

function mathInline(state, silent) {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24 /* $ */) return false;
  const display = src.charCodeAt(start + 1) === 0x24;
  const open = display ? 2 : 1;
  let end = start + open;
  for (; end < state.posMax; end++) {
    const c = src.charCodeAt(end);
    if (c === 0x5c /* \ */) { end++; continue; }
    if (c === 0x24 && (!display || src.charCodeAt(end + 1) === 0x24)) break;
  }
  if (end >= state.posMax || end === start + open) return false;  // unclosed or empty: plain text
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(start + open, end);
    token.markup = display ? '$$' : '$';
  }
  state.pos = end + open;
  return true;
}

function mathBlock(state, startLine, endLine, silent) {
  let pos = state.bMarks[startLine] + state.tShift[startLine];
  let max = state.eMarks[startLine];
  if (pos + 2 > max || state.src.slice(pos, pos + 2) !== '$$') return false;
  if (silent) return true;
  let first = state.src.slice(pos + 2, max);
  let content = '';
  let line = startLine;
  let closed = false;
  if (first.trim().endsWith('$$')) {  // $$ ... $$ on one line
    content = first.trim().slice(0, -2);
    closed = true;
  } else {
    content = first + '\n';
    for (line = startLine + 1; line < endLine; line++) {
      pos = state.bMarks[line] + state.tShift[line];
      max = state.eMarks[line];
      const text = state.src.slice(pos, max);
      if (text.trim().endsWith('$$')) {
        content += text.trim().slice(0, -2);
        closed = true;
        break;
      }
      content += text + '\n';
    }
  }
  if (!closed) return false;
  state.line = line + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content;
  token.map = [startLine, state.line];
  return true;
}

// "## Title {#id}" -> <h2 id="sec-id" data-section="id">Title</h2>
// "## Title {#id lab=NAME}" also gets data-lab="NAME" (the section's own lab).
const HEADING_ID = /\s*\{#([a-z0-9-]+)((?:\s+[a-z]+=[A-Za-z0-9_-]+)*)\s*\}\s*$/;
function sectionIds(state) {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (tokens[i].type !== 'heading_open' || tokens[i].tag !== 'h2') continue;
    const inline = tokens[i + 1];
    const m = HEADING_ID.exec(inline.content);
    if (!m) continue;
    inline.content = inline.content.slice(0, m.index);
    const last = inline.children[inline.children.length - 1];
    if (last && last.type === 'text') last.content = last.content.replace(HEADING_ID, '');
    tokens[i].attrSet('id', 'sec-' + m[1]);
    tokens[i].attrSet('data-section', m[1]);
    const lab = /\blab=([A-Za-z0-9_-]+)/.exec(m[2] || '');
    if (lab) tokens[i].attrSet('data-lab', lab[1]);
  }
}

// A line break inside a Chinese paragraph must not become a space between two characters
// (browsers render it as one). Drop soft breaks that sit between CJK characters.
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
function cjkSoftbreaks(state) {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const ch = block.children;
    for (let i = 1; i < ch.length - 1; i++) {
      if (ch[i].type !== 'softbreak') continue;
      const before = ch[i - 1].content || '', after = ch[i + 1].content || '';
      if (CJK.test(before.slice(-1)) && CJK.test(after.slice(0, 1))) {
        ch[i].type = 'text';
        ch[i].content = '';
      }
    }
  }
}

export function escapeHtml(s) {
  const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return s.replace(/[&<>"']/g, (c) => entities[c]);
}

// The "key: value" lines of an exercise block (the C++ validator has checked them).
function exerciseFields(text) {
  const f = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) f[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return f;
}

// ```exercise Prompt + id/check/answer/hint -> a card the shell brings to life (exercises.js): the
// prompt, an answer field when the learner types a number, a Check button, a status that screen
// readers hear, and the hint and the reason after a failed check.
function exerciseCard(md, prompt, text, t) {
  const f = exerciseFields(text);
  const id = escapeHtml(f.id || '');
  const answer = f.answer !== undefined;
  const auto = f.check !== undefined && !answer;
  const word = (k) => escapeHtml(t(k));
  return `<section class="exercise" data-exercise="${id}" aria-labelledby="ex-${id}-title">` +
    `<p class="ex-title" id="ex-${id}-title"><span class="ex-badge">${word('exercise')}</span> ` +
    `<span class="ex-prompt">${md.renderInline(prompt)}</span></p>` +
    `<div class="ex-row">` +
    (answer ? `<label class="ex-answer-label" for="ex-${id}-answer">${word('yourAnswer')}</label>` +
      `<input class="ex-answer" id="ex-${id}-answer" type="text" inputmode="decimal" autocomplete="off" ` +
      'spellcheck="false">' : '') +
    `<button type="button" class="ex-check">${word('check')}</button>` +
    `<button type="button" class="ex-hint-button" aria-expanded="false" aria-controls="ex-${id}-hint">` +
    `${word('hint')}</button>` +
    `<span class="ex-status" role="status" aria-live="polite" data-state="todo">` +
    `<span class="ex-mark" aria-hidden="true"></span>` +
    `<span class="ex-status-text">${word(auto ? 'notYetAuto' : 'notYet')}</span></span>` +
    `</div>` +
    `<p class="ex-why" aria-live="polite" hidden></p>` +
    `<p class="ex-hint" id="ex-${id}-hint" hidden>` +
    `<strong>${word('hint')}:</strong> ${md.renderInline(f.hint || '')}</p>` +
    `</section>\n`;
}

export function plugin(md, options) {
  const runLabel = (options && options.runLabel) || 'Run';
  const t = (options && options.t) || ((k) => k);
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  const alt = ['paragraph', 'reference', 'blockquote', 'list'];
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt });
  md.core.ruler.push('section_ids', sectionIds);
  md.core.ruler.push('cjk_softbreaks', cjkSoftbreaks);
  md.renderer.rules.math_inline = (tokens, idx) =>
    renderMath(tokens[idx].content, tokens[idx].markup === '$$');
  md.renderer.rules.math_block = (tokens, idx) =>
    '<div class="math-display">' + renderMath(tokens[idx].content, true) + '</div>\n';

  // ```run Label  {preset JSON}```  ->  a button that puts the lab into that preset.
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx];
    const info = token.info.trim();
    if (/^exercise(\s|$)/.test(info)) return exerciseCard(md, info.slice(8).trim(), token.content, t);
    if (!/^run(\s|$)/.test(info)) return fence(tokens, idx, opts, env, self);
    const label = info.slice(3).trim() || runLabel;
    let summary = token.content.trim();
    try {
      const preset = JSON.parse(summary);
      // Long values (a pasted CSV, a list of points) are cut short: the button carries them whole.
      const short = (v) => {
        const j = JSON.stringify(v);
        return j.length > 60 ? j.slice(0, 56) + '…' : j;
      };
      summary = Object.entries(preset).map(([k, v]) => `${k} = ${short(v)}`).join(', ');
    } catch (e) { /* the validator reports it; show the text as is */ }
    const preset = escapeHtml(token.content.trim());
    return `<div class="run-block"><button class="run" type="button" data-preset="${preset}">` +
      `<span aria-hidden="true">▶</span> ${escapeHtml(label)}</button>` +
      `<code>${escapeHtml(summary)}</code></div>\n`;
  };
}

