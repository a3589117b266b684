// Interview Prep pages: progressive enhancement only. Every page works without this file.
(function () {
  "use strict";

  // --- the browser's time zone, preselected on a fresh form ---------------------------------------------
  function guessZone() {
    var select = document.querySelector("select[data-guess-zone]");
    if (!window.Intl || !Intl.DateTimeFormat) return;
    var zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      return;
    }
    if (!zone) return;
    // An invitation that gives its time in UTC only is shown in the visitor's own zone.
    document.querySelectorAll("input[data-browser-zone]").forEach(function (input) { input.value = zone; });
    if (!select) return;
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
    if (!option) {
      option = new Option(zone.replace(/_/g, " "), zone);
      select.appendChild(option);
    }
    select.value = zone;
  }

  // --- interviewer rows: add and remove in place -------------------------------------------------------
  var ROW_NAME = /interviewers\[\d+\]/;
  var ROW_ID = /interviewers-\d+-/;

  function renumber(container) {
    var rows = container.querySelectorAll("[data-row]");
    rows.forEach(function (row, index) {
      row.querySelectorAll("[name]").forEach(function (el) {
        el.name = el.name.replace(ROW_NAME, "interviewers[" + index + "]");
      });
      row.querySelectorAll("[id]").forEach(function (el) {
        el.id = el.id.replace(ROW_ID, "interviewers-" + index + "-");
      });
      row.querySelectorAll("label[for]").forEach(function (el) {
        el.htmlFor = el.htmlFor.replace(ROW_ID, "interviewers-" + index + "-");
      });
      row.querySelectorAll("[aria-describedby]").forEach(function (el) {
        el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").replace(ROW_ID, "interviewers-" + index + "-"));
      });
      row.querySelectorAll("[data-row-number]").forEach(function (el) { el.textContent = String(index + 1); });
      var remove = row.querySelector("[data-remove-row]");
      if (remove) remove.value = String(index);
    });
    var add = document.querySelector("[data-add-row]");
    if (add) add.disabled = rows.length >= Number(container.getAttribute("data-max-rows") || 12);
  }

  function isBlank(row) {
    return Array.prototype.every.call(row.querySelectorAll("input, select, textarea"), function (el) {
      if (el.type === "checkbox") return !el.checked;
      return !el.value.trim();
    });
  }

  function clearRow(row) {
    row.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (el.type === "checkbox") el.checked = false;
      else if (el.tagName === "SELECT") el.selectedIndex = 0;
      else el.value = "";
      el.removeAttribute("aria-invalid");
      var described = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id.charAt(0) !== "e"; });
      if (described.length) el.setAttribute("aria-describedby", described.join(" "));
      else el.removeAttribute("aria-describedby");
    });
    row.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
  }

  // The page's own words for what the script says (its language), from data-* attributes on the status element.
  function said(key, fallback) {
    var status = document.getElementById("rows-status");
    return (status && status.getAttribute("data-" + key)) || fallback;
  }

  function announce(text) {
    var status = document.getElementById("rows-status");
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function setUpRows() {
    var container = document.getElementById("interviewer-rows");
    var add = document.querySelector("[data-add-row]");
    if (!container || !add) return;

    // A fresh form shows one row (the extra empty rows are there for browsers without JavaScript).
    if (container.hasAttribute("data-fresh")) {
      var rows = container.querySelectorAll("[data-row]");
      for (var n = rows.length - 1; n > 0; n--) {
        if (isBlank(rows[n])) rows[n].remove();
      }
      renumber(container);
    }

    add.addEventListener("click", function (event) {
      event.preventDefault();
      var rows = container.querySelectorAll("[data-row]");
      var max = Number(container.getAttribute("data-max-rows") || 12);
      if (rows.length >= max) return;
      var row = rows[rows.length - 1].cloneNode(true);
      clearRow(row);
      container.appendChild(row);
      renumber(container);
      var first = row.querySelector("input[type=text]");
      if (first) first.focus();
      announce(said("added", "Interviewer {n} added.").replace("{n}", String(rows.length + 1)));
    });

    container.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-remove-row]") : null;
      if (!button) return;
      event.preventDefault();
      var row = button.closest("[data-row]");
      var rows = container.querySelectorAll("[data-row]");
      var index = Array.prototype.indexOf.call(rows, row);
      if (rows.length === 1) {
        clearRow(row);
      } else {
        row.remove();
      }
      renumber(container);
      announce(said("removed", "Interviewer {n} removed.").replace("{n}", String(index + 1)));
      var remaining = container.querySelectorAll("[data-row]");
      var next = remaining[Math.min(index, remaining.length - 1)];
      var target = next ? next.querySelector("input[type=text]") : add;
      if (target) target.focus();
    });
  }

  // --- errors: move focus to the summary so it is read out first ---------------------------------------
  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  // --- drafts: a copy button each ----------------------------------------------------------------------
  function setUpCopy() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("pre.draft-body").forEach(function (pre) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button secondary";
      var copy = pre.getAttribute("data-copy") || "Copy";
      button.textContent = copy;
      button.setAttribute("aria-label", pre.getAttribute("data-copy-label") || "Copy the draft");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.textContent).then(function () {
          button.textContent = pre.getAttribute("data-copied") || "Copied";
          window.setTimeout(function () { button.textContent = copy; }, 2000);
        });
      });
      pre.insertAdjacentElement("afterend", button);
    });
  }

  function start() {
    guessZone();
    setUpRows();
    focusErrors();
    setUpCopy();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
