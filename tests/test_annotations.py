"""A slide's drawings: kept in the deck's TOML and read back identical, within the deck's limits
(each refusal naming the slide and the drawing), drawn in the same place on the web map, on paper
(PNG, PDF), in the GIF and in the offline HTML file, and kept by a room in the team's store."""

import io
import math

import numpy as np
import pytest
from PIL import Image
from pyproj import Geod

from frontmap import limits
from frontmap.briefing import decks, decktoml, rooms
from frontmap.maps import annotations

DECK = '''# a presenter's deck, drawn on
title = "Drawn"
[[slides]]
title = "Kherson"
as_of = 2022-11-11
centre = [46.75, 32.9]
zoom = 9
layers = ["control", "places"]

[[slides.annotations]]
type = "arrow"
coords = [[32.3, 47.05], [32.6, 46.98], [32.72, 46.82]]
colour = "red"

[[slides.annotations]]
type = "line"
coords = [[32.5, 46.6], [32.9, 46.7]]
colour = "black"

[[slides.annotations]]
type = "area"
coords = [[33.0, 46.95], [33.3, 47.1], [33.4, 46.95]]
colour = "green"

[[slides.annotations]]
type = "circle"
coords = [[33.6, 46.6]]
radius_km = 8
colour = "purple"

[[slides.annotations]]
type = "label"
coords = [[33.3, 46.9]]
text = "Pressure \\"here\\" — 10 km \\\\ $x$"

[[slides.annotations]]
type = "marker"
coords = [[32.9, 46.5]]
text = "HQ"
colour = "black"

[[slides]]
title = "Second"
play_from = 2022-11-09
play_to = 2022-11-11
centre = [46.75, 32.9]
zoom = 9
layers = ["control"]

[[slides.annotations]]
type = "arrow"
coords = [[32.3, 46.9], [32.7, 46.7]]
colour = "red"
'''
RED = np.array([0xB3, 0x00, 0x1B])


def parsed(text: str):
    deck, problems = decks.parse_deck(text, "drawn.toml")
    assert problems == []
    return deck


def red_pixels(png: bytes) -> int:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int((np.abs(image - RED).max(axis=2) <= 40).sum())


def test_a_drawn_deck_is_written_and_read_back_identical():
    deck = parsed(DECK)
    assert [a.type for a in deck.slides[0].annotations] == list(annotations.KINDS)
    written = decktoml.dumps(deck)
    again = parsed(written)
    assert again == deck
    assert decktoml.dumps(again) == written  # and the text is stable
    assert written.count("[[slides.annotations]]") == 7
    shipped = decks.shipped_decks()["kherson-2022-11"].read_text(encoding="utf-8")
    assert parsed(decktoml.dumps(parsed(shipped))) == parsed(shipped)  # a deck with no drawing too


def test_text_with_every_kind_of_escape_survives_the_round_trip():
    deck = parsed(DECK)
    odd = 'quote " backslash \\ tab\t newline? no: one line · ünïcödé 🙂 \x7f?'.replace("\t", " ").replace("\x7f", "")
    deck.slides[0].annotations[4] = deck.slides[0].annotations[4].model_copy(update={"text": odd})
    assert parsed(decktoml.dumps(deck)).slides[0].annotations[4].text == odd


def _with(annotation: str, slide: int = 1) -> list[str]:
    """A deck's problems with one more drawing on slide `slide` (1 or 2)."""
    head, second = DECK.split('[[slides]]\ntitle = "Second"')
    if slide == 1:
        head += annotation
    else:
        second += annotation
    deck, problems = decks.parse_deck(head + '[[slides]]\ntitle = "Second"' + second, "drawn.toml")
    assert deck is None
    return problems


def test_the_limits_of_a_slide_refuse_with_the_slide_and_the_drawing_named():
    one = '\n[[slides.annotations]]\ntype = "marker"\ncoords = [[33.0, 46.8]]\n'
    problems = _with(one * (limits.MAX_ANNOTATIONS - 5))
    assert problems == [f"drawn.toml: slide 1, field 'annotations': List should have at most {limits.MAX_ANNOTATIONS} items after validation, not {limits.MAX_ANNOTATIONS + 1}"]
    many = [[33 + i / 1000, 46.8] for i in range(limits.MAX_ANNOTATION_VERTICES + 1)]
    problems = _with(f'\n[[slides.annotations]]\ntype = "line"\ncoords = {many}\n', slide=2)
    assert problems == [f"drawn.toml: slide 2, annotation 2, field 'coords': List should have at most {limits.MAX_ANNOTATION_VERTICES} items after validation, not {limits.MAX_ANNOTATION_VERTICES + 1}"]
    long = "x" * (limits.MAX_ANNOTATION_TEXT + 1)
    problems = _with(f'\n[[slides.annotations]]\ntype = "label"\ncoords = [[33.0, 46.8]]\ntext = "{long}"\n')
    assert problems == [f"drawn.toml: slide 1, annotation 7, field 'text': String should have at most {limits.MAX_ANNOTATION_TEXT} characters"]


@pytest.mark.parametrize(
    ("drawing", "said"),
    [
        ('type = "arrow"\ncoords = [[33.0, 46.8]]', "annotation 7: an arrow needs two points or more"),
        ('type = "area"\ncoords = [[33.0, 46.8], [33.1, 46.8]]', "annotation 7: an area needs three points or more"),
        ('type = "circle"\ncoords = [[33.0, 46.8]]', "annotation 7: a circle, and only a circle, has radius_km"),
        ('type = "circle"\ncoords = [[33.0, 46.8]]\nradius_km = 900', "annotation 7, field 'radius_km': Input should be less than or equal to 500"),
        ('type = "label"\ncoords = [[33.0, 46.8]]', "annotation 7: a label needs its text"),
        ('type = "arrow"\ncoords = [[33.0, 46.8], [33.1, 46.9]]\ntext = "x"', "annotation 7: only a label or a marker has text, not this arrow"),
        ('type = "marker"\ncoords = [[33.0, 46.8]]\ncolour = "pink"', "annotation 7, field 'colour': Input should be 'blue', 'red', 'black', 'purple' or 'green'"),
        ('type = "scribble"\ncoords = [[33.0, 46.8]]', "annotation 7, field 'type'"),
        ('type = "marker"\ncoords = [[200.0, 46.8]]', "point 1, [200.0, 46.8], is not a [lon, lat] in WGS84"),
        ('type = "marker"\ncoords = [[33.0, -91]]', "is not a [lon, lat] in WGS84"),
        ('type = "marker"\ncoords = [[nan, 46.8]]', "annotation 7, field 'coords.0.0': Input should be a finite number"),
        ('type = "marker"\ncoords = [[33.0, inf]]', "annotation 7, field 'coords.0.1': Input should be a finite number"),
        ('type = "marker"\ncoords = [["33", "x"]]', "annotation 7, field 'coords.0.1': Input should be a valid number"),
        ('type = "marker"\ncoords = [[33.0, 46.8, 1.0]]', "annotation 7, field 'coords.0'"),
        ('type = "label"\ncoords = [[33.0, 46.8]]\ntext = "two\\nlines"', "a label's text is one line"),
        ('type = "marker"\ncoords = [[33.0, 46.8]]\nonclick = "x"', "annotation 7, field 'onclick': Extra inputs are not permitted"),
    ],
)
def test_a_bad_drawing_is_refused_and_named(drawing, said):
    problems = _with(f"\n[[slides.annotations]]\n{drawing}\n")
    assert any(said in p and p.startswith("drawn.toml: slide 1, annotation 7") for p in problems), problems


def test_an_arrow_is_a_curve_through_its_points_with_a_head_at_the_last():
    arrow = parsed(DECK).slides[0].annotations[0]
    s = annotations.shapes(arrow)
    assert s.head[0] == pytest.approx(arrow.coords[-1])  # the tip on the last point
    assert s.line[0] == pytest.approx(arrow.coords[0])
    # a curve, not the two straight segments: it passes through the middle point, bending smoothly
    assert min(math.dist(p, arrow.coords[1]) for p in s.line) < 1e-9
    assert len(s.line) > 20
    # the head is a fifth of the arrow at most, and the shaft stops inside it
    assert math.dist(s.line[-1], arrow.coords[-1]) < math.dist(s.head[1], arrow.coords[-1])


def test_a_circle_is_its_radius_on_the_ground():
    circle = parsed(DECK).slides[0].annotations[3]
    ring = annotations.shapes(circle).ring
    geod = Geod(ellps="WGS84")
    (lon, lat), distances = circle.coords[0], []
    for x, y in ring:
        distances.append(geod.inv(lon, lat, x, y)[2] / 1000)
    assert distances == pytest.approx([8.0] * len(ring), abs=1e-6)


def test_a_shape_drawn_in_the_browser_becomes_the_drawing_of_its_tool():
    def feature(kind, coords, **props):
        return {"type": "Feature", "geometry": {"type": kind, "coordinates": coords}, "properties": props}

    line = annotations.from_drawing(feature("LineString", [[32.123456789, 46.5], [32.2, 46.6]]), "red", "arrow", "")
    assert (line.type, line.colour, line.coords[0]) == ("arrow", "red", (32.12346, 46.5))
    assert annotations.from_drawing(feature("LineString", [[32, 46], [33, 47]]), "blue", "line", "").type == "line"
    square = [[32, 46], [33, 46], [33, 47], [32, 47], [32, 46]]
    area = annotations.from_drawing(feature("Polygon", [square]), "green", "arrow", "")
    assert area.type == "area" and len(area.coords) == 4  # Leaflet's closing point dropped
    circle = annotations.from_drawing(feature("Point", [33, 46.8], radius=12345.6), "purple", "arrow", "")
    assert (circle.type, circle.radius_km) == ("circle", 12.35)
    label = annotations.from_drawing(feature("Point", [33, 46.8], tool="circlemarker"), "blue", "arrow", " Here ")
    assert (label.type, label.text) == ("label", "Here")
    assert annotations.from_drawing(feature("Point", [33, 46.8], tool="circlemarker"), "blue", "arrow", "").text == "Label"
    assert annotations.from_drawing(feature("Point", [33, 46.8], tool="marker"), "blue", "arrow", "x").type == "marker"
    with pytest.raises(ValueError):
        annotations.from_drawing(feature("LineString", [[32, 46 + i / 1e4] for i in range(limits.MAX_ANNOTATION_VERTICES + 1)]), "red", "arrow", "")
    with pytest.raises(ValueError):
        annotations.from_drawing(feature("LineString", [[400, 46], [32, 46]]), "red", "arrow", "")


def test_the_drawings_are_on_the_png_the_map_alone_and_not_on_an_undrawn_slide(situation):
    deck = parsed(DECK)
    assert red_pixels(decks.slide_png(situation, deck, 0)) > 200
    assert red_pixels(decks.slide_map_png(situation, deck, 0)) > 100
    bare = deck.model_copy(update={"slides": [deck.slides[0].model_copy(update={"annotations": []}), deck.slides[1]]})
    assert red_pixels(decks.slide_png(situation, bare, 0)) == 0


def test_a_range_slide_gif_carries_its_drawings_on_every_frame(situation):
    gif = Image.open(io.BytesIO(decks.slide_gif(situation, parsed(DECK), 1)))
    assert gif.n_frames == 3
    for i in range(gif.n_frames):
        gif.seek(i)
        frame = io.BytesIO()
        gif.convert("RGB").save(frame, format="PNG")
        assert red_pixels(frame.getvalue()) > 50


def test_the_offline_html_draws_them_and_its_text_is_text(situation):
    deck = parsed(DECK)
    html = decks.slide_html(situation, deck, 0)
    assert "fm-drawn-label" in html and "fm-drawn-marker" in html and "#B3001B" in html
    assert "Pressure &quot;here&quot;" in html  # escaped where it becomes HTML


def test_a_room_in_either_store_keeps_the_deck_with_its_drawings(pg_cluster):
    from frontmap.store import schema

    url = pg_cluster.create_database("drawn_rooms")
    schema.init(url)
    text = decktoml.dumps(parsed(DECK))
    for store in (rooms.MemoryRooms(), rooms.StoreRooms(url)):
        room = store.open(text, 1, 2)
        kept = store.get(room.code)
        assert parsed(kept.deck_text) == parsed(DECK)


def test_the_presenter_edits_and_deletes_a_drawing_and_the_deck_follows():
    from apptest import assert_no_failure, deck_chooser, open_page

    at = open_page("views/briefing.py")
    at.session_state["uploaded_decks"] = {"drawn": DECK}
    at.run()
    deck_chooser(at).set_value("drawn").run()
    assert any(e.label == "Draw on this slide (6)" for e in at.expander)
    at.toggle(key="drawing").set_value(True).run()
    assert_no_failure(at)

    def kept():
        return parsed(at.session_state["uploaded_decks"]["drawn"]).slides[0].annotations

    colours = [s for s in at.selectbox if s.label == "Colour"]
    assert [c.value for c in colours] == [a.colour for a in parsed(DECK).slides[0].annotations]
    colours[0].set_value("green").run()
    assert kept()[0].colour == "green"
    [s for s in at.selectbox if s.label == "Kind"][0].set_value("line").run()
    assert kept()[0].type == "line"
    label = [t for t in at.text_input if t.label == "Text"][0]
    label.set_value("Moved <here>").run()
    assert kept()[4].text == "Moved <here>"
    [b for b in at.button if b.label == "Delete"][1].click().run()
    assert [a.type for a in kept()] == ["line", "area", "circle", "label", "marker"]
    # a label's text emptied is refused, and said; the deck keeps the drawing as it was
    [t for t in at.text_input if t.label == "Text"][0].set_value("").run()
    assert kept()[3].text == "Moved <here>"
    assert any("Drawing 4" in e.value and "a label needs its text" in e.value for e in at.error)
    # another slide and back: the drawings stay
    at.button(key="slide_next").click().run()
    assert any(e.label == "Draw on this slide (1)" for e in at.expander)
    at.button(key="slide_prev").click().run()
    assert any(e.label == "Draw on this slide (5)" for e in at.expander)
    assert_no_failure(at)


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_palette_reads_on_the_control_areas_and_in_greyscale():
    from frontmap import styles
    from frontmap.maps import basemap
    from frontmap.maps.layers import blend

    fills = {name: blend(s["fill"], basemap.LAND, styles.FILL_OPACITY) for name, s in styles.CONTROL_STYLE.items()}
    for name, look in annotations.PALETTE.items():
        # on the land, the grey zone and the land Russia took in 2022: 3:1 at least (WCAG's for graphics)
        for ground in (basemap.LAND, fills["grey_zone"], fills["occupied_2022"]):
            assert _contrast(look["colour"], ground) >= 3, (name, ground)
        # on the darker land held since 2014, the line's white halo carries it
        assert _contrast(annotations.HALO, fills["occupied_2014"]) >= 3
        assert _contrast(look["colour"], annotations.HALO) >= 4.5
    # in greyscale, no two colours look alike: each its own dash or weight
    looks = [(look["dash"], look["weight"]) for look in annotations.PALETTE.values()]
    assert len(set(looks)) == len(looks)


def test_a_drawing_moved_with_the_edit_tool_keeps_its_kind_colour_and_text():
    drawn = parsed(DECK).slides[0].annotations
    arrow, circle, label = drawn[0], drawn[3], drawn[4]
    moved = annotations.moved(arrow, {"geometry": {"type": "LineString", "coordinates": [[32.0, 46.0], [32.5, 46.5]]}})
    assert (moved.type, moved.colour, moved.coords) == ("arrow", "red", [(32.0, 46.0), (32.5, 46.5)])
    bigger = annotations.moved(circle, {"geometry": {"type": "Point", "coordinates": [33.6, 46.6]}, "properties": {"radius": 20000}})
    assert (bigger.type, bigger.radius_km, bigger.colour) == ("circle", 20.0, "purple")
    there = annotations.moved(label, {"geometry": {"type": "Point", "coordinates": [33.123456, 46.7]}})
    assert (there.text, there.coords) == (label.text, [(33.12346, 46.7)])
    with pytest.raises(ValueError):
        annotations.moved(label, {"geometry": {"type": "Point", "coordinates": [333.0, 46.7]}})
    # an edit is tied to the drawings it was made on
    assert annotations.version(drawn) != annotations.version([moved, *drawn[1:]])
