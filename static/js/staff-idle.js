/* Staff idle warning: 2 minutes before the session ends for inactivity, ask whether to stay.
   Asking the server for the time left does not count as activity; staying does. */
(function () {
  "use strict";
  var script = document.currentScript;
  var statusUrl = script.getAttribute("data-status-url");
  var WARN = 120;
  var timer = null;

  function schedule(secondsLeft) {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, secondsLeft - WARN) * 1000);
  }

  function check() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { seconds_left: 0 }; })
      .then(function (data) {
        if (data.seconds_left > WARN + 5) { schedule(data.seconds_left); return; }
        var dialog = document.getElementById("idle-dialog");
        if (dialog && !dialog.open) { dialog.showModal(); }
      })
      .catch(function () { schedule(WARN + 60); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.getElementById("idle-dialog");
    if (!dialog) { return; }
    var form = dialog.querySelector("form");
    form.addEventListener("submit", function (event) {
      // Stay on the page (keeping anything typed): extend in the background.
      event.preventDefault();
      fetch(form.action, {
        method: "POST", credentials: "same-origin", body: new FormData(form),
        headers: { Accept: "application/json" }
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        dialog.close();
        if (data) { schedule(data.seconds_left); }
      });
    });
    schedule(parseInt(script.getAttribute("data-seconds-left"), 10) || 0);
  });
}());
