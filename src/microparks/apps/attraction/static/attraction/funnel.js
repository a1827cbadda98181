// The funnel chart: prospects that reached each stage, as a Plotly funnel.
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("funnel-chart");
  const source = document.getElementById("funnel-data");
  if (!el || !source || typeof Plotly === "undefined") return;
  const d = JSON.parse(source.textContent);
  const font = getComputedStyle(document.body).fontFamily;
  Plotly.newPlot(
    el,
    [{ type: "funnel", name: d.label, y: d.stages, x: d.reached, marker: { color: "#5b8db8" } }],
    { font: { family: font }, margin: { t: 16, r: 24, b: 32, l: 120 } },
    { displaylogo: false, responsive: true },
  );
});
