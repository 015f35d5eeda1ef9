"""Playing days: the play-through's frame (the briefing and the front map both play with it), and
the front map played or scrubbed over a range of days with its GIF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import streamlit as st

from frontmap import i18n, limits
from frontmap.app import downloads, language, mapframe, shell, sidebar, source, state
from frontmap.data import timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import N_, _

log = logging.getLogger(__name__)


PLAY_SPEEDS = {N_("slow: 1.5 s a day"): 1.5, N_("0.8 s a day"): 0.8, N_("fast: 0.4 s a day"): 0.4}


def advance(key: str, count: int, playing_key: str, loop: bool = False, start: int = 0) -> int:
    """The play-through's frame, kept under `key` (from `start` at first): one on while the toggle
    `playing_key` is on; at the end, back to the first when looping, else it stops there: the toggle
    goes off at the next full run (`stop_if_done`, before the toggle is drawn), which ends the timer.
    The briefing and the front map both play with it."""
    index = min(st.session_state.get(key, start), count - 1)
    if count > 1 and st.session_state.get(playing_key):  # (from -1 after `rewind_at_end`)
        if index < count - 1:
            index += 1
        elif loop:
            index = 0
        else:
            st.session_state[key] = index
            st.session_state[f"{playing_key}_done"] = True
            st.rerun()
    st.session_state[key] = index
    return index


def stop_if_done(playing_key: str) -> None:
    """Before the play toggle is drawn: turn it off when the play-through reached its end."""
    if st.session_state.pop(f"{playing_key}_done", False):
        st.session_state[playing_key] = False


def rewind_at_end(key: str, count: int, playing_key: str) -> None:
    """On Play: a play-through that stands at its last frame starts again from the first (the run
    that follows steps one on, to it)."""
    if st.session_state.get(playing_key) and st.session_state.get(key, 0) >= count - 1:
        st.session_state[key] = -1


def front_player(sit: Situation, v: state.ViewState, since: dt.date | None, parts) -> None:
    """The front map in the shell's `parts`, with its time bar, played over a range of days: from
    the compared day (or 14 days before) to the day shown, marked on the bar. The map stays mounted
    while it plays; only its dated layers change. A day picked on the bar moves the whole page."""
    first = since or max(timeline.FIRST_DAY, v.as_of - dt.timedelta(days=14))
    days = [first + dt.timedelta(days=i) for i in range((v.as_of - first).days + 1)]
    if st.session_state.get("front_frame_range") != (first, v.as_of):  # a new range opens on its last day
        st.session_state["front_frame_range"] = (first, v.as_of)
        st.session_state["front_frame"] = len(days) - 1
    stop_if_done("front_frame_playing")
    with parts.controls:
        playing = st.toggle(
            _("▶ Play"),
            key="front_frame_playing",
            help=_("Plays {first} → {last} on the map").format(first=i18n.day_month(first), last=i18n.day_month(v.as_of)),
            on_change=rewind_at_end,
            args=("front_frame", len(days), "front_frame_playing"),
        )
        speed = st.selectbox(
            _("Speed"), list(PLAY_SPEEDS), index=1, key="front_speed", label_visibility="collapsed", format_func=sidebar.said({s: s for s in PLAY_SPEEDS}).get
        )
        loop = st.toggle(_("Loop"), key="front_loop")
        if len(days) <= limits.MAX_ANIMATION_DAYS:  # made when asked: about 0.3 s a day
            downloads.button(
                st,
                _("GIF {first} → {last}").format(first=i18n.day_month(first), last=i18n.day_month(v.as_of)),
                lambda: _front_gif(sit, first, v.as_of),
                file_name=f"frontmap-{first.isoformat()}-{v.as_of.isoformat()}.gif",
                mime="image/gif",
                help=_("The map of each day as an animated GIF"),
            )
        else:
            st.caption(
                _("An animation takes at most {n} days: compare with a later day.").format(n=limits.MAX_ANIMATION_DAYS)
            )
    counts = shell.day_counts(sit, v.layers)

    def bar(day: dt.date) -> None:
        with parts.bar:
            shell.day_bar(counts, v.as_of, _picked, band=(first, v.as_of) if len(days) > 1 else None, cursor=day)
            if day != v.as_of:
                st.caption(
                    _("The map shows {day}; the rest of the page is as of {as_of}.").format(
                        day=i18n.day(day), as_of=i18n.day(v.as_of)
                    )
                )

    # While the map stands still, the bar is written here: a day picked on it reruns the page's
    # fragment (`shell.dated`), which is this run. While it plays, the frame writes it, its cursor
    # on the day played; a day picked then moves the whole app (a frame cannot rerun the page's).
    st.session_state.pop("_front_day_picked", None)

    @st.fragment(run_every=PLAY_SPEEDS[speed] if playing else None)
    def frame() -> None:
        source.guarded(show_frame, "front, its map played")

    def show_frame() -> None:
        language.keep()
        if st.session_state.pop("_front_day_picked", False):
            st.rerun(scope="app")  # the bar's day moves the whole page, not only this map
        index = advance("front_frame", len(days), "front_frame_playing", loop, start=len(days) - 1)
        day = days[index]
        shown = dataclasses.replace(v, as_of=day)
        # Fetched ahead, so that each day draws at once: the next ones, or the first (where Play starts).
        ahead = (days + days)[index + 1 : index + 4] if playing else days[:1]
        with parts.map:
            mapframe.situation_map(
                sit, shown, key="front_map", frame_front=True, since=since if since and since < day else None,
                ahead=ahead, words=parts.words,
            )
        if playing:
            bar(day)

    frame()
    if not playing:
        bar(days[st.session_state["front_frame"]])


def _picked(day: dt.date) -> None:
    st.session_state["as_of"] = day
    st.session_state["front_frame_playing"] = False
    st.session_state["_front_day_picked"] = True


def _front_gif(sit: Situation, first: dt.date, last: dt.date) -> bytes:
    # Imported when a GIF is asked for: matplotlib and Pillow cost every server start ~60 MB otherwise.
    from frontmap.maps import animation

    return animation.front_gif(sit, first, last)

