// Draws every <div class="map" data-match="ID"> from the GeoJSON in <script id="ID">: the
// places' sites (outlines, or markers where an outline would be smaller than a marker, as on
// the other maps: common/map.js), each prospect's location and a line prospect → place
// (solid: in the plan, dashed: recommended) with a popup naming both and the cost, over the
// county's base (townships, roads, rivers, red lines). No tiles unless the deployment set a
// tile URL, so nothing is fetched from outside the intranet.
document.addEventListener("DOMContentLoaded", () => {
  const link = (props, title) => {
    const box = document.createElement("div");
    const a = document.createElement("a");
    a.href = props.url;
    a.textContent = title;
    box.append(a);
    return box;
  };
  const sitePopup = (shape) => {
    const p = shape.feature.properties;
    const box = link(p, `${p.code} ${p.name}`);
    box.append(document.createElement("br"), p.status);
    return box;
  };
  for (const el of document.querySelectorAll(".map[data-match]")) {
    const data = JSON.parse(document.getElementById(el.dataset.match).textContent);
    const map = MicroparksMap.create(el);
    const siteFeatures = data.features.filter((f) => f.properties.kind === "site");
    const sites = MicroparksMap.sites(map, { type: "FeatureCollection", features: siteFeatures }, {
      popup: sitePopup,
    });
    const group = L.featureGroup().addTo(map);
    const entries = [...sites.entries]; // the keyboard's list: the sites, then the prospects
    for (const f of data.features) {
      const p = f.properties;
      if (p.kind === "line") {
        const [a, b] = f.geometry.coordinates;
        const line = L.polyline([[a[1], a[0]], [b[1], b[0]]], {
          className: p.assigned ? "match-line assigned" : "match-line recommended",
          color: p.assigned ? "#1e8449" : "#2471a3",
          weight: p.assigned ? 3 : 2,
          dashArray: p.assigned ? null : "6 6",
        });
        const box = link(p, p.prospect);
        box.append(document.createElement("br"), p.popup);
        line.bindPopup(box).addTo(group);
      } else if (p.kind === "prospect") {
        const [lon, lat] = f.geometry.coordinates;
        const m = L.circleMarker([lat, lon], {
          className: "match-prospect", radius: MicroparksMap.MIN_RADIUS, color: "#c0392b", fillOpacity: 0.8,
        }).bindPopup(link(p, p.name)).addTo(group);
        entries.push({ label: p.name, latlng: m.getLatLng(), layer: () => m });
      }
    }
    const bounds = sites.siteBounds();
    if (group.getLayers().length) bounds.extend(group.getBounds());
    MicroparksMap.fit(map, bounds);
    sites.redraw();
    MicroparksMap.addBase(map, el, !bounds.isValid());
    MicroparksMap.keyboard(map, el, entries);
    if (!sites.count && !group.getLayers().length) MicroparksMap.explain(el, el.dataset.empty);
    el.dataset.features = String(sites.count + group.getLayers().length);
  }
});
