"""A file's problem lines in the reader's language: the file, the row and the value as they are,
the problem said in English or Ukrainian, whichever language made it (an upload read once, cached,
remembered on disk or published to the team) and whichever reads it."""

import io
import json
import pickle
import zipfile

import pytest
from apptest import open_page, text_of

from frontmap import i18n, limits, schema
from frontmap.data import dataset, problems, uploads
from frontmap.i18n import Msg, msg

BAD_CSV = "\n".join(
    ["name,lat,lon,date", "Depot,46.6,32.6,2022-11-31", "Ferry,,32.6,2022-11-09"]
    + [f"Base {i},55.0,{83 + i / 100},2022-11-01" for i in range(7)]
).encode()
BAD_KML = b"""<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Bridge</name><Point><coordinates>32.6,46.6</coordinates></Point></Placemark>
<Placemark><name>Nowhere</name><Point><coordinates>abc</coordinates></Point></Placemark>
</Document></kml>"""


def _zip_reaching_out() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("../evil.kml", "<kml/>")
    return out.getvalue()


@pytest.fixture
def ukrainian():
    i18n.set_language("uk")
    yield
    i18n.set_language("en")


def test_an_upload_read_in_english_says_its_problems_in_ukrainian(ukrainian):
    """Read in an English session (or a cache filled by one), shown to a Ukrainian one."""
    i18n.set_language("en")
    up = uploads.load("mine.csv", BAD_CSV)
    english = problems.summary_lines("mine.csv", up.problems)
    assert "mine.csv: line 2: bad date '2022-11-31' in date; left out" in english
    kept = pickle.loads(pickle.dumps(up.problems))  # as st.cache_data keeps it
    i18n.set_language("uk")
    said = problems.summary_lines("mine.csv", kept)
    assert "mine.csv: рядок 2: хибна дата '2022-11-31' у стовпці date; пропущено" in said
    assert "mine.csv: рядок 3: бракує координати; пропущено" in said
    assert (
        "mine.csv: 7 рядків: координати далеко за межами регіону; залишено, перевірте їх (рядки 4, 5, 6, 7, 8 і ще 2)" in said
    )
    assert str(kept[0]) == up.problems[0] == "mine.csv: line 3: missing coordinate; left out"  # the log's, in English


def test_an_upload_read_in_ukrainian_says_its_problems_in_english():
    i18n.set_language("uk")
    try:
        up = uploads.load("mine.csv", BAD_CSV)
    finally:
        i18n.set_language("en")
    assert "mine.csv: line 3: missing coordinate; left out" in problems.summary_lines("mine.csv", up.problems)


def test_a_limit_is_said_with_the_languages_numbers(ukrainian):
    up = uploads.load("wide.csv", ("lat,lon," + ",".join(f"c{i}" for i in range(limits.MAX_COLUMNS + 1_001)) + "\n1,2\n").encode())
    assert up.kind == "refused"
    assert i18n.say(up.problems[0]) == (
        "wide.csv: 1\xa0203 стовпці; ліміт — 200 стовпців на файл, тож його не завантажено (розділіть або відфільтруйте його)"
    )


def test_a_stored_problem_is_its_message_and_never_a_template(ukrainian):
    """The team store keeps a problem as JSON; what comes back is said in the viewer's language, and
    a template that reaches past plain names is taken as text only."""
    found = uploads.load("mine.csv", BAD_CSV).problems[-1]
    back = Msg.from_json(json.loads(json.dumps(found.to_json())))
    assert i18n.say(back) == "mine.csv: рядок 2: хибна дата '2022-11-31' у стовпці date; пропущено"
    forged = {"text": "forged", "msgid": "{x.__class__.__mro__}", "plural": None, "n": None, "args": {"x": "a"}}
    assert Msg.from_json(forged) == "forged" and not isinstance(Msg.from_json(forged), Msg)


def test_the_data_folders_problems_in_ukrainian(ukrainian):
    _, bad = dataset.validate_rows("events.csv", [(2, {"id": "ev1", "date": "2022-11-09"})], schema.Event)
    problem = bad[0]
    assert str(problem).startswith("events.csv:2: ") and "Field required" in str(problem)
    assert problem.said().startswith("events.csv:2: ") and "обов’язкове поле" in problem.said()
    again = dataset.Problem.from_json(json.loads(json.dumps(problem.to_json())))  # as the gazetteer's are remembered
    assert again.said() == problem.said()
    assert msg("file is missing").said() == "файлу немає"


def _problem_text(at) -> str:
    return text_of(at) + "\n" + "\n".join(c.value for c in at.code)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("mine.csv", BAD_CSV, ["mine.csv: рядок 2: хибна дата '2022-11-31' у стовпці date; пропущено", "mine.csv: 7 рядків: координати"]),
        ("mine.kml", BAD_KML, ["mine.kml: мітка 2: координата 'abc' не у формі довгота,широта; пропущено"]),
        ("mine.zip", _zip_reaching_out(), ["mine.zip: запис '../evil.kml' вказує за межі архіву; не відкрито"]),
    ],
    ids=["csv", "kml", "zip"],
)
def test_explore_says_an_uploads_problems_in_ukrainian(name, data, said):
    at = open_page("views/explore.py", lang="uk")
    at.file_uploader(key="upload_files").set_value([(name, data, "application/octet-stream")]).run()
    shown = _problem_text(at)
    for line in said:
        assert line in shown
    assert "left out" not in shown and "not opened" not in shown


def test_explore_says_the_same_upload_again_in_the_language_chosen():
    """Read once in English, kept in the session; the selector's Ukrainian says its problems again."""
    at = open_page("views/explore.py")
    at.file_uploader(key="upload_files").set_value([("mine.csv", BAD_CSV, "text/csv")]).run()
    assert "mine.csv: line 3: missing coordinate; left out" in _problem_text(at)
    at.segmented_control(key="fm_lang_choice").set_value("uk").run()
    shown = _problem_text(at)
    assert "mine.csv: рядок 3: бракує координати; пропущено" in shown and "missing coordinate" not in shown


def test_a_decks_problems_in_ukrainian(ukrainian):
    """A deck's problems name the slide and field; read in English, said in Ukrainian."""
    from frontmap.briefing import decks

    i18n.set_language("en")
    _, found = decks.parse_deck(b'title = "x"\n[[slides]]\ntitle = "One"\nas_of = 2023-01-01\nmap = "tanks"\n', "mine.toml")
    assert any(p.startswith("mine.toml: slide 1, field 'as_of': 2023-01-01 is outside 2022-02-24") for p in found)
    i18n.set_language("uk")
    said = [i18n.say(p) for p in found]
    assert any(p.startswith("mine.toml: слайд 1, поле «as_of»: 2023-01-01 поза межами 2022-02-24") for p in said)
    assert "mine.toml: слайд 1, поле «map»: має бути 'front', 'outages', 'supply' or 'flows'" in said  # (pydantic's list as it is)


def test_a_snapshot_read_in_english_is_measured_in_ukrainian(situation, ukrainian):
    """/front's line for an uploaded DeepState snapshot, and what was guessed reading it."""
    import datetime as dt

    from test_deepstate_uploads import archive_layout

    from frontmap.data import deepstate

    i18n.set_language("en")
    up = uploads.load("2022-11-12.geojson", archive_layout(situation))
    i18n.set_language("uk")
    [note] = deepstate.snapshot_notes([up], situation.control_areas, dt.date(2022, 11, 12))
    assert note.startswith("2022-11-12.geojson: ") and "км² під контролем Росії в завантаженому знімку" in note
    assert "день 2022-11-12 з назви файлу" in [i18n.say(g) for g in up.guessed]


def test_a_drawings_problem_in_a_deck_read_in_english_said_in_ukrainian(ukrainian):
    from frontmap.briefing import decks

    i18n.set_language("en")
    text = b'title = "x"\n[[slides]]\ntitle = "One"\nas_of = 2022-11-09\n[[slides.annotations]]\ntype = "area"\ncoords = [[33.0, 47.0], [33.1, 47.0]]\n'
    _, found = decks.parse_deck(text, "mine.toml")
    assert found == ["mine.toml: slide 1, annotation 1: an area needs three points or more"]
    i18n.set_language("uk")
    assert [i18n.say(p) for p in found] == ["mine.toml: слайд 1, малюнок 1: " + i18n._("an area needs three points or more")]
