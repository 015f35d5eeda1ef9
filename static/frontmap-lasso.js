// Explore's lasso (frontmap/data/lasso.py checks, simplifies and keeps the shape; maps/rowmap.py
// sends it back to be drawn): its button toggles drawing; a click adds a corner, a drag draws
// freehand (a shape begun by a drag closes when the button is let go); a double-click or a click on
// the first corner closes it; Escape drops the sketch, and once more puts the lasso away. A closed
// polygon goes to the page once, with the shape's others: the page's answer is what the map shows.
// While drawing, a click on the map opens no popup and selects no row.
window.fmLasso = window.fmLasso || (function () {
  // (the dark theme draws them lighter: static/frontmap-tools.css, .fm-lasso-line)
  var STYLE = {color: "#6A1B9A", weight: 3, fill: true, fillColor: "#6A1B9A", fillOpacity: 0.05, interactive: false, className: "fm-lasso-line"};
  var SKETCH = {color: "#6A1B9A", weight: 2, dashArray: "6 4", interactive: false, className: "fm-lasso-line"};
  var MAX_CORNERS = 5000, FREEHAND_PX = 5, CLOSE_PX = 10;
  var ICON = '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><ellipse cx="10" cy="8" rx="7.5" ry="5" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="3 2"/><path d="M6 12c-1 2 0 4 2 5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';

  var map = null, rings = [], drawn = null, sketch = null, on = false, corners = [], press = null, answered = null;
  var root, toggle, panel, status, clearButton;
  // The words, in the page's language, from Python (maps/rowmap.py: lasso_words); a count's forms by
  // the browser's plural categories.
  var WORDS = {}, plural = null;
  function count(forms, n) {
    var form = forms[plural ? plural.select(n) : (n === 1 ? "one" : "other")] || forms.other;
    return form.replace("{n}", n.toLocaleString(WORDS.locale || "en-GB"));
  }

  function polygons(list) {
    return list.map(function (ring) { return L.polygon(ring, STYLE); });
  }

  function say() {
    if (!status) return;
    status.textContent = on
      ? (corners.length ? count(WORDS.corners, corners.length) : WORDS.start)
      : (rings.length ? count(WORDS.inside, rings.length) : "");
    clearButton.hidden = !rings.length || on;
    panel.hidden = !on && !rings.length;
  }

  function redrawSketch(cursor) {
    sketch.clearLayers();
    if (!corners.length) return;
    L.polyline(cursor ? corners.concat([cursor]) : corners, SKETCH).addTo(sketch);
    corners.forEach(function (c, i) {
      L.circleMarker(c, {radius: i ? 3 : 6, color: "#6A1B9A", weight: 2, fillColor: "#FFFFFF", fillOpacity: 1, interactive: false,
        className: "fm-lasso-line"}).addTo(sketch);
    });
  }

  function set(state) {
    on = state;
    corners = []; press = null;
    var ruler = on && map.getContainer().querySelector(".fm-ruler.fm-on .fm-ruler-toggle");
    if (ruler) ruler.click();  // one tool takes the clicks at a time
    map.getContainer().classList.toggle("fm-lassoing", on);
    root.classList.toggle("fm-on", on);
    toggle.setAttribute("aria-pressed", String(on));
    if (on) { map.dragging.disable(); map.doubleClickZoom.disable(); sketch.addTo(map); }
    else { map.dragging.enable(); map.doubleClickZoom.enable(); sketch.clearLayers(); map.removeLayer(sketch); }
    say();
  }

  // The shape's polygons, [[lat, lon], ...] each, to the page (streamlit-folium carries it).
  function send(list) {
    stFolium.reportDrawing(map, {lasso: list, n: Date.now()});
  }

  function close() {
    if (corners.length < 3) return;
    var ring = corners.map(function (c) { return [Math.round(c.lat * 1e5) / 1e5, Math.round(c.lng * 1e5) / 1e5]; });
    var all = rings.concat([ring]);
    set(false);
    drawn.clearLayers();
    polygons(all).forEach(function (p) { p.addTo(drawn); });  // until the page's simplified copy comes
    send(all);
  }

  function add(latlng) {
    if (corners.length < MAX_CORNERS) corners.push(latlng);
  }

  function px(latlng) { return map.latLngToContainerPoint(latlng); }

  function onMap(e) { return !e.target.closest(".leaflet-control-container"); }

  function listen() {
    var box = map.getContainer();
    // Caught before Leaflet sees them: no popup, no selection, no click sent to the page.
    box.addEventListener("pointerdown", function (e) {
      if (!on || !onMap(e) || e.button !== 0) return;
      e.stopPropagation();
      press = {began: corners.length === 0, moved: false};
    }, true);
    box.addEventListener("pointermove", function (e) {
      if (!on || !onMap(e)) return;
      var here = map.mouseEventToLatLng(e);
      if (press && e.buttons & 1) {
        var last = corners[corners.length - 1];
        if (!last || px(last).distanceTo(px(here)) >= FREEHAND_PX) { add(here); press.moved = true; }
      }
      redrawSketch(here);
    }, true);
    box.addEventListener("pointerup", function (e) {
      if (!on || !press) return;
      var freehand = press.moved && press.began;
      press = freehand ? null : {dragged: press.moved};
      if (freehand) close();
    }, true);
    box.addEventListener("click", function (e) {
      if (!on || !onMap(e)) return;
      e.stopPropagation();
      var dragged = press && press.dragged;
      press = null;
      if (dragged) return;
      var here = map.mouseEventToLatLng(e), p = px(here);
      if (corners.length >= 3 && px(corners[0]).distanceTo(p) <= CLOSE_PX) { close(); return; }
      var last = corners[corners.length - 1];
      if (!last || px(last).distanceTo(p) > 3) add(here);  // (a double-click's two clicks: one corner)
      redrawSketch(here);
      say();
    }, true);
    box.addEventListener("dblclick", function (e) {
      if (!on || !onMap(e)) return;
      e.stopPropagation(); e.preventDefault();
      close();
    }, true);
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !on) return;
      if (corners.length) { corners = []; redrawSketch(null); say(); } else set(false);
    });
  }

  function control() {
    var made = L.control({position: "topleft"});
    made.onAdd = function () {
      root = L.DomUtil.create("div", "leaflet-bar leaflet-control fm-lasso");
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      toggle = L.DomUtil.create("a", "fm-lasso-toggle", root);
      toggle.innerHTML = ICON;  // a constant of this file
      toggle.href = "#";
      toggle.setAttribute("role", "button");
      toggle.setAttribute("aria-label", WORDS.draw);
      toggle.title = WORDS.draw;
      toggle.setAttribute("aria-pressed", "false");
      panel = L.DomUtil.create("div", "fm-lasso-panel", root);
      status = L.DomUtil.create("span", "fm-lasso-status", panel);
      status.setAttribute("role", "status");
      clearButton = L.DomUtil.create("button", "fm-lasso-clear", panel);
      clearButton.type = "button";
      clearButton.textContent = WORDS.clear;
      L.DomEvent.on(toggle, "click", function (e) { L.DomEvent.preventDefault(e); set(!on); });
      L.DomEvent.on(clearButton, "click", function () {
        rings = []; drawn.clearLayers(); say(); send([]);
      });
      return root;
    };
    return made;
  }

  // The shape the page filters by ([[lat, lon], ...] a polygon), drawn: on the page's map with the
  // lasso's control (`tool`), or into `group` (an exported file). `answer`: the last drawing the page
  // has read (a refused one too), so that the polygon drawn before its answer goes. `words`: the
  // control's, in the page's language.
  function show(group, list, tool, answer, words) {
    var live = tool && stFolium.map();
    if (!live) { polygons(list).forEach(function (p) { group.addLayer(p); }); return; }
    if (words && words.locale !== WORDS.locale) {
      WORDS = words;
      plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(words.locale) : null;
      if (toggle) { toggle.setAttribute("aria-label", WORDS.draw); toggle.title = WORDS.draw; clearButton.textContent = WORDS.clear; }
    }
    if (map !== live) {
      map = live;
      drawn = L.layerGroup().addTo(map);
      sketch = L.layerGroup();
      control().addTo(map);
      listen();
      say();  // (no shape yet: its panel and Clear shape hidden)
    }
    if (JSON.stringify(list) === JSON.stringify(rings) && answer === answered) return;
    rings = list; answered = answer;
    drawn.clearLayers();
    polygons(rings).forEach(function (p) { p.addTo(drawn); });
    if (!on) say();
  }

  return {show: show};
})();
