/* An open conversation closes after some idle minutes (the server decides). With
   JavaScript: two minutes before, a warning with the "Keep it open" button; at the end,
   the messages leave the screen, so a phone left lying around does not show them. A
   reply being typed is sent to the server, which keeps it for after the six words. */
(function () {
  "use strict";
  var idle = document.querySelector("[data-closes-at]");
  if (!idle) { return; }
  var skew = Date.now() - Date.parse(idle.getAttribute("data-now"));
  var closesAt = Date.parse(idle.getAttribute("data-closes-at")) + skew;
  var warning = document.querySelector("[data-idle-warning]");
  var keep = document.querySelector("[data-keep-open]");
  var WARN_MS = 2 * 60 * 1000;

  function check() {
    var left = closesAt - Date.now();
    if (left <= 0) {
      var reply = document.querySelector("form[data-reply] textarea");
      if (reply && reply.value.trim()) {
        reply.form.submit();
      } else {
        window.location.replace(idle.getAttribute("data-closed-url"));
      }
      return;
    }
    if (left <= WARN_MS && warning && warning.hidden) {
      warning.hidden = false;
      if (keep) { keep.focus(); }
    }
    window.setTimeout(check, Math.min(Math.max(left - WARN_MS, 1000), 5000));
  }
  check();
})();
