/* A case form keeps what is typed on the server a moment after each change, so a login
   that ends, a closed tab or a crash loses nothing. Without JavaScript the text is kept when
   send is pressed (also after the login ended). The status line says when it was kept. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-url]");
  if (!form) { return; }
  var status = document.querySelector("[data-draft-status]");
  var token = form.querySelector("input[name=csrf_token]");
  var timer = null;
  var last = "";

  // The written fields (the server keeps only those its form names; no choices, no token).
  function fields() {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll("textarea[name], input[type=text][name]"), function (box) {
      out[box.name] = box.value;
    });
    return out;
  }

  function keep() {
    var body = JSON.stringify(fields());
    if (body === last) { return; }
    fetch(form.getAttribute("data-draft-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": token ? token.value : ""
      },
      body: body
    }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error("not kept"); }
      return response.json();
    }).then(function (data) {
      last = body;
      if (status && data.kept_at) {
        var at = new Date(data.kept_at);
        status.textContent = status.getAttribute("data-kept") + " " +
          at.toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
      }
    }).catch(function () {
      if (status) { status.textContent = status.getAttribute("data-not-kept"); }
    });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(keep, 1500);
  });
})();
