/* The event form: show only the fields the chosen event uses; the server checks them anyway. */
(function () {
  var uses = { amount: ["payment", "reduce"], condition: ["classify"], ground: ["postpone"], to_agency: ["entrust_out"] };
  var kind = document.getElementById("id_kind");
  if (!kind) return;
  function show() {
    Object.keys(uses).forEach(function (name) {
      var box = document.querySelector('[data-field="' + name + '"]');
      if (!box) return;
      var invalid = box.querySelector(".invalid");
      box.hidden = uses[name].indexOf(kind.value) < 0 && !invalid;
    });
  }
  kind.addEventListener("change", show);
  show();
})();
