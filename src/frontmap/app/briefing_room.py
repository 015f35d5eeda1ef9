"""The briefing room: the projector's room that a phone drives (`briefing/rooms.py` keeps its state),
and the phone's remote page."""

from __future__ import annotations

import hashlib
import io
import socket
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from frontmap import cache, i18n, safetext, store
from frontmap.app import assets, language, playback, presenter, source
from frontmap.briefing import decks, rooms
from frontmap.i18n import _
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
        st.session_state["room_problem"] = err.args[0] if err.args else ""  # (said in the language of the run that shows it)
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
    network address for `localhost` (which on the phone is the phone); in this page's language."""
    parts = urlsplit(page_url)
    host = parts.hostname or "localhost"
    if host in ("localhost", "127.0.0.1", "::1"):
        host = lan_address() or host
    port = f":{parts.port}" if parts.port else ""
    query = {"room": code, "role": "remote"} | ({} if i18n.is_english() else {"lang": i18n.current()})
    return f"{parts.scheme or 'http'}://{host}{port}/briefing?{urlencode(query)}"


def room_panel(room: rooms.Room | None) -> None:
    """How to pair a phone: the code, its QR code (made here, offline) and the address."""
    if room is None:
        why = safetext.md(i18n.say(st.session_state.get("room_problem", "")))
        st.warning(_("The phone remote is unavailable: {why}").format(why=why))
        return
    url = remote_url(room.code, st.context.url or "http://localhost:8501/")
    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=6, border=2)
    qr, words = st.columns([1, 2.5], vertical_alignment="center")
    with qr.container(key="room_qr"):
        st.image(png.getvalue(), caption=_("the remote's address"), width=220)
    how = safetext.esc(_("On a phone on this network, scan the code or open"))
    open_while = safetext.esc(_("The code works while this page is open."))
    words.html(
        f"<div class='fm-code'>{room.code}</div>"
        f"<p>{how}<br><code>{safetext.esc(url)}</code></p>"
        f"<p>{open_while}</p>"
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
    key = (hashlib.sha256(deck_text.encode()).hexdigest(), index, i18n.current())  # (its words are the language's)
    png = _slide_maps.get(sit.events, key, lambda: decks.slide_map_png(sit, deck, index))
    with st.container(key="remote_drawn"):
        st.image(png, caption=_("The slide's map with its drawings"), width="stretch")
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
        st.error(_("The briefing rooms cannot be reached now ({why}); try again in a moment.").format(why=safetext.md(err.said())))
        return
    if found is None:
        st.error(
            _(
                "No briefing room has the code '{code}'. Check the code on the projector: "
                "a code works only while its briefing is open there."
            ).format(code=safetext.md(code))
        )
        return
    st.html(CLOCK, unsafe_allow_javascript=True)

    @st.fragment(run_every=REMOTE_POLL)
    def panel() -> None:
        language.keep()
        room = _safely(lambda: _rooms().get(code))
        if room is None or st.session_state.pop("remote_lost", False):
            st.error(_("The room '{code}' has closed: its briefing is no longer open on the projector.").format(code=code))
            return
        deck, _problems = decks.parse_deck(room.deck_text, "room", source.span())
        slide = deck.slides[room.slide - 1]
        after = deck.slides[room.slide] if room.slide < room.count else None
        coming = _("Next: {title}").format(title=after.said("title") if after else _("the end"))
        st.html(
            f"<div class='fm-remote-now'>{room.slide} / {room.count} · {safetext.esc(slide.said('title'))}</div>"
            f"<div class='fm-remote-next'>{safetext.esc(coming)}</div>"
        )
        prev, play, next_ = st.columns([1, 1, 1])
        prev.button(_("◀ Previous"), key="remote_prev", on_click=press, args=(code, "prev"), disabled=room.slide == 1, width="stretch")
        if len(slide.days) > 1:
            action = "pause" if room.playing else "play"
            play.button(_("Pause") if room.playing else _("Play"), key="remote_play", on_click=press, args=(code, action), width="stretch")
        next_.button(_("Next ▶"), key="remote_next", on_click=press, args=(code, "next"), disabled=after is None, width="stretch")
        notes = safetext.esc(slide.said("notes") or _("No notes for this slide."))
        st.html(f"<div class='fm-remote-notes'>{notes}</div>")
        slide_drawings(deck, room.deck_text, room.slide - 1)

    panel()
