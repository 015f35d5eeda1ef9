"""The briefing room: the projector's room that a phone drives (`briefing/rooms.py` keeps its state),
and the phone's remote page."""

from __future__ import annotations

import hashlib
import io
import socket
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from frontmap import cache, safetext, store
from frontmap.app import assets, playback, presenter, source
from frontmap.briefing import decks, rooms
from frontmap.maps import annotations

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
        presenter.go_to(min(room.slide, len(deck.slides)))
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


REMOTE_CSS = assets.style("briefing/remote.css")
_slide_maps = cache.IdentityCache(size=32)


def slide_drawings(deck: decks.Deck, deck_text: str, index: int) -> None:
    """A slide's drawings on the phone: its map as printed (made once a deck and slide for every
    phone in the room), and each drawing in words."""
    drawn = deck.slides[index].annotations
    if not drawn:
        return
    sit = source.situation()
    key = (hashlib.sha256(deck_text.encode()).hexdigest(), index)
    png = _slide_maps.get(sit.events, key, lambda: decks.slide_map_png(sit, deck, index))
    with st.container(key="remote_drawn"):
        st.image(png, caption="The slide's map with its drawings", width="stretch")
        st.html(
            "<ol class='fm-remote-drawn'>"
            + "".join(f"<li>{safetext.esc(annotations.describe(a))}</li>" for a in drawn)
            + "</ol>"
        )


CLOCK = '<div class="fm-clock" id="fm-clock"></div>' + assets.script("briefing/clock.js")


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
    st.html(CLOCK, unsafe_allow_javascript=True)

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
        slide_drawings(deck, room.deck_text, room.slide - 1)

    panel()
