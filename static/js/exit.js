/* Quick exit, progressive enhancement. Without JavaScript the button is a plain link
   to /exit, which forgets the visitor and sends them to a neutral site.
   With it: Esc twice or Shift three times also leave; the page blanks at once; the
   history entry is replaced, and if Back ever brings a portal page again after an
   exit, it leaves at once. */
(function () {
  "use strict";
  var script = document.currentScript;
  var exitUrl = (script && script.getAttribute("data-exit-url")) || "/exit";
  var FLAG = "indgang-exited";
  var root = document.documentElement;

  function store(action) {
    try { return action(window.sessionStorage); } catch (e) { return null; }
  }

  // Notices for a conversation end too, if the child asked for that when turning them on
  // (see push.js): the server deletes the subscription, the browser drops it.
  function withPushOff(url) {
    var held = null;
    try { held = JSON.parse(window.localStorage.getItem("indgang-push")); } catch (e) { held = null; }
    if (!held || !held.exit || !held.id || !held.token) { return url; }
    try { window.localStorage.removeItem("indgang-push"); } catch (e) { /* nothing kept */ }
    if (navigator.serviceWorker) {
      navigator.serviceWorker.getRegistration("/").then(function (reg) {
        return reg && reg.pushManager.getSubscription();
      }).then(function (sub) { return sub && sub.unsubscribe(); }).catch(function () {});
    }
    return url + (url.indexOf("?") < 0 ? "?" : "&") +
      "push=" + encodeURIComponent(held.id + "." + held.token);
  }

  function leave() {
    root.className += " exiting";
    store(function (s) { s.setItem(FLAG, "1"); });
    window.location.replace(withPushOff(exitUrl));
  }

  var nav = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  if (store(function (s) { return s.getItem(FLAG); })) {
    if (nav && nav.type === "back_forward") { leave(); return; }
    store(function (s) { s.removeItem(FLAG); });
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && store(function (s) { return s.getItem(FLAG); })) { leave(); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("[data-exit]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    leave();
  });

  // Esc twice or Shift three times within a second (hardware and Bluetooth keyboards,
  // also on phones and tablets).
  var presses = { Escape: [], Shift: [] };
  var needed = { Escape: 2, Shift: 3 };
  document.addEventListener("keydown", function (event) {
    var key = event.key === "Esc" ? "Escape" : event.key;
    if (!presses[key] || event.repeat) { return; }
    var now = Date.now();
    var list = presses[key].filter(function (t) { return now - t < 1000; });
    list.push(now);
    presses[key] = list;
    if (list.length >= needed[key]) { leave(); }
  });
})();
