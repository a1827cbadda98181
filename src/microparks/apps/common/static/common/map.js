// Draws every <div class="map" data-geojson="ID"> from the GeoJSON in <script id="ID">.
// A base map is drawn only when the deployment set a tile URL (data-tiles); otherwise the
// shapes stand on a blank map, so nothing is fetched from outside the intranet.
// Outlines are polygons; a site known only by its point (a ledger's coordinates) is a circle
// marker as large as a round parcel of its land area would be, never smaller than
// MIN_RADIUS pixels, so that a small or far-zoomed site stays visible and clickable.
document.addEventListener("DOMContentLoaded", () => {
  // The legend's colours: set here, since the Content-Security-Policy refuses style attributes.
  for (const swatch of document.querySelectorAll(".swatch[data-colour]")) {
    swatch.style.background = swatch.dataset.colour;
  }
  const MIN_RADIUS = 7;
  const markerRadius = (map, marker) => {
    const area = marker.feature.properties.land_area_m2 || 0;
    const lat = (marker.getLatLng().lat * Math.PI) / 180;
    const metresPerPixel = (40075016.686 * Math.cos(lat)) / 2 ** (map.getZoom() + 8);
    return Math.max(MIN_RADIUS, Math.sqrt(area / Math.PI) / metresPerPixel);
  };
  for (const el of document.querySelectorAll(".map[data-geojson]")) {
    const data = JSON.parse(document.getElementById(el.dataset.geojson).textContent);
    const map = L.map(el, { attributionControl: Boolean(el.dataset.tiles) });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
    }
    const markers = [];
    const layer = L.geoJSON(data, {
      style: (f) => ({ color: f.properties.colour, weight: 2, fillOpacity: 0.45 }),
      pointToLayer: (f, latlng) => {
        const marker = L.circleMarker(latlng, { className: "site-marker", radius: MIN_RADIUS });
        markers.push(marker);
        return marker;
      },
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
    const resize = () => markers.forEach((m) => m.setRadius(markerRadius(map, m)));
    map.on("zoomend", resize);
    resize();
  }
});
