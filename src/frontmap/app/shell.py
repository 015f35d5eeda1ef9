"""The one shell of every page with a map: a one-line header (the page's title, the day shown, the
front line's date and Copy link), the map filling the window under it, and the time bar under the
map. What reads as text follows, one scroll away (static/shell.css sizes the parts).

The map's own view (`at=lat,lon,zoom`) and the open event (`sel=id`) are written into the address
by the map itself, in the browser (frontmap-leaflet.js); the server only checks a link's values and
says what it ignores.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from frontmap import i18n, safetext
from frontmap.app import assets, language, session_rows, sidebar, source, state, streamlit_internals, timebar
from frontmap.data import daycounts, timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import _

CSS = assets.style("shell.css")
_COPY = st.components.v2.component("frontmap.copylink", **assets.component_files("copy-link"))
AT = re.compile(r"^(-?\d{1,2}(?:\.\d{1,7})?),(-?\d{1,3}(?:\.\d{1,7})?),(\d{1,2}(?:\.\d{1,2})?)$")


def header(title: str, sit: Situation, day: dt.date, line: str | None = None) -> None:
    """The header: one line on a desk's screen (the title, the day and its front line's date, or
    the page's own `line`; Copy link), and the notes on a link's map view that could not be used."""
    if not getattr(_run, "styled", False):
        st.html(CSS)
    if line is not None:
        said = safetext.esc(line)
    else:
        snapshot = timeline.control_on(sit.control_areas, day).snapshot
        said = _("As of {day}").format(day=f"<b>{i18n.day(day)}</b>") + " · " + (
            _("front line of {day}").format(day=i18n.day_short(snapshot))
            + "<span class='fm-wide'> (DeepStateMap)</span>"
            if snapshot
            else _("no front line for this date")
        )
    with st.container(horizontal=True, key="fm_header", vertical_alignment="center"):
        st.title(title, anchor=False)
        st.html(f"<span class='fm-asof'>{said}</span>")
        with st.container(key="fm_lang", width="content"):
            language.selector()
        with st.container(key="fm_copy_link", width="content"):
            _COPY(key="fm_copy", data=copy_words())
    for note in link_notes(title, sit, day):
        st.info(safetext.md(_("The link's {note}").format(note=note)), icon="ℹ️")


def dated(body: Callable[[], None]) -> None:
    """A map page's `body` as the fragment that a date step reruns alone: the sidebar's date
    controls are written from it (into `sidebar.date_slot`), so that they, the time bar and the
    page's own controls rerun the page's map and text, not the app around it (navigation, the rest
    of the sidebar): a date step's server work is a fragment's. `body` reads the view itself."""
    slot = sidebar.date_slot()
    st.html(CSS)  # the shell's style, once per app run: a step need not send it again

    @st.fragment(key="fm_dated")
    def page() -> None:
        language.keep()
        span = source.span()
        with slot, streamlit_internals.as_the_apps_own():  # (the same widgets as app.py's on other pages)
            sidebar.date_controls(span)
        state.sync_out(st.session_state, st.query_params, span)  # the URL follows the day
        _run.styled = True
        try:
            source.guarded(body, st.context.url or "")  # (in the fragment: Streamlit shows its faults itself)
        finally:
            _run.styled = False

    page()


_run = threading.local()  # `styled`: the shell's style is on the page, written by `dated`


TITLE_CSS = (
    "<style>.st-key-fm_title .st-key-fm_lang{margin-left:auto;flex:none}"
    ".st-key-fm_title [data-testid=stElementContainer]{width:auto!important}"
    ".st-key-fm_lang button{min-height:1.9rem;padding:0 .55rem}</style>"
)


def title(text: str) -> None:
    """A page without a map: its title, and the language's selector beside it (as in the header)."""
    st.html(TITLE_CSS)
    with st.container(horizontal=True, vertical_alignment="center", key="fm_title"):
        st.title(text, anchor=False)
        with st.container(key="fm_lang", width="content"):
            language.selector()


def copy_words() -> dict[str, str]:
    """Copy link's words (static/copy-link.js), in the session's language."""
    return {
        "copy": _("Copy link"),
        "title": _("Copy the address of this view: the day, the layers and the map's place and zoom"),
        "copied": _("Copied"),
    }


@dataclass(frozen=True)
class Slots:
    """The parts of a map page under its header, in their order on the page; each is filled when
    its content is ready (the map needs the controls' values, which sit under it)."""

    map: Any  # the window's height less the header and the time bar
    bar: Any  # the time bar
    controls: Any  # the compact controls on the bar (Play, speed, Compare with, the GIF)
    words: Any  # the map in words, where the map's skip link lands


def slots() -> Slots:
    return Slots(
        st.container(key="fm_shell_map"),
        st.container(key="fm_shell_bar"),
        st.container(horizontal=True, key="fm_shell_controls", vertical_alignment="center"),
        st.container(),
    )


def parse_at(text: str) -> tuple[tuple[float, float, float] | None, str | None]:
    """`lat,lon,zoom` (the map's centre and zoom), or a note on why it is ignored."""
    m = AT.match(text)
    if m:
        lat, lon, zoom = (float(x) for x in m.groups())
        if -85 <= lat <= 85 and -180 <= lon <= 180 and 3 <= zoom <= 18:
            return (lat, lon, zoom), None
    return None, _(
        "at: '{text}' is not a map view (latitude,longitude,zoom, e.g. 46.64,32.62,9, "
        "zoom 3 to 18); the map opens on its own frame."
    ).format(text=text[:40])


def parse_sel(text: str, events: pd.DataFrame, day: dt.date) -> tuple[str | None, str | None]:
    """An event's id whose popup opens, or a note on why it does not."""
    found = events[events["id"] == text]
    if found.empty:
        return None, _("sel: no event has the id '{text}'; nothing is selected.").format(text=text[:40])
    when = found["date"].iloc[0].date()
    if when > day:
        return None, _("sel: event {id} is dated {day}, after the day shown; nothing is selected.").format(
            id=text, day=when.isoformat()
        )
    return text, None


def link_notes(page: str, sit: Situation, day: dt.date) -> list[str]:
    """What a link's `at=` and `sel=` hold that the page's map cannot use: checked as the page
    first opens in the session (the map then writes its own), and dropped from the address."""
    said = st.session_state.setdefault("_link_notes", {})
    if page not in said:
        checks = {"at": lambda text: parse_at(text)[1], "sel": lambda text: parse_sel(text, sit.events, day)[1]}
        notes = []
        for name, check in checks.items():
            note = check(st.query_params[name]) if name in st.query_params else None
            if note:
                notes.append(note)
                del st.query_params[name]
        said[page] = notes
    return said[page]


def day_counts(sit: Situation, layers: tuple[str, ...]) -> list[int]:
    """The rows of each day of every dated layer shown (events, route status changes) and of this
    session's uploads: counted once per set of them."""
    mine = session_rows.uploaded_rows()
    dates = []
    if "events" in layers:
        dates.append(sit.events["date"])
    if "routes" in layers:
        dates.append(sit.route_status["valid_from"])
    if mine is not None:
        dates.append(mine["date"])
    return day_counts_of(dates, "situation " + ",".join(layers), (sit, mine))


def day_counts_of(dates: list[pd.Series], kind: str, made_of: tuple) -> list[int]:
    """The rows of each day among `dates` (of a `kind`), counted again only when the objects they
    come from (`made_of`) change."""
    return session_rows.made("day counts " + kind, made_of, lambda: daycounts.per_day(dates, source.span()))


def day_bar(
    counts: list[int],
    day: dt.date,
    on_pick: Callable[[dt.date], None] = sidebar.jump_to,
    units: dict[str, str] | None = None,
    **options,
) -> None:
    """The time bar of the day shown: a click, a drag or the arrow keys pick a day (`on_pick`)."""
    timebar.day_bar(source.span(), counts, day, on_pick, units=units, **options)
