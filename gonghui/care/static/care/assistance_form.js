// 救助申请: fields follow the kind of aid and the form of payment; the family list follows the chosen person and the kind.
(function (script) {
  const form = document.getElementById("action-form");
  const kind = form.querySelector("[name=kind]");
  const payForm = form.querySelector("[name=form]");
  const family = form.querySelector("[name=family_member]");
  function wrap(el) { return el.closest("[class^=col]"); }
  function toggle() {
    form.querySelectorAll("[data-kind]").forEach(function (el) {
      wrap(el).style.display = el.dataset.kind.split(" ").includes(kind.value) ? "" : "none";
    });
    form.querySelectorAll("[data-form]").forEach(function (el) {
      wrap(el).style.display = payForm.value === el.dataset.form ? "" : "none";
    });
  }
  kind.addEventListener("change", toggle);
  payForm.addEventListener("change", toggle);
  toggle();
  // The family list follows the chosen person and the kind (受助子女: children only). An event of our own: an
  // hx-trigger filter would need eval, which the Content-Security-Policy forbids.
  form.addEventListener("change", function (event) {
    if (event.target.name === "person" || event.target.name === "kind") {
      form.dispatchEvent(new CustomEvent("person-chosen"));
    }
  });
  family.setAttribute("hx-get", script.dataset.familyUrl);
  family.setAttribute("hx-trigger", "person-chosen from:#action-form");
  family.setAttribute("hx-include", "#action-form [name=person]:checked, #action-form [name=kind], #action-form [name=family_member]");
  htmx.process(family);
})(document.currentScript);
