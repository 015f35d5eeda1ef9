"""The shared view state (as-of date, layers, basemap), with the URL as its one source of truth.

`from_query` and `to_query` are plain functions (tested without Streamlit). `sync_in` and
`sync_out` bind them to a Streamlit session: the link opens the view, then the widgets rule and
the URL follows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from frontmap.data import timeline
from frontmap.maps.basemap import BASEMAPS
from frontmap.maps.registry import LAYERS

DEFAULT_LAYERS = tuple(LAYERS)
KEYS = ("as_of", "layers", "basemap")
# Streamlit's own URL parameter for its light or dark theme (.streamlit/config.toml's [theme] and
# [theme.dark]): read by the browser as the page loads, and never settable from Python.
THEME_KEY = "embed_options"
THEMES = {"light_theme": "Light", "dark_theme": "Dark, high contrast"}


@dataclass
class ViewState:
    as_of: dt.date = timeline.SOURCE_DAY
    layers: tuple[str, ...] = DEFAULT_LAYERS
    basemap: str = "auto"
    notes: list[str] = field(default_factory=list)  # what was wrong with the URL, said on screen


def from_query(params: Mapping[str, str]) -> ViewState:
    state = ViewState()
    state.as_of, note = timeline.parse_day(params.get("as_of"))
    if note:
        state.notes.append(f"as_of: {note}")
    if "layers" in params:
        asked = [x for x in str(params["layers"]).split(",") if x]
        unknown = [x for x in asked if x not in LAYERS]
        state.layers = tuple(x for x in DEFAULT_LAYERS if x in asked)
        if unknown:
            state.notes.append(
                f"layers: unknown layer(s) {', '.join(unknown)} ignored; known: {', '.join(LAYERS)}."
            )
    basemap = params.get("basemap")
    if basemap is not None:
        if basemap in BASEMAPS:
            state.basemap = basemap
        else:
            state.notes.append(f"basemap: '{basemap}' is not one of {', '.join(BASEMAPS)}; using auto.")
    return state


def to_query(state: ViewState) -> dict[str, str]:
    """The URL parameters of a state; defaults are left out so that links stay short."""
    out = {"as_of": state.as_of.isoformat()}
    if state.layers != DEFAULT_LAYERS:
        out["layers"] = ",".join(state.layers)
    if state.basemap != "auto":
        out["basemap"] = state.basemap
    return out


def sync_in(session, query) -> list[str]:
    """Before the widgets: a session's first run takes its view from the link; later runs keep it.

    Only the first run reads the URL: a pasted or edited link loads the page anew (a new session),
    while within a session a rerun can carry a query string one step behind the widgets."""
    if "_view" not in session:
        state = from_query({k: query.get(k) for k in KEYS if query.get(k) is not None})
        session["_view"] = state
        session["_url_notes"] = (state.notes, to_query(state))
    # Widget values are dropped on a page without the sidebar (the briefing): restore them.
    view = session["_view"]
    for key, value in (("as_of", view.as_of), ("layers", list(view.layers)), ("basemap", view.basemap)):
        if key not in session:
            session[key] = value
    # The notes stand until the viewer changes the view they explain.
    notes, for_view = session["_url_notes"]
    return notes if for_view == to_query(current(session)) else []


def current(session) -> ViewState:
    return ViewState(
        session["as_of"], tuple(x for x in DEFAULT_LAYERS if x in session["layers"]), session["basemap"]
    )


def sync_out(session, query) -> None:
    """After the widgets: the URL follows them, so every view is a link."""
    session["_view"] = current(session)
    write_query(query, KEYS, to_query(session["_view"]))


def write_query(query, keys: tuple[str, ...], wanted: dict[str, str]) -> None:
    """Set the URL parameters among `keys` to `wanted`, touching no others (other pages' own)."""
    for key in keys:
        if key in wanted and query.get(key) != wanted[key]:
            query[key] = wanted[key]
        elif key not in wanted and key in query:
            del query[key]


def theme_href(query: Mapping[str, str], theme: str) -> str:
    """A relative link to the same page and view in a theme (`THEMES`): a new page load, the only
    time Streamlit reads its theme from the URL. The other parameters stay as they are."""
    kept = {k: v for k, v in query.items() if k != THEME_KEY}
    return "?" + urlencode({**kept, THEME_KEY: theme})
