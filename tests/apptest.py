"""Open a page of the app the way a browser would: with query parameters, through app.py."""

import html
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"


def open_page(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert_no_failure(at)
    return at


def assert_no_failure(at: AppTest) -> None:
    """No exception, and none caught by app.py's last guard (it logs and shows `PAGE_FAILED`)."""
    from frontmap import i18n
    from frontmap.app.source import PAGE_FAILED

    said = {i18n.catalogue(code).gettext(PAGE_FAILED) for code in i18n.LANGUAGES}
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if e.value in said], "app.py's guard caught an exception"


def deck_chooser(at: AppTest):
    """The briefing's deck chooser (its key names the decks it lists)."""
    return next(box for box in at.selectbox if box.label == "Briefing")


def text_of(at: AppTest) -> str:
    """Everything a reader sees as text: titles, markdown, captions, metrics, notes."""
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "info",
            "warning",
            "success",
            "error",
        )
        for e in at.get(kind)
    ]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    parts += [e.label for e in at.expander]
    parts += [html_text(e.value) for e in at.get("html")]
    return "\n".join(str(p) for p in parts)


def html_text(markup: str) -> str:
    """What a reader sees of an st.html block: its text, without styles and tags."""
    markup = re.sub(r"<style>.*?</style>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


PUBLISHED = re.compile(r'"/app/static/(published/[0-9a-f]+\.geojson)"')


def with_published(js: str) -> str:
    """A map script with each published layer it names followed by that file's GeoJSON, as the
    browser would fetch it: what the map draws, for tests to read."""
    files = [(ROOT / "static" / name).read_text(encoding="utf-8") for name in PUBLISHED.findall(js or "")]
    return "\n".join([js or "", *files])


def map_scripts(at: AppTest) -> list[dict]:
    """The json_args of every st_folium map on the page (its Leaflet script and dated layers), with
    the data of the published layers they fetch."""
    maps = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    for args in maps:
        args["script"] = with_published(args["script"])
        args["feature_group"] = with_published(args["feature_group"])
    return maps
