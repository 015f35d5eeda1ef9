"""The shared view state (as-of date, layers, basemap), with the URL as its one source of truth.

`from_query` and `to_query` are plain functions (tested without Streamlit); `sync_in` and
`sync_out` bind the schema (`urlstate.Schema`) to a Streamlit session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from frontmap.app import urlstate
from frontmap.data import timeline
from frontmap.i18n import N_, _
from frontmap.maps.basemap import BASEMAPS
from frontmap.maps.registry import LAYERS

DEFAULT_LAYERS = tuple(LAYERS)
# Streamlit's own URL parameter for its light or dark theme (.streamlit/config.toml's [theme] and
# [theme.dark]): read by the browser as the page loads, and never settable from Python.
THEME_KEY = "embed_options"
THEMES = {"light_theme": N_("Light"), "dark_theme": N_("Dark, high contrast")}


@dataclass
class ViewState:
    as_of: dt.date = timeline.SOURCE_DAY
    layers: tuple[str, ...] = DEFAULT_LAYERS
    basemap: str = "auto"
    notes: list[str] = field(default_factory=list)  # what was wrong with the URL, said on screen


def _layers(text: str, span) -> tuple[tuple[str, ...], str | None]:
    asked = [x for x in text.split(",") if x]
    unknown = [x for x in asked if x not in LAYERS]
    chosen = tuple(x for x in DEFAULT_LAYERS if x in asked)
    note = (
        _("layers: unknown layer(s) {unknown} ignored; known: {known}.").format(
            unknown=", ".join(unknown), known=", ".join(LAYERS)
        )
        if unknown
        else None
    )
    return chosen, note


def _basemap(text: str, span) -> tuple[str, str | None]:
    if text in BASEMAPS:
        return text, None
    return "auto", _("basemap: '{text}' is not one of {known}; using auto.").format(text=text, known=", ".join(BASEMAPS))


SCHEMA = urlstate.Schema(
    "view",
    (
        urlstate.day_key("as_of", lambda span: timeline.SOURCE_DAY, prefix="as_of: ", always=True),
        urlstate.Key("layers", _layers, lambda span: DEFAULT_LAYERS, ",".join),
        urlstate.Key("basemap", _basemap, lambda span: "auto"),
    ),
    # the widgets: the sidebar's slider, layer choice (a list) and basemap
    to_widgets=lambda v: {"as_of": v["as_of"], "layers": list(v["layers"]), "basemap": v["basemap"]},
    from_widgets=lambda s: {
        "as_of": s["as_of"],
        "layers": tuple(x for x in DEFAULT_LAYERS if x in s["layers"]),
        "basemap": s["basemap"],
    },
)
KEYS = SCHEMA.names


def from_query(params: Mapping[str, str], span: timeline.Span = timeline.SHIPPED) -> ViewState:
    values, notes = SCHEMA.parse(params, span)
    return ViewState(**values, notes=notes)


def to_query(state: ViewState) -> dict[str, str]:
    """The URL parameters of a state; defaults are left out so that links stay short."""
    return SCHEMA.to_query({"as_of": state.as_of, "layers": state.layers, "basemap": state.basemap})


def sync_in(session, query, span: timeline.Span = timeline.SHIPPED) -> list[str]:
    return SCHEMA.sync_in(session, query, span)


def current(session) -> ViewState:
    return ViewState(**SCHEMA.from_widgets(session))


def sync_out(session, query, span: timeline.Span = timeline.SHIPPED) -> None:
    SCHEMA.sync_out(session, query, span)


def theme_href(query: Mapping[str, str], theme: str) -> str:
    """A relative link to the same page and view in a theme (`THEMES`): a new page load, the only
    time Streamlit reads its theme from the URL. The other parameters stay as they are."""
    kept = {k: v for k, v in query.items() if k != THEME_KEY}
    return "?" + urlencode({**kept, THEME_KEY: theme})
