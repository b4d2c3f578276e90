// Lex Heller: a category's notice on the report form is shown as soon as the category is chosen. Without this
// file the notice is shown after the form is sent (and a category that stops the report says so next to the field).
(function () {
  "use strict";

  function update(form) {
    var radios = form.querySelectorAll("input[type=radio][name='Input.SuggestedCategory']");
    radios.forEach(function (radio) {
      var id = radio.getAttribute("data-category-notice");
      var notice = id && document.getElementById(id);
      if (notice) notice.hidden = !radio.checked;
    });
  }

  document.querySelectorAll("input[type=radio][name='Input.SuggestedCategory']").forEach(function (radio) {
    radio.addEventListener("change", function () { update(radio.form); });
  });
})();
