"""Presenter mode: the shipped briefing, stepped through; bad decks; the PDF and PNG exports."""

import datetime as dt
import io

import pypdfium2
import pytest
import shapely
from apptest import deck_chooser, map_scripts, open_page, text_of
from PIL import Image

from frontmap.briefing import decks
from frontmap.maps import printed
from frontmap.report.numbers import card_label

DECK = decks.BRIEFINGS_DIR / "kherson-2022-11.toml"


@pytest.fixture(scope="module")
def deck():
    parsed, problems = decks.parse_deck(DECK.read_bytes(), DECK.name)
    assert problems == []
    return parsed


def test_shipped_briefing_tells_the_story(deck):
    assert 9 <= len(deck.slides) <= 12
    days = {s.first_day for s in deck.slides}
    assert {dt.date(2022, 8, 29), dt.date(2022, 10, 25), dt.date(2022, 11, 9)} <= days
    assert any(s.play_to == dt.date(2022, 11, 12) for s in deck.slides)
    titles = " ".join(s.title for s in deck.slides)
    for word in ("counteroffensive", "withdrawal", "Bakhmut", "Power", "children", "Aid", "Iran"):
        assert word in titles
    # the power slide shows the outage map, the arms slide the transfers from outside
    maps = {s.title.split()[0]: s.map for s in deck.slides}
    assert maps["Power:"] == "outages" and maps["Arms"] == "flows" and maps["Striking"] == "supply"


# The tests that open the page run on the files and on PostGIS (`page_source`, conftest.py).
def test_appt_steps_through_every_slide_with_its_date_layers_and_figures(deck, page_source):
    at = open_page("views/briefing.py", deck="kherson-2022-11", slide="1")
    for number, slide in enumerate(deck.slides, start=1):
        assert at.title[0].value == slide.title
        assert f"{number} / {len(deck.slides)}" in text_of(at)
        assert f"As of {slide.first_day:%d %B %Y}" in text_of(at)
        fmap = map_scripts(at)[0]
        assert ("fm-occupied_2022" in fmap["feature_group"]) == ("control" in slide.shown)
        assert ("data-place" in fmap["feature_group"]) == ("places" in slide.shown)
        assert ("fm-oblast" in fmap["feature_group"]) == (slide.map == "outages")
        assert ("fm-flow" in fmap["feature_group"]) == (slide.map == "flows")
        shown = {m.label for m in at.metric}
        figures = decks.slide_figures(slide, briefing_figures(), slide.first_day)
        expected = {card_label(r["label"], r["unit"])[0] for r in figures}
        assert shown == expected and len(shown) == len(slide.figures)
        assert at.query_params["slide"] in (str(number), [str(number)])
        if number < len(deck.slides):
            at.button(key="slide_next").click().run()
            assert not at.exception
    assert at.button(key="slide_next").disabled


def briefing_figures():
    from frontmap.data.dataset import load_situation

    return load_situation().figures


def test_a_link_opens_the_room_at_slide_n(page_source):
    at = open_page("views/briefing.py", deck="kherson-2022-11", slide="7")
    assert at.title[0].value == "Power: 4 million without electricity"
    assert {m.value for m in at.metric} >= {"4 million", "14 regions"}


def test_bad_slide_or_deck_in_the_link_gives_a_note(page_source):
    at = open_page("views/briefing.py", deck="nope", slide="x")
    notes = " ".join(i.value for i in at.info)
    assert "no briefing 'nope'" in notes and "not a number" in notes
    assert at.title[0].value == "The southern counteroffensive"
    assert open_page("views/briefing.py", slide="99").title[0].value == "Arms from Iran and North Korea"


def test_play_through_a_range_advances_day_by_day(page_source):
    at = open_page("views/briefing.py", deck="kherson-2022-11", slide="5")
    assert "As of 09 November 2022 <span>· day 1 of 4" in text_of(at)
    at.toggle(key="playing").set_value(True).run()
    assert at.session_state["play_index"] == 1
    assert "As of 10 November 2022 <span>· day 2 of 4" in text_of(at)
    at.toggle(key="playing").set_value(False).run()
    assert "As of 10 November 2022" in text_of(at)  # paused where it was


def test_notes_only_when_asked(page_source):
    at = open_page("views/briefing.py", deck="kherson-2022-11", slide="4")
    assert "War Gonzo" not in text_of(at)
    at.toggle(key="show_notes").set_value(True).run()
    assert "War Gonzo" in text_of(at)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title = "x"\n[[slides]]\ntitle = "a"\nas_of = 2023-01-01\n',
            "slide 1, field 'as_of': 2023-01-01 is outside",
        ),
        (
            'title = "x"\n[[slides]]\ntitle = "a"\nas_of = 2022-11-09\n[[slides]]\ntitle = "b"\nzoom = 40\nas_of = 2022-11-09\n',
            "slide 2, field 'zoom'",
        ),
        (
            'title = "x"\n[[slides]]\ntitle = "a"\nas_of = 2022-11-09\nlayers = ["tanks"]\n',
            "slide 1, field 'layers': unknown layer(s) tanks",
        ),
        ('title = "x"\n[[slides]]\ntitle = "a"\n', "slide 1: give as_of, or both play_from and play_to"),
        (
            'title = "x"\n[[slides]]\ntitle = "a"\nas_of = 2022-11-09\ncolour = "red"\n',
            "slide 1, field 'colour': Extra inputs",
        ),
        ('title = "x"\nslides = [', "not valid TOML"),
        (
            'title = "x"\n[[slides]]\ntitle = "a"\nas_of = 2022-11-09\n[[slides]]\ntitle = "b"\nas_of = 2022-11-09\nmap = "tanks"\n',
            "slide 2, field 'map': Input should be 'front', 'outages', 'supply' or 'flows'",
        ),
    ],
)
def test_a_bad_deck_names_the_slide_and_the_field(text, expected):
    deck, problems = decks.parse_deck(text.encode(), "mine.toml")
    assert deck is None and any(expected in p for p in problems), problems


def test_uploaded_deck_is_used_and_a_bad_one_reported(page_source):
    at = open_page("views/briefing.py")
    good = 'title = "Mine"\n[[slides]]\ntitle = "Only slide"\nas_of = 2022-11-12\nlayers = ["control"]\n'
    at.session_state["uploaded_decks"] = {"mine": good}
    at.run()
    deck_chooser(at).set_value("mine").run()
    assert at.title[0].value == "Only slide" and not at.exception


def test_pdf_has_a_page_per_slide_plus_sources_with_map_content(deck, situation):
    pdf = pypdfium2.PdfDocument(decks.deck_pdf(situation, deck))
    title, lines = decks.deck_digest(situation, deck)
    digest_pages = -(-len(lines) // decks.SOURCE_LINES)
    source_pages = -(-len(decks.source_lines(situation, deck)) // decks.SOURCE_LINES)
    assert len(pdf) == len(deck.slides) + digest_pages + source_pages
    first = pdf[0].render(scale=1).to_pil().convert("L")
    # the map's area on the page (left 60%) is not blank: many grey levels, not a white sheet
    width, height = first.size
    map_area = first.crop((int(width * 0.05), int(height * 0.15), int(width * 0.6), int(height * 0.9)))
    assert len(map_area.getcolors(256)) > 40
    assert map_area.getextrema()[0] < 100  # dark ink of outlines and labels
    changed = " ".join(pdf[len(deck.slides) + i].get_textpage().get_text_range() for i in range(digest_pages))
    assert title in changed and "Kherson ceased to be Russian-held" in changed and "Snihurivka" in changed
    sources = " ".join(pdf[len(pdf) - 1 - i].get_textpage().get_text_range() for i in range(source_pages))
    assert "DeepStateMap" in sources and "source article" in sources


def test_png_is_a_real_image_of_the_map(deck, situation):
    image = Image.open(io.BytesIO(decks.slide_png(situation, deck, 4)))
    assert image.format == "PNG" and image.size[0] >= 1000
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 200
    orange = sum(n for n, (r, g, b) in colours if r > 200 and 120 < g < 180 and b < 130)
    assert orange > 10_000  # the Russian-held area is drawn


def _page_point(fig, lon: float, lat: float) -> tuple[int, int]:
    """Where a map point of a slide's figure lands on its PDF page rendered at 72 dpi (x, y from the top)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    x, y = fig.axes[0].transData.transform((lon, lat))
    scale = 72 / fig.dpi
    return round(x * scale), round(fig.bbox.height * scale - y * scale)


def _orange_share(image, x: int, y: int, r: int = 4) -> float:
    """Share of a small square's pixels in the Russian-held fill (orange over the land)."""
    box = image.crop((x - r, y - r, x + r + 1, y + r + 1)).convert("RGB")
    pixels = list(box.get_flattened_data())
    return sum(1 for red, g, b in pixels if red > 195 and 120 < g < 195 and b < 150) / len(pixels)


def test_pdf_range_slides_print_their_end_state_with_the_change_outlined(deck, situation):
    from frontmap.data import measure

    pdf = pypdfium2.PdfDocument(decks.deck_pdf(situation, deck))
    assert pdf.get_metadata_value("Title") == deck.title
    ranges = [i for i, s in enumerate(deck.slides) if len(s.days) > 1 and "control" in s.layers]
    assert ranges, "the shipped deck plays a range"
    for index in ranges:
        slide = deck.slides[index]
        first, last = slide.days[0], slide.days[-1]
        text = pdf[index].get_textpage().get_text_range()
        assert f"as of {last:%d %B %Y}" in text
        pieces = measure.change_pieces(situation.control_areas, situation.oblasts, first, last)
        lost = pieces[pieces["kind"] == "lost"]
        assert f"{lost['km2'].sum():,.0f} km² ceased to be Russian-held" in text.replace("\r\n", " ")
        # The largest piece in view that left Russian hands reads as Ukrainian-held on the page; the
        # same spot on the slide's first day was orange (so the sampling finds the fill where it is).
        in_view = lost.clip(shapely.box(*printed.view_bounds(slide.centre, slide.zoom)))
        spot = in_view.loc[in_view.to_crs(measure.EQUAL_AREA).area.idxmax(), "geometry"].representative_point()
        page = pdf[index].render(scale=1).to_pil()
        x, y = _page_point(decks.slide_figure(situation, deck, index), spot.x, spot.y)
        assert _orange_share(page, x, y) < 0.1
        before = Image.open(io.BytesIO(decks.slide_png(situation, deck, index, first)))
        scale = before.size[0] / page.size[0]
        assert _orange_share(before, round(x * scale), round(y * scale), round(4 * scale)) > 0.5


def test_pdf_text_is_at_least_8_pt_and_stays_on_the_page(deck, situation):
    import pypdfium2.raw as pdfium_c

    pdf = pypdfium2.PdfDocument(decks.deck_pdf(situation, deck))
    for number in range(len(pdf)):
        page = pdf[number]
        width, height = page.get_size()
        textpage = page.get_textpage()
        for i in range(textpage.count_chars()):
            if textpage.get_text_range(i, 1).isspace():
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage, i)
            left, bottom, right, top = textpage.get_charbox(i)
            assert size >= 7.9, (number, textpage.get_text_range(max(0, i - 20), 40), size)
            assert left >= 0 and right <= width and bottom >= 0 and top <= height, (number, i)


def test_jump_to_the_end_of_a_range_and_play_again_at_a_chosen_speed(page_source):
    at = open_page("views/briefing.py", deck="kherson-2022-11", slide="2")
    assert "As of 29 August 2022 <span>· day 1 of 57" in text_of(at)
    at.selectbox(key="briefing_speed").set_value("slow: 1.5 s a day").run()
    at.button(key="play_end").click().run()
    assert "As of 24 October 2022 <span>· day 57 of 57" in text_of(at)
    assert at.button(key="play_end").disabled and not at.toggle(key="playing").value
    at.toggle(key="playing").set_value(True).run()  # Play at the end starts again
    assert "As of 29 August 2022 <span>· day 1 of 57" in text_of(at)
    assert at.selectbox(key="briefing_speed").value == "slow: 1.5 s a day"
    assert not at.exception


def test_a_remote_drives_its_room_and_a_wrong_code_drives_nothing():
    projector = open_page("views/briefing.py", deck="kherson-2022-11", slide="3")
    code = projector.session_state["room_code"]
    assert f"remote: {code}" in text_of(projector)
    other = open_page("views/briefing.py", deck="kherson-2022-11", slide="7")  # another room
    assert other.session_state["room_code"] != code

    remote = open_page("views/briefing.py", room=code.lower(), role="remote")  # as typed on a phone
    said = text_of(remote)
    assert "3 / 10" in said and "'The most intense fighting' expected in Kherson" in said
    assert "Next: The withdrawal order" in said and "a long battle for the city" in said  # the notes
    remote.button(key="remote_next").click().run()
    assert "4 / 10 · The withdrawal order" in text_of(remote)
    projector.run()
    assert projector.title[0].value == "The withdrawal order" and projector.session_state["slide"] == 4
    other.run()
    assert other.session_state["slide"] == 7  # the other room did not move

    wrong = open_page("views/briefing.py", room="ZZZZZZ", role="remote")
    assert "No briefing room has the code 'ZZZZZZ'" in " ".join(e.value for e in wrong.error)
    assert not wrong.button and projector.session_state["slide"] == 4


def test_a_remote_plays_and_pauses_a_range_slide():
    projector = open_page("views/briefing.py", deck="kherson-2022-11", slide="5")
    remote = open_page("views/briefing.py", room=projector.session_state["room_code"], role="remote")
    remote.button(key="remote_play").click().run()
    projector.run()
    assert projector.session_state["playing"] and projector.toggle(key="playing").value
    remote.run()
    remote.button(key="remote_play").click().run()  # now Pause
    projector.run()
    assert not projector.session_state["playing"]
