"""The situation map on a page: built for the view, with its legend, its title for assistive
technology, a link to skip it and its words under it.
"""

from __future__ import annotations

import datetime as dt
import logging

import folium
import streamlit as st

from frontmap.app import folium_frame, session_rows, sidebar, state
from frontmap.data import timeline
from frontmap.data.dataset import Situation
from frontmap.maps import basemap, layers, mapview
from frontmap.maps.legend import legend_html

log = logging.getLogger(__name__)


def situation_map(
    sit: Situation,
    v: state.ViewState,
    key: str,
    height: int = 560,
    centre: tuple[float, float] = basemap.CENTRE,
    zoom: int = basemap.ZOOM,
    extra: list[folium.FeatureGroup] | None = None,
    returned_objects: list[str] | None = None,
    frame_front: bool = False,
    since: dt.date | None = None,
    ahead: list[dt.date] | None = None,
    words=None,
):
    """The situation map as of the view's date, with its legend; the base stays across dates.
    This browser session's uploads are drawn too, up to the same date. `frame_front`: open on the
    whole contact line of the day the page was opened (kept for the session, so that a date step
    never reframes or remounts the map)."""
    bounds = None
    if frame_front:
        if f"{key}_bounds" not in st.session_state:  # the first run only: later ones keep the frame
            st.session_state[f"{key}_bounds"] = timeline.front_bounds(sit.control_areas, v.as_of)
        bounds = st.session_state[f"{key}_bounds"]
    mine = session_rows.upload_layers(v.as_of)
    # the front lines of uploaded DeepState snapshots go beside the day's, where it is drawn
    lines = session_rows.snapshot_line_layers(sit.countries) if "control" in v.layers else []
    narrow = mapview.places_bounds(sit.places, PHONE_FRAME) if frame_front else None
    parts = mapview.build(
        sit, v.as_of, v.layers, v.basemap, centre, zoom, [*(extra or []), *mine, *lines], bounds, since, ahead,
        with_base=False,
    )
    base = folium_frame.rendered(
        (sit.oblasts, sit.countries, sit.places),
        (v.basemap, centre, zoom, _frozen(bounds), _frozen(narrow)),
        lambda: mapview.base(sit, v.basemap, centre, zoom, bounds, narrow),
    )
    legend = legend_html(
        v.layers, uploads=bool(mine), compared=since is not None, dark=sidebar.dark_theme(), snapshots=bool(lines)
    )
    return show_map(
        base, parts.dated, key, height, returned_objects,
        title=parts.title, notice=parts.note, legend=legend, summary=parts.summary, words=words,
    )


PHONE_FRAME = ("kherson", "bakhmut")  # what the front map frames on a phone


def plain_base(
    sit: Situation, basemap_choice: str, centre: tuple[float, float] = basemap.CENTRE, zoom: int = basemap.ZOOM
) -> folium_frame.RenderedBase:
    """A base map without a frame of its own (for `show_map`), rendered once per server, language
    and these values."""
    return folium_frame.rendered(
        (sit.oblasts, sit.countries, sit.places),
        (basemap_choice, centre, zoom, None, None),
        lambda: mapview.base(sit, basemap_choice, centre, zoom, None, None),
    )


def _frozen(corners: list[list[float]] | None) -> tuple | None:
    return tuple(map(tuple, corners)) if corners else None


def show_map(
    fmap: folium.Map | folium_frame.RenderedBase,
    groups: list[folium.FeatureGroup],
    key: str,
    height: int,
    returned_objects: list[str] | None = None,
    view: tuple[tuple[float, float], int] | None = None,
    title: str = "Map",
    notice: str | None = None,
    legend: str = "",
    summary: list[str] | tuple[str, ...] = (),
    words=None,
):
    """Render a map; `groups` are the layers that may change between reruns without a remount.
    The map is named `title` (its frame's title) and shows `notice` large over it, and its `legend`
    folded into a control on it. Above it, a link to skip it; under it (or in the container
    `words`: the shell puts them under the time bar), the map in words (`summary`), where the skip
    link lands. `returned_objects` defaults to none: the map then causes no rerun on pan or zoom.
    `view`, a (centre, zoom) to move to when it changes, without a remount. `fmap` may be a base
    already rendered (`folium_frame.rendered`), kept across runs."""
    groups = [*groups, layers.info_layer(title, notice, legend, sidebar.dark_theme())]
    st.html(layers.skip_link(key))
    centre, zoom = view or (None, None)
    base = fmap if isinstance(fmap, folium_frame.RenderedBase) else folium_frame.render(fmap)
    clicked = folium_frame.show(
        base, groups, key, height, returned_objects or [], center=list(centre) if centre else None, zoom=zoom
    )
    (words or st).html(layers.after_map(key, summary))
    return clicked

