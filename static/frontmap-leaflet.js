// Loaded after Leaflet: marker images come from the local copy, not from a guess based on CSS.
if (window.L) { L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/"; }

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
        if (f.properties.popup) layer.bindPopup(f.properties.popup, {maxWidth: 340});
        if (f.properties.tooltip) layer.bindTooltip(f.properties.tooltip, {sticky: true});
      }
    }));
  }

  function get(url, options) {
    var layer = built.get(url);
    if (layer) { built.delete(url); built.set(url, layer); return layer; }
    layer = make(options);
    var done = fetch(url).then(function (r) { return r.json(); }).then(function (data) { layer.addData(data); });
    loading.push(done);
    done.finally(function () { loading = loading.filter(function (x) { return x !== done; }); });
    built.set(url, layer);
    if (built.size > KEEP) built.delete(built.keys().next().value);
    return layer;
  }

  // Adds a layer of `source` (a published file's url, or inline GeoJSON) to `group`.
  function add(group, source, options) {
    // streamlit-folium keeps every group it was ever handed in window.feature_group; the ones it has
    // taken off the map can go (else the tab grows with every date step).
    var map = window.map;
    if (map && window.feature_group) {
      window.feature_group = window.feature_group.filter(function (g) { return map.hasLayer(g); });
    }
    var layer = typeof source === "string" ? get(source, options) : make(options).addData(source);
    if (layer._fmGroup && layer._fmGroup !== group) layer._fmGroup.removeLayer(layer);
    layer._fmGroup = group;
    group.addLayer(layer);
    return layer;
  }

  // Builds (and fetches) layers the next step will likely ask for: the days on either side.
  function prefetch(urls, options) {
    Promise.allSettled(loading).then(function () {
      urls.forEach(function (url) { if (!built.has(url)) get(url, options); });
    });
  }

  return {add: add, prefetch: prefetch};
})();
