// The clicker's keys on the projector's page (`presenter.keys`); see the comment in app/presenter.py.
const doc = window.parent.document;
// (the place search gives way to the slide's title, which sits where it would)
const MAP_STYLE = '#map_div { height: 100vh !important; } .fm-place { font-size: 17px !important; } .fm-search { display: none !important; } '
  + '.fm-event { width: 16px !important; height: 16px !important; }';
// Only a field that takes text keeps its keys: after a toggle or a button was clicked, the clicker's
// keys still step the slides.
const TEXT = /^(text|search|email|number|password|tel|url|date|time|datetime-local|month|week)$/;
const click = (sel) => { const el = doc.querySelector(sel); if (el && !el.disabled) { el.click(); return true; } return false; };
// The slide a key goes to has its front line drawn on the map at once (fm.days), as the server runs.
const drawSlide = (to) => {
  const said = doc.getElementById('fm-slide-days'), frame = doc.querySelector('.st-key-fm_map iframe');
  if (!said || !frame) return;
  const days = JSON.parse(said.dataset.days), slide = to(Number(said.dataset.slide), days.length);
  try { if (slide >= 1 && slide <= days.length) frame.contentWindow.fm.days.show(days[slide - 1]); } catch (err) { /* not drawn yet */ }
};
const go = (sel, to) => () => { const done = click(sel); if (done) drawSlide(to); return done; };
const next = go('.st-key-slide_next button', (n) => n + 1), prev = go('.st-key-slide_prev button', (n) => n - 1);
const ACTIONS = {
  ArrowRight: next, ArrowDown: next, PageDown: next, ArrowLeft: prev, ArrowUp: prev, PageUp: prev,
  Home: go('.st-key-slide_first button', () => 1), End: go('.st-key-slide_last button', (n, count) => count),
  ' ': () => click('.st-key-playing input'), p: () => click('.st-key-playing input'),
  n: () => click('.st-key-show_notes input'),
  h: () => { doc.body.classList.toggle('fm-show-controls'); doc.body.classList.remove('fm-awake'); return true; },
  f: () => { if (doc.fullscreenElement) doc.exitFullscreen(); else doc.documentElement.requestFullscreen().catch(() => {}); return true; },
};
const act = (e) => {
  const t = e.target; const tag = (t && t.tagName || '').toLowerCase();
  if ((tag === 'input' && TEXT.test(t.type)) || tag === 'textarea' || (t && t.isContentEditable)) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const action = ACTIONS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
  if (action && action()) {
    e.preventDefault(); e.stopPropagation();
    // a focused toggle would take the next Space itself
    if (doc.activeElement && doc.activeElement !== doc.body) doc.activeElement.blur();
  }
};
// The controls show while the mouse moves (over the page or the map), and fade 3 s after it stops.
const wake = () => {
  doc.body.classList.add('fm-awake');
  clearTimeout(doc.__frontmapSleep);
  doc.__frontmapSleep = setTimeout(() => doc.body.classList.remove('fm-awake'), 3000);
};
const bind = (d) => {
  if (d && !d.__frontmapKeys) {
    d.addEventListener('keydown', act, true); d.addEventListener('mousemove', wake, true); d.__frontmapKeys = true;
  }
};
bind(doc);
// Maps are iframes that come and go with the slides: bind each one as it appears.
if (!window.__frontmapFrames) {
  window.__frontmapFrames = setInterval(() => {
  // the floating controls take the theme's own background (light or dark), so their text reads
  const bar = doc.querySelector('.st-key-fm_controls');
  const themed = ['[data-testid=stApp]', '[data-testid=stMain]', 'body', 'html'].map((q) => doc.querySelector(q))
    .map((e) => e && getComputedStyle(e).backgroundColor).find((c) => c && c !== 'transparent' && !/^rgba\(.*, 0\)$/.test(c));
  if (bar && themed) bar.style.backgroundColor = themed;
  doc.querySelectorAll('iframe').forEach((f) => {
    try {
      bind(f.contentDocument);
      // The slide's map fills its frame, with labels that read across a room.
      const d = f.contentDocument;
      if (f.closest('.st-key-fm_map') && d.head && !d.getElementById('fm-present')) {
        const style = d.createElement('style'); style.id = 'fm-present'; style.textContent = MAP_STYLE; d.head.appendChild(style);
      }
    } catch (err) { /* another origin: not ours */ }
  });
  }, 250);
}
