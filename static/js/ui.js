// Phone layout and form helpers (issue 20). No framework; every page works
// without this file: the menu then shows in full, the filters stay open, the
// checkboxes are plain checkboxes and dates are typed as dd/mm/yyyy.
(function () {
  "use strict";

  function text(name, fallback) {
    var header = document.querySelector(".topbar");
    return (header && header.getAttribute("data-ui-" + name)) || fallback;
  }

  // --- the header's menu button -------------------------------------------
  function initMenu() {
    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) { return; }
    var header = button.closest(".topbar");
    header.classList.add("topbar--js");
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("topbar--open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  // --- list filters folded behind "Lọc (N)" on a phone -----------------------
  function activeCount(form) {
    var count = 0;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.name === "page") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { count += 1; }
      } else if (el.value && el.value.trim() !== "") {
        count += 1;
      }
    });
    return count;
  }

  function initFilters() {
    document.querySelectorAll("form.filters").forEach(function (form, index) {
      if (form.dataset.uiFold) { return; }
      form.dataset.uiFold = "1";
      if (!form.id) { form.id = "filters-" + (index + 1); }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button filters-toggle";
      button.setAttribute("aria-controls", form.id);
      button.setAttribute("aria-expanded", "false");
      function label() {
        var n = activeCount(form);
        button.textContent = n ? text("filter-active", "Lọc (%(count)s)").replace("%(count)s", n)
          : text("filter", "Lọc");
      }
      function set(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        form.classList.toggle("filters--folded", !open);
      }
      label();
      // A filter with an error stays open: its message must be seen.
      set(!!form.querySelector(".field__error"));
      button.addEventListener("click", function () {
        set(button.getAttribute("aria-expanded") !== "true");
      });
      form.addEventListener("change", label);
      form.addEventListener("input", label);
      form.parentNode.insertBefore(button, form);
    });
  }

  // --- tables become cards on a phone: label every cell with its column -----
  function labelTables(root) {
    (root || document).querySelectorAll("table.table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && heads[i]) {
            var name = heads[i].textContent.trim();
            if (name) { cell.setAttribute("data-label", name); }
          }
        });
      });
    });
  }

  // --- grouped checkboxes: select all, filter, count --------------------------
  function initChoices(root) {
    (root || document).querySelectorAll("[data-choices]").forEach(function (box) {
      if (box.dataset.uiChoices) { return; }
      box.dataset.uiChoices = "1";
      var countEl = box.querySelector("[data-choices-count]");
      var countText = box.getAttribute("data-count-text") || "%(count)s";
      function options(scope) {
        return Array.prototype.slice.call(
          (scope || box).querySelectorAll("[data-choice] input[type=checkbox]"));
      }
      function refresh() {
        var chosen = options().filter(function (o) { return o.checked; }).length;
        if (countEl) { countEl.textContent = countText.replace("%(count)s", chosen); }
        box.querySelectorAll("[data-choices-group]").forEach(function (group) {
          var all = group.querySelector("[data-select-all] input");
          if (!all) { return; }
          var own = options(group);
          var on = own.filter(function (o) { return o.checked; }).length;
          all.checked = on === own.length && on > 0;
          all.indeterminate = on > 0 && on < own.length;
        });
      }
      box.querySelectorAll("[data-select-all]").forEach(function (label) {
        label.hidden = false;
        var all = label.querySelector("input");
        var group = label.closest("[data-choices-group]");
        all.addEventListener("change", function () {
          options(group).forEach(function (o) {
            if (!o.closest("[data-choice]").hidden) { o.checked = all.checked; }
          });
          refresh();
          // Let listeners of the form (htmx, autosave) know.
          box.dispatchEvent(new Event("change", { bubbles: true }));
        });
      });
      var filter = box.querySelector("[data-choices-filter]");
      if (filter) {
        filter.hidden = false;
        var input = filter.querySelector("input");
        input.addEventListener("input", function () {
          var words = input.value.trim().toLocaleLowerCase("vi").normalize("NFC");
          box.querySelectorAll("[data-choice]").forEach(function (label) {
            var name = label.textContent.toLocaleLowerCase("vi").normalize("NFC");
            label.hidden = !!words && name.indexOf(words) === -1;
          });
        });
        // Enter in the filter box must not submit the form.
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); }
        });
      }
      box.addEventListener("change", function (event) {
        if (event.target.closest("[data-choice]")) { refresh(); }
      });
      refresh();
    });
  }

  // --- dates: the slashes of dd/mm/yyyy typed for the user -------------------
  function initDates(root) {
    (root || document).querySelectorAll("input[data-date-input]").forEach(function (input) {
      if (input.dataset.uiDate) { return; }
      input.dataset.uiDate = "1";
      input.addEventListener("input", function (event) {
        if (event.inputType && event.inputType.indexOf("delete") === 0) { return; }
        // A slash or colon typed after the one added for the user counts once.
        if (input.selectionStart !== input.value.length) { return; }  // editing inside
        var v = input.value.replace(/\/\/+/g, "/").replace(/::+/g, ":");
        if (v !== input.value) { input.value = v; }
        // "25" -> "25/", "25/12" -> "25/12/": only while typing digits at the end.
        if (/^\d{2}$/.test(v) || /^\d{1,2}\/\d{2}$/.test(v)) { input.value = v + "/"; }
        else if (/^\d{8}$/.test(v)) { input.value = v.slice(0, 2) + "/" + v.slice(2, 4) + "/" + v.slice(4); }
        else if (input.dataset.dateInput === "datetime" && /^\d{1,2}\/\d{1,2}\/\d{4} \d{2}$/.test(v)) {
          input.value = v + ":";
        }
      });
    });
  }

  function init(root) {
    initChoices(root);
    initDates(root);
    labelTables(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    initMenu();
    initFilters();
    init(document);
    // Content swapped in by htmx (action forms, list results).
    document.body.addEventListener("htmx:afterSwap", function (event) {
      init(event.target);
    });
  });
})();
