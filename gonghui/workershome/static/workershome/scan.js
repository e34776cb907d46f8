/* ISBN / copy barcode scanning in the browser (职工书屋).
   Beside every input with [data-isbn-scan], a camera button opens #scan-modal and reads EAN-13 (the ISBN bar code on
   a book's back), Code 128 and QR (the labels) with the BarcodeDetector API. Browsers without it (Firefox, older
   Safari) get no button: typing the number, or a USB/Bluetooth scanner that types it, always works. */
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  const modalEl = document.getElementById("scan-modal");
  if (!modalEl || !window.bootstrap) return;
  const video = document.getElementById("scan-video");
  const status = document.getElementById("scan-status");
  const modal = bootstrap.Modal.getOrCreateInstance(modalEl);
  let stream = null, target = null, timer = null, detector = null;

  function stop() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
  }

  async function tick() {
    if (!stream) return;
    try {
      const codes = await detector.detect(video);
      if (codes.length) {
        target.value = codes[0].rawValue;
        target.dispatchEvent(new Event("input", { bubbles: true }));
        modal.hide();
        const form = target.form;
        const next = form && Array.from(form.elements).find(function (el) {
          return el !== target && el.tagName === "INPUT" && el.type === "text" && !el.value;
        });
        (next || target).focus();
        return;
      }
    } catch (e) { /* a frame not ready yet */ }
    timer = setTimeout(tick, 250);
  }

  async function start(input) {
    target = input;
    try {
      detector = detector || new BarcodeDetector({ formats: ["ean_13", "ean_8", "code_128", "qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (e) {
      status.textContent = "无法打开摄像头，请手工输入编号。";
      return;
    }
    video.srcObject = stream;
    await video.play();
    status.textContent = "将书背的ISBN条码或标签二维码对准摄像头。";
    tick();
  }

  modalEl.addEventListener("hidden.bs.modal", stop);
  document.querySelectorAll("input[data-isbn-scan]").forEach(function (input) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary btn-sm mt-1 scan-button";
    button.innerHTML = '<i class="bi bi-camera"></i> 扫描';
    button.addEventListener("click", function () { modal.show(); start(input); });
    input.insertAdjacentElement("afterend", button);
  });
})();
