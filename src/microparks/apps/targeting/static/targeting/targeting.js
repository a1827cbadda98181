// Targeting page: the relatedness chart (plotly from the pip package) and the park chooser.
document.addEventListener("DOMContentLoaded", () => {
  // One chooser above the table sends every row's "add" button to the chosen park.
  const chooser = document.querySelector("select[data-park]");
  if (chooser) {
    const aim = () => {
      for (const form of document.querySelectorAll("form.add-positioning")) form.action = chooser.value;
    };
    chooser.addEventListener("change", aim);
    aim();
  }
  const source = document.getElementById("targeting-data");
  const el = document.getElementById("targeting-chart");
  if (!source || !el || typeof Plotly === "undefined") return;
  const data = JSON.parse(source.textContent);
  const groups = [
    ["ranked", (p) => !p.excluded && !p.present, { colorscale: "Viridis", showscale: true }],
    ["present", (p) => p.present && !p.excluded, { color: "#888", symbol: "square" }],
    ["excluded", (p) => p.excluded, { color: "#c0392b", symbol: "x" }],
  ];
  const traces = groups.map(([key, keep, marker]) => {
    const pts = data.points.filter(keep);
    const m = { size: 10, ...marker };
    if (key === "ranked") m.color = pts.map((p) => p.score);
    return {
      type: "scatter", mode: "markers", name: data.labels[key],
      x: pts.map((p) => p.density), y: pts.map((p) => p.pci),
      text: pts.map((p) => `${p.code} ${p.name}`), hoverinfo: "text+x+y", marker: m,
    };
  });
  const layout = {
    margin: { t: 40, r: 10, b: 50, l: 60 }, legend: { orientation: "h", y: 1.12 },
    xaxis: { title: { text: data.labels.x } }, yaxis: { title: { text: data.labels.y } },
  };
  Plotly.newPlot(el, traces, layout, { displaylogo: false, responsive: true });
});
