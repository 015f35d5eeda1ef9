// The map's own tools (frontmap/maps/tools.py puts them on every base map), offline:
// - find a place: the shipped places first, then the gazetteer (a file of the app, fetched when the
//   search is first used); choosing one flies there and marks it, and the mark goes into the page's
//   address (`mark=lat,lon,name`), so that the link shows it again;
// - a ruler: clicks add points; each leg's geodesic length and the total, in km.
// Every name is put into the page as text (textContent), never as HTML.
window.fmTools = window.fmTools || (function () {
  var MAX_RESULTS = 8, MARK_ZOOM = 11, MAX_NAME = 100;
  var COUNTRIES = {UA: "Ukraine", RU: "Russia", BY: "Belarus", PL: "Poland", RO: "Romania", MD: "Moldova",
    HU: "Hungary", SK: "Slovakia", LT: "Lithuania", LV: "Latvia", BG: "Bulgaria", RS: "Serbia", GE: "Georgia",
    KZ: "Kazakhstan", XK: "Kosovo", TR: "Türkiye"};

  // Vincenty's inverse formula on the WGS84 ellipsoid: metres between two points (within 0.5 mm).
  function geodesic(a, b) {
    var A = 6378137, F = 1 / 298.257223563, B = A * (1 - F), rad = Math.PI / 180;
    var L = (b.lng - a.lng) * rad;
    var U1 = Math.atan((1 - F) * Math.tan(a.lat * rad)), U2 = Math.atan((1 - F) * Math.tan(b.lat * rad));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L, last, n = 0, sinS, cosS, sigma, cos2A, cos2M;
    do {
      var sinL = Math.sin(lambda), cosL = Math.cos(lambda);
      sinS = Math.hypot(cosU2 * sinL, cosU1 * sinU2 - sinU1 * cosU2 * cosL);
      if (sinS === 0) return 0;  // the same point
      cosS = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
      sigma = Math.atan2(sinS, cosS);
      var sinA = cosU1 * cosU2 * sinL / sinS;
      cos2A = 1 - sinA * sinA;
      cos2M = cos2A ? cosS - 2 * sinU1 * sinU2 / cos2A : 0;  // (both points on the equator)
      var C = F / 16 * cos2A * (4 + F * (4 - 3 * cos2A));
      last = lambda;
      lambda = L + (1 - C) * F * sinA * (sigma + C * sinS * (cos2M + C * cosS * (2 * cos2M * cos2M - 1)));
    } while (Math.abs(lambda - last) > 1e-12 && ++n < 200);  // (nearly antipodal points converge slowly)
    var u2 = cos2A * (A * A - B * B) / (B * B);
    var k1 = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    var k2 = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    var dSigma = k2 * sinS * (cos2M + k2 / 4 * (cosS * (2 * cos2M * cos2M - 1) -
      k2 / 6 * cos2M * (4 * sinS * sinS - 3) * (4 * cos2M * cos2M - 3)));
    return B * k1 * (sigma - dSigma);
  }

  // The words and the number format of the page's language (options.words, options.locale: from Python).
  var WORDS = {}, LOCALE = "en-GB";
  function km(metres) {
    var digits = metres < 10000 ? 2 : 1;
    return (metres / 1000).toLocaleString(LOCALE, {minimumFractionDigits: digits, maximumFractionDigits: digits}) + " " + WORDS.km;
  }

  // A name as the search compares it: no accents or apostrophes (Sivers'k = Siversk), any case.
  function fold(name) {
    return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['\u2018\u2019\u02bc\u02b9`\u00b4]/g, "");
  }

  function el(tag, className, parent, text) {
    var made = L.DomUtil.create(tag, className || "", parent);
    if (text != null) made.textContent = text;
    return made;
  }

  // A control box in the top-left corner that keeps its clicks, keys and wheel from the map.
  function box(className) {
    var made = L.DomUtil.create("div", "leaflet-bar leaflet-control " + className);
    L.DomEvent.disableClickPropagation(made);
    L.DomEvent.disableScrollPropagation(made);
    L.DomEvent.on(made, "keydown", L.DomEvent.stopPropagation);  // arrows and +/- move the list, not the map
    return made;
  }

  // The buttons' icons: drawn, not emoji (a projector's or a kiosk's browser may have no emoji font).
  var ICONS = {
    search: '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 12l6 6" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/></svg>',
    ruler: '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M2 14L14 2l4 4L6 18z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/><path d="M5 11l2 2M8 8l2 2M11 5l2 2" stroke="currentColor" stroke-width="1.5"/></svg>'
  };

  function button(parent, className, label, icon) {
    var b = el("a", className, parent);
    b.innerHTML = ICONS[icon];  // a constant of this file: no data goes in
    b.href = "#";
    b.setAttribute("role", "button");
    b.setAttribute("aria-label", label);
    b.title = label;
    return b;
  }

  // ---- the mark, and the page's address ----
  function parseMark(text) {
    var parts = (text || "").split(","), number = /^\s*-?\d+(\.\d+)?\s*$/;
    var lat = number.test(parts[0]) ? Number(parts[0]) : NaN, lon = number.test(parts[1]) ? Number(parts[1]) : NaN;
    var name = parts.slice(2).join(",").trim();
    if (parts.length < 3 || !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180) ||
        !name || name.length > MAX_NAME || /[\x00-\x1f\x7f]/.test(name)) {
      return null;  // the server says why on the page (frontmap/app/mapmark.py)
    }
    return {name: name, lat: lat, lon: lon};
  }

  function pageQuery() {
    try { return window.parent !== window ? new URLSearchParams(window.parent.location.search) : null; } catch (e) { return null; }
  }

  function markOn(map, place) {
    if (map._fmMark) map.removeLayer(map._fmMark);
    var pin = document.createElement("div");
    el("span", "fm-mark-dot", pin);
    el("span", "fm-mark-name", pin, place.name);
    map._fmMark = L.marker([place.lat, place.lon], {
      icon: L.divIcon({html: pin, className: "fm-mark", iconSize: [16, 16], iconAnchor: [8, 8]}),
      interactive: false, keyboard: false, zIndexOffset: 1000
    }).addTo(map);
    map._fmMark.getElement().setAttribute("data-mark", place.name);
  }

  function choose(map, place) {
    if (map.fmStopFraming) map.fmStopFraming();
    map.flyTo([place.lat, place.lon], Math.max(map.getZoom(), MARK_ZOOM), {duration: 0.8});
    markOn(map, place);
    if (window.parent !== window && window.fmKeepInUrl) {
      window.fmKeepInUrl("mark", place.lat.toFixed(5) + "," + place.lon.toFixed(5) + "," + place.name);
    }
  }

  // ---- find a place ----
  function entry(name, alts, lat, lon, country, shipped) {
    return {name: name, keys: [name].concat(alts).map(fold), alts: alts, lat: lat, lon: lon, country: country, shipped: shipped};
  }

  // The name or one of its words starts with the query; which name matched (-1: none).
  function matched(place, query) {
    for (var i = 0; i < place.keys.length; i++) {
      var k = place.keys[i];
      if (k.startsWith(query) || k.includes(" " + query) || k.includes("-" + query)) return i;
    }
    return -1;
  }

  function search(map, options) {
    var control = L.control({position: "topleft"}), gazetteer = null, loading = null, results = [], active = -1;
    var shipped = [], root, input, list, status;

    function get(url) {
      return fetch(url).then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); });
    }

    // The map's places (a published file, or a list in a standalone file), then the gazetteer.
    function load() {
      if (loading) return loading;
      var places = typeof options.places === "string" ? get(options.places) : Promise.resolve(options.places);
      loading = places.then(function (rows) {
        shipped = rows.map(function (p) { return entry(p[0], p[3] || [], p[1], p[2], "", true); });
        find();
        if (!options.gazetteer) return;
        status.textContent = WORDS.loading;
        return get(options.gazetteer).then(function (rows) {
          gazetteer = rows.map(function (r) { return entry(r[0], r[1], r[2], r[3], r[4], false); });
          status.textContent = "";
          find();
        });
      }).catch(function () {
        status.textContent = WORDS.failed;
      });
      return loading;
    }

    function find() {
      var query = fold(input.value.trim());
      results = [];
      active = -1;
      if (query) {
        shipped.forEach(function (p) { var i = matched(p, query); if (i >= 0) results.push({place: p, via: i}); });
        var names = [], alts = [];
        (gazetteer || []).forEach(function (p) {
          if (names.length >= MAX_RESULTS) return;
          var i = matched(p, query);
          if (i < 0) return;
          // a place the map ships already: listed once, as the map's
          if (shipped.some(function (s) { return s.keys[0] === p.keys[0] && Math.abs(s.lat - p.lat) + Math.abs(s.lon - p.lon) < 0.1; })) return;
          (i === 0 ? names : alts).push({place: p, via: i});
        });
        results = results.concat(names, alts).slice(0, MAX_RESULTS);
      }
      show(query);
    }

    function show(query) {
      list.textContent = "";
      results.forEach(function (r, n) {
        var item = el("li", "", list);
        item.id = "fm-search-" + n;
        item.setAttribute("role", "option");
        el("span", "fm-search-name", item, r.place.name);
        if (r.via > 0) el("span", "fm-search-alt", item, " (" + r.place.alts[r.via - 1] + ")");
        el("span", "fm-search-where", item, r.place.shipped ? " " + WORDS.on_map : " " + (WORDS.countries[r.place.country] || COUNTRIES[r.place.country] || r.place.country));
        L.DomEvent.on(item, "mousedown", L.DomEvent.preventDefault);  // the input keeps the focus
        L.DomEvent.on(item, "click", function () { pick(n); });
      });
      var open = results.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      input.removeAttribute("aria-activedescendant");
      if (query && !open && (gazetteer || !options.gazetteer)) status.textContent = WORDS.none;
      else if (gazetteer || !loading) status.textContent = "";
    }

    function move(step) {
      if (!results.length) return;
      active = (active + step + results.length) % results.length;
      Array.prototype.forEach.call(list.children, function (item, n) { item.setAttribute("aria-selected", String(n === active)); });
      input.setAttribute("aria-activedescendant", "fm-search-" + active);
      list.children[active].scrollIntoView({block: "nearest"});
    }

    function pick(n) {
      var r = results[n];
      if (!r) return;
      input.value = r.place.name;
      close();
      choose(map, r.place);
    }

    function close() {
      results = [];
      list.textContent = "";
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      status.textContent = "";
    }

    control.onAdd = function () {
      root = box("fm-search");
      var opener = button(root, "fm-search-open", WORDS.find, "search");
      input = el("input", "fm-search-input", root);
      input.type = "search";
      input.placeholder = WORDS.find;
      input.autocomplete = "off";
      input.setAttribute("aria-label", WORDS.find);
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-controls", "fm-search-list");
      input.setAttribute("aria-expanded", "false");
      list = el("ul", "fm-search-list", root);
      list.id = "fm-search-list";
      list.setAttribute("role", "listbox");
      list.hidden = true;
      status = el("div", "fm-search-status", root);
      status.setAttribute("role", "status");
      L.DomEvent.on(opener, "click", function (e) {
        L.DomEvent.preventDefault(e);
        root.classList.toggle("fm-open");
        if (root.classList.contains("fm-open")) input.focus();
      });
      L.DomEvent.on(input, "focus", load);
      L.DomEvent.on(input, "input", function () { load(); find(); });
      L.DomEvent.on(input, "keydown", function (e) {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); move(e.key === "ArrowDown" ? 1 : -1); }
        else if (e.key === "Enter") { e.preventDefault(); pick(active >= 0 ? active : 0); }
        else if (e.key === "Escape") { e.preventDefault(); if (results.length) close(); else { root.classList.remove("fm-open"); input.blur(); } }
      });
      return root;
    };
    return control.addTo(map);
  }

  // ---- the ruler ----
  function ruler(map) {
    var control = L.control({position: "topleft"}), points = [], drawn = L.layerGroup(), on = false;
    var root, toggle, panel, total;

    function redraw() {
      drawn.clearLayers();
      var sum = 0;
      if (points.length > 1) L.polyline(points, {color: "#1A1A1A", weight: 3, dashArray: "6 4", interactive: false}).addTo(drawn);
      points.forEach(function (p, i) {
        L.circleMarker(p, {radius: 4, color: "#1A1A1A", weight: 2, fillColor: "#FFFFFF", fillOpacity: 1, interactive: false}).addTo(drawn);
        if (!i) return;
        var leg = geodesic(points[i - 1], p);
        sum += leg;
        var label = document.createElement("span");
        label.textContent = km(leg);
        L.tooltip({permanent: true, direction: "center", className: "fm-ruler-leg", interactive: false})
          .setLatLng([(points[i - 1].lat + p.lat) / 2, (points[i - 1].lng + p.lng) / 2]).setContent(label).addTo(drawn);
      });
      total.textContent = points.length > 1 ? WORDS.total + " " + km(sum) : points.length ? WORDS.next : WORDS.click;
      total.setAttribute("data-km", (sum / 1000).toFixed(3));
    }

    function clear() { points = []; redraw(); }

    function set(state) {
      on = state;
      var lasso = on && map.getContainer().querySelector(".fm-lasso.fm-on .fm-lasso-toggle");
      if (lasso) lasso.click();  // (Explore's lasso, static/frontmap-lasso.js) one tool takes the clicks at a time
      map.getContainer().classList.toggle("fm-ruling", on);
      root.classList.toggle("fm-on", on);
      toggle.setAttribute("aria-pressed", String(on));
      panel.hidden = !on;
      if (on) drawn.addTo(map); else { clear(); map.removeLayer(drawn); }
    }

    // While the ruler is on, a click on the map is a point and nothing else: caught before Leaflet
    // sees it, it opens no popup and selects no row (streamlit-folium's and the row cloud's click).
    map.getContainer().addEventListener("click", function (e) {
      if (!on || e.target.closest(".leaflet-control-container") || (map.dragging && map.dragging.moved())) return;
      e.stopPropagation();
      points.push(map.mouseEventToLatLng(e));
      redraw();
    }, true);
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !on) return;
      if (points.length) clear(); else set(false);  // Escape clears; once more, puts the ruler away
    });

    control.onAdd = function () {
      root = box("fm-ruler");
      toggle = button(root, "fm-ruler-toggle", WORDS.measure, "ruler");
      toggle.setAttribute("aria-pressed", "false");
      panel = el("div", "fm-ruler-panel", root);
      panel.hidden = true;
      total = el("span", "fm-ruler-total", panel);
      total.setAttribute("role", "status");
      var clearButton = el("button", "fm-ruler-clear", panel, WORDS.clear);
      clearButton.type = "button";
      L.DomEvent.on(toggle, "click", function (e) { L.DomEvent.preventDefault(e); set(!on); });
      L.DomEvent.on(clearButton, "click", clear);
      redraw();
      return root;
    };
    return control.addTo(map);
  }

  // Leaflet's scale bar says its units in English, in metres and miles: in another language it
  // says them in that language's words, in metres only.
  var scaleSaid = false;
  function localScale(map) {
    var english = function () { return /^en/.test(LOCALE || "en"); };
    if (!scaleSaid) {
      scaleSaid = true;
      var metric = L.Control.Scale.prototype._updateMetric, imperial = L.Control.Scale.prototype._updateImperial;
      L.Control.Scale.include({
        _updateMetric: function (maxMeters) {
          if (english()) return metric.call(this, maxMeters);
          var m = this._getRoundNum(maxMeters);
          this._updateScale(this._mScale, m < 1000 ? m + " " + WORDS.m : m / 1000 + " " + WORDS.km, m / maxMeters);
        },
        _updateImperial: function (maxMeters) {
          if (this._iScale) this._iScale.style.display = english() ? "" : "none";
          if (english()) imperial.call(this, maxMeters);
        }
      });
    }
    map.fire("move");  // (the scale bar draws itself again on a move)
  }

  // `options`: places (the map's own, [[name, lat, lon, [other names]], ...] or its url), gazetteer
  // (its url, or null), words and locale (the page's language).
  function add(map, options) {
    WORDS = options.words;
    LOCALE = options.locale;
    search(map, options);
    ruler(map);
    localScale(map);
    var query = pageQuery(), raw = query && query.get("mark"), mark = parseMark(raw);
    if (mark) {
      // Opened with the link, the map goes to the mark; carried on to another page (or another map
      // of the page), it is shown where that map stands.
      var carried = (window.parent.__fmKept || {}).mark === raw;
      markOn(map, mark);
      if (window.fmKeepInUrl) window.fmKeepInUrl("mark", raw);
      if (!carried && !query.has("at")) {  // a link's view (at=) wins over its mark
        if (map.fmStopFraming) map.fmStopFraming();
        map.setView([mark.lat, mark.lon], MARK_ZOOM, {animate: false});
      }
    }
  }

  return {add: add, geodesic: geodesic, fold: fold, parseMark: parseMark};
})();
