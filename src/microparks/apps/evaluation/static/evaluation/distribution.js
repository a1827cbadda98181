// The distribution of total scores, one histogram trace per class (A–D).
document.addEventListener("DOMContentLoaded", () => {
  const el = document.querySelector("[data-distribution]");
  const source = el && document.getElementById(el.dataset.distribution);
  if (!source || typeof Plotly === "undefined") return;
  const d = JSON.parse(source.textContent);
  const colours = { A: "#1e8449", B: "#5dade2", C: "#f5b041", D: "#c0392b" };
  const traces = ["A", "B", "C", "D"].map((cls) => ({
    type: "histogram",
    name: cls,
    x: d.totals.filter((_, i) => d.classes[i] === cls),
    marker: { color: colours[cls] },
    xbins: { size: 5 },
  }));
  const layout = {
    font: { family: getComputedStyle(document.body).fontFamily },
    barmode: "stack",
    margin: { t: 16, r: 16, b: 48, l: 56 },
    legend: { orientation: "h", y: -0.2 },
    xaxis: { title: { text: d.labels.total } },
    yaxis: { title: { text: d.labels.firms } },
  };
  Plotly.newPlot(el, traces, layout, { displaylogo: false, responsive: true });
});
