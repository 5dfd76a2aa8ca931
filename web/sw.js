// The service worker: after the first visit the whole course (lessons, wasm, fonts, scripts) works
// with the network off. ./course build fills in VERSION (a hash of every served file) and FILES,
// so each build gets its own cache and the old one is deleted when the new worker takes over.
// Network first, cache second: online, a learner (or an author rebuilding) always sees the latest
// files; offline, the cached copy answers. Data sets (data/) are not in FILES: a lab fetches them
// only when it opens, and the fetch handler keeps them for offline use from then on.
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
        .then((hit) => hit || new Response('offline, and this file was never cached', { status: 503 }))));
});
