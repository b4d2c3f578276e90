// Lex Heller: a response template chosen in a picker fills its form's field at once. Without this file the picker's
// button reloads the page with ?mall=… and the page fills the field.
(function () {
  "use strict";

  document.querySelectorAll("select[data-template-target]").forEach(function (select) {
    if (select.dataset.templateReady) return;
    select.dataset.templateReady = "true";
    var button = select.form && select.form.querySelector("[data-template-apply]");
    if (button) button.remove();
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var field = document.getElementById(select.getAttribute("data-template-target"));
      if (!field || !option || !option.value) return;
      field.value = option.getAttribute("data-template-body") || "";
    });
  });
})();
