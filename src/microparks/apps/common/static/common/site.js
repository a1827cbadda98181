// Small behaviours of every page: switch language as soon as one is chosen; on a narrow
// screen fold the main menu behind a button and show data tables as cards; give every chart
// an accessible name.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
    const button = select.form.querySelector("button");
    if (button) button.hidden = true;
  }

  // The button is hidden in the page: without JavaScript the menu simply stays open. The CSS
  // folds the menu (on narrow screens only) once the header is marked .foldable.
  const toggle = document.querySelector(".menu-toggle");
  const header = toggle && toggle.closest(".topbar");
  if (header) {
    toggle.hidden = false;
    header.classList.add("foldable");
    toggle.addEventListener("click", () => {
      const open = header.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }

  // On a phone a data table reads as a stack of cards, one a row, each value after its
  // column's name (site.css, narrow screens only): every cell is given its header as
  // data-label. The table roles are set explicitly, as the cards' CSS would drop them.
  const labelTables = (root) => {
    for (const table of root.querySelectorAll("table.data:not(.no-cards)")) {
      const head = table.tHead;
      if (!head || head.rows.length !== 1) continue; // two-level headers keep scrolling
      const labels = [];
      for (const th of head.rows[0].cells) {
        for (let i = 0; i < th.colSpan; i++) labels.push(th.textContent.trim());
      }
      table.setAttribute("role", "table");
      for (const row of table.querySelectorAll("tr")) {
        row.setAttribute("role", "row");
        let column = 0;
        for (const cell of row.cells) {
          const header = cell.closest("thead") || (cell.tagName === "TH" && cell.scope === "col");
          cell.setAttribute("role", header ? "columnheader" : cell.tagName === "TH" ? "rowheader" : "cell");
          if (!header && cell.colSpan === 1 && labels[column]) cell.dataset.label = labels[column];
          column += cell.colSpan;
        }
      }
      table.classList.add("cards");
    }
  };
  labelTables(document);
  document.body.addEventListener("htmx:afterSwap", (event) => labelTables(event.detail.target));

  // A chart (drawn by Plotly into the element) is one image to a screen reader; its name is
  // its aria-label, else the heading of the card it stands in.
  for (const [i, chart] of document.querySelectorAll(".chart").entries()) {
    chart.setAttribute("role", "img");
    if (chart.hasAttribute("aria-label") || chart.hasAttribute("aria-labelledby")) continue;
    const heading = chart.closest("section, .card")?.querySelector("h2, h3");
    if (heading) {
      heading.id ||= `chart-heading-${i}`;
      chart.setAttribute("aria-labelledby", heading.id);
    }
  }
});
