// A submit button marked data-once cannot send the same form twice (double clicks).
document.addEventListener("submit", function (event) {
  const form = event.target;
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
