"""The app in English and Ukrainian: the catalogue covers every word the code marks, the pages read
in the language of the link (or the browser), dates, numbers and plural forms as each language
writes them, and the places named and found in either script."""

import ast
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from apptest import open_page, text_of
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from frontmap import i18n
from frontmap.data import dataset, gazetteer
from frontmap.maps import tools

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "locale" / "frontmap.pot"
UK = ROOT / "locale" / "uk" / "LC_MESSAGES"


def _key(text):
    return tuple(text) if isinstance(text, list | tuple) else text


def _ids(catalog) -> set:
    return {(m.context, _key(m.id)) for m in catalog if m.id}


@pytest.fixture
def ukrainian():
    i18n.set_language("uk")
    yield
    i18n.set_language("en")


def test_the_template_holds_every_word_the_code_marks(tmp_path):
    """`make locale` was run after the last change: the kept .pot is what the code marks now."""
    fresh = tmp_path / "fresh.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [pybabel, "extract", "-F", "babel.cfg", "-k", "N_", "-k", "ngettext:1,2", "-k", "plural_forms:1,2",
         "-k", "pgettext:1c,2", "--no-location", "--sort-output", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with fresh.open("rb") as a, POT.open("rb") as b:
        assert _ids(read_po(a)) == _ids(read_po(b)), "run `make locale`"


def test_every_word_has_its_ukrainian():
    with POT.open("rb") as f:
        wanted = _ids(read_po(f))
    with (UK / "frontmap.po").open("rb") as f:
        uk = {(m.context, _key(m.id)): m.string for m in read_po(f, locale="uk") if m.id}
    missing = [w for w in wanted if not uk.get(w) or (isinstance(uk[w], tuple) and not all(uk[w]))]
    assert not missing, f"no Ukrainian for {missing[:10]} (and {max(0, len(missing) - 10)} more)"


def test_the_compiled_catalogue_is_the_po():
    with (UK / "frontmap.po").open("rb") as f:
        po = {(m.context, _key(m.id)): _key(m.string) for m in read_po(f, locale="uk") if m.id}
    with (UK / "frontmap.mo").open("rb") as f:
        mo = {(m.context, _key(m.id)): _key(m.string) for m in read_mo(f) if m.id}
    assert po == mo, "run `make locale` (pybabel compile)"


def test_dates_numbers_and_plurals_in_ukrainian(ukrainian):
    assert i18n.day(dt.date(2022, 11, 12)) == "12 листопада 2022"
    assert i18n.compact(4600) == "4,6\xa0тис."  # (a no-break space, as Babel writes it)
    assert i18n.number(4600.5, 1) == "4\xa0600,5"
    forms = [i18n.ngettext("{n} event up to this day", "{n} events up to this day", n) for n in (1, 3, 5, 21)]
    assert forms == ["{n} подія до цього дня", "{n} події до цього дня", "{n} подій до цього дня", "{n} подія до цього дня"]


def test_dates_and_numbers_in_english():
    assert i18n.day(dt.date(2022, 11, 9)) == "09 November 2022"
    assert i18n.number(4600.5, 1) == "4,600.5"


def test_places_are_named_and_found_in_either_script(ukrainian):
    places = dataset.load_situation().places
    rows = {r[0]: r[3] for r in tools.place_rows(places)}
    assert "Бахмут" in rows and "Bakhmut" in rows["Бахмут"]
    assert "Херсон" in gazetteer.place_names(places)
    i18n.set_language("en")
    rows = {r[0]: r[3] for r in tools.place_rows(places)}
    assert "Бахмут" in rows["Bakhmut"]


def test_every_place_has_a_ukrainian_name_and_its_source():
    places = dataset.load_situation().places
    assert places["name_uk"].str.len().gt(0).all()
    sources = places.set_index("id")["name_uk_source"]
    assert sources["bakhmut"].startswith("GeoNames alternate names (geonameid ")
    assert sources["antonivskyi_road_bridge"] == "translated by frontmap"


def test_front_reads_in_ukrainian():
    at = open_page("views/front.py", as_of="2022-11-12", lang="uk")
    assert at.title[0].value == "Фронт"
    said = text_of(at)
    assert "Переправи та маршрути постачання" in said
    assert "Події за 7 днів до цієї дати" in said
    assert at.slider(key="as_of").label == "Станом на"
    assert at.button(key="day_before").label == "◀ −1 день"
    assert at.query_params["lang"] in (["uk"], "uk")


def test_overview_reads_in_ukrainian_with_its_dates_and_numbers():
    at = open_page(None, as_of="2022-11-12", lang="uk")
    assert at.title[0].value == "Україна станом на 12 листопада 2022"
    labels = [m.label for m in at.metric]
    assert "Внутрішньо переміщені" in labels and "Без електроенергії" in labels
    assert "Назви подій і цитати подано мовою їхніх джерел (англійською)." in text_of(at)


def test_the_language_follows_the_selector():
    at = open_page(None, as_of="2022-11-12")
    assert at.title[0].value == "Ukraine as of 12 November 2022"
    at.segmented_control(key="fm_lang_choice").set_value("uk").run()
    assert at.title[0].value == "Україна станом на 12 листопада 2022"
    assert at.query_params["lang"] in (["uk"], "uk")
    at.segmented_control(key="fm_lang_choice").set_value("en").run()
    assert at.title[0].value == "Ukraine as of 12 November 2022"
    assert "lang" not in at.query_params


def test_a_bad_language_is_said_and_ignored():
    at = open_page(None, as_of="2022-11-12", lang="fr")
    assert at.title[0].value == "Ukraine as of 12 November 2022"
    assert any("lang: 'fr' is not a language of this app" in i.value for i in at.info)


def _deck():
    from frontmap.briefing import decks

    path = decks.BRIEFINGS_DIR / "kherson-2022-11.toml"
    parsed, problems = decks.parse_deck(path.read_bytes(), path.name)
    assert problems == []
    return parsed


def test_the_pdf_pack_in_ukrainian_has_every_glyph(ukrainian):
    """Printed in Ukrainian: its words, the places' Cyrillic names, the dates, and no glyph missing
    (a "Glyph ... missing" warning fails it: pyproject's filterwarnings)."""
    import pypdfium2

    from frontmap.briefing import decks

    situation = dataset.load_situation()
    deck = _deck()
    pdf = pypdfium2.PdfDocument(decks.deck_pdf(situation, deck))
    first = pdf[0].get_textpage().get_text_range()
    assert "Херсон" in first and "станом на 29 серпня 2022" in first and "слайд 1 з 10" in first
    everything = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Що змінилося з" in everything and "Джерела" in everything
    assert "(мовою джерела)" in everything  # an event's title, in English as its source gave it
    assert "Херсон: звільнено від окупації між лініями" in everything  # the digest names places in Ukrainian


def test_a_slide_png_in_ukrainian_has_every_glyph(ukrainian):
    import io

    from PIL import Image

    from frontmap.briefing import decks

    image = Image.open(io.BytesIO(decks.slide_png(dataset.load_situation(), _deck(), 4)))
    assert image.format == "PNG" and image.size[0] >= 1000


def test_a_missing_glyph_fails():
    """The guard itself: a character DejaVu Sans lacks warns, and the warning is an error here."""
    import io

    from matplotlib.figure import Figure

    from frontmap.maps import printed  # noqa: F401  (its font)

    fig = Figure()
    fig.text(0.1, 0.5, "\U0001d11e")  # MUSICAL SYMBOL G CLEF: in no DejaVu font
    with pytest.raises(UserWarning, match="missing from font"):
        fig.savefig(io.BytesIO(), format="png")


def test_the_gif_title_in_ukrainian(ukrainian):
    from frontmap.maps import animation

    assert animation.frame_title(dataset.load_situation(), dt.date(2022, 11, 12)).startswith("Станом на 12 листопада 2022")


def test_a_deck_may_say_its_text_in_ukrainian(ukrainian):
    from frontmap.briefing import decks

    text = b'title = "Kherson"\ntitle_uk = "\xd0\xa5\xd0\xb5\xd1\x80\xd1\x81\xd0\xbe\xd0\xbd"\n[[slides]]\ntitle = "One"\nas_of = 2022-11-09\ncaption = "Said."\ncaption_uk = "\xd0\xa1\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbd\xd0\xbe."\n'
    deck, problems = decks.parse_deck(text, "mine.toml")
    assert problems == []
    assert deck.said("title") == "Херсон" and deck.slides[0].said("caption") == "Сказано."
    assert deck.slides[0].said("title") == "One"  # none given: the deck's own
    i18n.set_language("en")
    assert deck.said("title") == "Kherson"


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("views/humanitarian.py", "Гуманітарна ситуація"),
        ("views/energy.py", "Енергетика"),
        ("views/aid.py", "Допомога"),
        ("views/supply.py", "Постачання: переправи через Дніпро, шляхи до Криму"),
        ("views/sources.py", "Джерела"),
        ("views/explore.py", "Дослідження"),
    ],
)
def test_the_other_pages_read_in_ukrainian(page, title):
    at = open_page(page, as_of="2022-11-12", lang="uk")
    assert at.title[0].value == title
    assert at.slider(key="as_of").label == "Станом на"


def test_the_briefing_reads_in_ukrainian():
    at = open_page("views/briefing.py", deck="kherson-2022-11", slide="4", lang="uk")
    assert at.title[0].value == "Наказ про відступ"  # the deck's own title_uk
    said = text_of(at)
    assert "Станом на 9 листопада 2022" in said and "Херсон, листопад 2022" in said
    assert at.button(key="slide_next").label == "Далі ▶"


def test_humanitarian_numbers_in_ukrainian_form():
    at = open_page("views/humanitarian.py", as_of="2022-11-12", lang="uk")
    assert "Повернуто **96 з 10\xa0500**: **0,9%**." in [m.value for m in at.markdown]


# The files whose every user-facing text goes through the catalogue: a Streamlit call in them given a
# bare literal (or an f-string with words of its own) is a text with no Ukrainian.
CONVERTED = [
    "app.py",
    *(f"views/{name}.py" for name in ("overview", "front", "humanitarian", "energy", "aid", "supply", "sources", "briefing", "explore")),
    *(
        f"src/frontmap/app/{name}.py"
        for name in (
            "shell", "sidebar", "measures", "playback", "cards", "language", "briefing_room", "presenter",
            "slide_drawing", "workspace", "team", "timebar", "downloads", "mapframe", "uploader",
        )
    ),
]
SAYS = {"title", "subheader", "header", "caption", "markdown", "write", "info", "warning", "error", "success",
        "toggle", "button", "selectbox", "expander", "multiselect", "radio", "slider", "metric", "segmented_control",
        "text_input", "date_input", "number_input", "file_uploader", "download_button", "image", "altair_chart"}
WORDS = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"<[^<>]*>")  # (markup is no words)


def _bare_words(node) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(TAG.sub("", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and WORDS.search(TAG.sub("", v.value)) for v in node.values)
    return False


@pytest.mark.parametrize("path", CONVERTED)
def test_no_bare_text_in_the_converted_files(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    bare = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SAYS:
            # (`downloads.button(column, label, ...)`: its label is the second)
            first = 2 if isinstance(node.func.value, ast.Name) and node.func.value.id == "downloads" else 1
            said = [*node.args[:first], *(k.value for k in node.keywords if k.arg in ("label", "help", "placeholder", "caption"))]
            bare += [f"{path}:{node.lineno}" for arg in said if _bare_words(arg)]
    assert not bare, f"said without the catalogue (`_`): {bare}"


# The browser's own words are passed from Python in the language of the page (the components' data,
# a layer's options): a script that sets a text, a title or a label from a literal with words says
# English on a page in Ukrainian. (The legend's "Legend" is only the fallback of its data-name.)
SCRIPTS = sorted((ROOT / "static").glob("*.js")) + sorted((ROOT / "static" / "briefing").glob("*.js"))
SET_TEXT = re.compile(
    r"""(?:textContent|innerText|\.title|placeholder)\s*=\s*(["'])[^"']*[A-Za-z]{3,}[^"']*\1"""
    r"""|setAttribute\(\s*["'](?:aria-label|title|placeholder)["']\s*,\s*(["'])[^"']*[A-Za-z]{3,}"""
)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_english_set_by_the_scripts(path):
    said = [f"{path.name}:{n}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SET_TEXT.search(line)]
    assert not said, f"a text set from a literal, not from the page's words: {said}"


def test_the_new_tools_words_are_in_ukrainian(ukrainian):
    """The lasso's, the slide drawing tools' and the point cloud's words, passed to the browser."""
    from frontmap.maps import annotations, pointcloud, rowmap

    lasso_words = rowmap.lasso_words()
    assert lasso_words["clear"] == "Очистити фігуру" and lasso_words["locale"] == "uk-UA"
    assert lasso_words["corners"]["few"].startswith("{n} вершини")
    draw = annotations.draw_words()
    assert all(not re.search(r"[A-Za-z]{3,}", TAG.sub("", text)) for text in draw["buttons"].values())
    # (the browser's "many" falls back to "other", the same form here)
    assert pointcloud.words("events")["total"] == {"one": "{n} подія на карті", "few": "{n} події на карті", "other": "{n} подій на карті"}
    drawn = annotations.Annotation(type="circle", coords=[(33.0, 47.0)], radius_km=12.5, colour="red")
    assert annotations.describe(drawn) == "коло радіусом 12,5 км; колір: червоний"


def test_charts_speak_ukrainian(ukrainian):
    """Axes, titles and tooltips from the catalogue; the months by Babel (Vega writes only English)."""
    from frontmap.report import charts
    from frontmap.styles import ROUTE_STYLE

    situation = dataset.load_situation()
    spec = charts.timeline_chart(situation.figures, ["internally_displaced"], dt.date(2022, 11, 12), "t").to_dict()
    x = spec["layer"][0]["encoding"]["x"]["axis"]
    assert "лист." in x["labelExpr"] and "Nov" not in x["labelExpr"]
    tooltips = {t.get("title") for t in spec["layer"][1]["encoding"]["tooltip"]}
    assert {"Дата", "Значення", "Показано"} <= tooltips
    history = situation.route_status.merge(situation.routes[["id", "name"]], left_on="route_id", right_on="id")
    route = charts.route_status_timeline(history, dt.date(2022, 11, 12), ROUTE_STYLE).to_dict()
    assert route["title"] == "Датований стан кожного маршруту"
    assert "зруйновано" in route["encoding"]["color"]["scale"]["domain"]


def test_explores_upload_and_its_problems_in_ukrainian():
    """The uploader's words, an upload's line, its problems' heading, lines and the filters, in
    Ukrainian (the problem lines name the file and rows as they are: tests/test_i18n_problems.py)."""
    lines = ["name,lat,lon"] + [f"Base {i},55.0,{83 + i / 100}" for i in range(137)] + ["Depot,46.6,32.6"]
    at = open_page("views/explore.py", lang="uk")
    at.file_uploader(key="upload_files").set_value([("cir.csv", "\n".join(lines).encode(), "text/csv")]).run()
    said = text_of(at)
    assert "cir.csv (CSV): завантажено записів: 138, проблем: 137" in said
    assert "cir.csv: 137 проблем; справні записи завантажено." in said
    assert any(e.label == "Усі проблеми файлу cir.csv (137)" for e in at.expander)
    grouped = "cir.csv: 137 рядків: координати далеко за межами регіону; залишено, перевірте їх (рядки 2, 3, 4, 5, 6 і ще 132)"
    assert grouped in [c.value for c in at.code]
    assert at.file_uploader(key="upload_files").label.startswith("Файли залишаються лише в цьому сеансі браузера")
    assert at.multiselect(key="ex_cat").label == "Категорія" and at.text_input(key="ex_q").label == "Пошук у назвах, примітках і місцях"
    assert "Шарам команди потрібна база даних команди" in said
    assert "Base 1" in set(at.dataframe[0].value["title"])  # the data's own, as it is


def test_explores_table_says_the_apps_words_in_ukrainian():
    table = open_page("views/explore.py", lang="uk").dataframe[0].value
    assert "вторгнення" in set(table["category"]) and set(table["dataset"]) == {"події джерела"}
    assert "Russia invades Ukraine" in " ".join(table["title"])  # the source's title, as it gave it


# The files whose problems, guesses and refusals a user reads: each is made as a message for the
# catalogue (`i18n.msg`, said in the reader's language where shown), never as text of its own. (The
# CLI's `frontmap import --into` speaks English only: data/folder_import.py is not among them.)
SAID_LATER = [
    "src/frontmap/limits.py",
    "src/frontmap/schema.py",
    *(f"src/frontmap/data/{name}.py" for name in ("uploads", "dataset", "deepstate", "geometry", "gazetteer", "problems")),
    *(f"src/frontmap/data/formats/{name}.py" for name in ("csvtext", "kml", "ogr", "safezip", "timemap", "dates")),
    "src/frontmap/briefing/decks.py",
]
# (the arguments that say something: a file's kind, "refused" or "CSV", is a name, not a sentence)
MADE = {"ValueError": (0,), "Problem": (2,), "Upload": (3, 4), "_refused": (1,), "_too_many": (1,), "problem": (2,), "header": (2,)}
KEPT = {"problems", "guessed", "found", "notes", "parts", "lines"}


def _made_with_words(node) -> list:
    """What a problem, a guess or a refusal is made of, where it is bare text with words."""
    said = []
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        kept = isinstance(node.func, ast.Attribute) and node.func.attr in ("append", "insert") and getattr(node.func.value, "id", "") in KEPT
        if name in MADE or kept:
            for i, arg in enumerate(node.args):
                if kept or i in MADE[name]:
                    said += arg.elts if isinstance(arg, ast.List) else [arg]
    if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
        said += node.value.elts
    return [arg for arg in said if _bare_words(arg)]


@pytest.mark.parametrize("path", SAID_LATER)
def test_problems_and_guesses_are_made_for_the_catalogue(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    bare = [f"{path}:{arg.lineno}" for node in ast.walk(tree) for arg in _made_with_words(node)]
    assert not bare, f"a problem, guess or refusal made as text (it would be said in English only): {bare}"


def test_each_translation_keeps_its_placeholders():
    """A message said later (`i18n.Msg`) or formatted is given its named arguments: a translation
    that drops, adds or renames one would say the English instead, or fail."""
    with (UK / "frontmap.po").open("rb") as f:
        catalog = read_po(f, locale="uk")
    fields = re.compile(r"\{(\w*)[^{}]*\}")
    differ = []
    for m in catalog:
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set().union(*(fields.findall(i) for i in ids))
        # (a plural form may leave out its count: "одна подія")
        differ += [ids[0] for s in strings if (set(fields.findall(s)) ^ wanted) - {"n"}]
    assert not differ, f"placeholders changed in translation: {differ[:10]}"


def test_the_notice_before_the_first_front_line_in_ukrainian(ukrainian):
    """Said over the map before 2022-04-03 (`cache.once` keeps one per language)."""
    from frontmap.data import timeline

    areas = dataset.load_situation().control_areas
    assert timeline.control_on(areas, dt.date(2022, 3, 1)).note == (
        "Знімка лінії фронту на 2022-03-01 немає; перший — від 2022-04-03. Нічого не намальовано."
    )
    i18n.set_language("en")
    assert timeline.control_on(areas, dt.date(2022, 3, 1)).note.startswith("No front-line snapshot exists for 2022-03-01")
