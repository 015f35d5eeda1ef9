"""Explore's lasso: the shape's text in the link, its checks, and the rows it keeps (against geopandas)."""

import datetime as dt
import json
import math
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from apptest import map_scripts, open_page, text_of

from frontmap import limits
from frontmap.app import workspace
from frontmap.data import explore, lasso, uploads

ROOT = Path(__file__).resolve().parents[1]
OBLASTS = gpd.read_file(ROOT / "data" / "geo" / "oblasts.geojson")
KHERSON = OBLASTS.loc[OBLASTS["id"] == "UA-65"].geometry.iloc[0]


def kherson_lasso() -> tuple[shapely.MultiPolygon, str]:
    """A lasso drawn along Kherson oblast's outline (its islands too), as the browser sends it."""
    drawn = [[[lat, lon] for lon, lat in p.exterior.coords[:-1]] for p in KHERSON.geoms]
    shape = lasso.from_drawing(drawn)
    return shape, lasso.encode(shape)


def synthetic_rows(n: int = 20_000, seed: int = 25) -> gpd.GeoDataFrame:
    """SYNTHETIC rows, made here: most within 0.1° of Kherson oblast's border (either side), some
    across the region, a few lines and polygons, one row with no geometry."""
    rng = np.random.default_rng(seed)
    border = shapely.get_parts(KHERSON.boundary)
    lengths = shapely.length(border)
    pick = rng.choice(len(border), size=n, p=lengths / lengths.sum())
    along = shapely.line_interpolate_point(border[pick], rng.uniform(0, 1, n) * lengths[pick])
    x = shapely.get_x(along) + rng.normal(0, 0.05, n)
    y = shapely.get_y(along) + rng.normal(0, 0.05, n)
    x[: n // 10], y[: n // 10] = rng.uniform(30, 37, n // 10), rng.uniform(44.5, 48.5, n // 10)
    geoms = list(shapely.points(x, y))
    geoms[0] = shapely.box(32.5, 46.5, 32.7, 46.7)  # a polygon inside (Kherson city's west)
    geoms[1] = shapely.LineString([(31.0, 47.5), (31.2, 47.6)])  # a line far outside (Mykolaiv oblast)
    geoms[2] = None
    frame = pd.DataFrame({c: [f"{c}{i}" for i in range(n)] for c in uploads.ROW_COLUMNS})
    frame["date"] = pd.Timestamp("2022-11-10")
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def test_a_lasso_around_kherson_oblast_keeps_exactly_the_rows_inside_it():
    shape, text = kherson_lasso()
    assert len(shape.geoms) == 4 and len(text) < limits.MAX_SHAPE_CHARS
    assert shapely.hausdorff_distance(shape, KHERSON) <= lasso.TOLERANCE  # within 0.56 km of the outline
    rows = synthetic_rows()
    kept = explore.matches(rows, explore.Filters(shape=text))

    # geopandas: the rows' points (a shape's: its representative point) within the lasso...
    points = gpd.GeoDataFrame(
        {"i": range(len(rows))}, geometry=rows.geometry.representative_point(), crs="EPSG:4326"
    ).dropna()
    parsed, _ = lasso.parse(text)
    polygon = gpd.GeoDataFrame(geometry=[parsed], crs="EPSG:4326")
    within = np.zeros(len(rows), dtype=bool)
    within[gpd.sjoin(points, polygon, predicate="within")["i"].to_numpy()] = True
    assert np.array_equal(kept, within)
    assert kept[0] and not kept[1] and not kept[2]

    # ...and, for every row more than the simplification from the border, within the oblast itself
    clear = shapely.distance(points.geometry.values, KHERSON.boundary) > 2 * lasso.TOLERANCE  # (degrees)
    in_oblast = points.geometry.within(KHERSON).to_numpy()
    idx = points["i"].to_numpy()
    assert np.array_equal(kept[idx][clear], in_oblast[clear])
    assert 3_000 < kept.sum() < 15_000 and clear.sum() > 10_000  # both sides of the border are tested


def test_the_shape_round_trips_through_the_link_and_filters_with_the_other_filters():
    _, text = kherson_lasso()
    f = explore.Filters(dt.date(2022, 11, 1), dt.date(2022, 11, 12), categories=("withdrawal",), shape=text)
    query = workspace.to_query(f)
    assert query["shape"] == text
    back, notes = workspace.from_query(query)
    assert back == f and notes == []
    assert lasso.parse(text)[1] == text  # the text is canonical: read and written back the same


def test_the_source_events_inside_kherson_oblast(situation):
    rows = explore.all_rows(situation, [])
    _, text = kherson_lasso()
    kept = explore.apply(rows, explore.Filters(shape=text))
    polygon = gpd.GeoDataFrame(geometry=[lasso.parse(text)[0]], crs="EPSG:4326")
    assert set(kept["row_id"]) == set(gpd.sjoin(rows, polygon, predicate="within")["row_id"])
    # (Kherson city's point lies 0.003° outside OpenStreetMap's oblast outline, on the Dnipro's bank)
    assert len(kept) == 7 and set(kept["oblast"]) == {"Kherson Oblast"}


@pytest.mark.parametrize(
    "text, says",
    [
        ("abc", "middle of a vertex"),
        ("_p~iF~ps|U", "3 corners"),
        ("<script>", "not a character"),
        ("~" * 20, "too long"),
        ("x" * (limits.MAX_SHAPE_CHARS + 1), "limit is 4,000"),
        (",".join(["_p~iF~ps|U_ulLnnqC_mqNvxq`@"] * (limits.MAX_SHAPE_POLYGONS + 1)), "11 polygons"),
        (lasso.encode_ring([(0, 0), (1, 1), (2, 2)]), "no area"),
        (lasso.encode_ring([(0, 0), (0, 95), (1, 1)]), "outside latitude"),
        (lasso.encode_ring([(32 + i / 1000, 46 + (i % 2) / 10) for i in range(limits.MAX_SHAPE_VERTICES + 1)]), "corners"),
    ],
)
def test_a_bad_shape_in_the_link_is_said_and_ignored(text, says):
    f, notes = workspace.from_query({"shape": text})
    assert f.shape == "" and len(notes) == 1 and notes[0].startswith("shape: ") and says in notes[0]


def test_an_empty_shape_in_the_link_is_no_shape():
    assert workspace.from_query({"shape": " "}) == (explore.Filters(), [])


# a star of 700 points 0.1° deep: no simplification to 0.005° smooths it
STAR = [[46 + (1 + 0.1 * (k % 2)) * math.sin(k * math.tau / 700), 33 + (1 + 0.1 * (k % 2)) * math.cos(k * math.tau / 700)] for k in range(700)]


@pytest.mark.parametrize(
    "drawn, says",
    [
        (None, "no polygon"),
        ([], "no polygon"),
        ({"a": 1}, "no polygon"),
        ([[[46, 32], [47, 33], ["x", 33]]], "two numbers"),
        ([[[46, 32], [47, 33], [True, 33]]], "two numbers"),
        ([[[46, 32], [47, 33], [float("nan"), 33]]], "two numbers"),
        ([[[46, 32], [47, 33], [46, 33, 1]]], "two numbers"),
        ([[[46, 32], [47, 33], [91, 33]]], "outside latitude"),
        ([[[46, 32], [47, 33]]], "3 corners"),
        ([[[46, 32]] * (limits.MAX_DRAWN_VERTICES + 1)], "at most"),
        ([[[46, 32], [47, 33], [46, 33]]] * (limits.MAX_SHAPE_POLYGONS + 1), "11 polygons"),
        ([STAR], "fewer turns"),
    ],
)
def test_a_bad_drawing_is_refused_with_a_reason(drawn, says):
    with pytest.raises(lasso.ShapeError, match=says):
        lasso.from_drawing(drawn)


def test_a_self_intersecting_drawing_is_made_valid_and_several_polygons_add_up():
    bowtie = [[46.0, 32.0], [47.0, 33.0], [47.0, 32.0], [46.0, 33.0]]  # [lat, lon]: two triangles
    square = [[48.0, 35.0], [48.0, 35.5], [48.5, 35.5], [48.5, 35.0]]
    shape = lasso.from_drawing([bowtie, square])
    assert shape.is_valid and len(shape.geoms) == 3
    points = (np.array([32.5, 32.1, 32.5, 35.2, 34.0]), np.array([46.2, 46.5, 46.8, 48.2, 47.0]))
    assert list(lasso.inside(points, shape)) == [True, False, True, True, False]


def test_the_page_filters_by_the_links_shape_and_a_drawing_replaces_or_clears_it(situation):
    _, text = kherson_lasso()
    at = open_page("views/explore.py", shape=text)
    assert "**7 of 62 rows** match, inside the shape drawn," in text_of(at)
    table = at.dataframe[0].value
    assert len(table) == 7 and set(table["oblast"]) == {"Kherson Oblast"}
    assert at.query_params["shape"] in (text, [text])
    script = map_scripts(at)[0]["feature_group"]
    assert "fmLasso.show(" in script and json.dumps(lasso.rings_of(lasso.parse(text)[0])[0][0]) in script

    # a square drawn around Kherson city (as the browser sends it): the shape, the count, the link follow
    square = [[46.55, 32.5], [46.55, 32.75], [46.7, 32.75], [46.7, 32.5]]
    draw(at, {"lasso": [square], "n": 1})
    drawn = lasso.encode(lasso.from_drawing([square]))
    assert at.query_params["shape"] in (drawn, [drawn])
    count = explore.apply(explore.all_rows(situation, []), explore.Filters(shape=drawn)).shape[0]
    assert f"**{count:,} of 62 rows** match, inside" in text_of(at) and len(at.dataframe[0].value) == count

    draw(at, {"lasso": [[[46, 32], [46, 32]]], "n": 2})  # refused: said, the shape stays
    assert "The shape drawn was not used: a polygon needs 3 corners or more." in text_of(at)
    assert at.query_params["shape"] in (drawn, [drawn])
    draw(at, {"lasso": {"a": "<b>"}, "n": "</script><script>alert(1)</script>"})  # forged: nothing of it runs
    assert "The shape drawn was not used: no polygon." in text_of(at)
    script = map_scripts(at)[0]["feature_group"]
    assert "alert(1)" not in script and re.search(r"fmLasso\.show\([^;]*, true, null, \{\"", script)  # (then the words)

    next(b for b in at.button if b.label == "Clear shape").click().run()
    assert "shape" not in at.query_params and "inside the shape" not in text_of(at)
    assert len(at.dataframe[0].value) > count

    draw(at, {"lasso": [square], "n": 3})
    draw(at, {"lasso": [], "n": 4})  # the map's own Clear shape
    assert "shape" not in at.query_params


def test_the_map_file_outlines_the_shape_and_says_so(situation):
    from frontmap.maps import mapview, rowmap

    _, text = kherson_lasso()
    f = explore.Filters(shape=text)
    kept = explore.apply(explore.all_rows(situation, []), f)
    rings = lasso.rings_of(lasso.parse(text)[0])
    html = mapview.explore_html(situation, rowmap.export_layer(kept, rings), len(kept), f)
    assert "fmLasso.show(" in html and json.dumps(rings[0][0]) in html
    assert "inside the shape drawn (outlined in purple)" in html and "window.fmLasso" in html


def test_a_bad_shape_in_the_link_is_said_on_the_page():
    at = open_page("views/explore.py", shape="<b>nope</b>")
    assert "The link's shape: '<' is not a character of an encoded polyline" in text_of(at).replace("\\", "")
    assert "inside the shape" not in text_of(at) and "shape" not in at.query_params


def draw(at, drawing: dict) -> None:
    """What the map sends when a shape is closed or cleared (`all_drawings`), as st_folium hands it on."""
    value = {"last_object_clicked_tooltip": None, "last_object_clicked_count": 0, "last_clicked": None, "all_drawings": drawing}
    at.session_state[map_scripts(at)[0]["key"]] = value
    at.session_state["explore_map"] = value
    at.run()

