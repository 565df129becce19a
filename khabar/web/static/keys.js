// khabar: the dark-scheme toggle and keyboard shortcuts (j/k next/previous item, o open,
// / search, ? help, Esc close). Pages work without this script.
(function () {
  "use strict";
  var root = document.documentElement;

  // --- the colour scheme toggle -----------------------------------------------------------
  var toggle = document.getElementById("theme-toggle");
  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function showState() {
    var dark = isDark();
    toggle.setAttribute("aria-pressed", dark ? "true" : "false");
  }
  if (toggle) {
    toggle.hidden = false;
    showState();
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { window.localStorage.setItem("khabar-theme", next); } catch (e) { /* not kept */ }
      showState();
    });
  }

  // --- keyboard shortcuts -----------------------------------------------------------------
  var overlay = document.getElementById("shortcuts");
  var current = -1;
  function items() { return document.querySelectorAll("[data-nav]"); }
  function select(index) {
    var list = items();
    if (!list.length) return;
    index = Math.max(0, Math.min(list.length - 1, index));
    if (current >= 0 && list[current]) list[current].classList.remove("selected");
    current = index;
    var item = list[current];
    item.classList.add("selected");
    var link = item.querySelector("a[href]");
    if (link) link.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }
  function openHelp(open) {
    if (!overlay) return;
    overlay.hidden = !open;
    if (open) overlay.querySelector(".overlay-close").focus();
  }
  if (overlay) {
    overlay.querySelector(".overlay-close").addEventListener("click", function () { openHelp(false); });
    overlay.addEventListener("click", function (event) { if (event.target === overlay) openHelp(false); });
  }
  var helpLink = document.querySelector(".shortcuts-link");
  if (helpLink) {
    helpLink.addEventListener("click", function (event) { event.preventDefault(); openHelp(true); });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "Escape") {
      if (overlay && !overlay.hidden) { openHelp(false); return; }
      if (typing) target.blur();
      return;
    }
    if (typing) return;
    if (event.key === "j") { select(current + 1); event.preventDefault(); }
    else if (event.key === "k") { select(current - 1); event.preventDefault(); }
    else if (event.key === "o" || event.key === "Enter" && current >= 0) {
      var list = items();
      var link = current >= 0 && list[current] ? list[current].querySelector("a[href]") : null;
      if (link) { window.location.href = link.href; event.preventDefault(); }
    } else if (event.key === "/") {
      var box = document.querySelector("input[type=search]");
      if (box) { box.focus(); box.select(); event.preventDefault(); }
      else { window.location.href = "/search"; }
    } else if (event.key === "?") {
      openHelp(overlay ? overlay.hidden : false);
      event.preventDefault();
    }
  });
})();
