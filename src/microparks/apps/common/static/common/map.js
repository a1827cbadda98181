// Draws every <div class="map"> from GeoJSON: inline from <script id="ID"> (data-geojson="ID",
// small maps) or fetched from data-url after the page (maps of many sites, answered with an
// ETag so a repeat visit costs a 304). A fetched layer is drawn on a canvas rather than as SVG
// elements: 10,000+ sites stay responsive. When drawn, the map's element gets
// data-features="N" (the features drawn) and, for scripts and tests, its Leaflet map as
// el.leafletMap.
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
  // The popup is built when opened, not for each of thousands of features up front.
  const popup = (shape) => {
    const p = shape.feature.properties;
    const link = document.createElement("a");
    link.href = p.url;
    link.textContent = `${p.code} ${p.name}`;
    const box = document.createElement("div");
    box.append(link, document.createElement("br"), p.status);
    return box;
  };
  const draw = (el, data, canvas) => {
    const map = L.map(el, { attributionControl: Boolean(el.dataset.tiles), preferCanvas: canvas });
    el.leafletMap = map;
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
      onEachFeature: (f, shape) => shape.bindPopup(popup),
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else {
      map.setView([35, 105], 4); // nothing to show: all of China
    }
    const resize = () => markers.forEach((m) => m.setRadius(markerRadius(map, m)));
    map.on("zoomend", resize);
    resize();
    el.dataset.features = String(layer.getLayers().length);
  };
  for (const el of document.querySelectorAll(".map[data-geojson]")) {
    draw(el, JSON.parse(document.getElementById(el.dataset.geojson).textContent), false);
  }
  for (const el of document.querySelectorAll(".map[data-url]")) {
    // no-cache on the answer: the browser revalidates its copy with If-None-Match
    fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${el.dataset.url}`);
        return response.json();
      })
      .then((data) => draw(el, data, true))
      .catch((error) => {
        console.error(error);
        el.textContent = el.dataset.error;
        el.classList.add("failed");
      });
  }
});
