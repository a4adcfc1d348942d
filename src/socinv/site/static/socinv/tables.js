/* socinv: every table of a page fits the screen. A table that is not in a scroll region
   yet is put into one (div.table-scroll, see socinv.css), so that a wide table scrolls by
   itself and the page never becomes wider than the screen (WCAG 1.4.10, reflow); a region
   that scrolls can be reached by keyboard and is named by the table's caption or the
   heading before it (WCAG 2.1.1). No inline script: the Content-Security-Policy allows
   script-src 'self' only. Without JavaScript the tables are the same, only not wrapped. */
(function () {
  "use strict";

  function headingBefore(node) {
    for (let el = node; el && el !== document.body; el = el.parentElement) {
      for (let sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (/^H[1-6]$/.test(sib.tagName)) return sib;
        const inner = sib.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner.length) return inner[inner.length - 1];
      }
    }
    return null;
  }

  function name(region) {
    const table = region.querySelector("table");
    const caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    const heading = headingBefore(region);
    return heading ? heading.textContent.trim() : document.title;
  }

  function wrap() {
    document.querySelectorAll("main table").forEach(function (table) {
      // a table only for screen readers (inside .visually-hidden) takes no room: leave it
      if (table.closest(".table-scroll, .visually-hidden")) return;
      const region = document.createElement("div");
      region.className = "table-scroll";
      table.parentNode.insertBefore(region, table);
      region.appendChild(table);
    });
    document.querySelectorAll("main .table-scroll").forEach(function (region) {
      if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "0");
      if (!region.hasAttribute("role")) region.setAttribute("role", "region");
      if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
        region.setAttribute("aria-label", name(region));
      }
    });
  }

  // a chart scrolls sideways on a phone rather than shrinking its text (socinv.css): its
  // figure can then be reached by keyboard
  function charts() {
    document.querySelectorAll("main figure.chart").forEach(function (figure) {
      if (!figure.hasAttribute("tabindex")) figure.setAttribute("tabindex", "0");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wrap);
    document.addEventListener("DOMContentLoaded", charts);
  } else {
    wrap();
    charts();
  }
  // htmx swaps parts of a page (the calculation editor's results): wrap what came in
  document.addEventListener("htmx:afterSettle", wrap);
  document.addEventListener("htmx:afterSettle", charts);
})();
