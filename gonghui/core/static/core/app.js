// A submit button marked data-once cannot send the same form twice (double clicks). Forms sent by htmx are
// guarded by htmx itself (a request in flight is not repeated) and must stay usable after a validation error.
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (form.matches("[hx-post],[hx-get],[hx-put]") || form.closest("[hx-boost]")) { return; }
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  form.querySelectorAll("button[data-once]").forEach(function (b) { b.disabled = true; b.textContent = "提交中…"; });
});
// Select-all checkbox for bulk actions.
document.addEventListener("change", function (event) {
  if (event.target.matches("input[name=select-all]:not([data-check-all])")) {
    document.querySelectorAll("input[name=pk]").forEach(function (c) { c.checked = event.target.checked; });
  }
});
// A page restored from the back/forward cache gets its buttons back.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-submitted]").forEach(function (f) { delete f.dataset.submitted; });
  document.querySelectorAll("button[data-once]").forEach(function (b) { b.disabled = false; });
});
// htmx 2 swaps nothing on 4xx by default; our forms answer 422 with the form and its Chinese errors.
if (window.htmx) {
  htmx.config.responseHandling = [
    {code: "204", swap: false},
    {code: "[23]..", swap: true},
    {code: "422", swap: true},
    {code: "[45]..", swap: false, error: true},
  ];
}

// Behaviours declared in markup. The Content-Security-Policy runs scripts from files only (no onclick="", no
// <script> in a page, no hx-on or hx-trigger filters, which htmx would evaluate), so pages say what they want with
// data- attributes and this file does it:
//   form[data-confirm] / button[data-confirm]  ask before sending (the button: only when it is the one clicked)
//   button[data-set-field][data-set-value]     put a value in a field of the form (by id) before the form is sent
//   select[data-autosubmit]                    send its form when changed
//   input[data-enter-stays]                    Enter does not send the form (search boxes inside a bigger form)
//   input[data-check-all="selector"]           a select-all checkbox for the boxes the selector finds
//   [data-print], [data-close], a[data-back]   print the page, close the window, go back (the href if no history)
//   [data-pick-value][data-pick-target]        a candidate list: put the value in the target field, clear the list
//   input[data-auto-pick]                      a radio that arrives chosen tells its form (change event)
//   [data-progress]                            a progress bar's width (percent) set through the CSSOM
document.addEventListener("submit", function (event) {
  const form = event.target, button = event.submitter;
  const question = (button && button.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) { event.preventDefault(); event.stopImmediatePropagation(); }
}, true);
document.addEventListener("click", function (event) {
  const el = event.target.closest("[data-set-field],[data-print],[data-close],a[data-back],[data-pick-value]");
  if (!el) { return; }
  if (el.dataset.setField) { document.getElementById(el.dataset.setField).value = el.dataset.setValue; }
  if (el.hasAttribute("data-print")) { window.print(); }
  if (el.hasAttribute("data-close")) {  // a window the browser will not let a script close goes to the link instead
    event.preventDefault(); window.close(); setTimeout(function () { window.location.href = el.href; }, 300);
  }
  if (el.hasAttribute("data-back") && window.history.length > 1) { event.preventDefault(); window.history.back(); }
  if (el.dataset.pickValue !== undefined) {
    document.querySelector(el.dataset.pickTarget).value = el.dataset.pickValue;
    el.closest("[data-pick-list]").innerHTML = "";
  }
});
document.addEventListener("change", function (event) {
  const el = event.target;
  if (el.matches("select[data-autosubmit]")) { el.form.submit(); }
  if (el.matches("input[data-check-all]")) {
    document.querySelectorAll(el.dataset.checkAll).forEach(function (c) { c.checked = el.checked; });
  }
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.matches("input[data-enter-stays]")) { event.preventDefault(); }
});
function gonghuiEnhance(root) {
  root.querySelectorAll("[data-progress]").forEach(function (bar) {
    bar.style.width = Math.max(0, Math.min(100, parseFloat(bar.dataset.progress) || 0)) + "%";
  });
  const picks = Array.from(root.querySelectorAll("input[data-auto-pick]"));
  if (root.matches && root.matches("input[data-auto-pick]")) { picks.push(root); }
  picks.forEach(function (radio) {
    radio.removeAttribute("data-auto-pick");
    radio.checked = true;
    radio.dispatchEvent(new Event("change", {bubbles: true}));
  });
}
if (window.htmx) { htmx.onLoad(gonghuiEnhance); } else { document.addEventListener("DOMContentLoaded", function () { gonghuiEnhance(document); }); }
// The action modal (membership and transfer forms) is emptied when it closes, so that the next one starts clean.
document.addEventListener("hidden.bs.modal", function (event) {
  const content = event.target.matches("#action-modal") && event.target.querySelector(".modal-content");
  if (content) {
    content.innerHTML = "";
    const body = document.createElement("div");
    body.className = "modal-body text-center text-muted py-5";
    body.textContent = "正在加载…";
    content.appendChild(body);
  }
});
