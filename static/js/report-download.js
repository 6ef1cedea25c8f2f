// Report downloads that say they are working. Making a PDF takes a few seconds, so a click on a
// link or button marked data-report-pdf fetches the PDF in the background while the control
// shows a waiting text ("PDF wordt gemaakt…") and spinner and ignores further clicks, then
// saves the file; the live region #report-status (templates/reports/partials/pdf_status.html)
// says the same to screen readers, and why when there is no PDF (the server's page says why:
// busy, too long, a bad date). Without JavaScript the same links and forms are plain downloads.
// The texts come from the page (data-* attributes), in its language. Loaded as a file with the
// page's CSP nonce: no inline script.
(function () {
  "use strict";

  var status = document.getElementById("report-status");

  function text(name, fallback) {
    return (status && status.dataset[name]) || fallback;
  }

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  function filenameFrom(disposition) {
    var match = /filename\*=utf-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition || "");
    if (!match) {
      return "rapport.pdf";
    }
    return match[1] ? decodeURIComponent(match[1]) : match[2];
  }

  function setBusy(control, busy) {
    var label = control.querySelector(".js-label");
    var spinner = control.querySelector(".js-spinner");
    if (busy) {
      control.setAttribute("aria-busy", "true");
      control.setAttribute("aria-disabled", "true");
      control.classList.add("disabled");
      if (label) {
        label.dataset.idle = label.textContent;
        label.textContent = text("waiting", "…");
      }
      if (spinner) {
        spinner.hidden = false;
      }
    } else {
      control.removeAttribute("aria-busy");
      control.removeAttribute("aria-disabled");
      control.classList.remove("disabled");
      if (label && label.dataset.idle) {
        label.textContent = label.dataset.idle;
      }
      if (spinner) {
        spinner.hidden = true;
      }
    }
  }

  // The reason on the server's page (#report-message), or its plain text.
  function reasonFrom(body) {
    var page = new DOMParser().parseFromString(body, "text/html");
    var message = page.getElementById("report-message");
    var found = message ? message.textContent : page.body ? page.body.textContent : body;
    return (found || "").trim().slice(0, 300);
  }

  function download(url, control) {
    if (control.getAttribute("aria-busy") === "true") {
      return;
    }
    setBusy(control, true);
    say(text("waiting", "…"));
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/pdf" } })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (body) {
            var reason = [400, 422, 503].indexOf(response.status) >= 0 ? reasonFrom(body) : "";
            throw new Error(reason || text("failed", "The PDF could not be made."));
          });
        }
        var name = filenameFrom(response.headers.get("Content-Disposition"));
        return response.blob().then(function (blob) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = name;
          document.body.appendChild(link);
          link.click();
          link.remove();
          window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 30000);
          say(text("done", "") + " " + name);
        });
      })
      .catch(function (error) {
        say(error.message);
      })
      .finally(function () {
        setBusy(control, false);
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-report-pdf]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    download(link.href, link);
  });

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-report-pdf")) {
      return;
    }
    event.preventDefault();
    var form = event.target;
    var url = new URL(button.getAttribute("formaction") || form.action, window.location.href);
    new FormData(form).forEach(function (value, key) {
      url.searchParams.set(key, value);
    });
    download(url.toString(), button);
  });
})();
