// Refuse an oversized file before it is sent (the server refuses it too, while it streams in).
document.getElementById("import-upload-form").addEventListener("submit", function (event) {
  const form = event.currentTarget;
  const input = form.querySelector("input[type=file]");
  const limit = parseInt(form.dataset.maxBytes, 10);
  const tooBig = input && input.files.length && input.files[0].size > limit;
  document.getElementById("client-size-error").classList.toggle("d-none", !tooBig);
  if (tooBig) { event.preventDefault(); event.stopImmediatePropagation(); }
}, true);
