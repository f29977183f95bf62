// The timeout warning (issue 18, item 4), after the GOV.UK timeout-warning pattern: a modal
// dialog opens STAFF_IDLE_WARNING_SECONDS before the idle sign-out, takes focus, says how long is
// left, and offers "Stay signed in" (a POST without reloading the page) or "Sign out".
// Progressive enhancement only: without this file nothing is lost, because a note sent after
// the sign-out is kept on the server and put back after signing in again.
(function () {
  "use strict";
  var overlay = document.getElementById("timeout-warning");
  if (!overlay || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var dialog = overlay.querySelector("[role=dialog]");
  var stay = overlay.querySelector("form[data-stay]");
  var countdown = overlay.querySelector("[data-countdown]");
  var spoken = overlay.querySelector("[data-countdown-spoken]");
  var live = overlay.querySelector("[data-live]");
  var idle = Number(overlay.getAttribute("data-idle-seconds"));
  var lead = Math.min(Number(overlay.getAttribute("data-warning-seconds")), idle);
  // Announced again this often while the dialog is open (GOV.UK: every 20 seconds, not every
  // second, so a screen reader is not talked over).
  var SPEAK_EVERY = 20;
  var deadline = 0;
  var warnTimer = null;
  var tick = null;
  var lastSpoken = 0;
  var returnFocus = null;
  var busy = false;

  // A direct child of <body>, so everything else can be made inert while it is open.
  document.body.appendChild(overlay);

  function words(seconds) {
    if (seconds > 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + " minutes";
    }
    if (seconds === 60) return "1 minute";
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function pageInert(inert) {
    Array.prototype.forEach.call(document.body.children, function (element) {
      if (element !== overlay && element.tagName !== "SCRIPT") element.inert = inert;
    });
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  }

  function start() {
    // The server moved its idle deadline on when it served this page (or the "stay" POST).
    deadline = Date.now() + idle * 1000;
    window.clearTimeout(warnTimer);
    warnTimer = window.setTimeout(open, Math.max(0, (idle - lead) * 1000));
  }

  function update() {
    var left = secondsLeft();
    if (left <= 0) {
      expire();
      return;
    }
    var text = words(left);
    countdown.textContent = text;
    spoken.textContent = text;
    if (lastSpoken - left >= SPEAK_EVERY) {
      live.textContent = "You will be signed out in " + text + ".";
      lastSpoken = left;
    }
  }

  function open() {
    if (!overlay.hidden) return;
    returnFocus = document.activeElement;
    overlay.hidden = false;
    pageInert(true);
    lastSpoken = secondsLeft(); // the dialog's own label and description say it first
    update();
    dialog.focus(); // read out: "You are about to be signed out", then the description
    tick = window.setInterval(update, 1000);
  }

  function close() {
    window.clearInterval(tick);
    overlay.hidden = true;
    pageInert(false);
    live.textContent = "";
    if (returnFocus && returnFocus.focus) returnFocus.focus();
  }

  function expire() {
    window.clearInterval(tick);
    window.clearTimeout(warnTimer);
    // A note being written is kept on the server, never added unasked.
    var noteForm = document.querySelector("form[data-keep-note]");
    var box = noteForm && noteForm.querySelector("textarea");
    if (box && box.value.trim()) {
      noteForm.setAttribute("action", noteForm.getAttribute("data-keep-note"));
      noteForm.submit();
      return;
    }
    window.location.assign(overlay.getAttribute("data-expired-url"));
  }

  function staySignedIn() {
    if (busy) return;
    busy = true;
    window
      .fetch(stay.getAttribute("action"), {
        method: "POST",
        // Form-encoded, as a form would send it: the app refuses multipart bodies outright.
        body: new URLSearchParams(new FormData(stay)),
        credentials: "same-origin",
        redirect: "follow",
      })
      .then(
        function (response) {
          busy = false;
          if (response.status === 204) {
            close();
            start();
          } else {
            expire(); // the session had already ended
          }
        },
        function () {
          busy = false;
          live.textContent = "Could not reach the server. Check the connection and try again.";
        }
      );
  }

  stay.addEventListener("submit", function (event) {
    event.preventDefault();
    staySignedIn();
  });

  overlay.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      // GOV.UK: closing the dialog means staying signed in.
      event.preventDefault();
      staySignedIn();
      return;
    }
    if (event.key !== "Tab") return;
    var buttons = dialog.querySelectorAll("button");
    var first = buttons[0];
    var last = buttons[buttons.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  start();
})();
