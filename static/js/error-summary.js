// After a refused save the page opens with the error summary (#error-summary, role="alert",
// tabindex="-1": templates/includes/error_summary.html and the forms with their own summary):
// it takes the focus, so keyboard and screen reader users start at what to correct and its
// links lead on to each field. Loaded as a file with the page's CSP nonce: no inline script.
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
