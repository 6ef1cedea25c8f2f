// A form marked data-warn-unsaved: leaving the page (a link, the back button, closing the tab)
// with typed changes not yet saved asks first, so that a stray click does not lose a long text.
// The browser asks in its own words. Saving the form, or putting every field back as it was,
// does not ask; after a refused save (#error-summary on the page) what is shown is not saved yet,
// so leaving asks until the form is sent again. Loaded as a file with the page's CSP nonce; a
// page may load it more than once (an edit form and comment forms): each form is watched once.
// A form sent also leaves, in this tab only, a copy of what was changed in it with each field's
// label: should the save be refused because the session ended meanwhile, the page that says so
// shows that copy to type again (typed-input.js). The next form sent replaces it.
(function () {
  "use strict";

  var KEPT = "npz-sent-form";

  function labelOf(field) {
    var label = field.labels && field.labels.length ? field.labels[0].textContent : "";
    return (label || field.getAttribute("aria-label") || field.name).replace(/\s+/g, " ").trim();
  }

  function changed(field, refused) {
    if (field.tagName === "SELECT") {
      var chosen = Array.prototype.filter.call(field.options, function (option) {
        return option.selected && option.value !== "";
      });
      var moved = Array.prototype.some.call(field.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
      return (moved || refused) && chosen.length ? chosen.map(function (o) { return o.text.trim(); }).join(", ") : null;
    }
    var value = (field.value || "").trim();
    return value && (refused || field.value !== field.defaultValue) ? field.value : null;
  }

  // What was changed in the form (after a refused save: everything it shows, none of it saved).
  function keepCopy(form, refused) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      var skipped = ["hidden", "submit", "button", "password", "file", "checkbox", "radio"];
      if (!field.name || field.disabled || skipped.indexOf(field.type) !== -1) {
        return;
      }
      var value = changed(field, refused);
      if (value !== null) {
        fields.push({label: labelOf(field), value: value});
      }
    });
    try {
      window.sessionStorage.setItem(KEPT, JSON.stringify({
        page: window.location.pathname + window.location.search,
        fields: fields,
      }));
    } catch (error) {
      // Storage full or switched off: the page that refuses a save still shows the texts.
    }
  }

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
      keepCopy(form, refused);
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
