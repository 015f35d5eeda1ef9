// Loaded after Leaflet: marker images come from the local copy, not from a guess based on CSS.
if (window.L) { L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/"; }

// Leaflet focuses the map on the first mousedown; when the map's frame is partly out of view the
// page then scrolls it in, the map moves under the pointer, and that first click misses its marker.
if (window.L && L.Map.Keyboard) {
  L.Map.Keyboard.prototype._onMouseDown = function () {
    if (!this._focused) this._map._container.focus({preventScroll: true});
  };
}

// Hatches for the land that changed hands: lines one way for land Russia lost, crossed for land it
// gained, so the two differ in greyscale and for every kind of colour vision.
if (!document.getElementById("fm-hatches")) {
  var hatches = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  hatches.setAttribute("id", "fm-hatches");
  hatches.setAttribute("style", "position:absolute;width:0;height:0");
  hatches.innerHTML =
    '<defs><pattern id="fm-hatch-lost" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="8" height="8" fill="#56B4E9" fill-opacity="0.25"/><line x1="0" y1="0" x2="0" y2="8" stroke="#0072B2" stroke-width="3"/></pattern>' +
    '<pattern id="fm-hatch-gained" width="8" height="8" patternUnits="userSpaceOnUse">' +
    '<rect width="8" height="8" fill="#D55E00" fill-opacity="0.25"/><path d="M0 0L8 8M8 0L0 8" stroke="#8C3E00" stroke-width="1.5"/></pattern></defs>';
  (document.body || document.documentElement).appendChild(hatches);
}

// frontmap's layers: GeoJSON whose features carry their own style, popup, tooltip and icon, all
// made (and escaped) in Python. A layer's data is a published file the browser fetches once, or
// inline data. A date step re-sends only the names of the layers of the day, and a layer already
// built for a file is reused, not rebuilt: the map stays mounted while its dated layers change.
window.fm = window.fm || (function () {
  var built = new Map();  // url -> L.GeoJSON, most recently used last
  var loading = [];       // fetches under way, which go before any prefetch
  var KEEP = 24;          // enough for a day's layers and the days around it; older ones are dropped

  function point(feature, latlng, pane) {
    var p = feature.properties;
    if (p.icon) {
      return L.marker(latlng, {
        icon: L.divIcon({html: p.icon.html, className: "fm-icon", iconSize: p.icon.size, iconAnchor: p.icon.anchor}),
        keyboard: false, pane: pane || "markerPane"
      });
    }
    return L.circleMarker(latlng, Object.assign({pane: pane || "overlayPane"}, p.style));
  }

  function make(options) {
    return L.geoJSON(null, Object.assign({}, options, {
      style: function (f) { return f.properties.style || {}; },
      pointToLayer: function (f, latlng) { return point(f, latlng, options.pane); },
      onEachFeature: function (f, layer) {
        // Chromium puts every clickable SVG shape in the tab order: dozens of stops inside the map
        // before the page goes on. The shapes' facts are in the text under the map instead.
        if (layer instanceof L.Path) layer.on("add", function () { layer.getElement().setAttribute("tabindex", "-1"); });
        if (f.properties.popup) layer.bindPopup(f.properties.popup, {maxWidth: 340});
        if (f.properties.tooltip) layer.bindTooltip(f.properties.tooltip, {sticky: true});
      }
    }));
  }

  function get(url, options) {
    var layer = built.get(url);
    if (layer) { built.delete(url); built.set(url, layer); return layer; }
    layer = make(options);
    var done = fetch(url).then(function (r) { return r.json(); }).then(function (data) { layer.addData(data); keepLabelsIn(); });
    loading.push(done);
    done.finally(function () { loading = loading.filter(function (x) { return x !== done; }); });
    built.set(url, layer);
    if (built.size > KEEP) built.delete(built.keys().next().value);
    return layer;
  }

  // Layers on the map by slot (its kind: "control", "places", ...), and those seen in this update.
  var mounted = new Map(), seen = null;

  // Adds a layer of `source` (a published file's url, or inline GeoJSON). In a streamlit-folium map
  // a layer with a slot goes on the map itself, not into the group streamlit-folium rebuilds on
  // every date step: a layer whose file did not change stays as it is drawn, one whose file changed
  // is swapped, and those no update names any more are taken off. Elsewhere (an exported file, the
  // base map) the layer goes into `group`.
  function add(group, source, options) {
    var map = window.map;
    var layer = typeof source === "string" ? get(source, options) : make(options).addData(source);
    if (!map || !options.slot) {
      if (layer._fmGroup && layer._fmGroup !== group) layer._fmGroup.removeLayer(layer);
      layer._fmGroup = group;
      group.addLayer(layer);
      return layer;
    }
    // streamlit-folium keeps every group it was ever handed in window.feature_group; the ones it has
    // taken off the map can go (else the tab grows with every date step).
    if (window.feature_group) {
      window.feature_group = window.feature_group.filter(function (g) { return map.hasLayer(g); });
    }
    if (!seen) {
      seen = new Set();
      Promise.resolve().then(function () {  // after the whole update has run
        mounted.forEach(function (l, slot) { if (!seen.has(slot)) { map.removeLayer(l); mounted.delete(slot); } });
        seen = null;
      });
    }
    seen.add(options.slot);
    var before = mounted.get(options.slot);
    if (before !== layer) {
      if (before) map.removeLayer(before);
      layer.addTo(map);
      mounted.set(options.slot, layer);
    }
    return layer;
  }

  // A place's label that would run past the map's edge ("Rostov-o…") goes to the other side of
  // its dot; the dot stays on its coordinates (the icon's margin moves by what the dot moved).
  function keepLabelsIn() {
    var map = window.map;
    if (!map) return;
    if (!map._fmLabels) { map._fmLabels = true; map.on("moveend zoomend resize", keepLabelsIn); }
    var edge = map.getContainer().getBoundingClientRect();
    map.getContainer().querySelectorAll(".fm-icon .fm-place").forEach(function (place) {
      var label = place.querySelector(".fm-label"), spot = place.firstElementChild.getBoundingClientRect();
      if (!label || spot.right < edge.left || spot.left > edge.right) return;  // its place is out of view
      var box = label.getBoundingClientRect(), row = place.style.flexDirection !== "row-reverse";
      var out = row ? box.right > edge.right : box.left < edge.left;
      if (!out) return;
      var dot = place.firstElementChild, before = spot.left, icon = place.parentElement;
      place.style.flexDirection = row ? "row-reverse" : "row";
      var after = label.getBoundingClientRect();
      if (row ? after.left < edge.left : after.right > edge.right) {  // no room either side: as it was
        place.style.flexDirection = row ? "row" : "row-reverse";
        return;
      }
      icon.style.marginLeft = (parseFloat(icon.style.marginLeft) || 0) + before - dot.getBoundingClientRect().left + "px";
    });
  }

  // Builds (and fetches) layers the next step will likely ask for: the days on either side.
  function prefetch(urls, options) {
    Promise.allSettled(loading).then(function () {
      urls.forEach(function (url) { if (!built.has(url)) get(url, options); });
    });
  }

  // The map's name for assistive technology (its frame's title, else "streamlit_folium.st_folium"),
  // a notice set large over the map (or none), and the legend folded into a control that only a
  // narrow map shows (the page's own legend is hidden there). Sent with the dated layers: all
  // three follow the day, and the map takes the dark theme's colours when the page has it (MAP_CSS).
  // The legend is HTML made and escaped in Python (layers.legend_html).
  var notice = null, legend = null;
  function control(position, className, html, fill) {
    var made = L.control({position: position});
    made.onAdd = function () {
      var box = L.DomUtil.create("div", className);
      fill(box, html);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    made._fmHtml = html;
    return made;
  }
  function info(title, text, legendHtml, dark) {
    var map = window.map;
    if (window.frameElement) window.frameElement.title = title;
    if (!map) return;
    map.getContainer().setAttribute("aria-label", title);
    map.getContainer().classList.toggle("fm-dark", !!dark);
    if (!notice || notice._fmHtml !== text) {
      if (notice) notice.remove();
      notice = text ? control("topright", "fm-notice", text, function (box, t) {
        box.setAttribute("role", "status");
        box.textContent = t;
      }).addTo(map) : null;
    }
    if (!legend || legend._fmHtml !== legendHtml) {
      var open = legend && legend.getContainer().querySelector("details").open;
      if (legend) legend.remove();
      legend = legendHtml ? control("bottomleft", "fm-legend-fold", legendHtml, function (box, h) {
        box.innerHTML = "<details" + (open ? " open" : "") + "><summary>Legend</summary>" + h + "</details>";
      }).addTo(map) : null;
    }
  }

  return {add: add, prefetch: prefetch, info: info};
})();
