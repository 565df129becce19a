// khabar: the "تفعيل الإشعارات على هذا الجهاز" button of the alerts page. It registers the
// service worker (/sw.js), asks the browser for permission, subscribes with this server's
// VAPID public key and sends the subscription to /api/alerts/webpush, where it becomes one of
// the user's alert channels. Browsers allow this only over HTTPS (and on localhost).
(function () {
  "use strict";
  var button = document.getElementById("push-enable");
  var status = document.getElementById("push-status");
  if (!button || !status) return;

  function say(text) {
    status.textContent = text;
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !window.isSecureContext) {
    button.disabled = true;
    say("هذا المتصفح لا يدعم الإشعارات هنا (تحتاج الصفحة إلى HTTPS ومتصفح يدعم Web Push).");
    return;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function json(response) {
    if (!response.ok) {
      return response.json().then(function (body) {
        throw new Error((body.error && body.error.message) || ("HTTP " + response.status));
      }, function () { throw new Error("HTTP " + response.status); });
    }
    return response.json();
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say("جارٍ التفعيل…");
    var registration;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("لم يُسمح بالإشعارات في المتصفح.");
      return navigator.serviceWorker.register("/sw.js", { scope: "/" });
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (ready) {
      registration = ready;
      return fetch(button.getAttribute("data-key-url"), { credentials: "same-origin" }).then(json);
    }).then(function (body) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(body.public_key)
      });
    }).then(function (subscription) {
      return fetch(button.getAttribute("data-subscribe-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json",
                   "X-CSRF-Token": button.getAttribute("data-csrf") },
        body: JSON.stringify({ subscription: subscription.toJSON(),
                               name: navigator.userAgent.indexOf("Mobile") >= 0
                                 ? "إشعارات الهاتف" : "إشعارات المتصفح" })
      }).then(json);
    }).then(function () {
      say("فُعّلت الإشعارات على هذا الجهاز. جرّبها بزر «إرسال رسالة تجريبية».");
      window.setTimeout(function () { window.location.reload(); }, 1500);
    }).catch(function (error) {
      button.disabled = false;
      say("تعذر تفعيل الإشعارات: " + error.message);
    });
  });
})();
