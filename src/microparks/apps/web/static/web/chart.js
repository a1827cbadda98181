// The trend chart: jobs as bars (left axis), tax and output in 10,000 CNY as lines (right axis).
document.addEventListener("DOMContentLoaded", () => {
  const el = document.querySelector("[data-chart]");
  const source = el && document.getElementById(el.dataset.chart);
  if (!source || typeof Plotly === "undefined") return;
  const d = JSON.parse(source.textContent);
  const font = getComputedStyle(document.body).fontFamily;
  const traces = [
    { type: "bar", name: d.labels.jobs, x: d.years, y: d.jobs, marker: { color: "#9ab8d6" } },
    { type: "scatter", mode: "lines+markers", name: d.labels.tax, x: d.years, y: d.tax_wan, yaxis: "y2", line: { color: "#c0392b" } },
    { type: "scatter", mode: "lines+markers", name: d.labels.output, x: d.years, y: d.output_wan, yaxis: "y2", line: { color: "#1e8449" } },
  ];
  const layout = {
    font: { family: font },
    margin: { t: 16, r: 64, b: 48, l: 56 },
    legend: { orientation: "h", y: -0.2 },
    xaxis: { title: { text: d.labels.year }, type: "category" },
    yaxis: { title: { text: d.labels.jobs }, rangemode: "tozero" },
    yaxis2: { title: { text: d.labels.money }, overlaying: "y", side: "right", rangemode: "tozero" },
  };
  Plotly.newPlot(el, traces, layout, { displaylogo: false, responsive: true });
});
