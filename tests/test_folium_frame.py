"""The map frame with its base rendered once (app/folium_frame.py) gives streamlit-folium's
component what `st_folium` gives it, and keeps the render across runs."""

import datetime as dt

import pytest
import streamlit_folium

from frontmap.app import folium_frame
from frontmap.maps import basemap, mapview

DAY = dt.date(2022, 11, 12)
SHOWN = ("control", "places", "events", "routes", "axes")


@pytest.fixture
def component_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: calls.append(kwargs))
    return calls


def situation_map(situation, day=DAY):
    bounds = [[46.0, 32.0], [49.5, 39.5]]
    return mapview.build(situation, day, SHOWN, "auto", basemap.CENTRE, basemap.ZOOM, bounds=bounds)


def as_st_folium_gives_it(situation, calls, day=DAY):
    parts = situation_map(situation, day)
    streamlit_folium.st_folium(
        parts.base, key="m", height=500, use_container_width=True, feature_group_to_add=parts.dated,
        returned_objects=["last_object_clicked"], center=[47.0, 35.0], zoom=7,
    )
    return calls.pop()


def as_the_frame_gives_it(situation, calls, base, day=DAY):
    parts = situation_map(situation, day)
    folium_frame.show(base, parts.dated, "m", 500, ["last_object_clicked"], center=[47.0, 35.0], zoom=7)
    return calls.pop()


def same_but_the_callback(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a.keys() - {"on_change"}:
        assert a[name] == b[name], name


def test_the_frame_gives_the_component_what_st_folium_gives_it(situation, component_calls):
    base = folium_frame.render(situation_map(situation).base)
    same_but_the_callback(
        as_st_folium_gives_it(situation, component_calls), as_the_frame_gives_it(situation, component_calls, base)
    )


def test_a_base_rendered_once_serves_every_day_after_it(situation, component_calls):
    base = folium_frame.render(situation_map(situation).base)
    for day in (DAY, DAY + dt.timedelta(days=3), DAY - dt.timedelta(days=20)):
        same_but_the_callback(
            as_st_folium_gives_it(situation, component_calls, day),
            as_the_frame_gives_it(situation, component_calls, base, day),
        )


def test_the_base_is_rendered_once_per_distinct_base(situation):
    made = []

    def make():
        made.append(1)
        return situation_map(situation).base

    owners = (situation.oblasts, situation.countries, situation.places)
    first = folium_frame.rendered(owners, ("auto", "test"), make)
    assert folium_frame.rendered(owners, ("auto", "test"), make) is first
    assert folium_frame.rendered(owners, ("offline", "test"), make) is not first
    assert len(made) == 2
