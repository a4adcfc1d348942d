// The calculation editor's unit-cost search: an ARIA 1.2 combobox (a text input with a
// list box). Typing asks the JSON endpoint for the catalogue's matches; the arrow keys
// move through them, Enter chooses, Escape closes. The chosen unit cost's id goes into a
// hidden input and its indexed amount and source are announced. Without JavaScript the
// typed words are posted and the server takes the first match.
(function () {
  "use strict";

  function setup(section) {
    var input = section.querySelector("#unit-cost-search");
    var list = section.querySelector("#unit-cost-options");
    var hidden = section.querySelector("#unit-cost-id");
    var chosen = section.querySelector("#unit-cost-chosen");
    if (!input || !list || !hidden) return;
    var url = section.getAttribute("data-search-url");
    var year = section.getAttribute("data-price-year") || "";
    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function render() {
      list.textContent = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = "unit-cost-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.textContent = r.label + " (" + r.id + "): " + r.indexed_text;
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", "unit-cost-option-" + active);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var r = results[i];
      if (!r) return;
      hidden.value = r.id;
      input.value = r.label;
      chosen.textContent = r.label + ": " + r.indexed_text + ". " + r.source;
      chosen.setAttribute("data-id", r.id);
      close();
    }

    function ask() {
      var q = input.value.trim();
      hidden.value = "";
      chosen.textContent = "";
      if (!q) {
        results = [];
        render();
        return;
      }
      var mine = ++asked;
      var target = url + "?q=" + encodeURIComponent(q) + "&price_year=" + encodeURIComponent(year);
      fetch(target, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine !== asked) return; // an older answer
          results = data.results || [];
          active = -1;
          render();
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!results.length) return;
        e.preventDefault();
        var step = e.key === "ArrowDown" ? 1 : -1;
        active = (active + step + results.length) % results.length;
        render();
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) {
          e.preventDefault(); // choose, do not submit the form
          choose(active);
        } else if (!list.hidden && results.length === 1) {
          e.preventDefault();
          choose(0);
        }
      } else if (e.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  }

  function start() {
    document.querySelectorAll("section.unit-costs").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
