// Draws every <div class="map" data-match="ID"> from the GeoJSON in <script id="ID">: the
// places' outlines (or, for a site known only by its ledger point, a circle marker as on the
// other maps: never smaller than MIN_RADIUS pixels), each prospect's location and a line
// prospect → place (solid: in the plan, dashed: recommended) with a popup naming both and the
// cost. No base map unless the deployment set a tile URL (data-tiles), so nothing is fetched
// from outside the intranet.
document.addEventListener("DOMContentLoaded", () => {
  const MIN_RADIUS = 7;
  const popup = (props, title) => {
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = props.url;
    link.textContent = title;
    box.append(link);
    return box;
  };
  for (const el of document.querySelectorAll(".map[data-match]")) {
    const data = JSON.parse(document.getElementById(el.dataset.match).textContent);
    const map = L.map(el, { attributionControl: Boolean(el.dataset.tiles) });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
    }
    const group = L.featureGroup().addTo(map);
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
        const box = popup(p, p.prospect);
        box.append(document.createElement("br"), p.popup);
        line.bindPopup(box).addTo(group);
      } else if (p.kind === "prospect") {
        const [lon, lat] = f.geometry.coordinates;
        L.circleMarker([lat, lon], {
          className: "match-prospect", radius: 6, color: "#c0392b", fillOpacity: 0.8,
        }).bindPopup(popup(p, p.name)).addTo(group);
      } else {
        L.geoJSON(f, {
          style: () => ({ color: p.colour, weight: 2, fillOpacity: 0.45 }),
          pointToLayer: (_f, latlng) =>
            L.circleMarker(latlng, { className: "site-marker", radius: MIN_RADIUS }),
        }).bindPopup(() => {
          const box = popup(p, `${p.code} ${p.name}`);
          box.append(document.createElement("br"), p.status);
          return box;
        }).addTo(group);
      }
    }
    const bounds = group.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else {
      map.setView([35, 105], 4);  // nothing to show: all of China
    }
  }
});
