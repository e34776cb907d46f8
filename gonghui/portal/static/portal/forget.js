// The login page: whoever is signing in (again), the member site's saved pages of the last person go. A session that
// ended (expired, signed out elsewhere, password reset) lands here, so a shared phone shows nobody's data offline.
// The worker keeps its copy of the styles and icons (they are the same for everyone).
(function () {
  if (!("caches" in window)) { return; }
  caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("gonghui-member-") === 0; }).map(function (k) {
      return caches.open(k).then(function (c) {
        return c.keys().then(function (requests) {
          return Promise.all(requests.filter(function (r) {
            const path = new URL(r.url).pathname;
            return path.indexOf("/static/") !== 0;
          }).map(function (r) { return c.delete(r); }));
        });
      });
    }));
  }).then(function () { document.documentElement.dataset.memberCache = "cleared"; }).catch(function () {});
})();
