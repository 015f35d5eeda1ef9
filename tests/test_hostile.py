"""Hostile input never takes a page down or runs: uploads, decks, data folders and the URL.

The inputs are synthetic, made by `hostile/corpus.py`. Every page must open, say what was wrong
(naming the file and the row or the limit) and keep the good rows.
"""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from apptest import APP, assert_no_failure, deck_chooser, map_scripts, open_page, text_of
from hostile.corpus import (
    EVERY_MARKUP,
    FOLDERS,
    IMG,
    MD_IMG,
    MD_LINK,
    OUTSIDE,
    SCRIPT,
    broken_folder,
    uploads,
)
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from frontmap import limits, safetext
from frontmap.briefing import decks
from frontmap.data import explore
from frontmap.data import uploads as upload_module
from frontmap.data.dataset import DEFAULT_DATA_DIR, load_situation

CASES = {case.name: case for case in uploads()}
PAGES = [
    "views/overview.py",
    "views/front.py",
    "views/humanitarian.py",
    "views/energy.py",
    "views/aid.py",
    "views/supply.py",
    "views/explore.py",
    "views/sources.py",
    "views/briefing.py",
]


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_upload_is_read_without_raising(name):
    case = CASES[name]
    up = upload_module.load(case.name, case.data)
    assert len(up.rows) == case.good_rows, up.problems
    assert case.expect in "\n".join(up.problems), up.problems
    assert all(p.startswith(case.name) for p in up.problems)  # every message names the file


def problems_shown(at: AppTest) -> str:
    return text_of(at) + "\n".join(c.value for c in at.code)


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_upload_in_the_explore_page(name):
    case = CASES[name]
    at = open_page("views/explore.py")
    at.file_uploader(key="upload_files").set_value((case.name, case.data, "text/plain")).run()
    assert_no_failure(at)
    shown = problems_shown(at)
    if case.expect:
        assert case.expect in shown
    if case.good_rows:
        assert f"{case.good_rows:,} rows loaded" in shown
        assert (at.dataframe[0].value["dataset"] == case.name).sum() == case.good_rows
    else:
        assert "nothing was loaded from it" in shown
    # A file name is shown as text, never as markdown: no link or image from it.
    assert "](" not in shown.replace("\\](", "")


def test_removing_an_uploaded_file_removes_its_rows():
    a, b = CASES["line_column.csv"], CASES["script_title.csv"]
    at = open_page("views/explore.py")
    uploader = at.file_uploader(key="upload_files")
    uploader.set_value([(a.name, a.data, "text/csv"), (b.name, b.data, "text/csv")]).run()
    assert set(at.dataframe[0].value["dataset"]) >= {a.name, b.name}
    at.file_uploader(key="upload_files").set_value([(a.name, a.data, "text/csv")]).run()
    assert_no_failure(at)
    datasets = set(at.dataframe[0].value["dataset"])
    assert a.name in datasets and b.name not in datasets
    at.button(key=f"remove_{a.name}").click().run()
    assert a.name not in set(at.dataframe[0].value["dataset"])
    assert not at.session_state["uploads"]


def _line_file(name: str) -> tuple[str, bytes, str]:
    line = {"type": "LineString", "coordinates": [[32.0, 46.0], [32.5, 46.5]]}
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": line, "properties": {}}]}
    return name, json.dumps(doc).encode(), "application/geo+json"


@pytest.mark.parametrize(
    ("limit", "what"),
    [("MAX_SESSION_ROWS", "rows"), ("MAX_SESSION_POSITIONS", "coordinate positions of lines and polygons")],
)
def test_the_session_limits(monkeypatch, limit, what):
    monkeypatch.setattr(limits, limit, 3)
    if limit == "MAX_SESSION_ROWS":  # two CSVs of two rows each
        files = [(c.name, c.data, "text/csv") for c in (CASES["line_column.csv"], CASES["script_title.csv"])]
    else:  # two lines of two vertices each (points are drawn from the cloud, not counted here)
        files = [_line_file("a.geojson"), _line_file("b.geojson")]
    at = open_page("views/explore.py")
    at.file_uploader(key="upload_files").set_value(files)
    at.run()
    assert f"past its limit of 3 uploaded {what}" in problems_shown(at)
    assert [u.name for u in at.session_state["uploads"]] == [files[0][0]]


@pytest.mark.parametrize("corruption", list(FOLDERS))
def test_every_page_opens_on_a_corrupted_data_folder(corruption, tmp_path, monkeypatch):
    folder = broken_folder(DEFAULT_DATA_DIR, tmp_path / corruption, corruption)
    monkeypatch.setenv("FRONTMAP_DATA", str(folder))
    at = open_page(None, as_of="2022-11-12")
    for page in PAGES:
        at.switch_page(page).run()
        assert_no_failure(at)
    expected = FOLDERS[corruption][1]
    at.switch_page("views/sources.py").run()
    if expected and "HTML or script" not in expected:  # that one only the validator says
        assert expected in problems_shown(at)
    if corruption == "no_kherson":  # the distance selector's default comes from the data
        at.switch_page("views/explore.py").run()
        assert at.selectbox(key="m_place").value == sorted(load_situation(folder).places["name"])[0]
    if corruption in ("bogus_control_area", "truncated_dnipro", "deep_routes"):  # the good rows are drawn
        at.switch_page("views/front.py").run()
        drawn = json.dumps(map_scripts(at))
        assert "occupied_2022" in drawn and "kherson" in drawn


HOSTS = (OUTSIDE, "198.51.100.7")
MARKDOWN = MarkdownIt("gfm-like")  # CommonMark with HTML, tables and strikethrough
# Streamlit's bare autolinks (remark-gfm), found in the text after parsing: see test_hostile_props.
GFM_LINK = re.compile(r"(?i)(https?://|www(?=\.))[-.A-Za-z0-9_]+\S*|[-.\w+]+@[-\w]+(\.[-\w]+)+")


class Tags(HTMLParser):
    """What markup does with the hostile text: the addresses its tags name, its handlers and its
    scripts (the app's own have no hostile text in them)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.tag = ""

    def handle_starttag(self, tag, attrs):
        self.tag = tag
        self.found += [f"{tag} {name}={value}" for name, value in attrs if value]

    def handle_data(self, data):
        if self.tag == "script":
            self.found.append(f"script {data}")


def outside_in_html(markup: str) -> list[str]:
    tags = Tags()
    tags.feed(markup)
    return [t for t in tags.found if any(h in t for h in (*HOSTS, "PWNED"))]


def outside_in_markdown(text: str, allow_html: bool) -> list[str]:
    """What Streamlit would make a link, an image or HTML of, to a hostile address."""
    found = []

    def walk(tokens):
        shown = []
        for t in tokens:
            if t.type in ("link_open", "image"):
                found.append(f"{t.type} {t.attrGet('href') or t.attrGet('src')}")
            elif t.type in ("html_inline", "html_block") and allow_html:
                found.extend(outside_in_html(t.content))
            elif t.type == "text":
                shown.append(t.content)
            walk(t.children or [])
        found.extend(m.group(0) for m in GFM_LINK.finditer("".join(shown)))

    walk(MARKDOWN.parse(text))
    return [f for f in found if any(h in f for h in (*HOSTS, "PWNED"))]


def outside_on_the_page(at: AppTest) -> list[str]:
    """Every text of the page that Streamlit renders as markdown or HTML, searched for a link, an
    image or a tag that would reach a hostile address."""
    found = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        for e in at.get(kind):
            found += outside_in_markdown(e.value, bool(getattr(e.proto, "allow_html", False)))
    labels = [m.label for m in at.metric] + [m.value for m in at.metric] + [e.label for e in at.expander]
    labels += [w.label for kind in ("selectbox", "multiselect", "radio", "toggle", "checkbox", "button") for w in at.get(kind)]
    for label in labels:
        found += outside_in_markdown(label, False)
    for e in at.get("html"):
        found += outside_in_html(e.value)
    return found


@pytest.mark.parametrize("corruption", ["markup_in_text", "markup_in_every_text_field", "markup_in_every_field"])
def test_text_from_data_is_text_on_every_page(corruption, tmp_path, monkeypatch):
    # issue 24: `![px](https://outside.example/a.png)` as a figure's source was a live link on / and /energy
    folder = broken_folder(DEFAULT_DATA_DIR, tmp_path / corruption, corruption)
    monkeypatch.setenv("FRONTMAP_DATA", str(folder))
    at = open_page(None, as_of="2022-11-12")
    shown = 0
    for page in PAGES:
        at.switch_page(page).run()
        assert_no_failure(at)
        assert outside_on_the_page(at) == [], page
        shown += text_of(at).count("outside.example") + text_of(at).count("198.51.100.7")
    if corruption != "markup_in_every_field":  # there every row is refused, and says why on Sources
        assert shown > 0  # the hostile text is on the pages, as text


def test_the_outside_image_of_issue_24_is_caught_by_the_check():
    # the check itself: the old escaping left a bare autolink, and the check finds it
    assert outside_in_markdown("\\!\\[px\\](https\\://outside.example/a.png)", False)
    assert outside_in_markdown(safetext.md(EVERY_MARKUP), False) == []


@pytest.mark.parametrize("corruption", list(FOLDERS))
def test_validate_names_file_and_row_for_each_corruption(corruption, tmp_path):
    folder = broken_folder(DEFAULT_DATA_DIR, tmp_path / corruption, corruption)
    run = subprocess.run(
        [sys.executable, "-m", "frontmap", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in run.stderr
    assert FOLDERS[corruption][1] in run.stdout
    if FOLDERS[corruption][1]:
        assert run.returncode == 1


def test_a_downloaded_csv_neutralises_formulas_and_loads_back():
    case = CASES["formulas.csv"]
    rows = upload_module.load(case.name, case.data).rows
    text = explore.to_csv(rows).decode()
    for cell in ("\"'=HYPERLINK(", "'+cmd|calc", "'-2+3", "'@SUM(A1)"):
        assert cell in text
    assert ",46.6,32.6" in text  # numbers, negative ones too, stay numbers
    back = upload_module.load("back.csv", text.encode()).rows
    assert list(back["title"]) == list(rows["title"]) and list(back["notes"]) == list(rows["notes"])


def test_a_bad_url_value_is_echoed_as_text():
    at = open_page(None, basemap=f"{MD_LINK}{MD_IMG}", layers="x[y](http://198.51.100.7)")
    infos = [i.value for i in at.info]
    assert any("basemap" in i for i in infos)
    for info in infos:
        assert "](" not in info.replace("\\](", "")


HOSTILE_DECK = f'''title = "{SCRIPT}<iframe srcdoc='x'></iframe><form action='http://198.51.100.7'>"
[[slides]]
title = "{MD_LINK} $\\\\frac{{1}}{{0}}$ {MD_IMG}"
as_of = 2022-11-12
layers = ["control", "places"]
caption = """{IMG}"""
notes = "{MD_LINK}"
'''


def open_deck(text: str) -> AppTest:
    """The briefing page on an uploaded deck, its notes shown."""
    at = open_page("views/briefing.py")
    at.session_state["uploaded_decks"] = {"evil": text}
    at.run()
    deck_chooser(at).set_value("evil").run()
    at.toggle(key="show_notes").set_value(True).run()
    assert_no_failure(at)
    return at


def test_a_hostile_deck_is_shown_as_text():
    at = open_deck(HOSTILE_DECK)
    html = "\n".join(m.value for m in at.markdown)
    assert "<script>" not in html and "<iframe" not in html and "<form" not in html and "<img" not in html
    assert "&lt;iframe" in html and "&lt;img" in html
    assert at.title[0].value.startswith("\\[log in again\\]")
    assert all("](" not in i.value.replace("\\](", "") for i in at.info)
    deck, problems = decks.parse_deck(HOSTILE_DECK, "evil.toml")
    png = decks.slide_png(load_situation(DEFAULT_DATA_DIR), deck, 0)  # `$` is not maths here
    assert png.startswith(b"\x89PNG")


def test_a_deck_with_every_markup_in_its_text_shows_it_as_text():
    # a blank line in a caption ended the HTML block it was written into, and markdown started
    title = f"deck\n\n![](https://{OUTSIDE}/t.png)"
    deck = (
        f"title = {json.dumps(title)}\n[[slides]]\ntitle = {json.dumps(title)}\nas_of = 2022-11-12\n"
        f"caption = {json.dumps(EVERY_MARKUP)}\nnotes = {json.dumps(EVERY_MARKUP)}\n"
    )
    at = open_deck(deck)
    assert outside_on_the_page(at) == []
    assert f"{OUTSIDE}/b.png" in text_of(at)  # shown, as text


def _drawn_deck(*drawings: str) -> str:
    return 'title = "drawn"\n[[slides]]\ntitle = "s"\nas_of = 2022-11-12\nlayers = ["control"]\n' + "".join(
        f"[[slides.annotations]]\n{d}\n" for d in drawings
    )


def test_a_decks_drawings_show_their_text_as_text_on_the_map_the_list_and_the_exports():
    label = json.dumps(f"{SCRIPT}{IMG}")[:-1][: limits.MAX_ANNOTATION_TEXT].rstrip("\\") + '"'
    marker = json.dumps(f"{MD_LINK} {MD_IMG}"[: limits.MAX_ANNOTATION_TEXT])
    deck_text = _drawn_deck(
        f'type = "label"\ncoords = [[33.0, 46.8]]\ntext = {label}',
        f'type = "marker"\ncoords = [[33.1, 46.7]]\ntext = {marker}',
    )
    deck, problems = decks.parse_deck(deck_text, "drawn.toml")
    assert problems == []
    at = open_deck(deck_text)
    layers = map_scripts(at)[0]["feature_group"]
    assert "<script" not in layers and "<img" not in layers and "&lt;script&gt;" in layers
    at.toggle(key="drawing").set_value(True).run()  # the list of drawings, to edit them
    assert_no_failure(at)
    assert outside_on_the_page(at) == []
    assert "<script>" in text_of(at) or "\\<script\\>" in text_of(at)  # shown, as text
    sit = load_situation(DEFAULT_DATA_DIR)
    html = decks.slide_html(sit, deck, 0)
    assert "<img src=http" not in html and "&lt;img src=http" in html
    assert decks.slide_png(sit, deck, 0).startswith(b"\x89PNG")  # `$` and markup drawn as they are


@pytest.mark.parametrize(
    ("drawing", "said"),
    [
        (f'type = "label"\ncoords = [[33.0, 46.8]]\ntext = "{"A" * 100_000}"', "annotation 1, field 'text': String should have at most"),
        ('type = "line"\ncoords = ' + json.dumps([[33.0, 46.8]] * 10_000), "annotation 1, field 'coords': List should have at most"),
        ('type = "line"\ncoords = [[33.0, 46.8], [nan, 46.9]]', "annotation 1, field 'coords.1.0': Input should be a finite number"),
        ('type = "line"\ncoords = [[33.0, 46.8], [33.0, -inf]]', "annotation 1, field 'coords.1.1': Input should be a finite number"),
        ('type = "marker"\ncoords = [[1e308, 46.8]]', "is not a [lon, lat] in WGS84"),
        ('type = "marker"\ncoords = [[33.0, 146.8]]', "is not a [lon, lat] in WGS84"),
        ('type = "marker"\ncoords = "33.0, 46.8"', "annotation 1, field 'coords': Input should be a valid list"),
        ('type = "marker"\ncoords = [[[33.0, 46.8]]]', "annotation 1, field 'coords.0.0'"),
        ('type = "<script>"\ncoords = [[33.0, 46.8]]', "annotation 1, field 'type'"),
    ],
)
def test_a_hostile_drawing_is_refused_by_slide_and_annotation(drawing, said):
    deck, problems = decks.parse_deck(_drawn_deck(drawing).encode(), "drawn.toml")
    assert deck is None
    assert any(p.startswith("drawn.toml: slide 1, annotation 1") and said in p for p in problems), problems
    assert all(len(p) < 2_000 for p in problems)  # a problem says where, not the whole input again


def test_more_drawings_than_a_slide_holds_are_refused():
    one = 'type = "marker"\ncoords = [[33.0, 46.8]]'
    deck, problems = decks.parse_deck(_drawn_deck(*[one] * (limits.MAX_ANNOTATIONS + 1)).encode(), "drawn.toml")
    assert deck is None
    assert any(p.startswith("drawn.toml: slide 1, field 'annotations'") and f"at most {limits.MAX_ANNOTATIONS}" in p for p in problems)


def test_a_deck_over_the_slide_limit_is_refused():
    slide = '[[slides]]\ntitle = "s"\nas_of = 2022-11-12\n'
    deck, problems = decks.parse_deck(
        ('title = "long"\n' + slide * (limits.MAX_SLIDES + 1)).encode(), "long.toml"
    )
    assert deck is None
    assert any(f"at most {limits.MAX_SLIDES} items" in p and "slides" in p for p in problems), problems


def test_the_measure_selector_defaults_from_the_data():
    from frontmap.data import measure

    assert measure.default_place(["Avdiivka", "Kherson"]) == 1
    assert measure.default_place(["Avdiivka", "Bakhmut"]) == 0
    assert measure.default_place([]) is None


def test_an_unforeseen_fault_shows_a_short_message_and_logs_the_traceback(monkeypatch, caplog):
    from frontmap.app.source import PAGE_FAILED
    from frontmap.data import timeline

    def broken(*args, **kwargs):
        raise RuntimeError("a fault nobody foresaw")

    monkeypatch.setattr(timeline, "latest", broken)
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    assert not at.exception  # no traceback on the page
    assert [e.value for e in at.error] == [PAGE_FAILED]
    logged = [r for r in caplog.records if r.name == "frontmap"]
    assert logged and "a fault nobody foresaw" in str(logged[0].exc_info[1])


@pytest.mark.parametrize("where", ["page", "map"])
def test_a_fault_inside_a_pages_fragment_shows_the_short_message_too(monkeypatch, caplog, where):
    """/front's body is a fragment (shell.dated) and its map another (playback's frame): Streamlit
    shows a fault inside a fragment itself, so each has the guard inside it."""
    from frontmap.app import mapframe, measures
    from frontmap.app.source import PAGE_FAILED

    def broken(*args, **kwargs):
        raise RuntimeError("a fault nobody foresaw")

    monkeypatch.setattr(*((measures, "change_line") if where == "page" else (mapframe, "situation_map")), broken)
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    at.switch_page("views/front.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == [PAGE_FAILED]
    assert any("a fault nobody foresaw" in str(r.exc_info[1]) for r in caplog.records if r.name == "frontmap")


def test_viewers_get_no_error_details_and_no_developer_menu():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["client"]["disableDataExport"] is True  # tables' own CSV export keeps formulas
    assert config["server"]["maxUploadSize"] == limits.MAX_UPLOAD_BYTES // limits.MB


def test_a_deck_loaded_from_a_file_opens_at_once_and_a_bad_one_says_why():
    at = open_page("views/briefing.py")
    at.file_uploader(key="deck_upload").set_value(
        ("evil.toml", HOSTILE_DECK.encode(), "application/toml")
    ).run()
    assert_no_failure(at)
    assert deck_chooser(at).value == "evil" and at.title[0].value.startswith("\\[log in again\\]")
    slide = '[[slides]]\ntitle = "s"\nas_of = 2022-11-12\n'
    too_long = ('title = "long"\n' + slide * (limits.MAX_SLIDES + 1)).encode()
    at.file_uploader(key="deck_upload").set_value(("long.toml", too_long, "application/toml")).run()
    assert_no_failure(at)
    assert any(f"at most {limits.MAX_SLIDES} items" in e.value for e in at.error)
    assert deck_chooser(at).value == "evil"  # the deck shown stays


HOSTILE_URLS = [
    ("views/overview.py", {"as_of": SCRIPT, "layers": MD_LINK, "basemap": MD_IMG}),
    ("views/front.py", {"as_of": "9999-99-99", "layers": ",,,control,,\u202e", "basemap": "x" * 10_000}),
    ("views/explore.py", {"from": MD_LINK, "to": "0001-01-01", "cat": IMG, "q": SCRIPT, "place": MD_IMG}),
    ("views/explore.py", {"shape": MD_LINK + SCRIPT}),
    ("views/explore.py", {"shape": "~" * 100_000}),
    ("views/briefing.py", {"deck": "../../etc/passwd", "slide": "-1e9"}),
    ("views/briefing.py", {"deck": MD_LINK, "slide": "99999999999999999999"}),
]


@pytest.mark.parametrize(("page", "params"), HOSTILE_URLS)
def test_a_hostile_link_opens_the_page_and_says_what_it_ignored(page, params):
    at = open_page(page, **params)
    for info in at.info:  # the notes echo the values as text: no link, no image
        assert "](" not in info.value.replace("\\](", "")
