"""Explore: filter the rows behind the map, read them, download them, and bring your own data."""

import datetime as dt

import streamlit as st

from frontmap import i18n, limits, safetext
from frontmap.app import (
    cards,
    downloads,
    headers,
    language,
    mapframe,
    session_rows,
    shell,
    sidebar,
    source,
    team,
    timebar,
    workspace,
)
from frontmap.data import explore, gazetteer, measure
from frontmap.i18n import N_, _
from frontmap.maps import layers, mapview, rowmap
from frontmap.report import tables

sit = source.situation()
view = sidebar.view()
span = source.span()

shell.header(
    _("Explore"),
    sit,
    view.as_of,
    line=_("The source's events and your uploads, filtered together: the map and the table show the same rows"),
)
workspace.read_uploads()  # the uploader sits under the map: its files are read before the rows are made
rows = session_rows.all_rows(sit, team.shown())


# The rows as each file a download offers: (label, writer, file name, type, help).
ROW_FILES = (
    (N_("Rows as CSV"), explore.to_csv, "frontmap-rows.csv", "text/csv",
     N_("Cells that start with = + - @ get a leading ' so that a spreadsheet shows them as text.")),
    (N_("Rows as GeoJSON"), explore.to_geojson, "frontmap-rows.geojson", "application/geo+json", None),
    (N_("Rows as KML"), explore.to_kml, "frontmap-rows.kml", "application/vnd.google-earth.kml+xml",
     N_("Each date is a TimeStamp, so Google Earth's time slider works.")),
    (N_("Rows as GeoPackage"), explore.to_geopackage, "frontmap-rows.gpkg", "application/geopackage+sqlite3", None),
)

# A range move, a filter, a click on the map or a table page reruns only this part: the uploader,
# the team layers, the measures and the sidebar are neither run nor sent again.
@st.fragment
def rows_view() -> None:
    language.keep()
    # Streamlit 1.67's browser sends the widget changes of one moment in one rerun, under the fragment
    # id of any of them: a file that finishes uploading as the map sends its value comes to a run of
    # this fragment alone. It is read here then, and the page run again so that its upload panel (outside
    # the fragment) lists it.
    if workspace.read_uploads():
        st.rerun()
    for note in workspace.sync_in():
        st.info(safetext.md(_("The link's {note}").format(note=note)))
    refused = workspace.read_drawing(st.session_state.get("explore_map"))  # a shape drawn on the map
    if refused:
        st.warning(safetext.md(refused))
    parts = shell.slots()
    with parts.controls:
        matching_line = st.empty()
    filters = st.container()
    with filters:
        workspace.filter_widgets(rows)
    workspace.sync_out()
    shown = workspace.current()
    others = workspace.matching(rows, shown, dates=False)  # the map's points take the dates in the browser
    in_range = explore.in_dates(rows, shown.first, shown.last)
    keep = others & in_range
    rings = workspace.shape_rings(shown.shape)
    if rings:
        with filters:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(
                i18n.ngettext(
                    "**Only the rows inside the shape drawn on the map** ({n} polygon; it is in the link).",
                    "**Only the rows inside the shape drawn on the map** ({n} polygons; it is in the link).",
                    len(rings),
                ).format(n=len(rings))
            )
            right.button(_("Clear shape"), on_click=workspace.clear_shape, width="stretch")

    # The map's last click is in the widget's state before the map is drawn: the selection's popups
    # go on the map in this same run.
    picked = rowmap.selected(rows, keep, workspace.clicked_tooltip(st.session_state.get("explore_map")))
    order = session_rows.date_order(rows)
    matching = int(keep.sum())
    matches = (
        _("**{n} of {total} rows** match, inside the shape drawn, and every one is on the map (counted in its cells).")
        if rings
        else _("**{n} of {total} rows** match, and every one is on the map (counted in its cells).")
    )
    matching_line.markdown(matches.format(n=i18n.number(matching), total=i18n.number(len(rows))))
    with parts.map:
        mapframe.show_map(
            mapframe.plain_base(sit, view.basemap, zoom=6),
            [
                session_rows.rows_layer(rows, others, "Rows", dates=(shown.first, shown.last), in_range=in_range),
                layers.places_layer(sit.places),
                *([rowmap.popups(explore.page(rows, picked, order, 0, limits.MAX_POPUPS))] if picked is not None else []),
                rowmap.lasso_layer(rings, answer=workspace.drawing_read()),
            ],
            key="explore_map",
            height=480,
            title=_("Map of the {n} rows that match the filters, and the places").format(n=i18n.number(matching)),
            returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count", "last_clicked", "all_drawings"],
            words=parts.words,
        )
    with parts.bar:
        counts = workspace.range_counts(rows, shown)
        timebar.range_bar(span, counts, shown.first, shown.last, workspace.set_range)
    chosen = keep if picked is None else picked
    count = int(chosen.sum())
    if picked is not None:
        left, right = st.columns([4, 1])
        left.markdown(
            _("**Selected on the map: {n} row(s).** Click the map away from a point to clear it.").format(n=i18n.number(count))
        )
        right.button(_("Clear selection"), on_click=workspace.clear_click, width="stretch")
    start, stop = workspace.table_page(count, chosen)
    st.dataframe(
        headers.said_values(explore.table(explore.page(rows, chosen, order, start, stop))),
        hide_index=True,
        height=tables.height_for(min(stop - start, 10), tables.ROW),  # its rows, up to ten, no empty box
        column_config=headers.config(rows.columns.tolist() + ["latitude", "longitude"], notes=st.column_config.TextColumn(width="large")),
    )

    def table_rows():
        """All the rows the table pages through, in order: made only when a download asks."""
        return explore.in_order(rows, chosen, order)

    # Each file is made only when its button is pressed (Streamlit calls the function then).
    a, b, c, d, e = st.columns(5)
    too_many = count * len(rows.columns) > limits.MAX_EXPORT_CELLS
    if too_many:
        st.caption(
            _(
                "Downloads are off: {n} rows of {columns} columns are over the limit "
                "of {cells} cells a download; narrow the filters."
            ).format(n=i18n.number(count), columns=len(rows.columns), cells=i18n.number(limits.MAX_EXPORT_CELLS))
        )
    for column, (label, write, name, mime, note) in zip((a, b, d, e), ROW_FILES):
        downloads.button(
            column, _(label), lambda write=write: write(table_rows()), file_name=name, mime=mime, disabled=too_many, help=_(note)
        )
    downloads.button(
        c,
        _("Map as HTML (opens offline)"),
        lambda: mapview.explore_html(sit, rowmap.export_layer(table_rows(), rings), count, workspace.current()),
        file_name="frontmap-map.html",
        mime="text/html",
        disabled=too_many,
    )


rows_view()

with st.expander(
    _("Bring your own data: GeoJSON, CSV, ACLED, KML/KMZ, GeoPackage, Shapefile (zipped), TimeMap"),
    expanded=True,  # its messages must stay in view after an upload
):
    workspace.upload_panel()
with st.expander(_("Team layers: published to every viewer"), expanded=True):
    team.panel(session_rows.uploads())

st.subheader(_("Measure"))
m1, m2 = st.columns(2)
with m1:
    st.markdown(_("**Area that changed hands** (equal-area projection, EPSG:3035)"))
    first = st.date_input(
        _("Between"), dt.date(2022, 11, 9), span.first, span.last, key="m_first"
    )
    last = st.date_input(_("and"), dt.date(2022, 11, 12), span.first, span.last, key="m_last")
    change = source.changed_between(first, last)
    st.metric(_("Left Russian hands"), i18n.km2(change.to_ukraine_km2))
    st.metric(_("Came into Russian hands"), i18n.km2(change.to_russia_km2))
    by_oblast = change.by_oblast.assign(oblast=change.by_oblast["oblast"].replace(measure.oblast_names(sit.oblasts)))
    st.dataframe(by_oblast, hide_index=True, column_config=headers.config(by_oblast.columns))
    st.caption(_("From DeepStateMap's lines of each day (Russian-held: since 2022, since 2014 and Crimea)."))
with m2:
    st.markdown(_("**Distance to the nearest Russian-held area** (geodesic, WGS84)"))
    names = dict(zip(sit.places["name"], sit.places.geometry))
    shown = dict(zip(sit.places["name"], gazetteer.place_names(sit.places)))  # (in the page's language)
    choices = sorted(names, key=lambda name: shown[name])
    place = st.selectbox(
        _("From"), choices, index=measure.default_place(choices), key="m_place", format_func=shown.get
    )
    day = st.date_input(_("As of"), view.as_of, span.first, span.last, key="m_day")
    if place is None:
        st.caption(_("No places are loaded: see Sources for the data problems."))
    else:
        km = measure.distance_to_russian_held(sit.control_areas, names[place], day)
        distance = i18n.number(km, 1) + " " + _("km") if km else None
        st.metric(
            _("{place} to the nearest Russian-held area").format(place=safetext.md(shown[place])),
            _("no front line for this day") if km is None else (_("inside it") if km == 0 else distance),
        )
cards.credits()
