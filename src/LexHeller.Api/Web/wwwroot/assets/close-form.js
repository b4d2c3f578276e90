// Lex Heller: the close form shows only the fields of the chosen resolution (and the new follow-up's fields only
// when one is to be started). Without this file every field is shown, its label saying when it applies, and the
// server takes only the chosen resolution's fields.
(function () {
  "use strict";

  function update(form) {
    var chosen = form.querySelector("input[type=radio][name='Close.Resolution']:checked");
    var resolution = chosen ? chosen.value : null;
    form.querySelectorAll("[data-resolution]").forEach(function (part) {
      part.hidden = resolution === null || part.getAttribute("data-resolution").split(" ").indexOf(resolution) < 0;
    });
    var choice = form.querySelector("[data-follow-up-choice]");
    var newFollowUp = form.querySelector("[data-new-follow-up]");
    if (choice && newFollowUp && !newFollowUp.hidden) newFollowUp.hidden = choice.value !== choice.getAttribute("data-follow-up-choice");
  }

  document.querySelectorAll("form[data-close-form]").forEach(function (form) {
    form.querySelectorAll("input[type=radio][name='Close.Resolution'], [data-follow-up-choice]").forEach(function (input) {
      input.addEventListener("change", function () { update(form); });
    });
    update(form);
  });
})();
