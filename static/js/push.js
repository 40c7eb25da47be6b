/* "Tell me when I get an answer": web push, progressive enhancement. Without JavaScript,
   or in a browser without push, the section stays hidden and the page's own words say
   when to come back. On iPhone and iPad outside the Home Screen a how-to is shown.
   The phone keeps {id, token, exit} in localStorage: the token turns the subscription
   off again, also from quick exit when the child ticked that. Staff use the same script
   for safety alerts on their account page (its own storage key, no quick exit). */
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box) { return; }
  var KEY = box.getAttribute("data-storage-key") || "indgang-push";
  var ios = /iPad|iPhone|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  var standalone = navigator.standalone === true ||
    (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches);
  var supported = window.isSecureContext && "serviceWorker" in navigator &&
    "PushManager" in window && "Notification" in window;

  if (ios && !standalone) {
    var howTo = document.querySelector("[data-push-ios]");
    if (howTo) { howTo.hidden = false; }
    return;
  }
  if (!supported) { return; }

  var tokenField = document.querySelector("input[name=csrf_token]");
  var csrf = tokenField ? tokenField.value : "";
  var whenOff = box.querySelector("[data-push-when-off]");
  var whenOn = box.querySelector("[data-push-when-on]");
  var problem = box.querySelector("[data-push-problem]");
  var onButton = box.querySelector("[data-push-on]");
  var offButton = box.querySelector("[data-push-off]");
  var exitBox = box.querySelector("[data-push-exit]");

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)); } catch (e) { return null; }
  }
  function save(value) {
    try {
      if (value) { window.localStorage.setItem(KEY, JSON.stringify(value)); }
      else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* private mode: the server side still works */ }
  }
  function show(on) {
    whenOff.hidden = on;
    whenOn.hidden = !on;
    problem.hidden = true;
  }
  function fail(message) {
    problem.textContent = message;
    problem.hidden = false;
    onButton.disabled = false;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || box.getAttribute("data-failed")); }
        return data;
      });
    });
  }
  function serverKey() {
    var text = box.getAttribute("data-key").replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(text + "====".slice(text.length % 4 || 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }
  function subscription() {
    return navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    });
  }

  box.hidden = false;
  subscription().then(function (sub) { show(Boolean(sub && load())); }, function () { show(false); });

  onButton.addEventListener("click", function () {
    onButton.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error(box.getAttribute("data-denied")); }
      return navigator.serviceWorker.register("/sw.js", { scope: "/" });
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey() });
    }).then(function (sub) {
      return post(box.getAttribute("data-subscribe-url"), { subscription: sub.toJSON() });
    }).then(function (data) {
      save({ id: data.id, token: data.token, exit: Boolean(exitBox && exitBox.checked) });
      onButton.disabled = false;
      show(true);
      offButton.focus();
    }).catch(function (error) {
      var text = error && error.message;
      var ours = text === box.getAttribute("data-denied") || (error && error.name === "Error");
      fail(ours && text ? text : box.getAttribute("data-failed"));
    });
  });

  offButton.addEventListener("click", function () {
    var held = load() || {};
    post(box.getAttribute("data-off-url"), { id: held.id || "", token: held.token || "" })
      .catch(function () { /* the push service will answer 410 and the server forgets it */ })
      .then(subscription)
      .then(function (sub) { return sub ? sub.unsubscribe() : true; })
      .then(function () { save(null); show(false); onButton.focus(); });
  });
})();
