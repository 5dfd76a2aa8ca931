// The service worker: after the first visit the whole course (lessons, wasm, fonts, scripts) works
// with the network off. ./course build fills in VERSION (a hash of every served file) and FILES,
// so each build gets its own cache and the old one is deleted when the new worker takes over.
// Network first, cache second: online, a learner (or an author rebuilding) always sees the latest
// files; offline, the cached copy answers. Data sets (data/) are not in FILES: a lab fetches them
// only when it opens, and the fetch handler keeps them for offline use from then on.
// Cross-origin isolation, as coi-serviceworker does it: every answer gets the COOP/COEP/CORP headers
// that nginx sends (web/nginx.conf.in), so on a static host that cannot send them the page is still
// isolated once this worker controls it (main.js reloads once for that), and the threaded module
// loads (bridge.js). The page loads nothing from another host, so require-corp blocks nothing.
'use strict';
const VERSION = '@VERSION@';
const FILES = @FILES@;
const CACHE = 'course-' + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => k.startsWith('course-') && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function isolated(res) {
  if (res.type === 'opaque' || res.type === 'opaqueredirect' || res.status === 0) return res;
  if (Object.keys(ISOLATION).every((k) => res.headers.has(k))) return res;
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries(ISOLATION)) if (!headers.has(k)) headers.set(k, v);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok && res.type === 'basic') {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { ignoreSearch: true })
        .then((hit) => hit || caches.match('./index.html'))
        .then((hit) => hit || new Response('offline, and this file was never cached', { status: 503 })))
      .then(isolated));
});
