"""The one sidebar every page shares: the as-of day and the map controls, bound to the URL, and the
light or dark theme.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

import streamlit as st
import streamlit.components.v1 as components

from frontmap import safetext
from frontmap.app import mapmark, state
from frontmap.data import timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import N_, _, ngettext
from frontmap.maps import basemap, registry

log = logging.getLogger(__name__)


def view() -> state.ViewState:
    return state.current(st.session_state)


def _step(days: int, span: timeline.Span) -> None:
    st.session_state["as_of"] = span.clamp(st.session_state["as_of"] + dt.timedelta(days=days))


def jump_to(day: dt.date) -> None:
    st.session_state["as_of"] = day


def day_slider(label: str, key: str, span: timeline.Span, **options) -> None:
    """A slider over the dashboard's days, one day a step (a pair of days when its state is a range)."""
    st.slider(
        label,
        min_value=span.first,
        max_value=span.last,
        step=dt.timedelta(days=1),
        format="YYYY-MM-DD",
        key=key,
        **options,
    )


MAP_CONTROLS = {"layers": N_("map layer"), "basemap": N_("basemap")}
BASEMAP_WORDS = {"auto": N_("Online tiles (offline outlines if they fail)"), "offline": N_("Offline outlines")}


def said(words: dict) -> dict:
    """A widget's option words in the run's language, fixed now (a format function is also called
    outside the run, where the language is not the session's)."""
    return {key: _(word) for key, word in words.items()}


def date_controls(span: timeline.Span) -> None:
    """The as-of day's slider and its day steps, and the URL following them."""
    day_slider(
        _("As of"),
        key="as_of",
        span=span,
        help=_("Every page shows the situation as of this day. The URL follows it: copy it to share the view."),
    )
    # (one row, not two columns: a block fewer to send on every step; keyed: the time bar draws
    # their day on the map before the server's run)
    with st.container(horizontal=True):
        st.button(_("◀ Day before"), on_click=_step, args=(-1, span), width="stretch", key="day_before")
        st.button(_("Day after ▶"), on_click=_step, args=(1, span), width="stretch", key="day_after")


_run = threading.local()  # this run's sidebar slot for the date (`date_slot`)


def date_slot():
    """The sidebar's place for the date's controls, left to the page by this run's `sidebar`."""
    if not getattr(_run, "date_in_page", False):
        raise RuntimeError("a page that writes the date's controls (shell.dated) is listed in app.py's DATE_IN_PAGE")
    return _run.date_slot


def sidebar(
    sit: Situation, map_controls: tuple[str, ...] = tuple(MAP_CONTROLS), date_in_page: bool = False
) -> state.ViewState:
    """The one sidebar every page shares: the date, and those of the map controls (layers, basemap)
    that the page's maps honour; the others are hidden, their choice kept in the URL for the pages
    that use it. Bound to the URL. `date_in_page`: the page writes the date's controls into their
    place (`date_slot`), from the fragment that a date step then reruns alone (`shell.dated`)."""
    span = timeline.span_of(sit)  # once a run: the parse, the slider, the steps and the URL use it
    notes = state.sync_in(st.session_state, st.query_params, span)
    notes += mapmark.sync_in(st.session_state, st.query_params)  # the map's own key (the browser writes it)
    with st.sidebar:
        _run.date_slot, _run.date_in_page = st.container(), date_in_page
        if not date_in_page:
            with _run.date_slot:
                date_controls(span)
        if "layers" in map_controls:
            st.multiselect(
                _("Map layers"),
                options=list(registry.LAYERS),
                format_func=said(registry.LAYERS).get,
                key="layers",
                placeholder=_("Choose options"),  # (Streamlit's own is English)
            )
        if "basemap" in map_controls:
            st.radio(
                _("Basemap"),
                options=list(basemap.BASEMAPS),
                format_func=said(BASEMAP_WORDS).get,
                key="basemap",
            )
        unused = [_(name) for key, name in MAP_CONTROLS.items() if key not in map_controls]
        if unused:
            st.caption(
                _("No map on this page uses the {choice} choice: it is kept for the pages whose maps do.").format(
                    choice=_(" or ").join(unused)
                )
            )
        if sit.problems:
            n = len(sit.problems)
            st.warning(
                ngettext(
                    "{n} data problem(s): the rows affected are left out. See Sources.",
                    "{n} data problem(s): the rows affected are left out. See Sources.",
                    n,
                ).format(n=n)
            )
    state.sync_out(st.session_state, st.query_params, span)
    with st.sidebar:
        st.html(theme_links(st.query_params.to_dict(), st.context.theme.type))
        if dark_theme():
            components.html(KEEP_DARK_IN_URL, height=0)
    for note in notes:
        st.info(safetext.md(_("The link's {note}").format(note=note)), icon="ℹ️")
    return view()


# Streamlit reads the theme from `embed_options` once, as a page loads, and drops it from the address
# on a page switch: the tab stays dark, a link copied from it would open light. This keeps it in every
# address the app writes from then on, for as long as the tab is dark (a theme link reloads the page).
KEEP_DARK_IN_URL = (
    f"<script src='{basemap.STATIC_URL}/keep-in-url.js' "
    f"""data-keep='{{"{state.THEME_KEY}":"dark_theme"}}'></script>"""
)


def theme_links(query: dict[str, str], shown: str | None) -> str:
    """"Theme: Light · Dark, high contrast" as links to this view in each; the one shown (Streamlit's
    `light` or `dark`, None before the browser has said) is plain text."""
    links = [
        f"<strong>{safetext.esc(_(name))}</strong>"
        if theme.startswith(f"{shown}_")
        else f'<a href="{safetext.esc(state.theme_href(query, theme))}">{safetext.esc(_(name))}</a>'
        for theme, name in state.THEMES.items()
    ]
    # (the frame of KEEP_DARK_IN_URL runs hidden: no empty stop for the keyboard)
    hide = '<style>[data-testid=stSidebar] iframe[title="st.iframe"]{display:none}</style>'
    theme = safetext.esc(_("Theme:"))
    return f'{hide}<p class="fm-theme">{theme} {" · ".join(links)}</p>'


def dark_theme() -> bool:
    """The viewer's tab is in the dark theme: the maps and their legends follow it."""
    return st.context.theme.type == "dark"

