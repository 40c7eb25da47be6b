/* Indgang's service worker: shows "you have a new message" and opens the conversation (or,
   for a member of staff, "an inquiry needs a person now" and opens the inbox). It caches
   nothing and handles no requests: nothing a child wrote is kept on the phone. */
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var url = String(data.url || "");
  // Only a path on this site is ever opened.
  if (url.charAt(0) !== "/" || url.charAt(1) === "/") { url = "/conversation"; }
  event.waitUntil(self.registration.showNotification(String(data.title || ""), {
    body: String(data.body || ""),
    tag: url === "/conversation" ? "indgang-new-message" : "indgang-alert",
    renotify: true,
    data: { url: url }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var path = (event.notification.data && event.notification.data.url) || "/conversation";
  var target = new URL(path, self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    for (var i = 0; i < windows.length; i += 1) {
      if (windows[i].url.indexOf(target) === 0 && "focus" in windows[i]) {
        return windows[i].focus();
      }
    }
    return self.clients.openWindow(target);
  }));
});
