"""Front: the main map as of the day, its time bar with the key dates, and what changed."""

import datetime as dt

import streamlit as st

from frontmap import safetext
from frontmap.app import cards, downloads, measures, playback, session_rows, shell, sidebar, source, workspace
from frontmap.data import deepstate, explore, timeline
from frontmap.i18n import _
from frontmap.report import tables

sit = source.situation()


def page() -> None:
    view = sidebar.view()
    shell.header(_("The front"), sit, view.as_of)
    parts = shell.slots()
    with parts.controls:
        since = measures.compare_with(view)
    workspace.read_uploads(workspace.FRONT_SNAPSHOT)  # an uploaded snapshot is on the map of this same run
    playback.front_player(sit, view, since, parts)
    st.markdown(measures.change_line(sit, view.as_of, since))
    with st.expander(_("Compare a DeepState snapshot with this line")):
        workspace.snapshot_uploader()
    for note in deepstate.snapshot_notes(session_rows.uploads(), sit.control_areas, view.as_of):
        st.info(safetext.md(note))  # an uploaded DeepState snapshot, drawn with the uploads
    downloads.button(
        st,
        _("This day as GeoPackage (for QGIS)"),
        lambda: explore.day_geopackage(sit, view.as_of),
        file_name=f"frontmap-{view.as_of}.gpkg",
        mime="application/geopackage+sqlite3",
        help=_("Control areas, places, routes with their status and the events up to this day, one layer each."),
    )
    # Line by line when comparing; else on demand (its rows would ride along on every date step).
    if since or st.toggle(_("What changed in the last 7 days, line by line"), key="week_digest"):
        measures.what_changed(sit, view.as_of, since)
    # Off until asked: it is measured once per server and its data would ride along on every date step.
    if st.toggle(_("Russian-held area over time"), key="held_chart"):
        measures.held_area_over_time(sit, view.as_of)

    st.subheader(_("Crossings and supply routes"))
    routes = timeline.routes_on(sit.routes, sit.route_status, view.as_of)
    st.html(tables.route_table_html(routes))
    st.caption(_("Routes are drawn straight between the places and crossings they pass: their course is approximate."))
    st.subheader(_("Events in the 7 days to this date"))
    week = timeline.happened_between(sit.events, view.as_of - dt.timedelta(days=6), view.as_of)
    cards.event_list(week, _("No event in the sources in these 7 days."), newest_first=True)
    # All of them on demand: every card would ride along on every date step.
    past = timeline.happened_between(sit.events, timeline.FIRST_DAY, view.as_of)
    if len(past) > len(week) and st.toggle(_("All {n} events up to this date").format(n=len(past)), key="all_events"):
        cards.event_list(past, "", newest_first=True)
    cards.credits()


shell.dated(page)  # a date step reruns this page's map and text alone
