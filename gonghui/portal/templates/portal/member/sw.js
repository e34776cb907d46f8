// The member site's service worker (served at /portal/sw.js, scope /portal/): the member's pages open their last
// content without a network. Pages: network first, the last copy when offline. Styles and icons: cache first.
// Signing out (member.js) empties the cache, so the next person on a shared phone sees nothing of the last; so does
// a session that has ended: a member page answered by the login page drops every saved page. A navigation's
// redirect is opaque to the worker (it cannot read where to), so a member page that now redirects drops only its
// own saved copy; the login page the redirect leads to empties the rest (portal/forget.js, on the page itself).
const CACHE = "gonghui-member-{{ version }}";
const STATIC = {{ static_urls|safe }};
const LOGIN = "{{ login_url|escapejs }}";

function forget() {
  return caches.open(CACHE).then(function (c) {
    return c.keys().then(function (requests) {
      return Promise.all(requests.filter(function (r) { return STATIC.indexOf(new URL(r.url).pathname) === -1; })
        .map(function (r) { return c.delete(r); }));
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(STATIC); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.startsWith("gonghui-member-") && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (event.data === "clear") { event.waitUntil(caches.delete(CACHE)); }
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (STATIC.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request, {ignoreSearch: true}).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode !== "navigate" || url.pathname.indexOf("/portal/verify/") === 0) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.redirected && new URL(response.url).pathname === LOGIN) {
      event.waitUntil(forget());
      return response;
    }
    if (response.type === "opaqueredirect") {
      event.waitUntil(caches.open(CACHE).then(function (c) { return c.delete(request); }));
      return response;
    }
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      caches.open(CACHE).then(function (c) { c.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) {
      return hit || new Response("<!doctype html><meta charset=utf-8><title>离线</title><p>网络未连接，此页尚未保存，请连网后再打开。</p>",
        {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
    });
  }));
});
