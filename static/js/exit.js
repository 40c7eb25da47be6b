/* Quick exit, progressive enhancement. Without JavaScript the button is a plain link
   to /exit, which forgets the visitor and sends them to a neutral site.
   With it: Esc twice or Shift three times (pressed alone) also leave; the page blanks at once; the
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
  // also on phones and tablets). A Shift press counts only if Shift went down and up alone:
  // Shift+Tab (going back), a capital letter or a Shift-click are not exit presses, and
  // neither is Shift held down until it repeats.
  var presses = { Escape: [], Shift: [] };
  var needed = { Escape: 2, Shift: 3 };
  var shiftAlone = false;

  function count(key) {
    var now = Date.now();
    var list = presses[key].filter(function (t) { return now - t < 1000; });
    list.push(now);
    presses[key] = list;
    if (list.length >= needed[key]) { leave(); }
  }

  document.addEventListener("keydown", function (event) {
    var key = event.key === "Esc" ? "Escape" : event.key;
    if (key === "Shift") {
      shiftAlone = !event.repeat;
      return;
    }
    shiftAlone = false;
    presses.Shift = [];  // another key between: not three Shift presses in a row
    if (key === "Escape" && !event.repeat) { count(key); }
  }, true);
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    if (shiftAlone) { count("Shift"); }
    shiftAlone = false;
  }, true);
  document.addEventListener("pointerdown", function () { shiftAlone = false; }, true);
  window.addEventListener("blur", function () { shiftAlone = false; });

  // Focus is never hidden under the sticky exit bar (WCAG 2.4.11): the page keeps a scroll
  // padding as tall as the bar (see portal.css), measured here because zoom, a large
  // font or a long translation can make the bar wrap. Without JavaScript the CSS default holds.
  function followBar() {
    var bar = document.querySelector(".exit-bar");
    if (!bar) { return; }
    function measure() {
      root.style.setProperty("--exit-bar-height", Math.ceil(bar.getBoundingClientRect().height) + "px");
    }
    measure();
    if (window.ResizeObserver) { new ResizeObserver(measure).observe(bar); }
    else { window.addEventListener("resize", measure); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", followBar);
  } else { followBar(); }

  // Tab into a text box scrolls only as far as its caret: the rest of the box can stay
  // below the screen. After Tab or Shift+Tab, bring the whole element into view if it fits
  // (block "nearest" keeps the scroll padding, so nothing goes under the bar).
  var tabbing = false;
  document.addEventListener("keydown", function (event) { tabbing = event.key === "Tab"; }, true);
  document.addEventListener("pointerdown", function () { tabbing = false; }, true);
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    var tabbed = tabbing;
    tabbing = false;  // only the focus the Tab itself moved, not a later one by a script
    if (!tabbed || !el || !el.getBoundingClientRect || !el.scrollIntoView) { return; }
    var box = el.getBoundingClientRect();
    var top = parseFloat(getComputedStyle(root).scrollPaddingTop) || 0;
    if ((box.top < top || box.bottom > window.innerHeight) &&
        box.height <= window.innerHeight - top && !el.closest(".exit-bar")) {
      el.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  });
})();
