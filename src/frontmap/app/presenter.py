"""Presenter mode's Streamlit glue: the deck and slide in the URL, clicker keys, exports on demand."""

from __future__ import annotations

import streamlit as st

from frontmap import limits, safetext
from frontmap.app import state
from frontmap.briefing import decks

# Clickers send Page Up / Page Down; keyboards the arrows. Keys go to the page's own Previous and
# Next buttons (Streamlit gives each keyed widget an `st-key-<key>` class), also from inside the
# map's iframe, where focus lands after a click on the map.
KEYS_JS = """
<script>
const doc = window.parent.document;
const MAP_STYLE = '#map_div { height: 100vh !important; } .fm-place { font-size: 17px !important; } '
  + '.fm-event { width: 16px !important; height: 16px !important; }';
// Only a field that takes text keeps its keys: after a toggle or a button was clicked, the clicker's
// keys still step the slides.
const TEXT = /^(text|search|email|number|password|tel|url|date|time|datetime-local|month|week)$/;
const click = (sel) => { const el = doc.querySelector(sel); if (el && !el.disabled) { el.click(); return true; } return false; };
const ACTIONS = {
  ArrowRight: () => click('.st-key-slide_next button'), ArrowDown: () => click('.st-key-slide_next button'),
  PageDown: () => click('.st-key-slide_next button'), ArrowLeft: () => click('.st-key-slide_prev button'),
  ArrowUp: () => click('.st-key-slide_prev button'), PageUp: () => click('.st-key-slide_prev button'),
  Home: () => click('.st-key-slide_first button'), End: () => click('.st-key-slide_last button'),
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
  window.__frontmapFrames = setInterval(() => doc.querySelectorAll('iframe').forEach((f) => {
    try {
      bind(f.contentDocument);
      // The slide's map fills its frame, with labels that read across a room.
      const d = f.contentDocument;
      if (f.closest('.st-key-fm_map') && d.head && !d.getElementById('fm-present')) {
        const style = d.createElement('style'); style.id = 'fm-present'; style.textContent = MAP_STYLE; d.head.appendChild(style);
      }
    } catch (err) { /* another origin: not ours */ }
  }), 250);
}
</script>
<!-- SLIDE -->
"""

LARGE_CSS = """
<style>
header[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 0.5rem 1.2rem 0; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { gap: 0; }
/* The map fills the screen's height; the title, date and legend sit on it, large. */
.st-key-fm_map { position: relative; gap: 0; }
.st-key-fm_map > div > [data-testid="stVerticalBlock"] { gap: 0; }
.st-key-fm_map iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 1rem) !important; }
.st-key-fm_over, .st-key-fm_legend {
  position: absolute; z-index: 5; width: auto !important; max-width: 70%;
  background: rgba(255, 255, 255, 0.9); color: #111; border-radius: 6px; box-shadow: 0 1px 6px rgba(0,0,0,.25);
}
.st-key-fm_over { top: 14px; left: 60px; padding: 0.5rem 1.1rem 0.6rem; gap: 0; }
.st-key-fm_over h1 { font-size: 2.9rem !important; line-height: 1.15; padding: 0 !important; color: #111; }
.st-key-fm_over .fm-date { font-size: 2rem; font-weight: 700; color: #111; }
.st-key-fm_over .fm-date span { font-weight: 400; color: #333; }
.st-key-fm_legend { bottom: 14px; left: 14px; padding: 0.4rem 0.8rem; max-width: 62%; }
.st-key-fm_legend .fm-legend { font-size: 19px !important; gap: 4px 20px; margin: 0; color: #111; }
.st-key-fm_legend .fm-swatch { width: 24px; height: 18px; }
.st-key-fm_legend .fm-line { width: 32px; }
.fm-caption { font-size: 1.55rem; line-height: 1.45; }
.fm-counter { font-size: 1.3rem; color: #555; text-align: right; }
[data-testid="stMetricValue"] { font-size: 2.4rem; }
/* The controls float at the foot, out of sight until the mouse moves or H is pressed. */
.st-key-fm_controls {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000; padding: 0.7rem 2rem;
  max-height: 70vh; overflow-y: auto; background: rgba(250, 250, 250, 0.97);
  box-shadow: 0 -2px 10px rgba(0,0,0,.2); opacity: 0; transition: opacity 0.25s;
}
body.fm-awake .st-key-fm_controls, body.fm-show-controls .st-key-fm_controls { opacity: 1; }
</style>
"""


def deck_texts() -> dict[str, str]:
    """Deck name -> TOML text: the shipped decks, then this browser session's uploads."""
    found = {name: path.read_text(encoding="utf-8") for name, path in decks.shipped_decks().items()}
    found.update(st.session_state.get("uploaded_decks", {}))
    return found


def sync_in(names: list[str]) -> list[str]:
    """Deck and slide from the link on the page's first run in a session; notes on what was unusable."""
    notes = []
    if "_deck" not in st.session_state:
        deck, slide = st.query_params.get("deck"), st.query_params.get("slide")
        if deck is not None and deck not in names:
            notes.append(f"There is no briefing '{deck}'; showing '{names[0]}'.")
            deck = None
        st.session_state["_deck"] = deck or names[0]
        try:
            st.session_state["slide"] = int(slide) if slide is not None else 1
        except ValueError:
            notes.append(f"slide '{slide}' is not a number; showing slide 1.")
            st.session_state["slide"] = 1
        st.session_state["_deck_notes"] = (notes, st.session_state["slide"])
    # The deck chooser's own state is dropped on other pages: restore it from our copy.
    if st.session_state.get("deck") not in names:
        st.session_state["deck"] = (
            st.session_state["_deck"] if st.session_state["_deck"] in names else names[0]
        )
    notes, for_slide = st.session_state["_deck_notes"]  # they stand until the presenter moves on
    return notes if st.session_state["slide"] == for_slide else []


def sync_out(count: int) -> None:
    st.session_state["slide"] = min(max(1, st.session_state["slide"]), count)
    deck, slide = st.session_state["deck"], str(st.session_state["slide"])
    state.write_query(st.query_params, ("deck", "slide"), {"deck": deck, "slide": slide})
    st.session_state["_deck"] = deck


def step(by: int) -> None:
    st.session_state["slide"] += by
    st.session_state["play_index"] = 0


def go_to(number: int) -> None:
    st.session_state["slide"] = number
    st.session_state["play_index"] = 0


SPEED = "fast: 0.4 s a day"  # of ui.PLAY_SPEEDS: a slide's 57 days in about 25 s


def jump_to_end(count: int) -> None:
    """A slide's range at its last day at once, its play stopped."""
    st.session_state["play_index"] = count - 1
    st.session_state["playing"] = False


def on_deck_change() -> None:
    st.session_state["slide"] = 1
    st.session_state["play_index"] = 0


def keys(slide_number: int) -> None:
    st.html(KEYS_JS.replace("SLIDE", f"slide {slide_number}"), unsafe_allow_javascript=True)


def deck_chooser(names: list[str]) -> str:
    """Choose among the decks, or load one from a file (its problems are shown here)."""
    chosen = st.selectbox("Briefing", names, key="deck", on_change=on_deck_change)
    st.file_uploader(
        f"Load a briefing (.toml, at most {decks.MAX_DECK_BYTES // limits.MB} MB and {limits.MAX_SLIDES} slides)",
        type=["toml"],
        key="deck_upload",
        max_upload_size=decks.MAX_DECK_BYTES // limits.MB,
        on_change=deck_uploaded,
    )
    for problem in st.session_state.get("_deck_problems", []):
        st.error(safetext.md(problem))
    return chosen


def deck_uploaded() -> None:
    """A deck loaded from a file opens at once (a callback runs before the page, so the chooser
    already lists it); a bad one leaves its problems to show."""
    file = st.session_state.get("deck_upload")
    st.session_state["_deck_problems"] = upload(file) if file is not None else []
    if file is not None and not st.session_state["_deck_problems"]:
        st.session_state["deck"] = file.name.removesuffix(".toml")
        on_deck_change()


def upload(file) -> list[str]:
    """Parse an uploaded deck; keep it for this browser session only. Returns its problems."""
    name = file.name.removesuffix(".toml")
    data = file.getvalue()
    deck, problems = decks.parse_deck(data, file.name)
    if deck is not None:
        st.session_state.setdefault("uploaded_decks", {})[name] = data.decode("utf-8")
    return problems
