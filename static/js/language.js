// The language choice in the footer applies at once (no inline handler: the CSP forbids them).
document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
