"""Streamlit glue shared by the pages: the cached situation, the shared sidebar, figure cards, maps.

Pages stay thin: they read the view state, call the package, and lay out what comes back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os

import folium
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from frontmap import limits, safetext, store
from frontmap.app import session_rows, state
from frontmap.data import measure, provenance, situation_cache, timeline
from frontmap.data.dataset import DEFAULT_DATA_DIR, Situation, with_python_text
from frontmap.maps import basemap, layers, mapview
from frontmap.report import charts, digest
from frontmap.report.numbers import card_label, format_value

log = logging.getLogger(__name__)
basemap.ensure_static_assets()
basemap.use_local_assets()

PAGE_FAILED = (
    "This page hit a problem it could not get past and stopped here. The other pages still work; "
    "the details are in the server's log."
)


STORE_DOWN = (
    "The team's database cannot be read, so this page cannot be shown: {reason}. "
    "Nothing is lost; the page comes back by itself once the database answers again (reload in a moment)."
)


# One shared, read-only Situation for every session: no per-rerun copy (cache_data would unpickle
# 4 MB on each rerun), and the layers published from it are found again by their content. A store's
# key carries its version, so a change in the store loads afresh (the last few versions are kept).
@st.cache_resource(show_spinner="Loading the situation…", max_entries=4)
def _load(data_dir: str) -> Situation:
    if data_dir.startswith(STORE_KEY):
        from frontmap.store import situation as stored

        return with_python_text(stored.load(data_dir.split(" ", 1)[1]))
    return with_python_text(situation_cache.load(data_dir))


# Shared and read-only, as the Situation is: cache_data would unpickle its geometries on every run.
@st.cache_resource(show_spinner=False, max_entries=256)
def _change(data_dir: str, first: dt.date, last: dt.date) -> measure.Change:
    sit = _load(data_dir)
    return measure.changed_hands(sit.control_areas, sit.oblasts, first, last)


def changed_between(first: dt.date, last: dt.date) -> measure.Change:
    """What changed hands between two days on the served situation: measured once per pair of
    days, for every viewer (about 0.1 s; Explore's every rerun measured it again)."""
    return _change(data_dir(), first, last)


def _compared(sit: Situation, day: dt.date, since: dt.date | None) -> tuple[dt.date, measure.Change | None]:
    """The earlier day (7 days before when none is chosen) and what changed hands from its front
    line to the day's (None where either has none); measured once per pair, for every viewer."""
    earlier = since or day - dt.timedelta(days=7)
    before = timeline.control_on(sit.control_areas, earlier).snapshot
    now = timeline.control_on(sit.control_areas, day).snapshot
    return earlier, _change(data_dir(), before, now) if before and now else None


def change_line(sit: Situation, day: dt.date, since: dt.date | None = None) -> str:
    """What changed hands between the earlier day and the day, as a line of markdown."""
    earlier, change = _compared(sit, day, since)
    span = f"From {earlier:%d %b} to {day:%d %b}" if since else f"In the 7 days to {day:%d %b}"
    if change is None:
        first = sit.control_areas["valid_from"].min()
        at = f" (the first is of {first.date().isoformat()})" if pd.notna(first) else ""
        return f"**{span}:** no front line to compare{at}."
    return f"**{span}:** {safetext.md(measure.describe(change))}."


def what_changed(sit: Situation, day: dt.date, since: dt.date | None = None) -> None:
    """The digest of what changed since the earlier day: a sentence per data row, each with its source."""
    earlier, change = _compared(sit, day, since)
    sections = digest.digest(sit, earlier, day, change)
    st.subheader(f"What changed from {earlier:%d %b} to {day:%d %b}")
    if not sections:
        st.write("Nothing in the data changed in between.")
    for name, lines in sections.items():
        items = "\n".join(
            f"- {safetext.md(line.text)} · {provenance.source_markdown(line.source, line.source_title, line.url, line.url_note)}"
            for line in lines
        )
        st.markdown(f"**{safetext.md(name)}**\n\n{items}")


@st.cache_data(show_spinner="Measuring the area held on each day…", max_entries=32)
def _held_areas(data_dir: str, oblast: str | None) -> pd.DataFrame:
    sit = _load(data_dir)
    region = sit.oblasts.set_index("name").geometry.get(oblast) if oblast else None
    return measure.held_area_by_day(sit.control_areas, region)


def held_area_over_time(sit: Situation, day: dt.date) -> None:
    """Russian-held area per day, for Ukraine or an oblast, with the method beneath."""
    oblast = st.selectbox("Area held in", [None, *sorted(sit.oblasts["name"])], format_func=lambda o: o or "all of Ukraine", key="held_in")
    chart = charts.held_area_chart(_held_areas(data_dir(), oblast), day, timeline.KEY_DAYS, layers.CONTROL_STYLE)
    st.altair_chart(chart, width="stretch")
    st.caption(
        "Method: each Russian-held polygon of DeepStateMap's daily lines, measured in an equal-area "
        "projection (EPSG:3035, edges densified), counted on every day it is valid; grey zone left out."
    )


PLAY_SPEEDS = {"slow: 1.5 s a day": 1.5, "0.8 s a day": 0.8, "fast: 0.4 s a day": 0.4}


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


def front_player(sit: Situation, v: state.ViewState, since: dt.date | None) -> None:
    """The front map, played or scrubbed over a range of days: from the compared day (or 14 days
    before) to the day shown. The map stays mounted while it plays; only its dated layers change."""
    first = since or max(timeline.FIRST_DAY, v.as_of - dt.timedelta(days=14))
    days = [first + dt.timedelta(days=i) for i in range((v.as_of - first).days + 1)]
    if st.session_state.get("front_frame_range") != (first, v.as_of):  # a new range opens on its last day
        st.session_state["front_frame_range"] = (first, v.as_of)
        st.session_state["front_frame"] = len(days) - 1
    stop_if_done("front_frame_playing")
    controls = st.columns([1, 1.6, 1, 4])
    playing = controls[0].toggle(
        "▶ Play",
        key="front_frame_playing",
        help=f"Plays {first:%d %b} → {v.as_of:%d %b}",
        on_change=rewind_at_end,
        args=("front_frame", len(days), "front_frame_playing"),
    )
    speed = controls[1].selectbox("Speed", list(PLAY_SPEEDS), index=1, key="front_speed", label_visibility="collapsed")
    loop = controls[2].toggle("Loop", key="front_loop")
    if len(days) <= limits.MAX_ANIMATION_DAYS:  # made when asked: about 0.3 s a day
        controls[3].download_button(
            f"Animated GIF, {first:%d %b} → {v.as_of:%d %b}",
            lambda: _front_gif(sit, first, v.as_of),
            file_name=f"frontmap-{first.isoformat()}-{v.as_of.isoformat()}.gif",
            mime="image/gif",
        )
    else:
        controls[3].caption(f"An animation takes at most {limits.MAX_ANIMATION_DAYS} days: compare with a later day.")

    @st.fragment(run_every=PLAY_SPEEDS[speed] if playing else None)
    def frame() -> None:
        index = advance("front_frame", len(days), "front_frame_playing", loop, start=len(days) - 1)
        if len(days) > 1:
            st.select_slider(
                "Day on the map",
                options=list(range(len(days))),
                format_func=lambda i: f"{days[i]:%d %b}",
                key="front_frame",
                label_visibility="collapsed",
            )
        day = days[index]
        if day != v.as_of:
            st.caption(f"The map shows {day:%d %B %Y}; the rest of the page is as of {v.as_of:%d %B %Y}.")
        shown = dataclasses.replace(v, as_of=day)
        # Fetched ahead, so that each day draws at once: the next ones, or the first (where Play starts).
        ahead = (days + days)[index + 1 : index + 4] if playing else days[:1]
        situation_map(
            sit, shown, key="front_map", height=620, frame_front=True, since=since if since and since < day else None, ahead=ahead
        )

    frame()


def _front_gif(sit: Situation, first: dt.date, last: dt.date) -> bytes:
    # Imported when a GIF is asked for: matplotlib and Pillow cost every server start ~60 MB otherwise.
    from frontmap.maps import animation

    return animation.front_gif(sit, first, last)


def compare_with(v: state.ViewState) -> dt.date | None:
    """An earlier day to compare the map with, kept in the URL (`?since=2022-11-05`): the day before,
    7 or 30 days before, or a key date."""
    if "since" not in st.session_state:  # a session's first run: from the link
        asked = st.query_params.get("since")
        day, note = timeline.parse_day(asked) if asked else (None, None)
        st.session_state["since"] = day if day and not note and day < v.as_of else None
    labels: dict[dt.date | None, str] = {None: "nothing (the last 7 days are summed up)"}
    for days, what in ((1, "the day before"), (7, "7 days before"), (30, "30 days before")):
        labels[v.as_of - dt.timedelta(days=days)] = what
    labels.update({d: name for name, d in timeline.KEY_DAYS.items() if d < v.as_of})
    chosen = st.session_state["since"]
    if chosen is not None and chosen >= v.as_of:  # the day moved before it: nothing to compare
        st.session_state["since"] = None
    elif chosen is not None and chosen not in labels:
        labels[chosen] = "the linked day"
    st.selectbox(
        "Compare with",
        options=sorted(labels, key=lambda d: (d is not None, d or dt.date.min)),
        format_func=lambda d: labels[d] + (f" · {d:%d %b %Y}" if d else ""),
        key="since",
        help="Hatches the land that changed hands since that day and draws its front line as a dashed ghost.",
    )
    since = st.session_state["since"]
    state.write_query(st.query_params, ("since",), {"since": since.isoformat()} if since else {})
    return since


STORE_KEY = "store:"


def database_url() -> str | None:
    return os.environ.get("FRONTMAP_DATABASE_URL") or None


def data_dir() -> str:
    """Where the situation comes from, as the caches' key: the store (`FRONTMAP_DATABASE_URL`) with
    its version, checked every few seconds; else the folder `FRONTMAP_DATA` or the shipped `data/geo`."""
    url = database_url()
    if url:
        return f"{STORE_KEY}{store.version(url)} {url}"
    return os.environ.get("FRONTMAP_DATA") or str(DEFAULT_DATA_DIR)


def situation() -> Situation:
    """The situation, loaded once per version of its source. A store that cannot be read stops the
    page with one line that says so (no traceback); the next run tries again."""
    try:
        sit = _load(data_dir())
    except store.Unavailable as err:
        log.warning("store unavailable: %s", err)
        st.error(STORE_DOWN.format(reason=safetext.md(str(err))))
        st.stop()
    timeline.follow(sit)
    return sit


def view() -> state.ViewState:
    return state.current(st.session_state)


def _step(days: int) -> None:
    day = st.session_state["as_of"] + dt.timedelta(days=days)
    st.session_state["as_of"] = min(max(day, timeline.FIRST_DAY), timeline.LAST_DAY)


def jump_to(day: dt.date) -> None:
    st.session_state["as_of"] = day


def day_slider(label: str, key: str, **options) -> None:
    """A slider over the dashboard's days, one day a step (a pair of days when its state is a range)."""
    st.slider(
        label,
        min_value=timeline.FIRST_DAY,
        max_value=timeline.LAST_DAY,
        step=dt.timedelta(days=1),
        format="YYYY-MM-DD",
        key=key,
        **options,
    )


MAP_CONTROLS = {"layers": "map layer", "basemap": "basemap"}


def sidebar(sit: Situation, map_controls: tuple[str, ...] = tuple(MAP_CONTROLS)) -> state.ViewState:
    """The one sidebar every page shares: the date, and those of the map controls (layers, basemap)
    that the page's maps honour; the others are hidden, their choice kept in the URL for the pages
    that use it. Bound to the URL."""
    notes = state.sync_in(st.session_state, st.query_params)
    with st.sidebar:
        day_slider(
            "As of",
            key="as_of",
            help="Every page shows the situation as of this day. The URL follows it: copy it to share the view.",
        )
        back, forward = st.columns(2)
        back.button("◀ Day before", on_click=_step, args=(-1,), width="stretch")
        forward.button("Day after ▶", on_click=_step, args=(1,), width="stretch")
        if "layers" in map_controls:
            st.multiselect(
                "Map layers", options=list(layers.LAYERS), format_func=layers.LAYERS.get, key="layers"
            )
        if "basemap" in map_controls:
            st.radio(
                "Basemap",
                options=list(basemap.BASEMAPS),
                format_func={
                    "auto": "Online tiles (offline outlines if they fail)",
                    "offline": "Offline outlines",
                }.get,
                key="basemap",
            )
        unused = [name for key, name in MAP_CONTROLS.items() if key not in map_controls]
        if unused:
            st.caption(
                f"No map on this page uses the {' or '.join(unused)} choice: it is kept for the pages "
                "whose maps do."
            )
        if sit.problems:
            st.warning(f"{len(sit.problems)} data problem(s): the rows affected are left out. See Sources.")
    state.sync_out(st.session_state, st.query_params)
    with st.sidebar:
        st.html(theme_links(st.query_params.to_dict(), st.context.theme.type))
        if dark_theme():
            components.html(KEEP_DARK_IN_URL, height=0)
    for note in notes:
        st.info(safetext.md(f"The link's {note}"), icon="ℹ️")
    return view()


# Streamlit reads the theme from `embed_options` once, as a page loads, and drops it from the address
# on a page switch: the tab stays dark, a link copied from it would open light. This keeps it in every
# address the app writes from then on, for as long as the tab is dark (a theme link reloads the page).
KEEP_DARK_IN_URL = """<script>(function () {
  var top = window.parent;
  if (top.__fmKeepDark) return;
  top.__fmKeepDark = true;
  function keep(url) {
    var u = new URL(url == null ? top.location.href : url, top.location.href);
    if (!u.searchParams.has("embed_options")) u.searchParams.set("embed_options", "dark_theme");
    return u.pathname + u.search + u.hash;
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var real = top.history[name].bind(top.history);
    top.history[name] = function (state, title, url) { return real(state, title, keep(url)); };
  });
  top.history.replaceState(top.history.state, "", keep(null));
})();</script>"""


def theme_links(query: dict[str, str], shown: str | None) -> str:
    """"Theme: Light · Dark, high contrast" as links to this view in each; the one shown (Streamlit's
    `light` or `dark`, None before the browser has said) is plain text."""
    links = [
        f"<strong>{layers.esc(name)}</strong>"
        if theme.startswith(f"{shown}_")
        else f'<a href="{layers.esc(state.theme_href(query, theme))}">{layers.esc(name)}</a>'
        for theme, name in state.THEMES.items()
    ]
    # (the frame of KEEP_DARK_IN_URL runs hidden: no empty stop for the keyboard)
    hide = '<style>[data-testid=stSidebar] iframe[title="st.iframe"]{display:none}</style>'
    return f'{hide}<p class="fm-theme">Theme: {" · ".join(links)}</p>'


def figure_card(row: pd.Series | None, label: str | None = None, missing: str = "No figure yet") -> None:
    """A number with its label, and beneath it where it came from and as of when."""
    if row is None:
        st.metric(label or "", "—")
        st.caption(missing)
        return
    label, unit = card_label(label or row["label"], row["unit"])
    # a metric's label and value are both markdown: the label and the unit, from figures.csv, are text
    st.metric(safetext.md(label), format_value(row["value"], safetext.md(unit)))
    said = [
        timeline.as_of_text(row),
        provenance.source_markdown(row["source"], row.get("source_title"), row.get("url"), row.get("url_note")),
    ]
    if isinstance(row.get("note"), str) and row["note"]:
        said.append(safetext.md(row["note"]))
    st.caption(" · ".join(said))


def figure_row(figures: pd.DataFrame, day: dt.date, cards: list[tuple[str, str]]) -> None:
    """Figure cards side by side: each metric's latest figure on or before the day, under a label."""
    for column, (metric, label) in zip(st.columns(len(cards)), cards):
        with column:
            figure_card(
                timeline.latest(figures, day, metric), label, missing=f"Nothing dated on or before {day}"
            )


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
    parts = mapview.build(
        sit, v.as_of, v.layers, v.basemap, centre, zoom, [*(extra or []), *mine], bounds, since, ahead,
        narrow_bounds=mapview.places_bounds(sit.places, PHONE_FRAME) if frame_front else None,
    )
    legend = layers.legend_html(v.layers, uploads=bool(mine), compared=since is not None, dark=dark_theme())
    return show_map(
        parts.base, parts.dated, key, height, returned_objects,
        title=parts.title, notice=parts.note, legend=legend, summary=parts.summary,
    )


PHONE_FRAME = ("kherson", "bakhmut")  # what the front map frames on a phone


def dark_theme() -> bool:
    """The viewer's tab is in the dark theme: the maps and their legends follow it."""
    return st.context.theme.type == "dark"


def show_map(
    fmap: folium.Map,
    groups: list[folium.FeatureGroup],
    key: str,
    height: int,
    returned_objects: list[str] | None = None,
    view: tuple[tuple[float, float], int] | None = None,
    title: str = "Map",
    notice: str | None = None,
    legend: str = "",
    summary: list[str] | tuple[str, ...] = (),
):
    """Render a map; `groups` are the layers that may change between reruns without a remount.
    The map is named `title` (its frame's title) and shows `notice` large over it. Above it, a link
    to skip it and the `legend` (folded into a control on the map on a phone); under it, the map in
    words (`summary`), where the skip link lands. `returned_objects` defaults to none: the map then
    causes no rerun on pan or zoom. `view`, a (centre, zoom) to move to when it changes, without a
    remount."""
    groups = [*groups, layers.info_layer(title, notice, legend, dark_theme())]
    st.html(layers.skip_link(key) + legend)  # plain HTML: no markdown to parse on every rerun
    centre, zoom = view or (None, None)
    clicked = st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=groups,
        returned_objects=returned_objects or [],
        center=list(centre) if centre else None,
        zoom=zoom,
    )
    st.html(layers.after_map(key, summary))
    return clicked


def event_list(events: pd.DataFrame, empty: str, newest_first: bool = False) -> None:
    """Events as folded cards: the date and title, then the quote and who reported it."""
    if events.empty:
        st.write(empty)
    else:
        st.html(layers.event_list_html(events, newest_first))


def credits() -> None:
    """Who the page owes: the datasets, and every outlet a row of the data cites."""
    st.caption(safetext.md(provenance.credits(situation())) + ". Every source, with its address, is on the Sources page.")
