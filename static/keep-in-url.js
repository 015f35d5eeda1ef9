// Streamlit writes the page's address on every run and drops the page's own parameters on a page
// switch: the theme (`embed_options`, read only as a page loads) and the map's mark (`mark`, written
// by the map's frame) would fall out of a link copied later. The parameters kept here go back into
// every address the app writes. The keeper lives in the page itself, not in a frame that may go away:
// loaded in a frame (the sidebar's, a map's), this script loads itself into the page.
// A frame keeps a parameter with `fmKeepInUrl(name, value)`, or with data-keep='{"name": "value"}'.
(function () {
  var script = document.currentScript, page = window.parent;
  function keepInPage(name, value) {
    (page.__fmKept = page.__fmKept || {})[name] = String(value);
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
  function keep(url) {
    var u = new URL(url == null ? location.href : url, location.href);
    Object.keys(kept).forEach(function (name) {
      if (u.searchParams.getAll(name).indexOf(kept[name]) < 0) u.searchParams.set(name, kept[name]);
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
