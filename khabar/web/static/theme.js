// khabar: apply the reader's chosen colour scheme before the page paints (no flash). The
// choice is kept in localStorage on this device only; without one the system's scheme rules.
(function () {
  "use strict";
  try {
    var theme = window.localStorage.getItem("khabar-theme");
    if (theme === "dark" || theme === "light") {
      document.documentElement.setAttribute("data-theme", theme);
    }
  } catch (e) { /* storage refused: the system's scheme applies */ }
})();
