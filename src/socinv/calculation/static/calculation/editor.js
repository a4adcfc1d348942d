// Shows only the inputs of the chosen uncertainty (fixed, normal, triangular, uniform) and
// of the chosen way to give an outcome's effect. Without JavaScript every input is shown
// and the form still works: the server reads only the chosen ones.
(function () {
  function syncParam(select) {
    var group = select.closest("fieldset.param");
    if (!group) return;
    group.querySelectorAll(".dist").forEach(function (el) {
      el.hidden = el.getAttribute("data-dist") !== select.value;
    });
  }
  function syncEffect(row) {
    var checked = row.querySelector(".effect-choice input:checked");
    var value = checked ? checked.value : "pair";
    row.querySelectorAll(":scope > .effect").forEach(function (el) {
      el.hidden = el.getAttribute("data-effect") !== value;
    });
  }
  function syncAll() {
    document.querySelectorAll("select.dist-select").forEach(syncParam);
    document.querySelectorAll(".effect-choice").forEach(function (c) { syncEffect(c.parentElement); });
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches("select.dist-select")) syncParam(e.target);
    if (e.target.closest(".effect-choice")) syncEffect(e.target.closest(".effect-choice").parentElement);
  });
  document.addEventListener("DOMContentLoaded", syncAll);
})();
