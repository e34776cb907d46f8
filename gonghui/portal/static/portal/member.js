// The member site: register the service worker (offline pages) and empty its cache on signing out.
(function () {
  if (!("serviceWorker" in navigator)) { return; }
  const sw = document.body.dataset.sw;
  if (sw) { navigator.serviceWorker.register(sw, {scope: document.body.dataset.swScope}).catch(function () {}); }
  document.addEventListener("submit", function (event) {
    if (event.target.matches("[data-logout]") && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("clear");
    }
  });
})();
