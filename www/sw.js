// Offline after the first visit. Every file of this site that the page (or its training worker)
// fetches is kept in a cache; when the network fails, the kept copy answers. Network first, so a
// new build is picked up whenever the site is reachable, and a development server never serves
// a stale file. Nothing outside the site is ever fetched or kept.
const CACHE = 'attention-playground-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The page lists what it loaded before this worker controlled it (the first visit).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'keep' && Array.isArray(event.data.urls)) {
    event.waitUntil(keep(event.data.urls));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !ours(request.url)) return;
  event.respondWith(networkFirst(request));
});

function ours(url) {
  try {
    return new URL(url).origin === self.location.origin;
  } catch {
    return false;
  }
}

async function keep(urls) {
  const cache = await caches.open(CACHE);
  await Promise.all(
    urls.filter(ours).map(async (url) => {
      if (await cache.match(url)) return;
      try {
        const response = await fetch(url);
        if (response.ok) await cache.put(url, response);
      } catch {
        // Offline already: it will be kept on a later visit.
      }
    }),
  );
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // A page opened with other settings in its link is still the same page.
    const kept = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (kept) return kept;
    throw error;
  }
}
