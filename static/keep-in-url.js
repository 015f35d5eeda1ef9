// Streamlit writes the page's address from the server's copy of the query on every run and page
// switch. Two kinds of parameter live in the browser only, and are kept in every address it writes:
// `embed_options` while the tab is dark (Streamlit reads the theme once, as a page loads), and the
// map's own view (`at`, `sel`, `mark`), which the map writes as it moves, without a server run: on
// the same page only (another page's map opens on its own frame).
(function () {
  var top = window.parent;  // (st.html runs this in the page itself: the same window)
  if (top.fmUrl) return;
  var VIEW = ["at", "sel", "mark"];
  var real = {};
  function keep(url) {
    var now = new URL(top.location.href), u = new URL(url == null ? top.location.href : url, top.location.href);
    if (top.__fmDark && !u.searchParams.has("embed_options")) u.searchParams.set("embed_options", "dark_theme");
    VIEW.forEach(function (k) {
      if (u.pathname === now.pathname && now.searchParams.has(k)) u.searchParams.set(k, now.searchParams.get(k));
      else u.searchParams.delete(k);
    });
    return u.pathname + u.search + u.hash;
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var write = top.history[name].bind(top.history);
    real[name] = write;
    top.history[name] = function (state, title, url) { return write(state, title, keep(url)); };
  });
  // The map's writes: its view's parameters as they are now (null removes one).
  top.fmUrl = {
    set: function (name, value) {
      var u = new URL(top.location.href);
      if (value == null) u.searchParams.delete(name); else u.searchParams.set(name, value);
      real.replaceState(top.history.state, "", u.pathname + u.search + u.hash);
    },
    get: function (name) { return new URL(top.location.href).searchParams.get(name); }
  };
  top.history.replaceState(top.history.state, "", keep(null));
})();
