// Bar charts of the desk's figures per group, from the page's JSON (plotly from the pip package).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("desk-chart");
  if (!source || typeof Plotly === "undefined") return;
  const data = JSON.parse(source.textContent);
  const panels = [
    ["desk-rates", ["compliance", "closure"], { range: [0, 100] }],
    ["desk-days", ["days"], {}],
    ["desk-satisfaction", ["satisfaction"], { range: [0, 5] }],
  ];
  for (const [id, series, yaxis] of panels) {
    const el = document.getElementById(id);
    if (!el) continue;
    const traces = series.map((key) => ({ type: "bar", name: data.names[key], x: data.labels, y: data[key] }));
    const layout = { barmode: "group", margin: { t: 20, r: 10, b: 80, l: 50 }, yaxis, legend: { orientation: "h" } };
    Plotly.newPlot(el, traces, layout, { displaylogo: false, responsive: true });
  }
});
