// khabar's service worker (served at /sw.js, scope "/"): shows Web Push alerts and opens the
// story's page when one is clicked. It caches nothing: pages always come from the server.
"use strict";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

// The payload is JSON from khabar.notify.webpush: {"title", "body", "url"}.
self.addEventListener("push", function (event) {
  var data = { title: "خبر", body: "", url: "/" };
  if (event.data) {
    try {
      data = Object.assign(data, event.data.json());
    } catch (e) {
      data.body = event.data.text();
    }
  }
  event.waitUntil(self.registration.showNotification(data.title, {
    body: data.body,
    lang: "ar",
    dir: "rtl",
    icon: "/static/icon-192.png",
    badge: "/static/icon-192.png",
    tag: data.url,
    data: { url: data.url }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || "/",
                       self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true })
    .then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target);
    }));
});
