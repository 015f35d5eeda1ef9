"""The view state and its URL, without Streamlit: a dict stands in for the session and the query."""

import datetime as dt

from frontmap.app import sidebar, state


def test_query_round_trip_and_short_links():
    view = state.ViewState(dt.date(2022, 11, 12), ("control", "places"), "offline")
    assert state.to_query(view) == {"as_of": "2022-11-12", "layers": "control,places", "basemap": "offline"}
    back = state.from_query(state.to_query(view))
    assert (back.as_of, back.layers, back.basemap, back.notes) == (view.as_of, view.layers, view.basemap, [])
    assert state.to_query(state.ViewState()) == {"as_of": "2022-11-10"}


def test_bad_values_give_notes_and_defaults():
    view = state.from_query({"as_of": "2022-02-30", "layers": "control,tanks", "basemap": "satellite"})
    assert view.as_of == dt.date(2022, 11, 10) and view.layers == ("control",) and view.basemap == "auto"
    assert [n.split(":")[0] for n in view.notes] == ["as_of", "layers", "basemap"]


def test_the_link_opens_the_view_then_the_widgets_rule():
    session, query = {}, {"as_of": "2022-11-12"}
    assert state.sync_in(session, query) == []
    assert session["as_of"] == dt.date(2022, 11, 12)
    session["as_of"] = dt.date(2022, 11, 13)  # the slider moved
    stale = {"as_of": "2022-11-12"}  # a rerun whose query string is one step behind
    state.sync_in(session, stale)
    assert session["as_of"] == dt.date(2022, 11, 13)
    state.sync_out(session, stale)
    assert stale == {"as_of": "2022-11-13"}


def test_widget_values_come_back_after_a_page_without_the_sidebar():
    session, query = {}, {"as_of": "2022-10-25", "layers": "control"}
    state.sync_in(session, query)
    state.sync_out(session, query)
    for key in ("as_of", "layers", "basemap"):  # the briefing page drops the sidebar's widget state
        del session[key]
    state.sync_in(session, {})
    assert session["as_of"] == dt.date(2022, 10, 25) and session["layers"] == ["control"]


def test_url_notes_stand_until_the_view_changes():
    session = {}
    assert state.sync_in(session, {"as_of": "soon"})[0].startswith("as_of: 'soon' is not a date")
    assert state.sync_in(session, {"as_of": "soon"})  # a rerun: still shown
    session["as_of"] = dt.date(2022, 11, 1)
    assert state.sync_in(session, {}) == []


def test_a_theme_link_keeps_the_view_and_names_streamlits_theme():

    query = {"as_of": "2022-11-12", "layers": "control,places", "embed_options": "light_theme"}
    href = state.theme_href(query, "dark_theme")
    assert href == "?as_of=2022-11-12&layers=control%2Cplaces&embed_options=dark_theme"
    links = sidebar.theme_links({"as_of": "2022-11-12", "q": '"><script>'}, "dark")
    assert "<strong>Dark, high contrast</strong>" in links and 'href="?as_of=2022-11-12' in links
    assert "<script>" not in links  # a parameter from the link is escaped in the href
