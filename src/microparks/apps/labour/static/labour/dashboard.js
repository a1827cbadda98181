// The labour dashboard's charts, from the page's JSON (plotly from the pip package):
// jobs by township per quarter (stacked bars), local and poverty-alleviated shares (lines)
// with hires at events (bars), and each park's annual wage against the county's rural income.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("labour-chart");
  if (!source || typeof Plotly === "undefined") return;
  const d = JSON.parse(source.textContent);
  const font = { family: getComputedStyle(document.body).fontFamily };
  const config = { displaylogo: false, responsive: true };
  const base = { font, margin: { t: 16, r: 64, b: 56, l: 56 }, legend: { orientation: "h", y: -0.2 } };
  const x = { type: "category" };

  const jobs = document.getElementById("jobs-chart");
  if (jobs) {
    const traces = d.townships.map((t) => ({ type: "bar", name: t.name, x: d.quarters, y: t.jobs }));
    Plotly.newPlot(jobs, traces, { ...base, barmode: "stack", xaxis: x, yaxis: { title: { text: d.labels.jobs } } }, config);
  }
  const shares = document.getElementById("share-chart");
  if (shares) {
    const traces = [
      { type: "scatter", mode: "lines+markers", name: d.labels.local, x: d.quarters, y: d.local_share },
      { type: "scatter", mode: "lines+markers", name: d.labels.poverty, x: d.quarters, y: d.poverty_share },
      { type: "bar", name: d.labels.hires, x: d.quarters, y: d.hires, yaxis: "y2", opacity: 0.5 },
    ];
    const layout = {
      ...base,
      xaxis: x,
      yaxis: { title: { text: d.labels.share }, range: [0, 100] },
      yaxis2: { title: { text: d.labels.hires }, overlaying: "y", side: "right", rangemode: "tozero" },
    };
    Plotly.newPlot(shares, traces, layout, config);
  }
  const wages = document.getElementById("wage-chart");
  if (wages && d.parks.length) {
    const traces = [{ type: "bar", name: d.labels.ratio, x: d.parks, y: d.ratios }];
    const layout = {
      ...base,
      xaxis: x,
      yaxis: { title: { text: d.labels.ratio }, rangemode: "tozero" },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 1, y1: 1, line: { dash: "dot" } }],
    };
    Plotly.newPlot(wages, traces, layout, config);
  } else if (wages) {
    wages.hidden = true;
  }
});
