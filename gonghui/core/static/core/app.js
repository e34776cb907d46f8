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
  if (event.target.matches("input[name=select-all]")) {
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
