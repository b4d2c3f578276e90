// The import page (/admin/{code}/import): while the form posts, say that the import is running and keep the
// button from being pressed twice. Without script the form posts all the same.
(function () {
    "use strict";
    var form = document.getElementById("import-form");
    if (!form) return;
    form.addEventListener("submit", function () {
        var busy = document.getElementById(form.getAttribute("data-busy"));
        if (busy) busy.hidden = false;
        var button = form.querySelector("button[type=submit]");
        if (button) {
            // Disabled only after the submission has started, so the browser still sends the form.
            window.setTimeout(function () { button.disabled = true; }, 0);
        }
    });
})();
