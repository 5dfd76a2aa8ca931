// check-lessons and the home page's index on a lesson file that is not UTF-8: it is named by file
// and line, and every other lesson still checks and lists as before.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { NATIVE } = require('./run-cli');
const LESSONS = path.join(__dirname, '..', '..', 'lessons');

test('a lesson that is not UTF-8 is refused by file and line; the others are unaffected', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-lessons-'));
  try {
    fs.cpSync(LESSONS, dir, { recursive: true });
    const broken = path.join(dir, '50-latin1');
    fs.mkdirSync(broken);
    const header = '---\ntitle: Latin-1\nlab: neuron\n---\n\n## A {#a}\n\n';
    for (const lang of ['en', 'zh']) {
      // "café" saved as Latin-1: the byte 0xE9 on line 8.
      fs.writeFileSync(path.join(broken, `lesson.${lang}.md`),
        Buffer.concat([Buffer.from(header), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]));
    }
    const r = spawnSync(NATIVE, ['check-lessons', dir], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1, r.stdout);
    assert.match(r.stdout, /50-latin1\/lesson\.en\.md:8: not valid UTF-8 \(byte 0xE9 at column 4\)/);
    assert.match(r.stdout, /50-latin1\/lesson\.zh\.md:8: not valid UTF-8/);
    const others = r.stdout.split('\n')
      .filter((l) => /lesson\.\w+\.md:\d+:/.test(l) && !l.includes('50-latin1'));
    assert.deepStrictEqual(others, [], 'the course\'s own lessons have no problems');

    const index = spawnSync(NATIVE, ['index', dir], { encoding: 'utf8' });
    assert.strictEqual(index.status, 0, index.stderr);
    const chapters = JSON.parse(index.stdout);
    const bad = chapters.find((c) => c.id === '50-latin1');
    assert.match(bad.langs.en.problems[0], /^50-latin1\/lesson\.en\.md:8: not valid UTF-8/);
    const good = chapters.filter((c) => c.id !== '50-latin1');
    assert.ok(good.length >= 1);
    for (const c of good) {
      for (const l of Object.values(c.langs)) assert.deepStrictEqual(l.problems, [], c.id);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
