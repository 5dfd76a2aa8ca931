// The static server (nginx with web/nginx.conf.in): MIME types, isolation headers, only the
// build output, and a client that hangs up mid-response does not hurt the next one.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const net = require('node:net');
const { BASE } = require('./helpers');

const { hostname, port } = new URL(BASE);

// A raw HTTP request, so the path is sent exactly as written (fetch would normalise "/../").
function raw(path, { hangUpAfter } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect(+port, hostname, () =>
      s.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d) => {
      data += d.toString('latin1');
      if (hangUpAfter && data.length >= hangUpAfter) { s.destroy(); resolve(data); }
    });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

test('the module is served as application/wasm, with cross-origin isolation headers', async () => {
  const r = await fetch(BASE + 'course.wasm');
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.headers.get('content-type'), 'application/wasm');
  assert.strictEqual(r.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.strictEqual(r.headers.get('cross-origin-embedder-policy'), 'require-corp');
  const page = await fetch(BASE);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.strictEqual(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
  const md = await fetch(BASE + 'lessons/01-deep-learning/lesson.zh.md');
  assert.match(md.headers.get('content-type'), /charset=utf-8/);
});

test('only the build output is served: /../ anything is 404', async () => {
  for (const p of ['/../../etc/passwd', '/lessons/../../course', '/%2e%2e/%2e%2e/etc/passwd', '/nope.html']) {
    const r = await raw(p);
    assert.match(r, /^HTTP\/1\.1 404/, p);
    assert.doesNotMatch(r, /root:x:0/);
  }
});

test('a client that disconnects mid-response does not stop the server', async () => {
  for (let i = 0; i < 5; i++) await raw('/course.wasm', { hangUpAfter: 2000 });
  const r = await fetch(BASE + 'course.wasm');
  assert.strictEqual(r.status, 200);
  assert.ok((await r.arrayBuffer()).byteLength > 100000);
});
