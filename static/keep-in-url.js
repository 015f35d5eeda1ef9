// Streamlit writes the page's address on every run from the server's copy of the query, and drops
// the page's own parameters on a page switch. Some parameters live in the browser only and would
// fall out of a link copied later; the keeper puts them back into every address the app writes:
// - kept across pages: the theme (`embed_options`, read only as a page loads) and the map's mark
//   (`mark`, written by the map's search);
// - kept on their page only: the map's view (`at`, `sel`), written by the map as it moves (another
//   page's map opens on its own frame).
// The keeper lives in the page itself, not in a frame that may go away: loaded in a frame (the
// sidebar's, a map's), this script loads itself into the page. A frame keeps a parameter with
// `fmKeepInUrl(name, value, onThisPage)` (a null value takes it out), or with data-keep='{"name": "value"}'.
(function () {
  var script = document.currentScript, page = window.parent;
  function keepInPage(name, value, onThisPage) {
    if (onThisPage) {
      var here = page.__fmHere = page.__fmHere || {path: page.location.pathname, values: {}};
      if (here.path !== page.location.pathname) here.path = page.location.pathname, here.values = {};
      here.values[name] = value == null ? null : String(value);
    } else {
      (page.__fmKept = page.__fmKept || {})[name] = String(value);
    }
    if (page.__fmKeep) { page.__fmKeep(); return; }
    if (page.__fmKeepLoading) return;  // the keeper, once loaded, writes whatever is kept by then
    page.__fmKeepLoading = true;
    var copy = page.document.createElement("script");
    copy.src = script.src;
    page.document.head.appendChild(copy);
  }
  window.fmKeepInUrl = keepInPage;
  var wanted = JSON.parse((script && script.dataset.keep) || "{}");
  if (page !== window) {
    Object.keys(wanted).forEach(function (name) { keepInPage(name, wanted[name]); });
    return;
  }
  // In the page: every address written gets the kept parameters (unless it has that value already).
  var kept = window.__fmKept = window.__fmKept || {};
  Object.keys(wanted).forEach(function (name) { kept[name] = String(wanted[name]); });
  if (window.__fmKeep) { window.__fmKeep(); return; }
  // A link's own view stands until the map writes its own.
  var start = new URL(location.href), VIEW = ["at", "sel"];
  var here = window.__fmHere = window.__fmHere || {path: start.pathname, values: {}};
  VIEW.forEach(function (name) {
    if (!(name in here.values) && start.searchParams.has(name)) here.values[name] = start.searchParams.get(name);
  });
  function keep(url) {
    var u = new URL(url == null ? location.href : url, location.href);
    Object.keys(kept).forEach(function (name) {
      if (u.searchParams.getAll(name).indexOf(kept[name]) < 0) u.searchParams.set(name, kept[name]);
    });
    VIEW.forEach(function (name) {
      var value = u.pathname === here.path ? here.values[name] : null;
      if (value == null) u.searchParams.delete(name); else u.searchParams.set(name, value);
    });
    return u.pathname + u.search + u.hash;
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var real = history[name].bind(history);
    history[name] = function (state, title, url) { return real(state, title, keep(url)); };
  });
  window.__fmKeep = function () { history.replaceState(history.state, "", null); };
  window.__fmKeep();
})();
