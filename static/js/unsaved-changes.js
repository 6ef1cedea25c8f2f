// A form marked data-warn-unsaved: leaving the page (a link, the back button, closing the tab)
// with typed changes not yet saved asks first, so that a stray click does not lose a long text.
// The browser asks in its own words. Saving the form, or putting every field back as it was,
// does not ask; after a refused save (#error-summary on the page) what is shown is not saved yet,
// so leaving asks until the form is sent again. Loaded as a file with the page's CSP nonce; a
// page may load it more than once (an edit form and comment forms): each form is watched once.
(function () {
  "use strict";

  function state(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.type === "hidden" || field.type === "submit") {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        fields.push(field.name + "=" + field.checked);
      } else if (field.tagName === "SELECT" && field.multiple) {
        fields.push(field.name + "=" + Array.prototype.map.call(field.selectedOptions, function (o) {
          return o.value;
        }).join(","));
      } else {
        fields.push(field.name + "=" + field.value);
      }
    });
    return fields.join("\u0000");
  }

  function watch(form, refused) {
    if (form.npzWarnUnsaved) {
      return;
    }
    form.npzWarnUnsaved = true;
    var shown = state(form);
    var sending = false;
    form.addEventListener("submit", function () {
      sending = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (sending || (!refused && state(form) === shown)) {
        return;
      }
      event.preventDefault();
      event.returnValue = "";
    });
  }

  function start() {
    var refused = document.getElementById("error-summary") !== null;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-warn-unsaved]"), function (form) {
      watch(form, refused);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
