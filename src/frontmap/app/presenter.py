"""Presenter mode's Streamlit glue: the deck and slide in the URL, clicker keys, exports on demand."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import streamlit as st

from frontmap import i18n, limits, safetext
from frontmap.app import assets, source, uploader, urlstate
from frontmap.briefing import decks
from frontmap.i18n import _

LARGE_CSS = assets.style("briefing/presentation.css")  # the room's layout: the map the height of the screen


def deck_texts() -> dict[str, str]:
    """Deck name -> TOML text: the shipped decks, then this browser session's uploads."""
    found = {name: path.read_text(encoding="utf-8") for name, path in decks.shipped_decks().items()}
    found.update(st.session_state.get("uploaded_decks", {}))
    return found


def _schema(names: list[str]) -> urlstate.Schema:
    """Deck and slide in the link; a deck that is not listed, or a slide that is no number, noted."""

    def deck(text: str, span):
        said = _("There is no briefing '{asked}'; showing '{shown}'.")
        return (text, None) if text in names else (names[0], said.format(asked=text, shown=names[0]))

    def slide(text: str, span):
        try:
            return int(text), None
        except ValueError:
            return 1, _("slide '{text}' is not a number; showing slide 1.").format(text=text)

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


def keys(slide_number: int, opening_days: list[dt.date]) -> None:
    # Clickers send Page Up / Page Down; keyboards the arrows. Keys go to the page's own Previous and
    # Next buttons (Streamlit gives each keyed widget an `st-key-<key>` class), also from inside the
    # map's iframe, where focus lands after a click on the map. The day each slide opens on lets the
    # map draw the next slide's front line at once, before the server's run (fm.days).
    st.html(assets.script("briefing/keys.js"), unsafe_allow_javascript=True)  # the same script: run once
    days = json.dumps([day.isoformat() for day in opening_days])
    st.html(f"<div id='fm-slide-days' hidden data-slide='{slide_number}' data-days='{safetext.esc(days)}'></div>")


def deck_chooser(names: list[str]) -> str:
    """Choose among the decks, or load one from a file (its problems are shown here).

    The deck shown is the page's own state (`deck`), not the chooser's. A chooser keyed `deck` was
    set back to the deck before a file's by the room poll: its rerun, asked for before the load's
    had reached the browser, carried the chooser's old value (seen in CI). The chooser's key names
    the decks it lists, so a deck loaded from a file makes a new chooser, which opens on it."""
    key = "deck_choice_" + hashlib.sha256("\0".join(names).encode()).hexdigest()[:12]
    st.selectbox(
        _("Briefing"), names, index=names.index(st.session_state["deck"]), key=key, on_change=_deck_chosen, args=(key,)
    )
    uploader.file_uploader(
        _("Load a briefing (.toml, at most {mb} MB and {n} slides)").format(
            mb=decks.MAX_DECK_BYTES // limits.MB, n=limits.MAX_SLIDES
        ),
        ["toml"],
        "deck_upload",
        decks.MAX_DECK_BYTES // limits.MB,
        on_change=deck_uploaded,
    )
    for problem in st.session_state.get("_deck_problems", []):
        st.error(safetext.md(i18n.say(problem)))
    return st.session_state["deck"]


def _deck_chosen(key: str) -> None:
    st.session_state["deck"] = st.session_state[key]
    on_deck_change()


def deck_uploaded() -> None:
    """A deck loaded from a file opens at once (a callback runs before the page, so the chooser
    already lists it); a bad one leaves its problems to show."""
    file = next(iter(uploader.held("deck_upload")), None)
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


