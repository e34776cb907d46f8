// 慰问登记: the proposed amount and the family list follow the chosen person and reason (care:condolence_propose).
(function () {
  const form = document.getElementById("action-form");
  const amount = form.querySelector("[name=amount]");
  const family = form.querySelector("[name=family_member]");
  let lastProposed = null, lastPerson = form.querySelector("input[name=person]:checked")?.value || "";
  amount.addEventListener("input", function () { amount.dataset.touched = "1"; });
  // Any change but the amount, its reason and the search box asks for the standard again (#propose-target listens).
  form.addEventListener("change", function (event) {
    if (!["amount", "over_cap_reason", "q"].includes(event.target.name)) { form.dispatchEvent(new CustomEvent("propose")); }
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "propose-target") { return; }
    const box = document.getElementById("propose-box");
    if (!box) { return; }
    const standard = box.dataset.standard;
    if (standard && (!amount.dataset.touched || amount.value === "" || amount.value === lastProposed)) {
      amount.value = standard; lastProposed = standard; delete amount.dataset.touched;
    }
    const person = document.getElementById("propose-person").dataset.person;
    if (person !== lastPerson) {
      lastPerson = person;
      family.innerHTML = document.getElementById("propose-family").innerHTML;
    }
    const cap = box.dataset.cap;
    const reason = form.querySelector("[name=over_cap_reason]");
    if (cap && amount.value && parseFloat(amount.value) > parseFloat(cap)) { reason.classList.add("border-warning"); }
    else { reason.classList.remove("border-warning"); }
  });
  function toggleGift() {
    const goods = form.querySelector("[name=form]").value === "goods";
    form.querySelector("[name=gift]").closest("[class^=col]").style.display = goods ? "" : "none";
  }
  form.querySelector("[name=form]").addEventListener("change", toggleGift);
  toggleGift();
})();
