// The page's main map (in the shell's container, app/shell.py) fills its frame, which the page
// sizes to the window.
try {
  if (window.frameElement && window.frameElement.closest(".st-key-fm_shell_map")) document.documentElement.classList.add("fm-fill");
} catch (err) { /* not in a page of the app */ }

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

// streamlit-folium's internals (0.27.4), touched here and nowhere else; tests/test_pinned_internals.py
// fails when an upgrade's frontend no longer has one of them.
var stFolium = {
  // the map of a streamlit-folium frame (none in an exported file): streamlit-folium's window.map
  map: function () { return window.map || null; },
  // it keeps every group it was ever handed in window.feature_group; the ones it has taken off the
  // map can go (else the tab grows with every date step)
  forgetRemovedGroups: function (map) {
    if (window.feature_group) {
      window.feature_group = window.feature_group.filter(function (g) { return map.hasLayer(g); });
    }
  },
  // Leaflet.draw's shapes are kept in window.drawnItems (streamlit-folium names the folium Draw's
  // group so and sends its GeoJSON as `all_drawings`). Once the page has taken a shape into the deck
  // and draws it itself, the drafts give way to the slide's drawings as plain shapes, unseen until
  // the edit tool moves them; each says which drawing of which version of the slide it is.
  drafts: function (shapes, version) {
    var items = window.drawnItems;
    if (!items || !items.clearLayers) return;
    items.clearLayers();
    var unseen = {opacity: 0, fillOpacity: 0, interactive: false};
    shapes.forEach(function (s, i) {
      var at = s.coords.map(function (c) { return [c[1], c[0]]; });
      var layer = s.type === "area" ? L.polygon(at, unseen)
        : s.type === "circle" ? L.circle(at[0], Object.assign({radius: s.radius_km * 1000}, unseen))
        : s.type === "label" ? L.circleMarker(at[0], Object.assign({radius: 8}, unseen))
        : s.type === "marker" ? L.marker(at[0], {icon: L.divIcon({className: "fm-edit-spot", iconSize: [16, 16]}), keyboard: false})
        : L.polyline(at, unseen);
      layer.feature = {type: "Feature", properties: {index: i, version: version}};
      if (s.type === "circle") layer.feature.properties.radius = s.radius_km * 1000;
      items.addLayer(layer);
    });
  },
  // tell the page an object was clicked, as a marker's click does (`last_object_clicked_tooltip`
  // names it); streamlit-folium sends its value, debounced, on moveend
  reportObjectClick: function (map, latlng, tooltip) {
    var g = window.__GLOBAL_DATA__;
    if (!g) return;
    g.last_object_clicked = latlng;
    g.last_object_clicked_count += 1;
    g.last_object_clicked_tooltip = tooltip;
    g.last_object_clicked_popup = null;
    map.fire("moveend");
  },
  // hand the page a value of our own (Explore's lasso), as its drawing plugin's `all_drawings`
  // would be; sent with the same debounced update
  reportDrawing: function (map, value) {
    var g = window.__GLOBAL_DATA__;
    if (!g) return;
    g.all_drawings = value;
    map.fire("moveend");
  }
};

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
    var done = fetch(url).then(function (r) { return r.json(); }).then(function (data) { layer.addData(data); keepLabelsIn(); window.fm.link.openPending(); });
    layer._fmLoaded = done;
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
    var map = stFolium.map();
    var layer = typeof source === "string" ? get(source, options) : make(options).addData(source);
    if (!map || !options.slot) {
      if (layer._fmGroup && layer._fmGroup !== group) layer._fmGroup.removeLayer(layer);
      layer._fmGroup = group;
      group.addLayer(layer);
      return layer;
    }
    stFolium.forgetRemovedGroups(map);
    mount(map, options.slot, layer);
    Promise.resolve().then(function () { window.fm.link.openPending(); });
    return layer;
  }

  function mount(map, slot, layer) {
    if (!seen) {
      seen = new Set();
      Promise.resolve().then(function () {  // after the whole update has run
        mounted.forEach(function (l, s) { if (!seen.has(s)) { map.removeLayer(l); mounted.delete(s); } });
        seen = null;
      });
    }
    seen.add(slot);
    var before = mounted.get(slot);
    if (before !== layer) {
      if (before) map.removeLayer(before);
      layer.addTo(map);
      mounted.set(slot, layer);
    }
  }

  // A place's label that would run past the map's edge ("Rostov-o…") goes to the other side of
  // its dot; the dot stays on its coordinates (the icon's margin moves by what the dot moved).
  function keepLabelsIn() {
    var map = stFolium.map();
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
    var map = stFolium.map();
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
      var open = legend && legend.getContainer().querySelector("details").open;  // as the viewer left it
      if (legend) legend.remove();
      legend = legendHtml ? control("bottomleft", "fm-legend-fold", legendHtml, function (box, h) {
        box.innerHTML = "<details" + (open ? " open" : "") + "><summary>Legend</summary>" + h + "</details>";
        var named = box.querySelector("[data-name]");  // the word in the page's language (legend_html)
        if (named) box.querySelector("summary").textContent = named.getAttribute("data-name");
      }).addTo(map) : null;
    }
  }

  // A layer of a slot swapped in the browser, outside a server's update (`fm.days`): the others stay.
  function swap(url, options) {
    var map = stFolium.map(), layer = get(url, options), before = mounted.get(options.slot);
    if (!map) return layer;
    if (before !== layer) {
      if (before) map.removeLayer(before);
      layer.addTo(map);
      mounted.set(options.slot, layer);
    }
    return layer;
  }
  function slotLayer(slot) { return mounted.get(slot); }

  return {add: add, prefetch: prefetch, info: info, mount: mount, swap: swap, slotLayer: slotLayer};
})();

// Many points from a binary copy (frontmap/maps/pointcloud.py): fetched once per url, then only the
// mask of matching rows changes. The matching points in view are binned into cells of CELL pixels at
// the map's zoom; a cell of one row is that row's dot, a cell of several a circle with its count.
// A click on either selects its rows: the key goes to the page as the clicked object's tooltip.
// The circles are drawn on a canvas and the counts are one block of HTML: a marker per count made
// each its own compositing layer, and laying out hundreds of them took 90 ms a date step.
(function () {
  var CELL = 44, points = new Map();

  // A session's file is served from Streamlit's memory and may be briefly away while the session
  // reruns (it is named again during the run): a failed or malformed fetch is tried again.
  function fetchCloud(url, tries) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("point cloud " + url + ": HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      var n = buf.byteLength >= 12 ? new DataView(buf).getUint32(8, true) : -1;
      var magic = String.fromCharCode.apply(null, new Uint8Array(buf, 0, Math.min(5, buf.byteLength)));
      if (magic !== "FMPC2" || buf.byteLength !== 12 + 11 * n) throw new Error("point cloud " + url + ": not one");
      var lon = new Float32Array(buf, 12, n), lat = new Float32Array(buf, 12 + 4 * n, n);
      var colour = new Uint8Array(buf, 12 + 8 * n, n);
      var day = new Uint16Array(buf.slice(12 + 9 * n, 12 + 11 * n));  // (copied: an odd offset is not aligned)
      var mx = new Float64Array(n), my = new Float64Array(n);  // web mercator, 0..1
      for (var i = 0; i < n; i++) {
        var s = Math.sin(Math.max(Math.min(lat[i], 85), -85) * Math.PI / 180);
        mx[i] = lon[i] / 360 + 0.5;
        my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      }
      return {n: n, lon: lon, lat: lat, colour: colour, day: day, mx: mx, my: my};
    }).catch(function (err) {
      if (tries >= 5) throw err;
      return new Promise(function (later) { setTimeout(later, 250 * (tries + 1)); })
        .then(function () { return fetchCloud(url, tries + 1); });
    });
  }

  function load(url) {
    if (!points.has(url)) {
      var got = fetchCloud(url, 0);
      got.catch(function () { points.delete(url); });  // the next update asks again
      points.set(url, got);
      if (points.size > 4) points.delete(points.keys().next().value);
    }
    return points.get(url);
  }

  function unmask(text, n) {
    if (!text) return Promise.resolve(null);
    var raw = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b, 0, (n + 7) >> 3); });
  }

  function selectionKey(rows, n) {
    if (rows.length <= 2000) return "rows:" + rows.join(",");
    var bits = new Uint8Array((n + 7) >> 3);
    rows.forEach(function (i) { bits[i >> 3] |= 1 << (i & 7); });
    var s = "";
    for (var i = 0; i < bits.length; i += 8192) s += String.fromCharCode.apply(null, bits.subarray(i, i + 8192));
    return "bits:" + btoa(s);
  }

  var Cloud = L.Layer.extend({
    initialize: function (options) { this.options = options; this.data = null; this.bits = null; this.cells = []; this.upTo = null; },
    // row i is drawn: it matches (the server's mask) and is not dated after a day the browser drew
    // ahead of the server (`upTo`, days since 1970; an undated row always is)
    shows: function (i) {
      var bits = this.bits, d = this.data, since = this.options.since, range = this.range || this.options.range;
      if (this.upTo !== null && since !== undefined) {  // a mask of dates only: worked out for the day
        return d.day[i] === 0xFFFF || (d.day[i] >= since && d.day[i] <= this.upTo);
      }
      if (bits && !((bits[i >> 3] >> (i & 7)) & 1)) return false;
      // a mask of every filter but the dates: the dates are the browser's (fm.range)
      if (range) return d.day[i] === 0xFFFF || (d.day[i] >= range[0] && d.day[i] <= range[1]);
      return this.upTo === null || d.day[i] === 0xFFFF || d.day[i] <= this.upTo;
    },
    count: function () {
      var d = this.data, shown = 0;
      for (var i = 0; i < d.n; i++) if (isFinite(d.mx[i]) && this.shows(i)) shown++;
      this.shown = shown;
    },
    // drawn up to a day, before the server's update for it (fm.days)
    limitTo: function (dayNumber) {
      if (!this.data) return;
      this.upTo = dayNumber;
      this.count();
      this.draw();
    },
    // Explore's range drawn before the server's update for it (fm.range)
    setRange: function (first, last) {
      if (!this.data) return;
      this.range = [first, last];
      this.count();
      this.draw();
    },
    onAdd: function (map) {
      this.group = L.layerGroup().addTo(map);
      this.renderer = L.canvas({pane: "fm-points", padding: 0.2});
      this.labels = L.DomUtil.create("div", "fm-cloud-labels", map.getPane("fm-points"));
      this.total = L.control({position: "bottomleft"});
      var self = this;
      this.total.onAdd = function () {
        self.box = L.DomUtil.create("div", "fm-cloud-total");
        return self.box;
      };
      this.total.addTo(map);
      map.on("moveend", this.draw, this);
      map.on("zoomstart", this.hideLabels, this);  // drawn again at the new zoom on moveend
      map.on("click", this.click, this);
      map.on("mousemove", this.hover, this);
      this.draw();
    },
    onRemove: function (map) {
      map.off("moveend", this.draw, this); map.off("click", this.click, this); map.off("mousemove", this.hover, this);
      map.off("zoomstart", this.hideLabels, this);
      map.removeLayer(this.group); map.removeControl(this.total); L.DomUtil.remove(this.labels);
    },
    hideLabels: function () { this.labels.style.display = "none"; },
    // a count in the page's language (the words' forms by the browser's plural categories, from Python)
    said: function (which, n) {
      var words = this.options.words, forms = words[which];
      return (forms[new Intl.PluralRules(words.locale).select(n)] || forms.other).replace("{n}", n.toLocaleString(words.locale));
    },
    update: function (url, mask) {
      var self = this, token = {};
      this.token = token;
      Promise.all([load(url), unmask(mask, this.options.count)]).then(function (got) {
        if (self.token !== token) return;  // a later update won
        self.data = got[0]; self.bits = got[1]; self.upTo = self.range = null;  // the server's mask is of its day
        self.count();
        self.draw();
      }).catch(function () {
        if (self.token === token && self.box) self.box.textContent = self.options.words.failed;
      });
    },
    draw: function () {
      var map = this._map, d = this.data;
      if (!map || !d) return;
      var z = map.getZoom(), scale = 256 * Math.pow(2, z), size = map.getSize();
      var origin = map.project(map.getCenter(), z).subtract(size.divideBy(2));
      var x0 = origin.x - size.x * 0.2, y0 = origin.y - size.y * 0.2, x1 = origin.x + size.x * 1.2, y1 = origin.y + size.y * 1.2;
      var cells = new Map();
      for (var i = 0; i < d.n; i++) {
        if (!this.shows(i)) continue;
        var px = d.mx[i] * scale, py = d.my[i] * scale;
        if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1)) continue;  // (an unplaced row is NaN)
        var key = Math.floor(px / CELL) * 1e6 + Math.floor(py / CELL), c = cells.get(key);
        if (!c) { c = {rows: [], x: 0, y: 0, colours: {}}; cells.set(key, c); }
        c.rows.push(i); c.x += px; c.y += py;
        c.colours[d.colour[i]] = (c.colours[d.colour[i]] || 0) + 1;
      }
      var group = this.group, renderer = this.renderer, palette = this.options.palette, out = [], counts = [];
      var locale = this.options.words.locale;
      group.clearLayers();
      cells.forEach(function (c) {
        var n = c.rows.length, at = map.unproject([c.x / n, c.y / n], z), top = 0, colour = 0;
        for (var k in c.colours) if (c.colours[k] > top) { top = c.colours[k]; colour = k; }
        var radius = n === 1 ? 6 : Math.min(22, 9 + 3 * Math.log10(n) * 1.6);
        c.at = at; c.radius = radius;
        group.addLayer(L.circleMarker(at, {renderer: renderer, radius: radius, weight: n === 1 ? 1.5 : 2, color: "#1A1A1A",
          fillColor: palette[colour] || "#7F7F7F", fillOpacity: n === 1 ? 0.9 : 0.75, interactive: false}));
        if (n > 1) {
          var p = map.latLngToLayerPoint(at);
          counts.push("<div class='fm-cloud-count' style='left:" + (p.x - radius) + "px;top:" + (p.y - radius) +
            "px;width:" + 2 * radius + "px;height:" + 2 * radius + "px'>" + n.toLocaleString(locale) + "</div>");
        }
        out.push(c);
      });
      this.labels.innerHTML = counts.join("");  // numbers only: no text of a row goes in
      this.labels.style.display = "";
      this.cells = out;
      if (this.box) {
        this.box.textContent = this.said("total", this.shown || 0);
        this.box.setAttribute("data-count", String(this.shown || 0));
      }
    },
    hit: function (e) {
      var map = this._map, p = map.latLngToLayerPoint(e.latlng), best = null, dist = Infinity;
      this.cells.forEach(function (c) {
        var q = map.latLngToLayerPoint(c.at), d2 = p.distanceTo(q);
        if (d2 <= c.radius + 3 && d2 < dist) { best = c; dist = d2; }
      });
      return best;
    },
    hover: function (e) {
      var c = this.hit(e), box = this._map.getContainer();
      box.style.cursor = c ? "pointer" : "";
      box.title = c ? this.said("here", c.rows.length) : "";
    },
    click: function (e) {
      var c = this.hit(e);
      if (c) stFolium.reportObjectClick(this._map, e.latlng, selectionKey(c.rows, this.data.n));
    }
  });

  window.fm.cloud = function (group, url, mask, options) {
    var map = stFolium.map(), layer = null;
    window.fm._clouds = window.fm._clouds || new Map();
    if (map && options.slot) layer = window.fm._clouds.get(options.slot);
    if (!layer || !map) {
      layer = new Cloud(options);
      if (map && options.slot) window.fm._clouds.set(options.slot, layer);
    }
    layer.options = options;
    if (map && options.slot) window.fm.mount(map, options.slot, layer); else group.addLayer(layer);
    layer.update(url, mask);
    return layer;
  };

  // A date range (YYYY-MM-DD) drawn at once by the clouds that leave the dates to the browser
  // (Explore's range bar calls it before the server's run; the server's update then replaces it).
  window.fm.range = function (first, last) {
    var a = Math.round(Date.parse(first) / 864e5), b = Math.round(Date.parse(last) / 864e5);
    if (!window.fm._clouds || !(a <= b)) return false;
    window.fm._clouds.forEach(function (c) { if (c.options.range) c.setRange(a, b); });
    return true;
  };
})();

// The view is a link. The page's main map (in the shell's container) writes its centre and zoom
// (`at=lat,lon,zoom`) and the event whose popup is open (`sel=id`) into the page's address as they
// change, without a server run (keep-in-url.js keeps them there, on this page); a link that has them
// opens on them.
// Its Left and Right keys step the time bar's day (Shift+arrows pan, as Up and Down do).
window.fm.link = window.fm.link || (function () {
  var page = null;
  try {
    if (window.frameElement && window.frameElement.closest(".st-key-fm_shell_map")) page = window.parent;
  } catch (err) { page = null; }
  var pending = null;  // the event to open once its layer has drawn
  var restored = false;

  function parseAt(text) {
    var m = /^(-?\d{1,2}(?:\.\d{1,7})?),(-?\d{1,3}(?:\.\d{1,7})?),(\d{1,2}(?:\.\d{1,2})?)$/.exec(text || "");
    if (!m) return null;
    var lat = +m[1], lon = +m[2], zoom = +m[3];
    return lat >= -85 && lat <= 85 && lon >= -180 && lon <= 180 && zoom >= 3 && zoom <= 18 ? {lat: lat, lon: lon, zoom: zoom} : null;
  }
  function write(name, value) { if (page && window.fmKeepInUrl) window.fmKeepInUrl(name, value, true); }
  function read(name) { return page ? new URL(page.location.href).searchParams.get(name) : null; }

  function follow(map) {
    map.on("moveend", function () {
      var c = map.getCenter(), z = Math.round(map.getZoom() * 100) / 100;
      write("at", c.lat.toFixed(5) + "," + c.lng.toFixed(5) + "," + z);
    });
    map.on("popupopen", function (e) {
      var f = e.popup._source && e.popup._source.feature;
      if (f && f.properties && f.properties.fid) write("sel", f.properties.fid);
    });
    map.on("popupclose", function (e) {
      var source = e.popup._source, f = source && source.feature;
      if (!f || !f.properties || !f.properties.fid || read("sel") !== f.properties.fid) return;
      // its layer left the map (a date step swaps the day's layers): it opens again in the next one
      if (!map.hasLayer(source)) pending = f.properties.fid; else write("sel", null);
    });
    map.getContainer().ownerDocument.addEventListener("keydown", function (e) {
      var t = e.target, tag = (t && t.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable)) return;
      if (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey || !page.__fmTimeBar) return;
      var step = {ArrowLeft: -1, ArrowRight: 1}[e.key];
      if (!step) return;
      e.preventDefault(); e.stopPropagation();
      page.__fmTimeBar.step(step);
    }, true);
  }

  // Once the map's own script has framed it: the link's view, if it has one (a bad one is dropped).
  L.Map.addInitHook(function () {
    var map = this;
    if (!page || map.getContainer().id !== "map_div") return;
    setTimeout(function () {
      var at = read("at");
      if (at !== null) {
        var view = parseAt(at);
        if (view) { map.setView([view.lat, view.lon], view.zoom, {animate: false}); restored = true; } else write("at", null);
      }
      pending = read("sel");
      follow(map);
      openPending();
    }, 0);
  });

  // The linked event's popup, opened when its layer has drawn (layers arrive after the map).
  function openPending() {
    var map = stFolium.map();
    if (!pending || !map) return;
    map.eachLayer(function (layer) {
      if (!pending || !layer.feature || layer.feature.properties.fid !== pending || !layer.getPopup()) return;
      pending = null;
      if (layer.getLatLng && !restored) map.setView(layer.getLatLng(), Math.max(map.getZoom(), 8), {animate: false});
      // the link's view stands as it was copied: the popup does not pan the map to fit
      var popup = layer.getPopup(), pan = popup.options.autoPan;
      popup.options.autoPan = false;
      map.closePopup();  // (one popup at a time: the day's layer may hold the event twice while swapping)
      layer.openPopup();
      popup.options.autoPan = pan;
    });
  }

  return {openPending: openPending, linked: function () { return restored; }, parseAt: parseAt};
})();

// Any day at once, in the browser: the index of every day's front line (maps/day_lines.py, a
// published file) lets a step or a scrub of the time bar swap the front line and hide the events
// after the day before the server's run (which then finds them drawn). While a line is loading, the
// newest day asked for waits and the ones in between are skipped: a drag never queues its days.
window.fm.days = window.fm.days || (function () {
  var index = null, indexUrl = null, options = null, events = null, busy = false, wanted = null;

  function set(url, controlOptions, eventSlot) {
    options = controlOptions; events = eventSlot;
    if (url === indexUrl) return;
    indexUrl = url;
    fetch(url).then(function (r) { return r.json(); }).then(function (d) { if (indexUrl === url) index = d; })
      .catch(function () { if (indexUrl === url) indexUrl = null; });  // asked again with the next update
  }
  function labelOf(day) {
    var i = Math.round((Date.parse(day) - Date.parse(index.first)) / 864e5), label = null;
    for (var k = 0; k < index.runs.length && index.runs[k][0] <= i; k++) label = index.runs[k][1];
    return label;
  }
  function hideAfter(day) {
    var layer = events && window.fm.slotLayer(events);
    if (!layer || !layer.eachLayer) return;
    layer.eachLayer(function (l) {
      var el = l.getElement && l.getElement(), d = l.feature && l.feature.properties.day;
      if (el && d) el.style.display = d > day ? "none" : "";
    });
  }
  // Draws `day` (YYYY-MM-DD); false where the browser cannot (no index yet, or no line that day).
  function show(day) {
    if (!index || !options || !stFolium.map()) return false;
    var label = labelOf(day), url = label && index.urls[label];
    hideAfter(day);
    if (window.fm._clouds) window.fm._clouds.forEach(function (c) { c.limitTo(Math.round(Date.parse(day) / 864e5)); });
    if (!url) return false;
    if (busy) { wanted = day; return true; }
    var layer = window.fm.swap(url, options);
    if (layer._fmLoaded) {
      busy = true;
      layer._fmLoaded.finally(function () {
        busy = false;
        var next = wanted; wanted = null;
        if (next) show(next);
      });
    }
    return true;
  }
  return {set: set, show: show};
})();
