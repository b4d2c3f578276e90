// Lex Heller: small progressive enhancement. Every page works without this file; the server checks everything again.
(function () {
  "use strict";

  // The same rule as LexHeller.Domain.Privacy.PersonalNumberGuard (a test runs both over the shared samples):
  // 10 or 12 digits not inside a longer digit run, optionally one separator (-, + or space) before the last
  // four; the date part is a real date (coordination numbers: day + 60) and the last digit is the Luhn check.
  var candidate = /(?<![0-9])([0-9]{2})?([0-9]{6})([-+ ]?)([0-9]{3})([0-9])(?![0-9])/g;

  function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function isValidDate(century, yymmdd, separator) {
    var yy = parseInt(yymmdd.substring(0, 2), 10);
    var month = parseInt(yymmdd.substring(2, 4), 10);
    var day = parseInt(yymmdd.substring(4, 6), 10);
    if (day > 60) day -= 60;
    if (month < 1 || month > 12 || day < 1) return false;
    var years = century !== undefined ? [parseInt(century, 10) * 100 + yy]
      : separator === "+" ? [1800 + yy, 1900 + yy] : [1900 + yy, 2000 + yy];
    return years.some(function (year) { return year >= 1 && day <= daysInMonth(year, month); });
  }

  function hasValidCheckDigit(tenDigits) {
    var sum = 0;
    for (var i = 0; i < 9; i++) {
      var product = (tenDigits.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1);
      sum += product > 9 ? product - 9 : product;
    }
    return tenDigits.charCodeAt(9) - 48 === (10 - (sum % 10)) % 10;
  }

  // Digits typed with other keyboards, as the server reads them (it reads every script's digits;
  // here the common ones): full-width, Arabic-Indic and Eastern Arabic-Indic.
  var digitZeros = [0xFF10, 0x0660, 0x06F0];

  function asciiDigits(text) {
    return text.replace(/[\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]/g, function (ch) {
      var code = ch.charCodeAt(0);
      for (var i = 0; i < digitZeros.length; i++) {
        if (code >= digitZeros[i] && code <= digitZeros[i] + 9) return String(code - digitZeros[i]);
      }
      return ch;
    });
  }

  function containsPersonalNumber(text) {
    if (!text) return false;
    text = asciiDigits(text);
    candidate.lastIndex = 0;
    var match;
    while ((match = candidate.exec(text)) !== null) {
      if (isValidDate(match[1], match[2], match[3]) && hasValidCheckDigit(match[2] + match[4] + match[5])) return true;
    }
    return false;
  }

  window.lexHeller = { containsPersonalNumber: containsPersonalNumber };

  var message = "Texten ser ut att innehålla ett personnummer eller samordningsnummer. Ta bort det: en avvikelse får inte kunna peka ut en person.";

  function clearClientErrors(form) {
    form.querySelectorAll("[data-client-error]").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[data-client-invalid]").forEach(function (field) {
      field.removeAttribute("data-client-invalid");
      field.removeAttribute("aria-invalid");
      field.classList.remove("invalid");
      var describedBy = (field.getAttribute("aria-describedby") || "").split(" ")
        .filter(function (id) { return id && id !== field.id + "-pn-error"; }).join(" ");
      if (describedBy) field.setAttribute("aria-describedby", describedBy); else field.removeAttribute("aria-describedby");
    });
  }

  function labelOf(field) {
    var label = document.querySelector("label[for='" + field.id + "']");
    return label ? label.textContent.trim() : field.name;
  }

  function showErrors(form, fields) {
    var summary = document.createElement("div");
    summary.className = "error-summary";
    summary.setAttribute("role", "alert");
    summary.setAttribute("tabindex", "-1");
    summary.setAttribute("aria-labelledby", "client-error-summary-title");
    summary.setAttribute("data-client-error", "");
    var heading = document.createElement("h2");
    heading.id = "client-error-summary-title";
    heading.textContent = "Det finns fel att rätta";
    summary.appendChild(heading);
    var list = document.createElement("ul");
    fields.forEach(function (field) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + field.id;
      link.textContent = labelOf(field) + ": " + message;
      item.appendChild(link);
      list.appendChild(item);

      var error = document.createElement("p");
      error.className = "field-error";
      error.id = field.id + "-pn-error";
      error.setAttribute("data-client-error", "");
      error.innerHTML = "<span class=\"visually-hidden\">Fel: </span>";
      error.appendChild(document.createTextNode(message));
      field.parentNode.insertBefore(error, field);
      field.setAttribute("data-client-invalid", "");
      field.setAttribute("aria-invalid", "true");
      field.classList.add("invalid");
      var describedBy = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      describedBy.push(error.id);
      field.setAttribute("aria-describedby", describedBy.join(" "));
    });
    summary.appendChild(list);
    form.parentNode.insertBefore(summary, form);
    summary.focus();
  }

  // A link in an error summary puts the cursor in its field, not just the field in view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").substring(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();

    document.querySelectorAll("form[data-personal-number-check]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        clearClientErrors(form.parentNode);
        var fields = Array.prototype.filter.call(form.querySelectorAll("[data-free-text]"), function (field) {
          return containsPersonalNumber(field.value);
        });
        if (fields.length > 0) {
          event.preventDefault();
          var serverSummary = document.querySelector("[data-error-summary]");
          if (serverSummary) serverSummary.remove();
          showErrors(form, fields);
        }
      });
    });
  });
})();
