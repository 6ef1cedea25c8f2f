// The page that says a form was not saved (templates/error_page.html: a session that ended, a
// refused CSRF token, a page that went away): the server shows the free texts of the post, and
// cannot know the fields' labels or tell a typed number from a choice's key. A form watched by
// unsaved-changes.js keeps, in this tab, what was changed in it when it is sent, with each
// field's label. When that copy is of the form this page is about (data-form-page), this shows
// it instead: every field changed, numbers and choices included, under its own label. Nothing
// leaves the browser; the copy goes with the tab.
(function () {
  "use strict";

  var KEY = "npz-sent-form";

  function kept() {
    try {
      return JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function box(number, field) {
    var wrapper = document.createElement("div");
    wrapper.className = "mb-2";
    var label = document.createElement("label");
    label.className = "form-label small";
    label.htmlFor = "typed-input-" + number;
    label.textContent = field.label;
    var text = document.createElement("textarea");
    text.className = "form-control";
    text.id = "typed-input-" + number;
    text.readOnly = true;
    text.rows = Math.min(12, 1 + field.value.split("\n").length + Math.floor(field.value.length / 80));
    text.value = field.value;
    wrapper.appendChild(label);
    wrapper.appendChild(text);
    return wrapper;
  }

  function start() {
    var section = document.getElementById("typed-input");
    var list = document.getElementById("typed-input-list");
    var copy = kept();
    if (!section || !list || !copy || copy.page !== section.getAttribute("data-form-page")) {
      return;
    }
    if (!copy.fields || !copy.fields.length) {
      return;
    }
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    copy.fields.forEach(function (field, index) {
      list.appendChild(box(index + 1, field));
    });
    section.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
