// The platform's Leaflet maps. `MicroparksMap` builds a map with Chinese controls (zoom titles,
// metric scale bar, attribution), the county's own base (township outlines, roads, rivers,
// red lines: fetched from data-base-url and drawn beneath everything) and the sites; other
// scripts (matching/map.js) use it too. Every <div class="map"> with data-geojson (inline
// <script id=…>, small maps) or data-url (fetched after the page, drawn on a canvas so 10,000+
// sites stay responsive; answered with an ETag) is drawn here. When drawn, the element gets
// data-features="N" (the features drawn) and, for scripts and tests, el.leafletMap.
//
// Readable at any zoom: a site's outline smaller than a marker on screen is drawn as a circle
// marker at its centre instead (county zoom), and as its outline once zoomed in; a site known
// only by its point is a marker as large as a round parcel of its land area would be. Either
// way a symbol is never smaller than 2 × MIN_RADIUS pixels, so every site can be seen and
// clicked. No tiles unless the deployment set a tile URL (data-tiles): nothing is fetched from
// outside the intranet. A map with nothing to show says why (data-empty) instead of staying a
// blank box.
const MicroparksMap = (() => {
  const MIN_RADIUS = 7;
  const escape = (text) =>
    text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const metresPerPixel = (map, lat) =>
    (40075016.686 * Math.cos((lat * Math.PI) / 180)) / 2 ** (map.getZoom() + 8);

  // A map with the zoom buttons, scale bar and attribution in the page's language.
  const create = (el, options = {}) => {
    const map = L.map(el, { zoomControl: false, attributionControl: false, ...options });
    el.leafletMap = map;
    const d = el.dataset;
    L.control.zoom({ zoomInTitle: d.zoomIn || "+", zoomOutTitle: d.zoomOut || "−" }).addTo(map);
    L.control.scale({ imperial: false, maxWidth: 120 }).addTo(map);
    L.control.attribution({ prefix: d.attribution ? escape(d.attribution) : false }).addTo(map);
    if (d.tiles) {
      const attribution = d.tileAttribution ? escape(d.tileAttribution) : "";
      L.tileLayer(d.tiles, { maxZoom: 19, attribution }).addTo(map);
    }
    return map;
  };

  // A small control in a corner holding `nodes`.
  const corner = (map, position, className, nodes) => {
    const control = L.control({ position });
    control.onAdd = () => {
      const box = L.DomUtil.create("div", className);
      box.append(...nodes);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control.addTo(map);
  };

  // A legend entry: a swatch (coloured by script: the CSP refuses style attributes) and label.
  const legendItem = (colour, kind, label) => {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch ${kind}`;
    if (kind === "line" || kind === "outline") swatch.style.borderColor = colour;
    else swatch.style.background = colour;
    item.append(swatch, label);
    return item;
  };

  // Says what the map lacks, over the map, instead of leaving an empty box.
  const explain = (el, text) => {
    if (!text) return;
    const note = L.DomUtil.create("p", "map-empty", el);
    note.textContent = text;
  };

  const BASE_STYLES = {
    line: (c) => ({ color: c, weight: 2, opacity: 0.9 }),
    area: (c) => ({ color: c, weight: 1, opacity: 0.7, fillColor: c, fillOpacity: 0.15 }),
    outline: (c) => ({ color: c, weight: 1.5, opacity: 0.8, dashArray: "6 4", fill: false }),
  };

  // The county's base beneath the sites. One answer holds one county: the map asks for what
  // lies around its view (bbox, padded by half a view each way), and again when moved out of
  // it or zoomed in far enough to want more detail; `fit` when the sites gave the map no
  // extent (then the user's county, or the one in data-base-url, is asked for and shown).
  const addBase = (map, el, fit) => {
    const url = el.dataset.baseUrl;
    if (!url) return Promise.resolve(null);
    map.createPane("base").style.zIndex = 250; // above tiles (200), below the sites (400)
    const renderer = L.canvas({ pane: "base" });
    let drawn = null; // the layers of the last answer
    let legend = null;
    let loaded = null; // the bounds the last answer covers (null: a whole county)
    const around = () => {
      const b = map.getBounds().pad(0.5);
      const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
      return L.latLngBounds(
        [clamp(b.getSouth(), -89.999, 89.999), clamp(b.getWest(), -179.999, 179.999)],
        [clamp(b.getNorth(), -89.999, 89.999), clamp(b.getEast(), -179.999, 179.999)],
      );
    };
    const draw = (data) => {
      if (drawn) map.removeLayer(drawn);
      if (legend) legend.remove();
      const kinds = Object.fromEntries(data.layers.map((l) => [l.name, l]));
      const base = L.geoJSON(data, {
        pane: "base",
        renderer,
        interactive: false,
        filter: (f) => !f.geometry.type.endsWith("Point"),
        style: (f) => {
          const layer = kinds[f.properties.layer];
          return BASE_STYLES[layer.kind](layer.colour);
        },
      });
      drawn = L.layerGroup([base]).addTo(map);
      for (const f of data.features) {
        const at = f.properties.label_at;
        if (at) {
          L.tooltip({ permanent: true, direction: "center", className: "township-label", pane: "base" })
            .setLatLng([at[1], at[0]])
            .setContent(escape(f.properties.name))
            .addTo(drawn);
        }
      }
      const items = data.layers.map((l) => legendItem(l.colour, l.kind, l.label));
      if (items.length) {
        const list = document.createElement("ul");
        list.append(...items);
        legend = corner(map, "bottomright", "map-legend", [list]);
      } else if (el.dataset.noBase) {
        const note = document.createElement("p");
        note.textContent = el.dataset.noBase;
        legend = corner(map, "bottomright", "map-legend", [note]);
      }
      el.dataset.base = String(data.features.length);
      return base;
    };
    const load = (bounds) => {
      const ask = new URL(url, window.location.href);
      if (bounds) {
        const corners = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
        ask.searchParams.set("bbox", corners.map((v) => v.toFixed(3)).join(","));
      }
      loaded = bounds;
      return fetch(ask, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
        .then((response) => {
          if (!response.ok) throw new Error(`${response.status} ${ask}`);
          return response.json();
        })
        .then(draw)
        .catch((error) => console.error(error));
    };
    const first = load(fit ? null : around()).then((base) => {
      if (fit && base && base.getBounds().isValid()) map.fitBounds(base.getBounds());
      return base;
    });
    map.on("moveend", () => {
      const view = map.getBounds();
      if (!loaded) return; // a whole county: nothing more to ask
      const finer = view.getEast() - view.getWest() < (loaded.getEast() - loaded.getWest()) / 8;
      if (!loaded.contains(view) || finer) load(around());
    });
    return first;
  };

  // Every feature reachable by keyboard: a list inside the map (one Tab stop; the arrow keys,
  // Home and End move through the features, the map pans to each; Enter opens its popup and
  // moves to its link; Escape closes it and comes back). The list is hidden until it has the
  // focus, so it takes no room for a mouse. `entries`: {label, latlng, layer()} per feature.
  const keyboard = (map, el, entries) => {
    if (!entries.length) return null;
    const list = document.createElement("ul");
    list.className = "map-features";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", el.dataset.featuresLabel || "");
    const items = entries.map((entry, i) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.tabIndex = i === 0 ? 0 : -1;
      item.textContent = entry.label;
      item.dataset.index = String(i);
      return item;
    });
    list.append(...items);
    let current = 0;
    const go = (i) => {
      items[current].tabIndex = -1;
      items[current].setAttribute("aria-selected", "false");
      current = (i + items.length) % items.length;
      const item = items[current];
      item.tabIndex = 0;
      item.setAttribute("aria-selected", "true");
      item.focus(); // and the map pans to it (focusin below)
    };
    const open = () => {
      const entry = entries[current];
      map.setView(entry.latlng, Math.max(map.getZoom(), 14));
      const layer = entry.layer();
      layer.openPopup(entry.latlng);
      const popup = layer.getPopup();
      const link = popup && popup.getElement() && popup.getElement().querySelector(".leaflet-popup-content a");
      if (link) link.focus();
    };
    const keys = {
      ArrowDown: () => go(current + 1),
      ArrowRight: () => go(current + 1),
      ArrowUp: () => go(current - 1),
      ArrowLeft: () => go(current - 1),
      Home: () => go(0),
      End: () => go(items.length - 1),
      Enter: open,
      " ": open,
    };
    list.addEventListener("keydown", (event) => {
      const act = keys[event.key];
      if (!act) return;
      event.preventDefault();
      event.stopPropagation(); // not the map's own arrow-key panning
      act();
    });
    list.addEventListener("focusin", (event) => {
      const i = Number(event.target.dataset.index);
      if (Number.isNaN(i)) return;
      if (i !== current) go(i);
      else map.panTo(entries[i].latlng, { animate: false }); // no motion to wait through
    });
    // Escape in a popup: back to the feature it was opened from.
    el.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !event.target.closest(".leaflet-popup")) return;
      map.closePopup();
      items[current].focus();
    });
    items[0].setAttribute("aria-selected", "false");
    corner(map, "topright", "map-features-box", [list]);
    el.dataset.keyboard = String(items.length);
    return list;
  };

  // The sites (GeoJSON features) as outlines or markers, whichever is larger on screen.
  const sites = (map, data, { popup, canvas = false }) => {
    const group = L.featureGroup();
    const points = [];
    const outlines = []; // [outline, its marker, its bounds]
    const entries = []; // for the keyboard: each feature's label, place and layer shown
    const marker = (latlng, colour) =>
      L.circleMarker(latlng, { className: "site-marker", radius: MIN_RADIUS, color: colour, weight: 2, fillOpacity: 0.7 });
    L.geoJSON(data, {
      style: (f) => ({ color: f.properties.colour, weight: 2, fillOpacity: 0.45 }),
      pointToLayer: (f, latlng) => {
        const m = marker(latlng, f.properties.colour);
        points.push(m);
        return m;
      },
      onEachFeature: (f, shape) => {
        shape.bindPopup(popup);
        const label = [f.properties.code, f.properties.name, f.properties.status].filter(Boolean).join(" · ");
        if (shape instanceof L.CircleMarker) {
          group.addLayer(shape);
          entries.push({ label, latlng: shape.getLatLng(), layer: () => shape });
          return;
        }
        const bounds = shape.getBounds();
        const m = marker(bounds.getCenter(), f.properties.colour);
        m.feature = f;
        m.bindPopup(popup);
        outlines.push([shape, m, bounds]);
        entries.push({ label, latlng: bounds.getCenter(), layer: () => (group.hasLayer(m) ? m : shape) });
      },
    });
    const pixels = (bounds) => {
      const nw = map.latLngToLayerPoint(bounds.getNorthWest());
      const se = map.latLngToLayerPoint(bounds.getSouthEast());
      return Math.min(se.x - nw.x, se.y - nw.y);
    };
    const redraw = () => {
      for (const m of points) {
        const area = m.feature.properties.land_area_m2 || 0;
        const lat = m.getLatLng().lat;
        m.setRadius(Math.max(MIN_RADIUS, Math.sqrt(area / Math.PI) / metresPerPixel(map, lat)));
      }
      for (const [outline, m, bounds] of outlines) {
        const small = pixels(bounds) < 2 * MIN_RADIUS;
        const [show, hide] = small ? [m, outline] : [outline, m];
        if (!group.hasLayer(show)) group.addLayer(show);
        if (group.hasLayer(hide)) group.removeLayer(hide);
      }
    };
    // The extent of every site, outline or point, whichever is on the map now.
    group.siteBounds = () => {
      const all = L.latLngBounds([]);
      for (const m of points) all.extend(m.getLatLng());
      for (const [, , bounds] of outlines) all.extend(bounds);
      return all;
    };
    group.count = points.length + outlines.length;
    group.entries = entries;
    group.redraw = redraw;
    map.on("zoomend", redraw);
    group.addTo(map);
    return group;
  };

  // Fit the map to `bounds`, or the whole country while there is nothing to show.
  const fit = (map, bounds) => {
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    else map.setView([35, 105], 4);
  };

  return { MIN_RADIUS, create, addBase, sites, keyboard, fit, explain, legendItem, corner };
})();

document.addEventListener("DOMContentLoaded", () => {
  // The legend's colours below the map: set here, since the CSP refuses style attributes.
  for (const swatch of document.querySelectorAll(".swatch[data-colour]")) {
    swatch.style.background = swatch.dataset.colour;
  }
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
    const map = MicroparksMap.create(el, { preferCanvas: canvas });
    const layer = MicroparksMap.sites(map, data, { popup, canvas });
    const bounds = layer.siteBounds();
    MicroparksMap.fit(map, bounds);
    layer.redraw();
    MicroparksMap.addBase(map, el, !bounds.isValid());
    MicroparksMap.keyboard(map, el, layer.entries);
    if (!layer.count) MicroparksMap.explain(el, el.dataset.empty);
    el.dataset.features = String(layer.count);
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
