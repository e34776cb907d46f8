// 厂务公开 (member list): choosing a category shows it at once (the form still works without scripts).
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
