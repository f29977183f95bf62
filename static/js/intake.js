// Progressive enhancement only: every intake page works without this file.
(function () {
  "use strict";
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
