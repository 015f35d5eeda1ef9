"""Presenter mode's Streamlit glue: the deck and slide in the URL, clicker keys, exports on demand."""

from __future__ import annotations

import hashlib
import io
import socket
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from frontmap import limits, safetext, store
from frontmap.app import playback, source, urlstate
from frontmap.briefing import decks, rooms

# Clickers send Page Up / Page Down; keyboards the arrows. Keys go to the page's own Previous and
# Next buttons (Streamlit gives each keyed widget an `st-key-<key>` class), also from inside the
# map's iframe, where focus lands after a click on the map.
KEYS_JS = r"""
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
.st-key-fm_map iframe[src*="streamlit_folium"] { height: calc(100vh - 1rem) !important; }
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
.fm-counter { font-size: 1.3rem; opacity: 0.8; text-align: right; }
[data-testid="stMetricValue"] { font-size: 2.4rem; }
.fm-room-code { font-size: 1rem; letter-spacing: 0.08em; }
.fm-code { font-size: 3rem; font-weight: 700; letter-spacing: 0.15em; }
/* The controls float at the foot, out of sight until the mouse moves or H is pressed. */
.st-key-fm_controls {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000; padding: 0.7rem 2rem;
  max-height: 70vh; overflow-y: auto; background: #FAFAFA;
  box-shadow: 0 -2px 10px rgba(0,0,0,.2); opacity: 0; transition: opacity 0.25s;
}
body.fm-awake .st-key-fm_controls, body.fm-show-controls .st-key-fm_controls { opacity: 1; }
/* Words are never split across lines; on a phone the title and date shrink to fit over the map. */
.st-key-fm_over h1, .st-key-fm_over .fm-date { overflow-wrap: normal; word-break: normal; }
@media (max-width: 640px) {
  .st-key-fm_over { left: 52px; right: 10px; max-width: none; padding: 0.3rem 0.7rem 0.4rem; }
  /* Streamlit pulls each text up by 1rem, which at this size lays the date over the title */
  .st-key-fm_over .stElementContainer div { margin-bottom: 0 !important; }
  .st-key-fm_over h1 { font-size: 1.45rem !important; line-height: 1.25; margin: 0; }
  .st-key-fm_over .fm-date { font-size: 1.05rem; line-height: 1.35; margin-top: 0.15rem; }
  .st-key-fm_legend { max-width: calc(100% - 28px); }
  .st-key-fm_legend .fm-legend { font-size: 13px !important; }
}
</style>
"""


def deck_texts() -> dict[str, str]:
    """Deck name -> TOML text: the shipped decks, then this browser session's uploads."""
    found = {name: path.read_text(encoding="utf-8") for name, path in decks.shipped_decks().items()}
    found.update(st.session_state.get("uploaded_decks", {}))
    return found


def _schema(names: list[str]) -> urlstate.Schema:
    """Deck and slide in the link; a deck that is not listed, or a slide that is no number, noted."""

    def deck(text: str, span):
        return (text, None) if text in names else (names[0], f"There is no briefing '{text}'; showing '{names[0]}'.")

    def slide(text: str, span):
        try:
            return int(text), None
        except ValueError:
            return 1, f"slide '{text}' is not a number; showing slide 1."

    return urlstate.Schema(
        "briefing",
        (
            urlstate.Key("deck", deck, lambda span: names[0], always=True),
            urlstate.Key("slide", slide, lambda span: 1, always=True),
        ),
        to_widgets=lambda v: dict(v),
        from_widgets=lambda s: {"deck": s["deck"], "slide": s["slide"]},
    )


def sync_in(names: list[str]) -> list[str]:
    """Deck and slide from the link on the page's first run in a session; notes on what was unusable,
    until the presenter moves on."""
    notes = _schema(names).sync_in(st.session_state, st.query_params)
    if st.session_state["deck"] not in names:  # a deck no longer listed
        st.session_state["deck"] = names[0]
    return notes


def sync_out(names: list[str], count: int) -> None:
    st.session_state["slide"] = min(max(1, st.session_state["slide"]), count)
    _schema(names).sync_out(st.session_state, st.query_params)


def go_to(number: int) -> None:
    st.session_state["slide"] = number
    st.session_state["play_index"] = 0


SPEED = "fast: 0.4 s a day"  # of playback.PLAY_SPEEDS: a slide's 57 days in about 25 s


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
    """Choose among the decks, or load one from a file (its problems are shown here).

    The deck shown is the page's own state (`deck`), not the chooser's. A chooser keyed `deck` was
    set back to the deck before a file's by the room poll: its rerun, asked for before the load's
    had reached the browser, carried the chooser's old value (seen in CI). The chooser's key names
    the decks it lists, so a deck loaded from a file makes a new chooser, which opens on it."""
    key = "deck_choice_" + hashlib.sha256("\0".join(names).encode()).hexdigest()[:12]
    st.selectbox(
        "Briefing", names, index=names.index(st.session_state["deck"]), key=key, on_change=_deck_chosen, args=(key,)
    )
    st.file_uploader(
        f"Load a briefing (.toml, at most {decks.MAX_DECK_BYTES // limits.MB} MB and {limits.MAX_SLIDES} slides)",
        type=["toml"],
        key="deck_upload",
        max_upload_size=decks.MAX_DECK_BYTES // limits.MB,
        on_change=deck_uploaded,
    )
    for problem in st.session_state.get("_deck_problems", []):
        st.error(safetext.md(problem))
    return st.session_state["deck"]


def _deck_chosen(key: str) -> None:
    st.session_state["deck"] = st.session_state[key]
    on_deck_change()


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
    deck, problems = decks.parse_deck(data, file.name, source.span())
    if deck is not None:
        st.session_state.setdefault("uploaded_decks", {})[name] = data.decode("utf-8")
    return problems


# --- The phone remote ------------------------------------------------------------------------
ROOM_POLL = 0.25  # seconds between the projector's looks at its room (a fragment run of a few ms)
REMOTE_POLL = 1.0  # the remote's look at where the projector is


def _rooms() -> rooms.RoomStore:
    return rooms.store(source.database_url())  # the team's store when there is one: every server's rooms


def _safely(call):
    """A call to the rooms, or None when their store cannot be reached (said in the room panel):
    the slides go on without the remote."""
    try:
        return call()
    except store.Unavailable as err:
        st.session_state["room_problem"] = str(err)
        return None


def projector_room(deck_text: str, number: int, count: int) -> rooms.Room | None:
    """This projector's room (opened on its first run), told where the projector is now."""
    code = st.session_state.get("room_code")
    playing = bool(st.session_state.get("playing", False))
    room = _safely(lambda: _rooms().report(code, deck_text, number, count, playing)) if code else None
    if room is None:  # the first run, or the room closed while the page was away
        room = _safely(lambda: _rooms().open(deck_text, number, count))
        if room is None:
            return None
        st.session_state["room_code"] = room.code
    st.session_state["room_version"] = room.version
    return room


def apply_remote(deck: decks.Deck) -> None:
    """At the start of a projector's run: do what a remote asked since the last (a slide, play or
    pause), before the page is drawn and the room told where the projector is."""
    code = st.session_state.get("room_code")
    room = _safely(lambda: _rooms().poll(code)) if code else None
    if room is None or room.version == st.session_state.get("room_version"):
        return
    if room.slide != st.session_state["slide"]:
        go_to(min(room.slide, len(deck.slides)))
    elif room.playing != bool(st.session_state.get("playing")):
        st.session_state["playing"] = room.playing
        playback.rewind_at_end("play_index", len(deck.slides[room.slide - 1].days), "playing")


def follow_room() -> None:
    """On the projector, between runs (a fragment polls): a remote's press reruns the page."""
    code = st.session_state.get("room_code")
    room = _safely(lambda: _rooms().poll(code)) if code else None
    if room is not None and room.version != st.session_state.get("room_version"):
        st.rerun(scope="app")


def lan_address() -> str | None:
    """This machine's address on its local network (a UDP socket sends nothing to learn it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return None


def remote_url(code: str, page_url: str) -> str:
    """The remote's address as a phone in the room reaches it: this page's, with the machine's
    network address for `localhost` (which on the phone is the phone)."""
    parts = urlsplit(page_url)
    host = parts.hostname or "localhost"
    if host in ("localhost", "127.0.0.1", "::1"):
        host = lan_address() or host
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme or 'http'}://{host}{port}/briefing?{urlencode({'room': code, 'role': 'remote'})}"


def room_panel(room: rooms.Room | None) -> None:
    """How to pair a phone: the code, its QR code (made here, offline) and the address."""
    if room is None:
        st.warning(f"The phone remote is unavailable: {safetext.md(st.session_state.get('room_problem', ''))}")
        return
    url = remote_url(room.code, st.context.url or "http://localhost:8501/")
    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=6, border=2)
    qr, words = st.columns([1, 2.5], vertical_alignment="center")
    with qr.container(key="room_qr"):
        st.image(png.getvalue(), caption="the remote's address", width=220)
    words.html(
        f"<div class='fm-code'>{room.code}</div>"
        f"<p>On a phone on this network, scan the code or open<br><code>{safetext.esc(url)}</code></p>"
        "<p>The code works while this page is open.</p>"
    )


REMOTE_CSS = """
<style>
header[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 1rem; max-width: 40rem; }
.fm-remote-now { font-size: 1.6rem; font-weight: 700; line-height: 1.25; }
.fm-remote-next { font-size: 1.1rem; opacity: 0.8; }
.fm-clock { font-size: 2.4rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.st-key-remote_prev button, .st-key-remote_next button, .st-key-remote_play button { min-height: 5.5rem; }
.st-key-remote_prev button p, .st-key-remote_next button p, .st-key-remote_play button p { font-size: 1.8rem; }
.fm-remote-notes { font-size: 1.15rem; line-height: 1.45; white-space: pre-wrap; }
</style>
"""
CLOCK_JS = """
<div class="fm-clock" id="fm-clock"></div>
<script>
const tick = () => { const el = window.parent.document.getElementById('fm-clock') || document.getElementById('fm-clock');
  if (el) el.textContent = new Date().toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'}); };
tick(); if (!window.__fmClock) window.__fmClock = setInterval(tick, 1000);
</script>
"""


def press(code: str, action: str) -> None:
    if _safely(lambda: _rooms().command(code, action)) is None:
        st.session_state["remote_lost"] = True


def remote_page(code: str | None) -> None:
    """A phone's view of a room: where the projector is, what comes next, the notes, a clock, and
    big buttons that drive it. A wrong or expired code drives nothing and says so."""
    st.html(REMOTE_CSS)
    code = rooms.normalise(code)
    try:
        found = _rooms().get(code)
    except store.Unavailable as err:
        st.error(f"The briefing rooms cannot be reached now ({safetext.md(str(err))}); try again in a moment.")
        return
    if found is None:
        st.error(
            f"No briefing room has the code '{safetext.md(code)}'. Check the code on the projector: "
            "a code works only while its briefing is open there."
        )
        return
    st.html(CLOCK_JS, unsafe_allow_javascript=True)

    @st.fragment(run_every=REMOTE_POLL)
    def panel() -> None:
        room = _safely(lambda: _rooms().get(code))
        if room is None or st.session_state.pop("remote_lost", False):
            st.error(f"The room '{code}' has closed: its briefing is no longer open on the projector.")
            return
        deck, _ = decks.parse_deck(room.deck_text, "room", source.span())
        slide = deck.slides[room.slide - 1]
        after = deck.slides[room.slide] if room.slide < room.count else None
        st.html(
            f"<div class='fm-remote-now'>{room.slide} / {room.count} · {safetext.esc(slide.title)}</div>"
            f"<div class='fm-remote-next'>Next: {safetext.esc(after.title) if after else 'the end'}</div>"
        )
        prev, play, next_ = st.columns([1, 1, 1])
        prev.button("◀ Previous", key="remote_prev", on_click=press, args=(code, "prev"), disabled=room.slide == 1, width="stretch")
        if len(slide.days) > 1:
            action = "pause" if room.playing else "play"
            play.button("Pause" if room.playing else "Play", key="remote_play", on_click=press, args=(code, action), width="stretch")
        next_.button("Next ▶", key="remote_next", on_click=press, args=(code, "next"), disabled=after is None, width="stretch")
        st.html(f"<div class='fm-remote-notes'>{safetext.esc(slide.notes) or 'No notes for this slide.'}</div>")

    panel()
