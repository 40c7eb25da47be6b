/* Indgang's service worker: shows "you have a new message" and opens the conversation.
   It caches nothing and handles no requests: nothing a child wrote is kept on the phone. */
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  event.waitUntil(self.registration.showNotification(String(data.title || ""), {
    body: String(data.body || ""),
    tag: "indgang-new-message",
    renotify: true
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL("/conversation", self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    for (var i = 0; i < windows.length; i += 1) {
      if (windows[i].url.indexOf(target) === 0 && "focus" in windows[i]) {
        return windows[i].focus();
      }
    }
    return self.clients.openWindow(target);
  }));
});
