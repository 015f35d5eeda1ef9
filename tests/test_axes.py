"""DeepState's directions of attack: the bearing each arrow icon stands for, measured from the data;
the derived file against DeepState's own coordinates; the layer on the web map, in words, in the
legend and on the printed map."""

import datetime as dt
import io
import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from PIL import Image

from frontmap import styles
from frontmap.briefing import decks
from frontmap.data import axes, measure, timeline
from frontmap.data.dataset import load_geojson
from frontmap.data.deepstate import ukraine_area
from frontmap.maps import layers, printed, situation_layers
from frontmap.maps.legend import legend_html
from frontmap.schema import GEO_FILES

# DeepState's "Direction of attack" points as its snapshots give them (lon, lat, N of {icon=arrow_N}):
# ../shared/geo/deepstate/2022-09-01.geojson and 2022-11-11.geojson (the DanielRose2310/deepstatemaps-history
# archive of deepstatemap.live), every such point of each file, in the file's order.
DEEPSTATE = {
    dt.date(2022, 9, 1): [
        (37.6749944, 48.0685175, 16), (37.7578211, 48.0861797, 12), (37.6413488, 48.05039, 15), (38.1316101, 48.4636319, 12),
        (37.5277337, 47.9264962, 12), (38.2311316, 48.8592935, 12), (38.1008936, 48.5670802, 13), (38.2121197, 48.9015877, 12),
        (38.1176723, 48.5226597, 12), (37.8595612, 48.2809447, 16), (37.7818217, 48.2057669, 10), (38.1080974, 48.6708106, 12),
        (38.2385481, 48.8093332, 13), (38.1202202, 48.6283166, 10), (37.2894419, 49.0186653, 7), (38.1628261, 48.6992334, 16),
        (36.0844407, 50.402494, 11), (38.0420049, 48.4209619, 10), (37.7795609, 48.100127, 13), (38.22487, 48.7263541, 14),
        (37.2203111, 47.7148466, 16), (37.5295783, 47.8441749, 13), (32.5384832, 47.0193901, 15), (37.4141476, 49.0024864, 6),
        (37.5128365, 49.0238716, 10), (33.1216957, 47.140731, 6), (37.9797743, 48.3914493, 14),
    ],
    dt.date(2022, 11, 11): [
        (37.6532792, 48.0680587, 14), (37.6916455, 48.0860071, 15), (37.6051283, 48.0530866, 15), (37.9935951, 48.4290183, 13),
        (37.5277337, 47.9264962, 12), (38.0172506, 48.5066264, 12), (38.1080974, 48.6708106, 12), (38.0577366, 48.5792237, 13),
        (38.1116721, 48.6477751, 15), (37.9975452, 48.4575144, 12), (37.7795609, 48.100127, 13), (37.2096277, 47.7090138, 16),
        (37.986426, 48.3943273, 14), (38.0868432, 48.6087507, 10), (37.8068871, 48.279411, 12), (38.2676159, 48.818521, 11),
        (38.2689892, 48.950366, 10), (37.7995214, 48.1786321, 12), (38.0500227, 49.21959, 10),
    ],
}


@pytest.fixture(scope="module")
def measured(situation):
    """Every derived point's bearing measured across its own day's front line (`axes.measure_all`)."""
    rows = situation.attack_axes.assign(day=[d.date() for d in situation.attack_axes["valid_from"]])
    return rows.assign(measured=axes.measure_all(rows, situation.control_areas, situation.countries))


def test_arrow_n_points_n_times_22_5_degrees_clockwise_from_north_as_the_data_shows(measured):
    assert measured["measured"].notna().all() and len(measured) == 2591
    direction, offset, share = axes.fit(list(measured["icon"]), list(measured["measured"]))
    assert direction == 1 and abs(offset - 22.5) <= 1.5  # numbered clockwise, arrow_1 at 22.5 deg
    assert share > 0.85  # 85.9%: of 2,591 points, 2,225 within 45 deg of their icon's bearing
    assert [axes.icon_bearing(i) for i in ("arrow_4", "arrow_8", "arrow_12", "arrow_16")] == [90.0, 180.0, 270.0, 0.0]
    assert (measured["bearing"] == [axes.icon_bearing(i) for i in measured["icon"]]).all()
    # Each icon's points against its bearing (docs/attack-axes.md): most of them within 45 deg for
    # every icon but the rare arrow_1 (33 points at 7 places, measured north-west of it), arrow_4 (2).
    shares = {}
    for icon, rows in measured.groupby("icon"):
        found = axes.agreement(icon, list(rows["measured"]), axes.icon_bearing(icon))
        shares[icon] = round(found.within_45, 2)
    assert shares == {
        "arrow_1": 0.06, "arrow_2": 0.6, "arrow_3": 1.0, "arrow_4": 0.5, "arrow_5": 0.82, "arrow_6": 0.68, "arrow_7": 0.97,
        "arrow_8": 0.91, "arrow_9": 0.91, "arrow_10": 0.67, "arrow_11": 0.89, "arrow_12": 0.92, "arrow_13": 0.89,
        "arrow_14": 0.98, "arrow_15": 0.7, "arrow_16": 0.95,
    }
    busy = {i: s for i, s in shares.items() if (measured["icon"] == i).sum() >= 20 and i != "arrow_1"}
    assert len(busy) == 11 and min(busy.values()) > 0.6


def test_the_measure_reads_the_side_of_the_line(situation):
    """Across a straight north-south line with Russian-held ground east of it, west is 270 deg
    whether the point lies on the held side or on the other."""
    held = shapely.box(38.0, 47.0, 40.0, 49.0)
    land = shapely.box(35.0, 46.0, 40.0, 50.0)
    for lon in (38.02, 37.98):
        assert axes.measured_bearing(shapely.Point(lon, 48.0), held, land) == pytest.approx(270, abs=0.5)
    assert axes.measured_bearing(shapely.Point(30.0, 48.0), held, land) is None  # no line near it


@pytest.mark.parametrize("day", sorted(DEEPSTATE))
def test_the_derived_file_holds_each_snapshots_points_where_deepstate_put_them(situation, day):
    """The theatre: the control areas' own region (Ukraine's oblasts with a 0.1 degree margin,
    `deepstate.ukraine_area`); every point of both days lies in it, so all of them are kept."""
    theatre = ukraine_area(situation.oblasts)
    expected = [(lon, lat, f"arrow_{n}") for lon, lat, n in DEEPSTATE[day] if theatre.contains(shapely.Point(lon, lat))]
    assert len(expected) == len(DEEPSTATE[day]) == {dt.date(2022, 9, 1): 27, dt.date(2022, 11, 11): 19}[day]
    rows = timeline.valid_on(situation.attack_axes, day)
    assert len(rows) == len(expected)
    assert (rows["snapshot"] == str(day)).all() and (rows["source"].str.startswith("DeepStateMap")).all()
    for (lon, lat, icon), row in zip(expected, rows.itertuples(index=False)):
        assert row.icon == icon and row.bearing == axes.icon_bearing(icon)
        assert measure.geodesic_km(shapely.Point(lon, lat), row.geometry) < 0.002  # snapped to 1e-5 degree


def test_snapshot_axes_takes_attacks_only_inside_the_region():
    names = ["Напрямок удару /// Direction of attack\n", "Напрямок удару", "Напрямок втечі /// Direction of escapement",
             "Напрямок удару /// Direction of attack", "Напрямок удару /// Direction of attack", "Kyiv"]
    descriptions = ["{icon=arrow_12}", "{icon=arrow_3}", "{icon=arrow_4}", "{icon=arrow_17}", "{icon=arrow_5}", "{icon=arrow_1}"]
    points = [shapely.Point(37.123456, 48.0, 0), shapely.Point(37.5, 48.5), shapely.Point(37.6, 48.6), shapely.Point(37.7, 48.7),
              shapely.Point(10.0, 50.0), shapely.Point(30.5, 50.4)]
    frame = gpd.GeoDataFrame({"name": names, "description": descriptions}, geometry=points)
    found = axes.snapshot_axes(frame, shapely.box(30, 44, 41, 53))
    assert [(p.x, p.y, p.has_z, icon) for p, icon in found] == [(37.12346, 48.0, False, "arrow_12"), (37.5, 48.5, False, "arrow_3")]
    assert axes.snapshot_axes(gpd.GeoDataFrame(geometry=[shapely.box(37, 47, 38, 48)]), shapely.box(30, 44, 41, 53)) == []


def test_a_bad_row_is_named_by_file_and_row(tmp_path):
    text = (
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{"id":"ax1","icon":"arrow_17","bearing":400,"valid_from":"2022-09-01","valid_to":"2022-09-01",'
        '"snapshot":"2022-09-01","source":"DeepStateMap"},"geometry":{"type":"Point","coordinates":[37.5,48.5]}},'
        '{"type":"Feature","properties":{"id":"ax2","icon":"arrow_1","bearing":22.5,"valid_from":"2022-09-02","valid_to":"2022-09-01",'
        '"snapshot":"2022-09-02","source":"DeepStateMap"},"geometry":{"type":"Point","coordinates":[37.5,48.5]}}]}'
    )
    (tmp_path / "attack_axes.geojson").write_text(text, encoding="utf-8")
    frame, problems = load_geojson(tmp_path / "attack_axes.geojson", *GEO_FILES["attack_axes.geojson"])
    assert frame.empty and len(problems) == 2
    first, second = (str(p) for p in problems)
    assert first.startswith("attack_axes.geojson:1: icon:") and "(got 'arrow_17')" in first and "bearing 400.0 is not in degrees" in first
    assert second == "attack_axes.geojson:2: row: valid_to 2022-09-01 is before valid_from 2022-09-02"


def test_the_web_layer_draws_an_arrow_a_point_credited_to_deepstate(situation):
    day = situation_layers.day_of(situation, dt.date(2022, 9, 1), ("axes",))
    text = situation_layers.axes_web(day)[0]
    collection = next(iter(text._children.values())).text
    assert collection.count("class='fm-axis'") == 27 and collection.count("rotate(") == 27
    assert "rotate(270.0)" in collection and "data-bearing='270.0'" in collection
    assert collection.count('"tooltip":"Direction of attack, as DeepStateMap marked it on 2022-09-01"') == 27
    assert "DeepStateMap&#x27;s assessment" in collection or "DeepStateMap's assessment" in collection
    said = situation_layers.axes_words(day)
    assert said.startswith("Directions of attack as DeepStateMap marked them on 2022-09-01 (its assessment): 27 arrows pointing")
    assert sum(int(part.split()[0]) for part in said.split("pointing ")[1].rstrip(".").split(", ")) == 27
    assert "DeepStateMap&#x27;s assessment" in legend_html(["axes"])
    early = situation_layers.day_of(situation, dt.date(2022, 4, 5), ("axes",))
    assert situation_layers.axes_words(early) is None  # no arrows in the archive's first snapshots


def test_an_arrow_svg_is_turned_by_its_bearing_and_text_is_escaped():
    svg = layers.arrow_svg(112.5, "x")
    assert "rotate(112.5)" in svg and svg.count("<path") == 4
    frame = gpd.GeoDataFrame(
        {"id": ["<b>ax</b>"], "icon": ["arrow_5"], "bearing": [112.5], "snapshot": [np.datetime64("2022-09-01")]},
        geometry=[shapely.Point(37, 48)],
    )
    text = layers.axes_collection(frame)
    assert "<b>ax" not in text and "&lt;b&gt;ax" in text and "112.5\\u00b0 (ESE)" in text


def axis_patches(ax) -> list[FancyArrowPatch]:
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch) and (p.get_gid() or "").startswith("fm-axis ")]


def test_the_printed_map_draws_each_axis_of_the_day_in_view_as_an_arrow_along_its_bearing(situation):
    day = dt.date(2022, 9, 1)
    view = printed.View((48.5, 37.9), 8, ("control", "places", "axes"))
    fig = Figure(figsize=(8, 6))
    ax = fig.add_axes((0, 0, 1, 1))
    printed.draw_map(ax, situation, view, day)
    FigureCanvasAgg(fig).draw()  # the map's aspect is applied as it is drawn
    west, south, east, north = printed.view_bounds(view.centre, view.zoom)
    rows = timeline.valid_on(situation.attack_axes, day)
    inside = rows[[west <= g.x <= east and south <= g.y <= north for g in rows.geometry]]
    patches = axis_patches(ax)
    assert 10 <= len(patches) == len(inside) < len(rows)
    bearing = dict(zip(inside["id"], inside["bearing"]))
    for patch in patches:
        (x0, y0), (x1, y1) = ax.transData.transform(np.array(patch._posA_posB))  # on the page, y up
        on_page = math.degrees(math.atan2(x1 - x0, y1 - y0)) % 360
        assert abs(axes.turn(on_page, bearing[patch.get_gid().split()[1]])) < 1
    assert any("direction of attack as DeepStateMap marked it on 01 Sep" in t.get_text() for t in ax.get_legend().get_texts())


def _axis_pixels(png: bytes) -> int:
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    target = np.array([int(styles.AXIS_STYLE["color"][i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - target).sum(axis=2) < 40).sum())


def test_a_slides_png_shows_the_arrows(situation):
    deck_text = (
        'title = "Axes"\n[[slides]]\ntitle = "Bakhmut"\nas_of = 2022-09-01\ncentre = [48.5, 37.9]\nzoom = 8\n'
        'layers = ["control", "places", "{}"]\n'
    )
    pixels = {}
    for extra in ("axes", "dnipro"):
        deck, problems = decks.parse_deck(deck_text.format(extra), "axes.toml")
        assert not problems
        pixels[extra] = _axis_pixels(decks.slide_png(situation, deck, 0))
    assert pixels["dnipro"] < 50 and pixels["axes"] > 2000  # the arrows' red, only where they are drawn


def test_the_gifs_frame_shows_the_arrows(situation):
    from frontmap.maps import animation

    out = io.BytesIO()
    animation.frame(situation, dt.date(2022, 9, 1)).save(out, format="PNG")
    before = io.BytesIO()
    animation.frame(situation, dt.date(2022, 4, 4)).save(before, format="PNG")  # no arrows in the archive yet
    assert _axis_pixels(out.getvalue()) > 500 and _axis_pixels(before.getvalue()) < 50


def test_the_arrow_reads_on_every_fill_in_either_theme_and_in_greyscale():
    """Contrast is a ratio of luminances, what greyscale keeps: the dark red arrow against the land
    and each control fill of the light theme, its white casing against those of the dark one."""
    from test_screens_browser import ratio

    from frontmap.maps import basemap

    def rgb(colour):
        return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]

    arrow, casing = rgb(styles.AXIS_STYLE["color"]), rgb(styles.AXIS_STYLE["casing"])
    for land, reads in ((basemap.LAND, arrow), (basemap.DARK["land"], casing)):
        backs = [land] + [layers.blend(s["fill"], land, styles.FILL_OPACITY) for s in styles.CONTROL_STYLE.values()]
        assert min(ratio(reads, rgb(b)) for b in backs) >= 3.0, land
    assert ratio(arrow, casing) > 9
