// Exchange reports: autosave of the draft and selects that submit their form.
// Loaded from the templates (inline scripts and handlers are blocked by our CSP);
// every page works without it: "Lưu nháp" posts the whole form.
(function () {
  "use strict";

  var INTERVAL = 5000; // ms between two autosaves while something changed

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var version = form.querySelector("input[name=version]");
    var status = document.getElementById("autosave-status");
    var slot = document.getElementById("exchange-conflict-slot");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var dirty = false; // changed since the last save was sent
    var paused = false; // after a conflict, until the user saves explicitly
    var submitting = false;
    var inFlight = null;

    function say(text) {
      if (status && text) { status.textContent = text; }
    }

    function message(name) {
      return form.getAttribute("data-msg-" + name) || "";
    }

    function payload() {
      var data = new FormData(form);
      data.delete("files"); // files go with an explicit save only
      data.set("autosave", "1");
      return data;
    }

    function showSections(content) {
      content.querySelectorAll("[data-section]").forEach(function (item) {
        var key = item.getAttribute("data-section");
        var tag = form.querySelector('[data-section-status="' + key + '"]');
        if (!tag) { return; }
        tag.textContent = item.textContent;
        tag.className = "task-tag task-tag--" + item.getAttribute("data-status");
      });
    }

    function handle(response) {
      if (response.type === "opaqueredirect" || response.status === 0) {
        dirty = true; // the session has ended: nothing was saved
        paused = true;
        say(message("session"));
        return null;
      }
      var redirectTo = response.headers.get("HX-Redirect");
      if (redirectTo) {
        dirty = false;
        window.location.assign(redirectTo);
        return null;
      }
      return response.text().then(function (html) {
        var content = fragment(html);
        if (response.status === 200) {
          var saved = content.querySelector("[data-autosave=saved]");
          if (saved) {
            version.value = saved.getAttribute("data-version");
            say(saved.textContent);
          }
          showSections(content);
        } else if (response.status === 409) {
          var conflict = content.querySelector("#exchange-conflict");
          if (conflict && slot) {
            version.value = conflict.getAttribute("data-version");
            slot.replaceChildren(conflict);
          }
          dirty = true;
          paused = true;
          say(message("conflict"));
        } else {
          var error = content.querySelector("[data-autosave=error]");
          say(error ? error.textContent : message("failed"));
        }
      });
    }

    function save(keepalive) {
      if (!dirty || paused || submitting || inFlight) { return inFlight || Promise.resolve(); }
      dirty = false;
      say(message("saving"));
      var options = {
        method: "POST",
        body: payload(),
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": token ? token.value : "" }
      };
      if (keepalive) { options.keepalive = true; }
      inFlight = fetch(url, options)
        .then(handle)
        .catch(function () {
          dirty = true;
          say(message("offline"));
        })
        .then(function () {
          inFlight = null;
          // A change made while this save was on its way: save it next.
          if (dirty && !paused && !submitting) { window.setTimeout(function () { save(false); }, 500); }
        });
      return inFlight;
    }

    function changed() { dirty = true; }

    form.addEventListener("input", changed);
    form.addEventListener("change", function (event) {
      changed();
      if (event.target && event.target.type !== "file") { save(false); }
    });
    window.setInterval(function () { save(false); }, INTERVAL);
    document.addEventListener("visibilitychange", function () {
      // The tab is hidden or being closed: send what is not saved yet.
      if (document.visibilityState === "hidden") { save(true); }
    });
    window.addEventListener("beforeunload", function (event) {
      if ((dirty || inFlight) && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    form.addEventListener("submit", function (event) {
      if (inFlight) {
        // Wait for the autosave (it changes the version), then submit again.
        event.preventDefault();
        var submitter = event.submitter;
        inFlight.then(function () {
          if (paused) { return; } // a conflict to look at first
          if (typeof form.requestSubmit === "function") { form.requestSubmit(submitter || undefined); }
          else { form.submit(); }
        });
        return;
      }
      submitting = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave-url]").forEach(setupAutosave);
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        if (typeof select.form.requestSubmit === "function") { select.form.requestSubmit(); }
        else { select.form.submit(); }
      });
    });
  });
})();
