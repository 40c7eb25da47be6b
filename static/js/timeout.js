/* The visit keeps a journey's answers for a while after the last page (the server decides).
   With JavaScript: two minutes before the end, a warning offers more time ("Keep my
   answers" asks the server to extend the visit); at the end, the page says the answers were
   deleted and leaves what is typed on it alone. Without JavaScript nothing changes. */
(function () {
  "use strict";
  var box = document.querySelector("[data-visit-ends-at]");
  if (!box) { return; }
  var skew = Date.now() - Date.parse(box.getAttribute("data-now"));
  var endsAt = Date.parse(box.getAttribute("data-visit-ends-at")) + skew;
  var warning = box.querySelector("[data-visit-warning]");
  var ended = box.querySelector("[data-visit-ended]");
  var keep = box.querySelector("[data-visit-keep]");
  var tokenField = document.querySelector("input[name=csrf_token]");
  var WARN_MS = 2 * 60 * 1000;
  var timer = null;

  function check() {
    var left = endsAt - Date.now();
    if (left <= 0) {
      warning.hidden = true;
      ended.hidden = false;
      return;
    }
    if (left <= WARN_MS && warning.hidden) {
      warning.hidden = false;
      keep.focus();
    }
    timer = window.setTimeout(check, Math.min(Math.max(left - WARN_MS, 1000), 5000));
  }

  keep.addEventListener("click", function () {
    keep.disabled = true;
    fetch(box.getAttribute("data-extend-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": tokenField ? tokenField.value : "" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok || !data.ends_at) { throw new Error("not extended"); }
        return data;
      });
    }).then(function (data) {
      skew = Date.now() - Date.parse(data.now);
      endsAt = Date.parse(data.ends_at) + skew;
      warning.hidden = true;
      keep.disabled = false;
      window.clearTimeout(timer);
      check();
    }).catch(function () {
      warning.hidden = true;
      ended.hidden = false;
    });
  });
  check();
})();
