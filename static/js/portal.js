// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // An error summary takes the focus so screen readers announce it at once.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) {
      summary.focus();
      // A #fragment left in the address (skip link, summary link) would move the focus
      // away again when the page has loaded: give it back to the summary.
      window.addEventListener("load", function () {
        if (!summary.contains(document.activeElement)) { summary.focus(); }
      });
    }
    // The skip link moves the focus to the main content without putting #main in the
    // address, so a form posted afterwards does not come back scrolled past its errors.
    var skip = document.querySelector(".skip-link");
    var main = document.getElementById("main");
    if (skip && main) {
      skip.addEventListener("click", function (event) {
        event.preventDefault();
        main.focus();
        main.scrollIntoView();
      });
    }
    // Buttons marked data-once are disabled after the first submit (double-click guard).
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) {
          window.setTimeout(function () { b.disabled = true; }, 0);
        });
      });
    });
    // Confirmation for destructive buttons.
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
