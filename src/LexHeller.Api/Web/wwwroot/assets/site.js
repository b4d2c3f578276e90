// Lex Heller: small progressive enhancement. Every page works without this file; the server checks everything again.
(function () {
  "use strict";

  // The same rule as LexHeller.Domain.Privacy.PersonalNumberGuard (a test runs both over the shared samples).
  // The text is normalised first: NFKC, every script's digits as 0-9, invisible (Cf) and combining (Mn, Me)
  // characters removed, every run of dashes, the minus sign, spaces, tabs, line breaks, dots, slashes and "+"
  // as one separator (" " when the run holds a space, tab or line break, otherwise "-"). Digit groups joined by
  // single separators form a chain; a candidate is a window of whole groups with 10 or 12 digits, split only
  // after the century, year, month or day (a date with "-" in it, then " " and four digits, is a date and a number),
  // and not continued by the chain with "-". It counts when its date is real (coordination numbers: day + 60;
  // twelve digits: born 1800-2099) and its last digit is the Luhn check.
  var invisible = /[\p{Cf}\p{Mn}\p{Me}]/u;
  var whitespace = /[\t\n\v\f\r\u0085\p{Zs}\p{Zl}\p{Zp}]/u;
  var separator = /[\t\n\v\f\r\u0085\p{Zs}\p{Zl}\p{Zp}\p{Pd}\u2212.\/+\u2044\u2215]/u;
  var decimalDigit = /\p{Nd}/u;

  // A decimal digit's value: Unicode encodes every script's digits 0-9 in runs of ten.
  function digitValue(ch) {
    var code = ch.codePointAt(0);
    if (code >= 48 && code <= 57) return code - 48;
    var start = code;
    while (decimalDigit.test(String.fromCodePoint(start - 1))) start--;
    return (code - start) % 10;
  }

  function normalize(text) {
    var out = [];
    function add(ch) {
      if (invisible.test(ch)) return;
      if (decimalDigit.test(ch)) {
        out.push(String(digitValue(ch)));
      } else if (separator.test(ch)) {
        var kind = whitespace.test(ch) ? " " : "-";
        var last = out[out.length - 1];
        if (last === " " || last === "-") {
          if (kind === " ") out[out.length - 1] = " ";
        } else {
          out.push(kind);
        }
      } else {
        out.push(ch);
      }
    }
    for (var ch of String(text || "")) {
      if (ch.charCodeAt(0) < 128 || invisible.test(ch)) add(ch);
      else for (var part of ch.normalize("NFKC")) add(part);
    }
    return out.join("");
  }

  function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function isValidDate(century, yymmdd) {
    var yy = parseInt(yymmdd.substring(0, 2), 10);
    var month = parseInt(yymmdd.substring(2, 4), 10);
    var day = parseInt(yymmdd.substring(4, 6), 10);
    if (day > 60) day -= 60;
    if (month < 1 || month > 12 || day < 1) return false;
    var years = century !== null ? [century * 100 + yy] : [1900 + yy, 2000 + yy];
    return years.some(function (year) { return day <= daysInMonth(year, month); });
  }

  function hasValidCheckDigit(tenDigits) {
    var sum = 0;
    for (var i = 0; i < 9; i++) {
      var product = (tenDigits.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1);
      sum += product > 9 ? product - 9 : product;
    }
    return tenDigits.charCodeAt(9) - 48 === (10 - (sum % 10)) % 10;
  }

  function isPersonalNumber(digits) {
    var century = null;
    if (digits.length === 12) {
      century = parseInt(digits.substring(0, 2), 10);
      if (century < 18 || century > 20) return false;
      digits = digits.substring(2);
    }
    return isValidDate(century, digits.substring(0, 6)) && hasValidCheckDigit(digits);
  }

  // Separators only after the century, year, month or day; a date with "-" in it, a space and four digits is a date and a number.
  function splitWherePersonalNumbersSplit(splits, length) {
    var dateJoined = false;
    for (var i = 0; i < splits.length; i++) {
      var split = splits[i];
      if (split.at % 2 !== 0 || split.at > length - 4) return false;
      if (split.at < length - 4) dateJoined = dateJoined || split.separator === "-";
      else if (dateJoined && split.separator === " ") return false;
    }
    return true;
  }

  function containsPersonalNumber(text) {
    var normalized = normalize(text);
    var groups = [];
    var pattern = /[0-9]+/g;
    var match;
    while ((match = pattern.exec(normalized)) !== null) groups.push({ start: match.index, digits: match[0] });
    function joined(index) {
      if (index + 1 >= groups.length) return false;
      var end = groups[index].start + groups[index].digits.length;
      var between = normalized.charAt(end);
      return groups[index + 1].start === end + 1 && (between === " " || between === "-");
    }
    for (var first = 0; first < groups.length; first++) {
      var digits = "";
      var splits = [];
      for (var last = first; last < groups.length && (last === first || joined(last - 1)); last++) {
        if (last > first) splits.push({ at: digits.length, separator: normalized.charAt(groups[last].start - 1) });
        digits += groups[last].digits;
        if (digits.length > 12) break;
        if (digits.length !== 10 && digits.length !== 12) continue;
        var continues = joined(last) && normalized.charAt(groups[last].start + groups[last].digits.length) === "-";
        if (!continues && splitWherePersonalNumbersSplit(splits, digits.length) && isPersonalNumber(digits)) return true;
      }
    }
    return false;
  }

  // normalizePersonalNumberText: for the browser test that compares the normalisation with the server's.
  window.lexHeller = { containsPersonalNumber: containsPersonalNumber, normalizePersonalNumberText: normalize };

  var message = "Texten innehåller ett nummer som ser ut som ett personnummer eller samordningsnummer (ett giltigt datum och en giltig kontrollsiffra). Sådan text tas inte emot, inte ens när numret är något annat. Ta bort numret: en avvikelse får inte kunna peka ut en person.";

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
