// Streamlit reads the theme from `embed_options` once, as a page loads, and drops it from the address
// on a page switch: this keeps it in every address the app writes while the tab is dark.
(function () {
  var top = window.parent;
  if (top.__fmKeepDark) return;
  top.__fmKeepDark = true;
  function keep(url) {
    var u = new URL(url == null ? top.location.href : url, top.location.href);
    if (!u.searchParams.has("embed_options")) u.searchParams.set("embed_options", "dark_theme");
    return u.pathname + u.search + u.hash;
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var real = top.history[name].bind(top.history);
    top.history[name] = function (state, title, url) { return real(state, title, keep(url)); };
  });
  top.history.replaceState(top.history.state, "", keep(null));
})();
