// khabar: "n new" on the home page, from server-sent events. No other script runs on pages.
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || !window.EventSource) return;
  var since = box.getAttribute("data-newest") || "0";
  var source = new EventSource("/api/events?since=" + encodeURIComponent(since));
  source.addEventListener("articles", function (event) {
    var data = JSON.parse(event.data);
    if (data.new > 0) {
      box.querySelector(".n").textContent = String(data.new);
      box.hidden = false;
    }
  });
})();
