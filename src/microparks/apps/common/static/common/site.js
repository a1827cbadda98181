// Small behaviours of every page: switch language as soon as one is chosen; on a narrow
// screen fold the main menu behind a button; give every chart an accessible name.
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
