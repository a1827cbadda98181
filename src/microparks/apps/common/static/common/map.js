// Draws every <div class="map" data-geojson="ID"> from the GeoJSON in <script id="ID">.
// A base map is drawn only when the deployment set a tile URL (data-tiles); otherwise the
// polygons stand on a blank map, so nothing is fetched from outside the intranet.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll(".map[data-geojson]")) {
    const data = JSON.parse(document.getElementById(el.dataset.geojson).textContent);
    const map = L.map(el, { attributionControl: Boolean(el.dataset.tiles) });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
    }
    const layer = L.geoJSON(data, {
      style: (f) => ({ color: f.properties.colour, weight: 2, fillOpacity: 0.45 }),
      onEachFeature: (f, shape) => {
        const p = f.properties;
        const link = document.createElement("a");
        link.href = p.url;
        link.textContent = `${p.code} ${p.name}`;
        const box = document.createElement("div");
        box.append(link, document.createElement("br"), p.status);
        shape.bindPopup(box);
      },
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else {
      map.setView([35, 105], 4);  // nothing to show: all of China
    }
  }
});
