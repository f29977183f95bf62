// Progressive enhancement only: every intake page works without this file.
(function () {
  "use strict";

  // Choosing another language keeps what was typed on this page: the page's own form is sent
  // with the language (screening/intake/kept_typing.py) instead of the switcher's form, which
  // knows nothing of it. Without this file the switcher still works; the page comes back as
  // last saved.
  var page = document.querySelector("form[data-keep-typing]");
  if (page) {
    var buttons = document.querySelectorAll(".language-switcher button[name=language]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var choice = document.createElement("input");
        choice.type = "hidden";
        choice.name = "switch_language";
        choice.value = button.value;
        page.appendChild(choice);
        page.submit();
      });
    });
  }

  // After a failed step, move focus to the error summary so keyboard and screen-reader users
  // hear what needs fixing first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    return;
  }
  // After "Add another medicine", start typing in the new row.
  var newRow = document.querySelector("[data-focus-first-input]");
  if (newRow) {
    var input = newRow.querySelector("input[type=text]");
    if (input) input.focus();
  }
})();
